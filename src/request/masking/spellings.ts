/**
 * Finds a secret in every form in which it may come back from a server or be written by a
 * library. Listing whole spellings misses any mixture (Go's JSON writes `&` as `\u0026` and
 * leaves `/` alone; an echo may percent-encode `-` and `_` too), so both the secret and the text
 * searched are first read back to one canonical form (canonical.ts), character by character:
 * - percent-escapes, once or twice encoded (`%2F`, `%2f`, `%252F`), as the byte they stand for;
 * - JSON escapes, also of JSON quoted inside JSON (`\"`, `\\\"`, `\/`, `\n`, `\u00XX` in any case);
 * - HTML references (`&amp;`, `&lt;`, `&quot;`, `&apos;`, `&#47;`, `&#x2F;`, leading zeros
 *   allowed, the `&` itself escaped once more as in `&amp;lt;`);
 * - `+` and a space as one, as forms write a space;
 * - a line break between base64 characters as nothing, so base64 wrapped into lines (MIME) is whole.
 * (Quoted-printable is looked for as written: see `literalsOf`.)
 * A secret long enough that a change of case is no accident is also found in either case. Forms
 * that change the secret whole are looked for as they are: its hex (either case) and its base64
 * (standard or URL-safe), alone or inside the base64 of a longer text at each of the three byte
 * alignments, of the secret and of the forms it is sent in (URL- and JSON-encoded), since a
 * server may encode the request as it got it. Every step is a single pass over the text.
 */

import { asBytes, canonical, foldCase } from "./canonical";

/** Shorter secrets are found in their own case only: `Admin` is not the password `admin`. */
const CASE_FOLD_MIN_LENGTH = 8;

/** A base64 core or hex text shorter than this is too likely to occur by chance. */
const MIN_ENCODED_LENGTH = 8;

/** One thing to look for in a canonical text: in its own case, or in either. */
export interface Needle {
  text: string;
  folded: boolean;
}

/** The forms a secret is sent in, which a server may then encode whole. */
const sentForms = (secret: string): string[] => [
  ...new Set([
    secret,
    encodeURIComponent(secret),
    // As the URL parser and RFC 3986 encoders write it: `'` and `!()*` too.
    encodeURIComponent(secret).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`),
    new URLSearchParams([["", secret]]).toString().slice(1),
    JSON.stringify(secret).slice(1, -1),
  ]),
];

/**
 * The base64 characters that depend on the bytes alone when they start `offset` bytes into a
 * group of three: the partial characters at each end also hold the text around them.
 */
const base64Core = (bytes: Buffer, offset: number): string => {
  const encoded = Buffer.concat([Buffer.alloc(offset), bytes])
    .toString("base64")
    .replace(/=+$/, "");
  const first = Math.ceil((8 * offset) / 6);
  const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
  return encoded.slice(first, last + 1);
};

/** The bytes' base64 alone (any length), and their core at each alignment inside a longer text; both alphabets. */
const base64Forms = (bytes: Buffer): string[] => {
  const cores = [0, 1, 2]
    .map((offset) => base64Core(bytes, offset))
    .filter((core) => core.length >= MIN_ENCODED_LENGTH);
  const standard = [bytes.toString("base64"), bytes.toString("base64").replace(/=+$/, ""), ...cores];
  return [...standard, ...standard.map((form) => form.replaceAll("+", "-").replaceAll("/", "_"))];
};

/**
 * What to look for to find a secret: its canonical form, and the canonical forms of its hex and base64.
 * @example needlesOf("s3cret-value").map(({ text }) => text) // ["s3cret-value", "czNjcmV0LXZhbHVl", ...]
 */
export const needlesOf = (secret: string): Needle[] => {
  const folded = secret.length >= CASE_FOLD_MIN_LENGTH;
  const fold = (text: string) => (folded ? foldCase(text) : text);
  // The secret read back like a text (`p%40ss` is also `p@ss`), and each form it is sent in as
  // its characters alone: an echo that encodes the request as sent (`\u0025` for the `%` of
  // `%2F`, `%5C%22` for the `\"` of JSON) is read back to that form, not to the secret.
  const sent = sentForms(secret);
  const own = [canonical(secret).text, ...sent.map((form) => asBytes(form).replaceAll("+", " "))].map((text) => ({
    text: fold(text),
    folded,
  }));
  const encoded = sent.flatMap((form) => {
    const bytes = Buffer.from(form, "utf8");
    const hex = bytes.toString("hex");
    return [
      ...base64Forms(bytes).map((text) => ({ text: canonical(text).text, folded: false })),
      ...(hex.length >= MIN_ENCODED_LENGTH ? [{ text: hex, folded: true }] : []),
    ];
  });
  const seen = new Set<string>();
  return [...own, ...encoded].filter(({ text, folded }) => {
    const key = `${folded}:${text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return text.length > 0;
  });
};

/** Quoted-printable, as mail and some logs write text: `=` and what is not printable ASCII as `=XX`. */
const quotedPrintable = (secret: string): string =>
  asBytes(secret).replace(/[^ -<>-~]/g, (byte) => `=${byte.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`);

/**
 * What to look for as written, besides the canonical forms: the secret itself (an escape just
 * before it, as in `%ab` before `abc…`, may hide its start from the canonical text) and its
 * quoted-printable form, whose `=XX` the canonical form does not read back (it would swallow the
 * start of every `name=value`).
 * @example literalsOf("a=b") // ["a=b", "a=3Db"]
 */
export const literalsOf = (secret: string): string[] => [...new Set([secret, quotedPrintable(secret)])];

/** Where in a text the needles are found, as `[start, end)` ranges of the text, merged where they overlap. */
export const foundIn = (value: string, needles: Needle[], literals: string[]): Array<[number, number]> => {
  const read = canonical(value);
  const ranges: Array<[number, number]> = [];
  for (const { text, folded } of needles) {
    const haystack = folded ? read.folded : read.text;
    for (let at = haystack.indexOf(text); at !== -1; at = haystack.indexOf(text, at + 1)) {
      ranges.push(read.origin(at, at + text.length));
    }
  }
  for (const literal of literals) {
    for (let at = value.indexOf(literal); at !== -1; at = value.indexOf(literal, at + 1)) {
      ranges.push([at, at + literal.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
};
