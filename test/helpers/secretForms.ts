import { randomInt } from "node:crypto";
import type { Recorded } from "./servers";

/**
 * Test secrets, the forms a secret comes back in, and a server-side echo of a request in every
 * one of those forms: what the secrets matrix sends, what its servers quote back, and what it
 * looks for in everything the step shows.
 */

/** A value that must never be shown. */
export interface Secret {
  /** What it is, as a failure names it: "basicAuth.password", "query X-Amz-Signature". */
  label: string;
  value: string;
  /**
   * Random letters and digits found only in this secret, at its start and its end. A quote cut
   * short (an error that shows the first 40 characters of a value) or upper-cased (an HTTP
   * method) still shows it. Values derived from other secrets (a Basic header's base64) have none.
   */
  tag?: string;
}

/**
 * Characters that every form spells differently: URL encoding changes all of them, JSON `"` and
 * `/`, HTML `" < & > '`, forms the space and `+`.
 */
export const ALPHABETS = {
  /** Passwords, tokens, query and header values: anything printable on one line. */
  text: `/"<&>+' =`,
  /** A cookie value (RFC 6265 cookie-octet): no space, quote, comma, semicolon or backslash. */
  cookie: `/<&>+'=`,
  /** What an HTTP method may hold (RFC 9110 token characters), to reach the method check. */
  word: "_-.~",
} as const;

const TAG_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** Upper-case, so a value upper-cased (as a method is) still shows its tag. */
const newTag = (): string =>
  Array.from({ length: 12 }, () => TAG_CHARACTERS[randomInt(TAG_CHARACTERS.length)]).join("");

/** @example makeSecret("basicAuth.password").value // "Q7Z…/\"<&>+' =Q7Z…" */
export const makeSecret = (label: string, alphabet: string = ALPHABETS.text): Secret => {
  const tag = newTag();
  return { label, value: `${tag}${alphabet}${tag}`, tag };
};

/** A secret made from others, e.g. the base64 of `user:password` in a Basic header. */
export const derivedSecret = (label: string, value: string): Secret => ({ label, value });

export const basic = (user: string, password: string): string => Buffer.from(`${user}:${password}`).toString("base64");

const lowerHex = (text: string) => text.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase());
const htmlEscape = (text: string) =>
  text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");

/** `&`, `<`, `>` as Go's encoding/json writes them, `\u0026`. */
const goJson = (text: string) =>
  JSON.stringify(text)
    .slice(1, -1)
    .replace(/[&<>]/g, (char) => `\\u00${char.charCodeAt(0).toString(16)}`);

const NOT_ALPHANUMERIC = /[^A-Za-z0-9]/gu;
const codeOf = (char: string) => char.codePointAt(0) as number;

/** Base64 of the value after `offset` other bytes, as inside the base64 of a longer text. */
const base64After = (offset: number) => (value: string) =>
  Buffer.from(`${"_".repeat(offset)}${value}`).toString("base64");

/**
 * The base64 characters of `base64After(offset)` that the value's bytes alone decide: the first
 * and last characters also hold the bytes around it.
 */
const base64CoreAfter = (offset: number) => (value: string) => {
  const length = Buffer.byteLength(value);
  const encoded = base64After(offset)(value).replace(/=+$/, "");
  return encoded.slice(Math.ceil((8 * offset) / 6), Math.floor((8 * (offset + length) - 6) / 6) + 1);
};

