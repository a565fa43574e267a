import type { Connection } from "@prismatic-io/spectral";
import { InputError } from "../request/errors";
import { apiKey, DEFAULT_AUTH_SCHEME } from "./apiKey";
import { basicAuth } from "./basicAuth";
import { oauth2AuthCode, oauth2ClientCredentials } from "./oauth2";

/** What a connection adds to a request, and what must never be shown. */
export interface Credentials {
  /** Headers the connection sets; they win over user headers of the same name. */
  headers: Record<string, string>;
  /** Every credential value, masked wherever a request is logged or an error is raised. */
  secrets: string[];
}

export const NO_CREDENTIALS: Credentials = Object.freeze({ headers: {}, secrets: [] }) as Credentials;

type Authenticate = (connection: Connection) => Credentials;

const SCHEME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const LINE_BREAK = /[\r\n\0]/;

const connectionProblem = (connection: Connection, problem: string): InputError =>
  new InputError("Connection", "connection", `(${connection.key}) ${problem}`);

/** Reads a required connection field as text, refusing values that would break a header. */
const requiredField = (connection: Connection, field: string, label: string): string => {
  const value = connection.fields?.[field];
  if (value === undefined || value === null || String(value) === "") {
    throw connectionProblem(connection, `has no ${label}`);
  }
  const text = String(value);
  if (LINE_BREAK.test(text)) throw connectionProblem(connection, `has a line break in its ${label}`);
  return text;
};

const authorization = (scheme: string | undefined, credential: string): Record<string, string> => ({
  Authorization: scheme ? `${scheme} ${credential}` : credential,
});

const apiKeyAuth: Authenticate = (connection) => {
  const key = requiredField(connection, "apiKey", "API Key");
  // A blank scheme gets the connection's declared default, as the platform would fill it in.
  const rawScheme = String(connection.fields?.authScheme ?? "").trim() || DEFAULT_AUTH_SCHEME;
  const scheme = rawScheme.toLowerCase() === "none" ? undefined : rawScheme;
  if (scheme && !SCHEME.test(scheme)) {
    throw connectionProblem(connection, "has an Authentication Scheme that is not a single word");
  }
  return { headers: authorization(scheme, key), secrets: [key] };
};

const basicAuthAuth: Authenticate = (connection) => {
  const username = requiredField(connection, "username", "Username");
  const password = requiredField(connection, "password", "Password");
  const encoded = Buffer.from(`${username}:${password}`).toString("base64");
  return { headers: authorization("Basic", encoded), secrets: [password, encoded] };
};

/** The platform performs the OAuth 2.0 exchange and hands over the token it got. */
const oauth2Auth: Authenticate = (connection) => {
  const token = connection.token ?? {};
  const accessToken = token.access_token;
  if (typeof accessToken !== "string" || accessToken === "") {
    throw connectionProblem(connection, "has no access token; re-authorize the connection");
  }
  if (LINE_BREAK.test(accessToken)) throw connectionProblem(connection, "has a line break in its access token");
  const tokenType = typeof token.token_type === "string" ? token.token_type.trim() : "";
  // Servers often answer "bearer"; the header scheme is case-insensitive but "Bearer" is what APIs expect.
  const scheme = tokenType === "" || /^bearer$/i.test(tokenType) || !SCHEME.test(tokenType) ? "Bearer" : tokenType;
  const secrets = [accessToken, token.refresh_token, connection.fields?.clientSecret].filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  return { headers: authorization(scheme, accessToken), secrets };
};

/** The one place that decides how each connection authenticates a request. */
export const AUTHENTICATORS: Record<string, Authenticate> = {
  [apiKey.key]: apiKeyAuth,
  [basicAuth.key]: basicAuthAuth,
  [oauth2AuthCode.key]: oauth2Auth,
  [oauth2ClientCredentials.key]: oauth2Auth,
};

/**
 * Turns the action's connection into the headers it adds; no connection adds nothing.
 * @example credentialsFor({ key: "basicAuth", fields: { username: "u", password: "p" } }).headers
 * // { Authorization: "Basic dTpw" }
 */
export const credentialsFor = (connection: Connection | undefined | null | ""): Credentials => {
  if (!connection) return NO_CREDENTIALS;
  const authenticate = AUTHENTICATORS[connection.key];
  if (!authenticate) {
    throw new InputError(
      "Connection",
      "connection",
      `has type "${connection.key}", which this component does not know; use one of ${Object.keys(AUTHENTICATORS).join(", ")}`,
    );
  }
  return authenticate(connection);
};
