import type { Connection } from "@prismatic-io/spectral";
import { checkHeaderName, headerValueProblem, type KeyValue } from "../inputs/keyValues";
import { InvalidValue } from "../inputs/values";
import type { ChallengeAnswer, Signer } from "../request/attempt";
import { type ClientIdentity, readIdentity } from "../tls/identity";
import { apiKey, DEFAULT_AUTH_SCHEME, type KeyPlacement } from "./apiKey";
import { basicAuth } from "./basicAuth";
import { bearerToken } from "./bearerToken";
import { clientCertificate } from "./clientCertificate";
import { type CheckedConnection, checkConnection, connectionProblem as problemOf, secretFieldValues } from "./fields";
import { oauth2AuthCode, oauth2ClientCredentials } from "./oauth2";
import { oauth2Password, oauth2RefreshToken } from "./oauth2Grants";
import { cachedToken, type PostTokenRequest, readTokenResponse, tokenCacheKey, tokenRequestFor } from "./tokens";

/** What a connection adds to a request, and what must never be shown. */
export interface Credentials {
  /** Headers the connection sets; they win over user headers of the same name. */
  headers: Record<string, string>;
  /** Query parameters the connection adds (an API key placed in the query). */
  query: KeyValue<string>[];
  /** Every credential value, masked wherever a request is logged or an error is raised. */
  secrets: string[];
  /** For fetched tokens: the cache entry to drop when the API refuses the token. */
  tokenCacheKey?: string;
  /**
   * A client certificate presented in the TLS handshake, to the step's origin only: it becomes
   * part of the agent that carries the request, not a header.
   */
  identity?: ClientIdentity;
  /** Signs every attempt to the step's origin, last, on what goes on the wire (a retry or redirect is signed again). */
  sign?: Signer;
  /** Answers a 401's challenge with one more attempt (HTTP Digest). */
  answer?: ChallengeAnswer;
  /** Statuses besides 401 with which the API says a fetched token has expired. */
  expiredStatuses?: ReadonlySet<number>;
  /** How the debug cURL command shows the scheme, with placeholders for its secrets (`--digest`). */
  curlFlags?: string[];
}

export const NO_CREDENTIALS: Credentials = Object.freeze({ headers: {}, query: [], secrets: [] }) as Credentials;

type Authenticate = (
  connection: CheckedConnection,
  postTokenRequest: PostTokenRequest,
) => Credentials | Promise<Credentials>;

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const connectionProblem = (connection: Connection, problem: string) => problemOf(connection.key, problem);

/** Reads a required connection field; `checkConnection` has already checked what it holds. */
const requiredField = (connection: CheckedConnection, field: string, label: string): string => {
  const value = connection.fields[field];
  if (typeof value !== "string" || value === "") throw connectionProblem(connection, `has no ${label}`);
  return value;
};

const textField = (connection: CheckedConnection, field: string): string => {
  const value = connection.fields[field];
  return typeof value === "string" ? value.trim() : "";
};

/** Where a header's credential came from, for an error that names it: `field "API Key"`. */
type Source = string;

/**
 * A credential sent in a header; one Node could not send as it is (a line break, a character
 * outside Latin-1) is refused naming its source, never changed.
 */
const inHeader = (
  connection: Connection,
  source: Source,
  name: string,
  value: string,
  secrets: string[],
): Credentials => {
  const problem = headerValueProblem(value);
  if (problem) throw connectionProblem(connection, `${source} ${problem}`);
  return { headers: { [name]: value }, query: [], secrets };
};

const authorization = (
  connection: Connection,
  source: Source,
  scheme: string | undefined,
  credential: string,
  secrets: string[],
): Credentials => {
  // Checked alone first, so a position in the error is the field's own, not the header's.
  const problem = headerValueProblem(credential);
  if (problem) throw connectionProblem(connection, `${source} ${problem}`);
  return inHeader(connection, source, "Authorization", scheme ? `${scheme} ${credential}` : credential, secrets);
};

