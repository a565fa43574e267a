import { connection } from "@prismatic-io/spectral";
import { tokenInputs, tokenRequestHeaders } from "./oauth2";

/**
 * The platform's OAuth 2.0 service performs only the authorization code and client credentials
 * grants (spectral's `oauth2Connection` offers no other `oauth2Type`, and `oauth2Config` only
 * renames the code grant). The password and refresh-token grants are therefore plain
 * connections whose token this component fetches itself, as Prismatic's docs advise.
 */

export const CLIENT_AUTHENTICATIONS = ["body", "basic"] as const;
export type ClientAuthentication = (typeof CLIENT_AUTHENTICATIONS)[number];

const clientAuthentication = {
  label: "Client Authentication",
  placeholder: "Client Authentication",
  type: "string",
  required: false,
  default: "body",
  model: [
    { label: "Client ID and secret in the request body", value: "body" },
    { label: "HTTP Basic header (client_secret_basic)", value: "basic" },
  ],
  comments: "How the client identifies itself to the token URL.",
  example: "body",
} as const;

/**
 * Token Expired Statuses: some APIs answer an expired token with a status other than 401 (a
 * 403, or a 419). A connection whose token the component fetches itself lists them here, and
 * the step drops the token, fetches a new one and retries once, as it does for a 401. Platform
 * tokens have no such field: the component cannot fetch those again, only the platform can.
 */
export const tokenExpiredStatuses = {
  label: "Token Expired Statuses",
  placeholder: "403",
  type: "string",
  required: false,
  comments:
    "HTTP statuses besides 401 with which the API says the access token has expired, separated by commas (e.g. 403). On one of them the component fetches a new token and retries the request once.",
  example: "403",
} as const;

const optionalClientSecret = {
  ...tokenInputs.clientSecret,
  required: false,
  comments: "Client Secret of your app for the API, if it has one",
};

export const oauth2Password = connection({
  key: "oauth2Password",
  display: {
    label: "OAuth 2.0 Password",
    description:
      "OAuth 2.0 resource owner password grant: the component exchanges the username and password for an access token at the token URL, and reuses it until it expires.",
  },
  inputs: {
    tokenUrl: tokenInputs.tokenUrl,
    username: {
      label: "Username",
      placeholder: "Username",
      type: "string",
      required: true,
      comments: "The resource owner's username",
      example: "integration-bot@example.com",
    },
    password: {
      label: "Password",
      placeholder: "Password",
      type: "password",
      required: true,
      comments: "The resource owner's password",
      example: "correct-horse-battery-staple",
    },
    scopes: tokenInputs.scopes,
    clientId: tokenInputs.clientId,
    clientSecret: optionalClientSecret,
    clientAuthentication,
    tokenExpiredStatuses,
    headers: tokenRequestHeaders("Additional header to supply to token requests"),
  },
});

export const oauth2RefreshToken = connection({
  key: "oauth2RefreshToken",
  display: {
    label: "OAuth 2.0 Refresh Token",
    description:
      "A long-lived OAuth 2.0 refresh token you already have: the component exchanges it for an access token at the token URL, and reuses that until it expires.",
  },
  inputs: {
    tokenUrl: tokenInputs.tokenUrl,
    refreshToken: {
      label: "Refresh Token",
      placeholder: "Refresh Token",
      type: "password",
      required: true,
      comments: "The refresh token issued by the API",
      example: "1//0gdK3h-refresh-token",
    },
    scopes: tokenInputs.scopes,
    clientId: tokenInputs.clientId,
    clientSecret: optionalClientSecret,
    clientAuthentication,
    tokenExpiredStatuses,
    headers: tokenRequestHeaders("Additional header to supply to token requests"),
  },
});
