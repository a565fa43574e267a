import { MAX_URL_CHARS } from "../limits";
import { CONTROL_CHARACTER, describeAt, InvalidValue, isBlank, kindOf, wellFormed } from "./values";

export const ALLOWED_PROTOCOLS = ["http:", "https:"] as const;

/** `scheme:` at the start; without it the text is a host or a path, not a URL. */
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** `localhost:8080/x` parses as the scheme "localhost:", but is a host and port without a scheme. */
const HOST_AND_PORT = /^[a-z0-9.-]+:\d+(\/|$)/i;

/** The spaces trimmed around a URL: ASCII whitespace only, so U+2028 or NEL is never dropped unseen. */
const SURROUNDING_SPACE = /^[ \t\n\f\r]+|[ \t\n\f\r]+$/g;

/**
 * The path as typed: what follows the scheme, `//` and the host (which a backslash ends too, as
 * the URL parser reads it), up to the query or fragment.
 */
const TYPED_PATH = /^[a-z][a-z0-9+.-]*:(?:\/\/)?[^/\\?#]*([^?#]*)/i;

/** A `.` or `..` path segment, typed or percent-encoded: the URL parser resolves it away. */
const DOT_SEGMENT = /(?:^|\/)((?:\.|%2e){1,2})(?=\/|$)/i;

const decodesCleanly = (part: string): boolean => {
  try {
    decodeURIComponent(part);
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads an absolute http(s) URL from text, refusing what the URL parser would silently change:
 * a control character inside (only the spaces around it are trimmed), an unpaired surrogate, a
 * malformed percent escape in `user:password@`. The value is never quoted in errors: it may
 * carry credentials. Reasons read after "the URL" or "a URL that".
 * @example readHttpUrl(" https://api.example.com/items?limit=10 ").hostname // "api.example.com"
 */
export const readHttpUrl = (raw: string): URL => {
  const text = raw.replace(SURROUNDING_SPACE, "");
  if (text.length > MAX_URL_CHARS) {
    throw new InvalidValue(`is ${text.length} characters long, more than the ${MAX_URL_CHARS} a URL may have`);
  }
  // The URL parser silently drops tab, CR and LF, so another URL would be requested.
  const control = CONTROL_CHARACTER.exec(text);
  if (control) {
    throw new InvalidValue(
      `has a control character (${describeAt(text, control.index)}) that a URL cannot carry; remove it, or percent-encode it (e.g. %0A) if it is data`,
    );
  }
  wellFormed(text);
  if (!HAS_SCHEME.test(text) || HOST_AND_PORT.test(text)) {
    throw new InvalidValue(
      "has no http:// or https:// at its start; write the scheme before the host, e.g. https://api.example.com/path",
    );
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InvalidValue("is not a valid absolute URL; it must look like https://api.example.com/path");
  }
  if (!(ALLOWED_PROTOCOLS as readonly string[]).includes(url.protocol)) {
    throw new InvalidValue(`uses "${url.protocol}", but only http and https URLs are allowed`);
  }
  if (url.hostname === "") throw new InvalidValue("has no host name");
  // Percent-encoding of what was typed can make the URL sent longer than the text.
  if (url.href.length > MAX_URL_CHARS) {
    throw new InvalidValue(
      `is ${url.href.length} characters long once encoded, more than the ${MAX_URL_CHARS} a URL may have`,
    );
  }
  if (!decodesCleanly(url.username) || !decodesCleanly(url.password)) {
    throw new InvalidValue(
      "has a malformed percent escape (a % not followed by two hex digits) in its user:password@ part",
    );
  }
  return url;
};

/**
 * Refuses a path the URL parser would rewrite: a backslash (read as `/`) and `.` or `..`
 * segments (resolved, so another path is requested). Only the path, before `?` or `#`.
 */
const checkPathAsTyped = (text: string): void => {
  const path = TYPED_PATH.exec(text)?.[1] ?? "";
  if (path.includes("\\")) {
    throw new InvalidValue("has a backslash in its path, which URLs read as /; write / or, if it is data, %5C");
  }
  const dots = DOT_SEGMENT.exec(path)?.[1];
  if (dots !== undefined) {
    throw new InvalidValue(
      `has a "${dots}" segment in its path, which URLs resolve away, so another path would be requested; write the path you mean`,
    );
  }
};

/**
 * Reads an absolute http(s) URL input, refusing a path the URL parser would rewrite (a cURL
 * command's URL is read as curl reads it, which resolves dot segments).
 * @example toHttpUrl("https://api.example.com/items?limit=10").hostname // "api.example.com"
 */
export const toHttpUrl = (value: unknown): URL => {
  if (isBlank(value)) throw new InvalidValue("is required");
  if (typeof value !== "string") throw new InvalidValue(`must be text; got ${kindOf(value)}`);
  const url = readHttpUrl(value);
  checkPathAsTyped(value.replace(SURROUNDING_SPACE, ""));
  return url;
};

/** Same as `toHttpUrl`, but blank means "not set". */
export const toOptionalHttpUrl = (value: unknown): URL | undefined => (isBlank(value) ? undefined : toHttpUrl(value));