const apiKeyAuth: Authenticate = (connection) => {
  const key = requiredField(connection, "apiKey", "API Key");
  const placement = (textField(connection, "keyPlacement") || "authorization") as KeyPlacement;
  if (placement === "header" || placement === "query") {
    const name = textField(connection, "keyName");
    if (!name) throw connectionProblem(connection, `has Key Placement "${placement}" but no Key Name`);
    if (placement === "query") return { headers: {}, query: [{ key: name, value: key }], secrets: [key] };
    if (!TOKEN.test(name)) throw connectionProblem(connection, "has a Key Name that is not a valid header name");
    return inHeader(connection, 'field "API Key"', name, key, [key]);
  }
  // A blank scheme gets the connection's declared default, as the platform would fill it in.
  const rawScheme = textField(connection, "authScheme") || DEFAULT_AUTH_SCHEME;
  const scheme = rawScheme.toLowerCase() === "none" ? undefined : rawScheme;
  if (scheme && !TOKEN.test(scheme)) {
    throw connectionProblem(connection, "has an Authentication Scheme that is not a single word");
  }
  return authorization(connection, 'field "API Key"', scheme, key, [key]);
};

const basicAuthAuth: Authenticate = (connection) => {
  const username = requiredField(connection, "username", "Username");
  const password = requiredField(connection, "password", "Password");
  const encoded = Buffer.from(`${username}:${password}`).toString("base64");
  return authorization(connection, 'field "Password"', "Basic", encoded, [password, encoded]);
};

const bearerTokenAuth: Authenticate = (connection) => {
  const token = requiredField(connection, "token", "Token");
  return authorization(connection, 'field "Token"', "Bearer", token, [token]);
};

/** The scheme for a token: the server's token_type when it is a plain word, as "Bearer" when it says bearer. */
const schemeFor = (tokenType: unknown): string => {
  const type = typeof tokenType === "string" ? tokenType.trim() : "";
  return type === "" || /^bearer$/i.test(type) || !TOKEN.test(type) ? "Bearer" : type;
};

const tokenCredentials = (
  connection: Connection,
  accessToken: unknown,
  tokenType: unknown,
  secrets: unknown[],
): Credentials => {
  if (typeof accessToken !== "string" || accessToken === "") {
    throw connectionProblem(connection, "has no access token; re-authorize the connection");
  }
  const masked = [accessToken, ...secrets].filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  return authorization(connection, "its access token", schemeFor(tokenType), accessToken, masked);
};

