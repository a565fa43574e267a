import { connection } from "@prismatic-io/spectral";
import { tokenInputs, tokenRequestHeaders } from "./oauth2";
import { tokenExpiredStatuses } from "./oauth2Grants";

export const JWT_ALGORITHMS = ["RS256", "ES256"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

/**
 * The JWT bearer grant (RFC 7523), as service accounts use it (Google, Salesforce, DocuSign,
 * Box): the component signs a short-lived JWT with the private key and exchanges it for an
 * access token. A Google-style key file fills Issuer, Private Key, Key ID and Token URL, so
 * those are not required here; the step says which is missing when neither the field nor the
 * file has it (a field filled in wins over the file).
 */
export const jwtBearer = connection({
  key: "jwtBearer",
  display: {
    label: "OAuth 2.0 JWT Bearer / Service Account",
    description:
      "OAuth 2.0 JWT bearer grant (RFC 7523), for service accounts: the component signs a JWT with your private key, exchanges it for an access token at the token URL, and reuses that until it expires.",
  },
  inputs: {
    serviceAccountJson: {
      label: "Service Account JSON",
      placeholder: '{"type": "service_account", ...}',
      type: "password",
      required: false,
      comments:
        "A Google-style service account key file, pasted whole. It supplies the issuer (client_email), private key (private_key), key ID (private_key_id) and token URL (token_uri); leave those fields empty, or fill one in to use it instead of the file's.",
      example:
        '{"type": "service_account", "client_email": "reports@my-project.iam.gserviceaccount.com", "private_key_id": "6f1c2b...", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQ...\\n-----END PRIVATE KEY-----\\n", "token_uri": "https://oauth2.googleapis.com/token"}',
    },
    tokenUrl: {
      ...tokenInputs.tokenUrl,
      required: false,
      comments: "The OAuth 2.0 Token URL the signed JWT is exchanged at. Not needed with a Service Account JSON.",
      example: "https://oauth2.googleapis.com/token",
    },
    issuer: {
      label: "Issuer",
      placeholder: "Issuer (iss)",
      type: "string",
      required: false,
      comments:
        "Who the JWT is from (its iss claim): the service account's email for Google, the app's client ID (consumer key) for Salesforce or DocuSign. Not needed with a Service Account JSON.",
      example: "reports@my-project.iam.gserviceaccount.com",
    },
    subject: {
      label: "Subject",
      placeholder: "Subject (sub)",
      type: "string",
      required: false,
      comments:
        "Whom the token acts for (the JWT's sub claim): the user to impersonate with Google domain-wide delegation, the username for Salesforce, the user ID for DocuSign. Leave empty to act as the service account itself.",
      example: "admin@example.com",
    },
    audience: {
      label: "Audience",
      placeholder: "Audience (aud)",
      type: "string",
      required: false,
      comments:
        "Who the JWT is for (its aud claim). Defaults to the token URL, which is what Google expects; Salesforce wants https://login.salesforce.com, DocuSign account-d.docusign.com or account.docusign.com.",
      example: "https://login.salesforce.com",
    },
    scopes: {
      ...tokenInputs.scopes,
      comments:
        "Space separated OAuth 2.0 scopes, sent as the JWT's scope claim and as the token request's scope parameter",
      example: "https://www.googleapis.com/auth/spreadsheets.readonly",
    },
    privateKey: {
      label: "Private Key",
      placeholder: "-----BEGIN PRIVATE KEY-----",
      type: "password",
      required: false,
      comments:
        "The PEM private key the JWT is signed with (PKCS#8, PKCS#1 or SEC1, unencrypted): RSA for RS256, P-256 EC for ES256. Not needed with a Service Account JSON.",
      example: "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC...\n-----END PRIVATE KEY-----",
    },
    keyId: {
      label: "Key ID",
      placeholder: "Key ID (kid)",
      type: "string",
      required: false,
      comments: "Sent as the JWT header's kid, for servers that hold several of your public keys. Optional.",
      example: "6f1c2b9e0d7a4c3b8e5f1a2d9c8b7e6f5a4d3c2b",
    },
    algorithm: {
      label: "Algorithm",
      placeholder: "Algorithm",
      type: "string",
      required: false,
      default: "RS256",
      model: [
        { label: "RS256 (RSA with SHA-256)", value: "RS256" },
        { label: "ES256 (ECDSA P-256 with SHA-256)", value: "ES256" },
      ],
      comments: "How the JWT is signed; RS256 unless the API asks for ES256.",
      example: "RS256",
    },
    tokenExpiredStatuses,
    headers: tokenRequestHeaders("Additional header to supply to token requests"),
  },
});