/** Every spelling a secret is looked for in, and quoted back in by the test servers. */
export const FORMS = {
  raw: (value: string) => value,
  uri: encodeURIComponent,
  "uri-lower-hex": (value: string) => lowerHex(encodeURIComponent(value)),
  /** What the URL parser and RFC 3986 encoders write: also escapes ! ' ( ) *. */
  "uri-strict": (value: string) =>
    encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  /** Unreserved characters too, as Java's URLEncoder does `~` and some servers do all. */
  "uri-unreserved": (value: string) =>
    encodeURIComponent(value).replace(/[-_.~!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
  /** Every byte, letters too, lower-case hex. */
  "uri-every-byte": (value: string) =>
    [...Buffer.from(value)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""),
  /** application/x-www-form-urlencoded, `+` for a space. */
  form: (value: string) => new URLSearchParams([["", value]]).toString().slice(1),
  json: (value: string) => JSON.stringify(value).slice(1, -1),
  /** As PHP and some Java encoders write JSON: `a\/b`. */
  "json-slash": (value: string) => JSON.stringify(value).slice(1, -1).replace(/\//g, "\\/"),
  "json-go": goJson,
  /** `\u00XX` for everything but letters and digits, upper-case hex. */
  "json-unicode": (value: string) =>
    value.replace(/[^A-Za-z0-9]/g, (char) => `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`),
  html: htmlEscape,
  "html-decimal": (value: string) => value.replace(NOT_ALPHANUMERIC, (char) => `&#00${codeOf(char)};`),
  "html-hex": (value: string) => value.replace(NOT_ALPHANUMERIC, (char) => `&#x${codeOf(char).toString(16)};`),
  base64: (value: string) => Buffer.from(value).toString("base64"),
  base64url: (value: string) => Buffer.from(value).toString("base64url"),
  "base64-offset-1": base64After(1),
  "base64-offset-2": base64After(2),
  hex: (value: string) => Buffer.from(value).toString("hex"),
  "hex-upper": (value: string) => Buffer.from(value).toString("hex").toUpperCase(),
  upper: (value: string) => value.toUpperCase(),
  lower: (value: string) => value.toLowerCase(),
} satisfies Record<string, (value: string) => string>;

export type FormName = keyof typeof FORMS;
export const FORM_NAMES = Object.keys(FORMS) as FormName[];

/** How a form is looked for where that is not what the server wrote: only the part the value alone decides. */
const FOUND_AS: Partial<Record<FormName, (value: string) => string>> = {
  "base64-offset-1": base64CoreAfter(1),
  "base64-offset-2": base64CoreAfter(2),
};

/** Each distinct spelling of a value, as looked for, with the first form that writes it. */
export const spellingsOf = (value: string): Array<[FormName, string]> => {
  const seen = new Map<string, FormName>();
  for (const name of FORM_NAMES) {
    const spelled = (FOUND_AS[name] ?? FORMS[name])(value);
    if (spelled !== "" && !seen.has(spelled)) seen.set(spelled, name);
  }
  return [...seen].map(([spelled, name]) => [name, spelled]);
};

/** Headers every request has; a server complaining about credentials quotes the others first. */
const ORDINARY_HEADERS = new Set([
  "host",
  "connection",
  "user-agent",
  "accept",
  "accept-encoding",
  "content-length",
  "content-type",
  "transfer-encoding",
]);

/** What a status line or header may carry. */
export const isPrintable = (text: string): boolean => /^[\x20-\x7e]*$/.test(text);

const valuesOf = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

/** The schemes a server reads a credential after; a bare key may hold a space of its own. */
const AUTH_SCHEME = /^(basic|bearer|token|digest|dpop|mac)$/i;

/**
 * The credential after an auth scheme: the token of `Bearer X`, the base64 of `Basic X`.
 * @example credentialAfterScheme("Bearer abc") // "abc"
 */
export const credentialAfterScheme = (value: string): string | undefined => {
  const space = value.indexOf(" ");
  return space > 0 && AUTH_SCHEME.test(value.slice(0, space)) ? value.slice(space + 1) : undefined;
};

/** What a Basic header's base64 decodes to, and the user and password in it. */
const basicParts = (value: string): string[] => {
  const credential = /^basic /i.test(value) ? credentialAfterScheme(value) : undefined;
  const decoded = Buffer.from(credential ?? "", "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon > 0 && isPrintable(decoded) ? [decoded, decoded.slice(0, colon), decoded.slice(colon + 1)] : [];
};

/** A header value and what a server finds inside it: the credential after a scheme (Basic decoded), cookie values. */
const headerPieces = (name: string, value: string): string[] => {
  const cookies =
    name === "cookie" ? value.split(";").map((cookie) => cookie.slice(cookie.indexOf("=") + 1).trim()) : [];
  return [credentialAfterScheme(value) ?? "", ...basicParts(value), ...cookies, value];
};

/** The text values of a JSON body, at any depth: what a server reads from it and quotes back. */
const jsonValues = (body: string): string[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return [];
  }
  const leaves = (value: unknown): string[] =>
    typeof value === "string"
      ? [value, ...jsonValues(value)]
      : typeof value === "object" && value !== null
        ? Object.values(value).flatMap(leaves)
        : [];
  return typeof parsed === "object" ? leaves(parsed) : [];
};

/** The text of each XML element without children, entities read back; none unless the body is XML. */
const xmlValues = (body: string): string[] =>
  !body.trimStart().startsWith("<")
    ? []
    : [...body.matchAll(/>([^<>]+)</g)].map(([, text]) =>
        text
          .replace(/&lt;/g, "<")
          .replace(/&gt;/g, ">")
          .replace(/&quot;/g, '"')
          .replace(/&apos;/g, "'")
          .replace(/&amp;/g, "&"),
      );

/**
 * Everything of a request a server may quote back: query values, header values (and the
 * credentials inside them), the URL as sent, the body and the values in it (form fields, JSON
 * values at any depth, XML element texts). Credential-bearing
 * pieces come first, since an error shows only the start of a body.
 */
export const piecesOf = (request: Recorded): string[] => {
  const headers = Object.entries(request.headers).sort(
    ([a], [b]) => Number(ORDINARY_HEADERS.has(a)) - Number(ORDINARY_HEADERS.has(b)),
  );
  const body = request.body.toString("utf8");
  const formValues = /urlencoded/.test(String(request.headers["content-type"]))
    ? [...new URLSearchParams(body).values()]
    : [];
  const pieces = [
    ...request.query.values(),
    ...formValues,
    ...jsonValues(body),
    ...xmlValues(body),
    ...headers.flatMap(([name, value]) => valuesOf(value).flatMap((text) => headerPieces(name, text))),
    request.url,
    body,
  ];
  return [...new Set(pieces.filter((piece) => piece !== ""))];
};

/**
 * A body quoting every piece in every form, with the `lead` form first: an error shows only the
 * start of a body, so each form gets its turn at the front.
 */
export const echoText = (pieces: string[], lead: FormName = "raw"): string => {
  const leading = pieces.map((piece) => `invalid token ${FORMS[lead](piece)}`).join("; ");
  const every = FORM_NAMES.map((name) => `${name}: ${pieces.map((piece) => FORMS[name](piece)).join(" ")}`);
  return [leading, ...every].join(" | ");
};

/** The status line and headers of a response must stay under Node's 16 KB limit for a response head. */
const MAX_REASON_CHARS = 8_000;

/**
 * A reason phrase quoting the request, as in `401 Invalid token X`: every piece in every form,
 * cut only between pieces so nothing is quoted in part.
 */
export const reasonPhrase = (pieces: string[]): string => {
  let reason = "Invalid token";
  for (const piece of pieces.filter(isPrintable)) {
    const quoted = ` ${FORM_NAMES.map((name) => FORMS[name](piece)).join(" ")}`;
    if (reason.length + quoted.length <= MAX_REASON_CHARS) reason += quoted;
  }
  return reason;
};
