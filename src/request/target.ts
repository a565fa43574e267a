import type { Credentials } from "../connections/auth";
import type { KeyValue, TextValue } from "../inputs/keyValues";
import type { ArrayFormat } from "../inputs/shared";
import { USER_AGENT } from "../version";
import type { EncodedBody } from "./body";
import { toPairs } from "./pairs";

/**
 * Appends query parameters to a URL. The URL's own query string is kept as written; each listed
 * value is percent-encoded exactly once; repeated keys stay repeated, list values follow the
 * array format.
 * @example withQuery(new URL("https://x.test/a?v=1"), [{ key: "tag", value: ["a b", "c"] }], "repeat").href
 * // "https://x.test/a?v=1&tag=a%20b&tag=c"
 */
export const withQuery = (url: URL, params: KeyValue<TextValue>[], format: ArrayFormat = "repeat"): URL => {
  if (params.length === 0) return url;
  const pairs = toPairs(params, format).map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
  );
  const result = new URL(url.href);
  const existing = result.search.replace(/^\?/, "");
  result.search = [existing, ...pairs].filter((part) => part !== "").join("&");
  return result;
};

/** The decoded name of one `name=value` part of a query string. */
const queryName = (part: string): string => {
  const name = part.split("=", 1)[0].replace(/\+/g, " ");
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
};

/**
 * A copy of the URL without the named query parameters; every other part stays as written.
 * @example withoutParams(new URL("https://x.test/a?cursor=1&q=a%20b"), new Set(["cursor"])).href
 * // "https://x.test/a?q=a%20b"
 */
export const withoutParams = (url: URL, names: ReadonlySet<string>): URL => {
  if (url.search === "") return url;
  const result = new URL(url.href);
  result.search = url.search
    .slice(1)
    .split("&")
    .filter((part) => part !== "" && !names.has(queryName(part)))
    .join("&");
  return result;
};

/**
 * Adds a connection's query credentials, dropping any parameter of the same name already in the
 * URL: the connection wins, and the rest of the query is kept as written.
 * @example withCredentialQuery(new URL("https://x.test/a?api_key=mine&v=1"), [{ key: "api_key", value: "k" }]).href
 * // "https://x.test/a?v=1&api_key=k"
 */
export const withCredentialQuery = (url: URL, params: KeyValue<string>[]): URL =>
  params.length === 0 ? url : withQuery(withoutParams(url, new Set(params.map(({ key }) => key))), params);

/** A copy of the URL without `user:password@`. */
export const withoutUserInfo = (url: URL): URL => {
  const bare = new URL(url.href);
  bare.username = "";
  bare.password = "";
  return bare;
};

/**
 * Takes `user:password@` out of a URL: the credentials become a Basic Authorization header
 * (as curl does) instead of travelling in the URL, where logs and proxies would see them.
 */
export const splitUserInfo = (url: URL): { url: URL; credentials?: Credentials } => {
  if (url.username === "" && url.password === "") return { url };
  const username = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  const stripped = withoutUserInfo(url);
  const encoded = Buffer.from(`${username}:${password}`).toString("base64");
  return {
    url: stripped,
    credentials: {
      headers: { Authorization: `Basic ${encoded}` },
      query: [],
      secrets: [password, encoded].filter(Boolean),
    },
  };
};

export const ACCEPT_ENCODING = "gzip, deflate, br";

/**
 * Whether headers name a header, in any case.
 * @example hasHeader({ "content-type": "text/plain" }, "content-type") // true
 */
export const hasHeader = (headers: Readonly<Record<string, unknown>>, lowerName: string): boolean =>
  Object.keys(headers).some((name) => name.toLowerCase() === lowerName);

/**
 * A header's text: most are a string, a repeated one (a response's Set-Cookie, a request header
 * given twice) a list, of which the first is read.
 * @example headerText(["a", "b"]) // "a"
 */
export const headerText = (value: unknown): string | undefined =>
  typeof value === "string" ? value : Array.isArray(value) && typeof value[0] === "string" ? value[0] : undefined;

/** Set by the transport from the body itself; a user value could only be wrong. */
const COMPUTED_HEADERS = new Set(["content-length", "transfer-encoding"]);

/**
 * Merges the request's own headers: the user's (repeated names kept, in order) and the body's
 * Content-Type unless the user chose one. Headers the connection sets are left out here: the
 * connection wins, and only on the origin it belongs to (see `exchange`). With `bare` (a cURL
 * command) no Accept-Encoding is added: curl sends one only when asked to.
 * @example requestHeaders([{ key: "Accept", value: "a" }, { key: "accept", value: "b" }], body, [])
 * // { Accept: ["a", "b"], ... }
 */
export const requestHeaders = (
  userHeaders: KeyValue<string>[],
  body: EncodedBody,
  credentialHeaders: readonly string[],
  bare = false,
): Record<string, string | string[]> => {
  const owned = new Set([...COMPUTED_HEADERS, ...credentialHeaders.map((name) => name.toLowerCase())]);
  const merged = new Map<string, { name: string; values: string[] }>();
  const add = (name: string, value: string, replace: boolean) => {
    const lower = name.toLowerCase();
    const entry = merged.get(lower);
    if (entry && !replace) entry.values.push(value);
    else merged.set(lower, { name, values: [value] });
  };
  for (const { key, value } of userHeaders) {
    if (!owned.has(key.toLowerCase())) add(key, value, false);
  }
  if (body.contentType && (body.ownsContentType || !merged.has("content-type"))) {
    add("Content-Type", body.contentType, true);
  }
  // Only encodings the response reader can undo; axios would also offer "compress".
  if (!bare && !merged.has("accept-encoding")) add("Accept-Encoding", ACCEPT_ENCODING, false);
  if (!merged.has("user-agent")) add("User-Agent", USER_AGENT, false);
  return Object.fromEntries(
    [...merged.values()].map(({ name, values }) => [name, values.length === 1 ? values[0] : values]),
  );
};
