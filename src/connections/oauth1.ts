import { connection } from "@prismatic-io/spectral";

/** Signature methods of RFC 5849 section 3.4 this connection signs with; the first is the default. */
export const OAUTH1_SIGNATURE_METHODS = ["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"] as const;
export type Oauth1SignatureMethod = (typeof OAUTH1_SIGNATURE_METHODS)[number];

/**
 * OAuth 1.0a with credentials already issued (a consumer and an access token): every attempt
 * carries an Authorization header signed over its method, URL, query and form body, with a
 * fresh nonce and timestamp. NetSuite's token-based authentication is this with HMAC-SHA256.
 */
export const oauth1 = connection({
  key: "oauth1",
  display: {
    label: "OAuth 1.0a",
    description:
      "Signs every request with OAuth 1.0a (RFC 5849) consumer and token credentials, for NetSuite token-based authentication, Magento, X and other OAuth 1.0a APIs.",
  },
  inputs: {
    consumerKey: {
      label: "Consumer Key",
      placeholder: "Consumer Key",
      type: "string",
      required: true,
      comments: "The consumer (client, integration) key the API issued to the application.",
      example: "ef2b8d5c0a6a4b5e9c7d1f3a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f4a6b8c",
    },
    consumerSecret: {
      label: "Consumer Secret",
      placeholder: "Consumer Secret",
      type: "password",
      required: true,
      comments:
        "The consumer's secret; only signatures made with it are sent (and, with PLAINTEXT, the secret itself).",
      example: "kd94hf93k423kf44",
    },
    token: {
      label: "Token",
      placeholder: "Token",
      type: "string",
      required: true,
      comments: "The access token (NetSuite: the Token ID) the user or the API granted the application.",
      example: "nnch734d00sl2jdk",
    },
    tokenSecret: {
      label: "Token Secret",
      placeholder: "Token Secret",
      type: "password",
      required: true,
      comments: "The access token's secret.",
      example: "pfkkdhi9sl3r4s00",
    },
    signatureMethod: {
      label: "Signature Method",
      placeholder: "Signature Method",
      type: "string",
      required: false,
      default: OAUTH1_SIGNATURE_METHODS[0],
      model: OAUTH1_SIGNATURE_METHODS.map((method) => ({ label: method, value: method })),
      comments:
        "How requests are signed: HMAC-SHA1 (the RFC's default), HMAC-SHA256 (NetSuite requires it), or PLAINTEXT, which sends the secrets themselves and so is for HTTPS only.",
      example: "HMAC-SHA256",
    },
    realm: {
      label: "Realm",
      placeholder: "1234567_SB1",
      type: "string",
      required: false,
      comments:
        "Sent as the Authorization header's realm and never signed; NetSuite wants the account ID here (uppercase, with _SB1 for a sandbox). Leave empty for APIs that do not ask for one.",
      example: "1234567_SB1",
    },
  },
});
