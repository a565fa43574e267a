import { OAuth2PkceMethod, OAuth2Type, oauth2Connection } from "@prismatic-io/spectral";

/** Inputs every OAuth 2.0 grant shares, declared once. */
export const tokenInputs = {
  tokenUrl: {
    label: "Token URL",
    placeholder: "https://auth.example.com/oauth2/token",
    type: "string",
    required: true,
    comments: "The OAuth 2.0 Token URL for the API",
    example: "https://auth.example.com/oauth2/token",
  },
  scopes: {
    label: "Scopes",
    placeholder: "read write",
    type: "string",
    required: false,
    comments: "Space separated OAuth 2.0 permission scopes for the API",
    example: "items:read items:write",
  },
  clientId: {
    label: "Client ID",
    placeholder: "Client ID",
    type: "string",
    required: true,
    comments: "Client Identifier of your app for the API",
    example: "3MVG9d8..z.hDcPJ",
  },
  clientSecret: {
    label: "Client Secret",
    placeholder: "Client Secret",
    type: "password",
    required: true,
    comments: "Client Secret of your app for the API",
    example: "0a1b2c3d4e5f",
  },
} as const;

export const tokenRequestHeaders = (comments: string) =>
  ({
    label: "Headers",
    placeholder: "Header name and value",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments,
    example: "Accept: application/json",
  }) as const;

/** The authorization code grant's fields, shared by the connection with PKCE and the one without. */
const authCodeInputs = {
  authorizeUrl: {
    label: "Authorize URL",
    placeholder: "https://auth.example.com/oauth2/authorize",
    type: "string",
    required: true,
    comments: "The OAuth 2.0 Authorization URL for the API",
    example: "https://auth.example.com/oauth2/authorize",
  },
  tokenUrl: tokenInputs.tokenUrl,
  refreshUrl: {
    label: "Refresh URL",
    placeholder: "https://auth.example.com/oauth2/token",
    type: "string",
    required: false,
    comments: "The OAuth 2.0 Refresh URL for the API",
    example: "https://auth.example.com/oauth2/token",
  },
  scopes: tokenInputs.scopes,
  clientId: tokenInputs.clientId,
  clientSecret: tokenInputs.clientSecret,
  headers: tokenRequestHeaders("Additional header to supply to authorization requests"),
} as const;

export const oauth2AuthCode = oauth2Connection({
  key: "oauth2AuthCode",
  oauth2Type: OAuth2Type.AuthorizationCode,
  display: {
    label: "OAuth 2.0 Authorization Code",
    description: "OAuth 2.0 Authorization Code flow",
  },
  inputs: authCodeInputs,
});

/**
 * The code grant with PKCE (RFC 7636, S256): the platform sends a code challenge with the
 * authorization request and its verifier with the code exchange. A connection of its own, not
 * a switch on oauth2AuthCode: a provider that does not know PKCE may refuse the extra
 * parameters, and integrations already using oauth2AuthCode must keep sending exactly what
 * they send today. Public clients (X, Airtable, Canva) often have no secret, so it is optional.
 */
export const oauth2AuthCodePkce = oauth2Connection({
  key: "oauth2AuthCodePkce",
  oauth2Type: OAuth2Type.AuthorizationCode,
  oauth2PkceMethod: OAuth2PkceMethod.S256,
  display: {
    label: "OAuth 2.0 Authorization Code with PKCE",
    description:
      "OAuth 2.0 Authorization Code flow with PKCE (S256), for APIs that require it or whose app has no client secret",
  },
  inputs: {
    ...authCodeInputs,
    clientSecret: {
      ...tokenInputs.clientSecret,
      required: false,
      comments: "Client Secret of your app for the API; leave empty for a public client, which PKCE alone protects",
    },
  },
});

export const oauth2ClientCredentials = oauth2Connection({
  key: "oauth2ClientCredentials",
  oauth2Type: OAuth2Type.ClientCredentials,
  display: {
    label: "OAuth 2.0 Client Credentials",
    description: "OAuth 2.0 Client Credentials flow",
  },
  inputs: {
    ...tokenInputs,
    headers: tokenRequestHeaders("Additional header to supply to token requests"),
  },
});
