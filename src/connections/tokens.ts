import { createHash } from "node:crypto";
import type { Connection } from "@prismatic-io/spectral";
import type { KeyValue } from "../inputs/keyValues";
import { toKeyValueList } from "../inputs/keyValues";
import { readHttpUrl } from "../inputs/url";
import { InvalidValue } from "../inputs/values";
import { InputError } from "../request/errors";
import type { ClientAuthentication } from "./oauth2Grants";

/** A token request, to be sent by the request builder like any other form POST. */
export interface TokenRequest {
  tokenUrl: URL;
  fields: KeyValue<string>[];
  headers: KeyValue<string>[];
  /** Values in the request that must be masked wherever it is shown. */
  secrets: string[];
}

/** Sends a token request and returns the parsed JSON answer; supplied by the request builder. */
export type PostTokenRequest = (request: TokenRequest) => Promise<unknown>;

export interface AccessToken {
  accessToken: string;
  tokenType: string;
  /** Epoch milliseconds; undefined when the server gave no lifetime. */
  expiresAt?: number;
}

/** The error codes of RFC 6749 section 5.2: the only part of a failed answer worth repeating. */
export const TOKEN_ERROR_CODES: ReadonlySet<string> = new Set([
  "invalid_request",
  "invalid_client",
  "invalid_grant",
  "unauthorized_client",
  "unsupported_grant_type",
  "invalid_scope",
]);

/** A token is renewed this long before it expires, so it cannot lapse mid-request. */
export const EXPIRY_MARGIN_MS = 60_000;

const problem = (connection: Connection, reason: string) =>
  new InputError("Connection", "connection", `(${connection.key}) ${reason}`);

const field = (connection: Connection, name: string): string | undefined => {
  const value = connection.fields?.[name];
  return value === undefined || value === null || String(value) === "" ? undefined : String(value);
};

const required = (connection: Connection, name: string, label: string): string => {
  const value = field(connection, name);
  if (value === undefined) throw problem(connection, `has no ${label}`);
  return value;
};

const tokenUrlOf = (connection: Connection): URL => {
  const text = required(connection, "tokenUrl", "Token URL");
  try {
    return readHttpUrl(text);
  } catch (error) {
    if (error instanceof InvalidValue) throw problem(connection, `has a Token URL that ${error.message}`);
    throw error;
  }
};

/**
 * The token request of a password or refresh-token connection (RFC 6749 sections 4.3 and 6),
 * with the client authenticated in the body or with a Basic header as the connection says.
 * @example tokenRequestFor(connection, [{ key: "grant_type", value: "password" }, ...])
 */
export const tokenRequestFor = (connection: Connection, grant: KeyValue<string>[]): TokenRequest => {
  const clientId = required(connection, "clientId", "Client ID");
  const clientSecret = field(connection, "clientSecret");
  const scopes = field(connection, "scopes");
  const inBasicHeader = (field(connection, "clientAuthentication") as ClientAuthentication | undefined) === "basic";
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret ?? "")}`).toString(
    "base64",
  );
  const client = inBasicHeader
    ? []
    : [{ key: "client_id", value: clientId }, ...(clientSecret ? [{ key: "client_secret", value: clientSecret }] : [])];
  const extraHeaders = toKeyValueList(connection.fields?.headers).map(({ key, value }) => ({
    key,
    value: String(value),
  }));
  return {
    tokenUrl: tokenUrlOf(connection),
    fields: [...grant, ...(scopes ? [{ key: "scope", value: scopes }] : []), ...client],
    headers: [
      { key: "Accept", value: "application/json" },
      ...extraHeaders,
      ...(inBasicHeader ? [{ key: "Authorization", value: `Basic ${basic}` }] : []),
    ],
    secrets: [
      clientSecret,
      basic,
      ...grant.filter(({ key }) => key !== "grant_type" && key !== "username").map(({ value }) => value),
    ].filter((value): value is string => value !== undefined && value !== ""),
  };
};

/**
 * Reads a token endpoint's answer (RFC 6749 section 5.1).
 * @example readTokenResponse({ access_token: "a", token_type: "bearer", expires_in: 3600 }, 0)
 * // { accessToken: "a", tokenType: "bearer", expiresAt: 3600000 }
 */
export const readTokenResponse = (connection: Connection, body: unknown, now: number): AccessToken => {
  const answer = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof answer.access_token !== "string" || answer.access_token === "") {
    // Only an error code RFC 6749 defines is repeated: any other text of the answer may hold a credential.
    const reason = typeof answer.error === "string" && TOKEN_ERROR_CODES.has(answer.error) ? `: ${answer.error}` : "";
    throw problem(connection, `got no access token from its Token URL${reason}`);
  }
  const lifetime = Number(answer.expires_in);
  return {
    accessToken: answer.access_token,
    tokenType: typeof answer.token_type === "string" ? answer.token_type : "Bearer",
    expiresAt: Number.isFinite(lifetime) && lifetime > 0 ? now + lifetime * 1000 : undefined,
  };
};

/** Tokens of this warm process, keyed by a hash of everything that identifies the grant. */
const cache = new Map<string, Promise<AccessToken>>();

/** The cache key: a hash, so no credential is kept in memory twice or in clear. */
export const tokenCacheKey = (request: TokenRequest): string =>
  createHash("sha256")
    .update(JSON.stringify([request.tokenUrl.href, request.fields, request.headers]))
    .digest("hex");

/**
 * Returns a live token for the grant, fetching one when there is none or it is about to expire.
 * Concurrent steps of one process share a single fetch.
 * @example await cachedToken(key, () => fetchToken(...))
 */
export const cachedToken = async (
  key: string,
  fetch: () => Promise<AccessToken>,
  now = Date.now,
): Promise<AccessToken> => {
  const pending = cache.get(key);
  if (pending) {
    const token = await pending.catch(() => undefined);
    if (token && (token.expiresAt === undefined || token.expiresAt - EXPIRY_MARGIN_MS > now())) return token;
    if (cache.get(key) === pending) cache.delete(key);
  }
  const fetching = fetch();
  cache.set(key, fetching);
  fetching.catch(() => cache.delete(key));
  return fetching;
};

/** Drops a token the API refused, so the next step fetches a fresh one. */
export const forgetToken = (key: string): void => {
  cache.delete(key);
};