const optionalText = (connection: CheckedConnection, field: string): string | undefined => {
  const value = connection.fields[field];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** A PEM field given as text or as a file from an earlier step. */
const pemText = (connection: CheckedConnection, field: string): string | undefined => {
  const value = connection.fields[field];
  return Buffer.isBuffer(value) ? value.toString("utf8") : optionalText(connection, field);
};

/** The static key a client certificate connection may send too, in the header it names. */
const certificateApiKey = (connection: CheckedConnection): Credentials => {
  const header = textField(connection, "apiKeyHeader");
  const key = optionalText(connection, "apiKey");
  if (!header && !key) return { headers: {}, query: [], secrets: [] };
  if (!header || !key) throw connectionProblem(connection, "needs both API Key Header and API Key, or neither");
  try {
    checkHeaderName(header, 0);
  } catch {
    throw connectionProblem(connection, 'field "API Key Header" is not a valid header name');
  }
  return inHeader(connection, 'field "API Key"', header, key, [key]);
};

/** Mutual TLS: the certificate becomes the transport's identity; a PKCS#12 bundle holds a key, so its text is secret. */
const clientCertificateAuth: Authenticate = (connection) => {
  const { certificate } = connection.fields;
  if (typeof certificate !== "string" && !Buffer.isBuffer(certificate)) {
    throw connectionProblem(connection, "has no Certificate");
  }
  let identity: ClientIdentity;
  try {
    identity = readIdentity({
      certificate,
      privateKey: optionalText(connection, "privateKey"),
      passphrase: optionalText(connection, "passphrase"),
      caCertificates: pemText(connection, "caCertificates"),
    });
  } catch (error) {
    if (error instanceof InvalidValue) throw connectionProblem(connection, error.message);
    throw error;
  }
  const bundleText = identity.material.pfx && typeof certificate === "string" ? [certificate.trim()] : [];
  const apiKey = certificateApiKey(connection);
  return { ...apiKey, secrets: [...apiKey.secrets, ...bundleText], identity };
};

/** Fields of a platform token that describe it rather than grant access. */
const TOKEN_DESCRIPTIONS: ReadonlySet<string> = new Set(["token_type", "scope", "expires_in", "expires_at"]);

/** The platform performs the OAuth 2.0 exchange and hands over the token it got; every credential in it is secret. */
const platformTokenAuth: Authenticate = (connection) => {
  const token: Record<string, unknown> =
    typeof connection.token === "object" && connection.token !== null ? connection.token : {};
  const secrets = Object.entries(token)
    .filter(([name, value]) => typeof value === "string" && !TOKEN_DESCRIPTIONS.has(name))
    .map(([, value]) => value);
  return tokenCredentials(connection, token.access_token, token.token_type, secrets);
};

/** Grants the platform does not perform: the token is fetched here, and cached while it lives. */
const fetchedTokenAuth =
  (grantOf: (connection: CheckedConnection) => KeyValue<string>[]): Authenticate =>
  async (connection, postTokenRequest) => {
    const request = tokenRequestFor(connection, grantOf(connection));
    const key = tokenCacheKey(request);
    const token = await cachedToken(key, async () =>
      readTokenResponse(connection, await postTokenRequest(request), Date.now()),
    );
    return { ...tokenCredentials(connection, token.accessToken, token.tokenType, request.secrets), tokenCacheKey: key };
  };

const passwordGrant = (connection: CheckedConnection): KeyValue<string>[] => [
  { key: "grant_type", value: "password" },
  { key: "username", value: requiredField(connection, "username", "Username") },
  { key: "password", value: requiredField(connection, "password", "Password") },
];

const refreshTokenGrant = (connection: CheckedConnection): KeyValue<string>[] => [
  { key: "grant_type", value: "refresh_token" },
  { key: "refresh_token", value: requiredField(connection, "refreshToken", "Refresh Token") },
];

/** The one place that decides how each connection authenticates a request. */
export const AUTHENTICATORS: ReadonlyMap<string, Authenticate> = new Map([
  [apiKey.key, apiKeyAuth],
  [basicAuth.key, basicAuthAuth],
  [bearerToken.key, bearerTokenAuth],
  [oauth2AuthCode.key, platformTokenAuth],
  [oauth2ClientCredentials.key, platformTokenAuth],
  [oauth2Password.key, fetchedTokenAuth(passwordGrant)],
  [oauth2RefreshToken.key, fetchedTokenAuth(refreshTokenGrant)],
  [clientCertificate.key, clientCertificateAuth],
]);

/**
 * Turns the action's connection into what it adds to the request; no connection adds nothing.
 * `postTokenRequest` lets a connection that must fetch its own token send that request.
 * @example await credentialsFor({ key: "basicAuth", fields: { username: "u", password: "p" } }, post)
 * // { headers: { Authorization: "Basic dTpw" }, query: [], secrets: [...] }
 */
export const credentialsFor = async (
  connection: Connection | undefined | null | "",
  postTokenRequest: PostTokenRequest,
): Promise<Credentials> => {
  if (!connection) return NO_CREDENTIALS;
  const checked = checkConnection(connection);
  const authenticate = AUTHENTICATORS.get(checked.key);
  // checkConnection knows every type of the definitions, and each has an entry above.
  if (!authenticate) throw connectionProblem(checked, "has no way to authenticate");
  const credentials = await authenticate(checked, postTokenRequest);
  return { ...credentials, secrets: [...credentials.secrets, ...secretFieldValues(checked)] };
};
