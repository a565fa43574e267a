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

/** The connection's Token URL, checked as an absolute http(s) URL; `text` when it came from elsewhere. */
export const tokenUrlOf = (connection: Connection, text = required(connection, "tokenUrl", "Token URL")): URL => {
  try {
    return readHttpUrl(text);
  } catch (error) {
    if (error instanceof InvalidValue) throw problem(connection, `has a Token URL that ${error.message}`);
    throw error;
  }
};

/**
 * A token request for a grant (RFC 6749 section 4): the grant's fields, the scopes, and the
 * connection's extra headers, sent to its Token URL (or to `tokenUrl`, when the URL came from
 * elsewhere, a service-account file say). Every grant value but its type and a username is secret.
 * @example tokenRequestFor(connection, [{ key: "grant_type", value: "refresh_token" }, ...])
 */
export const tokenRequestFor = (
  connection: Connection,
  grant: KeyValue<string>[],
  tokenUrl: URL = tokenUrlOf(connection),
): TokenRequest => {
  const scopes = field(connection, "scopes");
  const extraHeaders = toKeyValueList(connection.fields?.headers).map(({ key, value }) => ({
    key,
    value: String(value),
  }));
  return {
    tokenUrl,
    fields: [...grant, ...(scopes ? [{ key: "scope", value: scopes }] : [])],
    headers: [{ key: "Accept", value: "application/json" }, ...extraHeaders],
    secrets: grant
      .filter(({ key }) => key !== "grant_type" && key !== "username")
      .map(({ value }) => value)
      .filter((value) => value !== ""),
  };
};

/**
 * The request with the client authenticated (password and refresh-token grants), in the body or
 * with a Basic header as the connection says.
 * @example withClient(connection, tokenRequestFor(connection, grant)).fields.at(-1) // { key: "client_secret", ... }
 */
export const withClient = (connection: Connection, request: TokenRequest): TokenRequest => {
  const clientId = required(connection, "clientId", "Client ID");
  const clientSecret = field(connection, "clientSecret");
  const inBasicHeader = (field(connection, "clientAuthentication") as ClientAuthentication | undefined) === "basic";
  const basic = Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(clientSecret ?? "")}`).toString(
    "base64",
  );
  const client = inBasicHeader
    ? []
    : [{ key: "client_id", value: clientId }, ...(clientSecret ? [{ key: "client_secret", value: clientSecret }] : [])];
  return {
    ...request,
    fields: [...request.fields, ...client],
    headers: [...request.headers, ...(inBasicHeader ? [{ key: "Authorization", value: `Basic ${basic}` }] : [])],
    secrets: [...request.secrets, ...(clientSecret ? [clientSecret, basic] : [basic])],
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

/** A fetch of this warm process: pending, or settled with the token it got. */
interface CacheEntry {
  fetching: Promise<AccessToken>;
  token?: AccessToken;
}

/** Tokens of this warm process, keyed by a hash of everything that identifies the grant. */
const cache = new Map<string, CacheEntry>();

/**
 * The cache key: a hash, so no credential is kept in memory twice or in clear. `identity` is
 * what else tells the grant from another when part of its request is made anew for each fetch
 * (the claims and key of a JWT bearer assertion).
 */
export const tokenCacheKey = (request: TokenRequest, identity: readonly string[] = []): string =>
  createHash("sha256")
    .update(JSON.stringify([request.tokenUrl.href, request.fields, request.headers, identity]))
    .digest("hex");

const isLive = (token: AccessToken, now: number): boolean =>
  token.expiresAt === undefined || token.expiresAt - EXPIRY_MARGIN_MS > now;

/**
 * Returns a live token for the grant, fetching one when there is none or it is about to expire.
 * Concurrent steps of one process share a single fetch (single flight) and its outcome, a
 * failure included; a failed fetch is then forgotten, so the next step asks again.
 * @example await cachedToken(key, () => fetchToken(...))
 */
export const cachedToken = async (
  key: string,
  fetch: () => Promise<AccessToken>,
  now = Date.now,
): Promise<AccessToken> => {
  const cached = cache.get(key);
  // A failed fetch leaves the cache as it settles, so an entry without a token is still in flight.
  if (cached && cached.token === undefined) return cached.fetching;
  if (cached?.token && isLive(cached.token, now())) return cached.token;
  const entry: CacheEntry = { fetching: fetch() };
  cache.set(key, entry);
  entry.fetching.then(
    (token) => {
      entry.token = token;
    },
    () => {
      if (cache.get(key) === entry) cache.delete(key);
    },
  );
  return entry.fetching;
};

/**
 * Drops a token the API refused, so the next try fetches a fresh one. Only that token: when a
 * concurrent step has already refetched (or is refetching), its newer token is kept and shared.
 * @example forgetToken(key, refused.accessToken)
 */
export const forgetToken = (key: string, accessToken: string): void => {
  const entry = cache.get(key);
  if (entry?.token?.accessToken === accessToken) cache.delete(key);
};
