import { type KeyValue, toHeaderList } from "../inputs/keyValues";
import { readHttpUrl } from "../inputs/url";
import { InvalidValue, wellFormed } from "../inputs/values";
import { MAX_TIMER_MS } from "../limits";

/** RFC 9110 token characters: what a method name may contain. */
const METHOD = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const SECONDS = /^(\d+(\.\d*)?|\.\d+)$/;
const MS_PER_SECOND = 1000;
/** curl's own default for a proxy given without a scheme, like `-x proxy.internal:3128`. */
const DEFAULT_PROXY_SCHEME = "http://";

/**
 * Reads `-X`: any HTTP method, upper-cased as servers expect.
 * @example toMethod("post") // "POST"
 */
export const toMethod = (value: string, typed: string): string => {
  if (!METHOD.test(value)) throw new InvalidValue(`has ${typed} without an HTTP method such as POST after it`);
  return value.toUpperCase();
};

/**
 * A header value as curl sends it: the UTF-8 bytes of what was typed. Node writes header text
 * as Latin-1, one byte per character, so the bytes are handed over as one character each.
 * @example asCurlSends("é") // "Ã©" (the bytes C3 A9)
 */
export const asCurlSends = (value: string): string => Buffer.from(value, "utf8").toString("latin1");

/**
 * Reads `-H 'Name: value'`. `Name;` sends an empty header and `Name:` sends none, as in curl
 * (there it removes a header curl adds itself, which this action does not add).
 * Values are never quoted in errors: a header may carry a credential.
 * @example toHeader("Accept: text/csv", "-H") // { key: "Accept", value: "text/csv" }
 */
export const toHeader = (value: string, typed: string): KeyValue<string> | undefined => {
  if (value.startsWith("@")) {
    throw new InvalidValue(
      `reads headers from a file with ${typed} @file, which this action cannot do; write each header as ${typed} 'Name: value'`,
    );
  }
  const colon = value.indexOf(":");
  const emptyHeader = colon === -1 && value.trimEnd().endsWith(";");
  const name = (emptyHeader ? value.trimEnd().slice(0, -1) : value.slice(0, Math.max(colon, 0))).trim();
  if (name === "") throw new InvalidValue(`has a ${typed} value that is not of the form 'Name: value'`);
  const headerValue = emptyHeader ? "" : value.slice(colon + 1).trim();
  if (!emptyHeader && headerValue === "") return undefined;
  return toHeaderList([{ key: name, value: asCurlSends(headerValue) }])[0];
};

/**
 * Reads `-u user:password`, split at the first colon as curl does. Without a colon curl would
 * prompt for the password, which a step cannot answer. The value never appears in an error.
 * @example toBasicAuth("ada:s3cret") // { username: "ada", password: "s3cret" }
 */
export const toBasicAuth = (value: string, typed: string): { username: string; password: string } => {
  const colon = value.indexOf(":");
  if (colon === -1) {
    throw new InvalidValue(
      `has ${typed} without a password; write it as ${typed} 'user:password' (curl would prompt for it, which a step cannot answer)`,
    );
  }
  wellFormed(value);
  return { username: value.slice(0, colon), password: value.slice(colon + 1) };
};

/**
 * Reads a curl duration in seconds (decimals allowed) as milliseconds. 0 means no limit in
 * curl, so it becomes undefined.
 * @example toMilliseconds("2.5", "--max-time") // 2500
 */
export const toMilliseconds = (value: string, typed: string): number | undefined => {
  const text = value.trim();
  // The value is not quoted: a misplaced word after the option may be anything, a token included.
  if (!SECONDS.test(text)) throw new InvalidValue(`has ${typed} with a value that is not a number of seconds`);
  const milliseconds = Math.round(Number(text) * MS_PER_SECOND);
  if (milliseconds > MAX_TIMER_MS) {
    throw new InvalidValue(
      `has ${typed} longer than ${Math.floor(MAX_TIMER_MS / MS_PER_SECOND)} seconds, the longest wait a timer can hold`,
    );
  }
  return milliseconds === 0 ? undefined : milliseconds;
};

const toAllowedUrl = (text: string, what: string): URL => {
  try {
    return readHttpUrl(text);
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidValue(`has a ${what} that ${error.message}`);
    throw error;
  }
};

/**
 * Reads the URL to call. It must be absolute http(s); it is never quoted in errors, as it
 * may carry credentials.
 * @example toRequestUrl("https://api.example.com/items").pathname // "/items"
 */
export const toRequestUrl = (text: string): URL => toAllowedUrl(text, "URL");

/**
 * Reads `-x`. As in curl, a proxy without a scheme is an HTTP proxy; an empty value means none.
 * @example toProxyUrl("proxy.internal:3128")?.href // "http://proxy.internal:3128/"
 */
export const toProxyUrl = (text: string): URL | undefined => {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  return toAllowedUrl(trimmed.includes("://") ? trimmed : `${DEFAULT_PROXY_SCHEME}${trimmed}`, "proxy URL");
};
