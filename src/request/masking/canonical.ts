/**
 * A text read back to one canonical form, character by character, so that a secret is found in
 * it whatever mixture of escapes a server wrote (see spellings.ts): percent-escapes as the byte
 * they stand for, JSON escapes and HTML references as their character, `+` as a space, a line
 * break that wraps base64 as nothing. The form is written in bytes (one character each), and
 * keeps where in the text each of its characters came from, so what is found can be masked.
 */

import { XML_ENTITIES } from "../decode/xmlReferences";

/**
 * The escapes read back: a line break inside base64 (as MIME wraps it at 76 characters, also
 * JSON-escaped), percent, JSON (a surrogate pair first), HTML numeric and named references, `+`.
 */
const ESCAPE =
  /((?<=[A-Za-z0-9+/=])(?:\r?\n|(?:\\{1,3}r)?\\{1,3}n)(?=[A-Za-z0-9+/]))|%(?:25)?([0-9a-f]{2})|\\{1,3}u(d[89ab][0-9a-f]{2})\\{1,3}u(d[c-f][0-9a-f]{2})|\\{1,3}u([0-9a-f]{4})|\\{1,3}(["/nrtbf])|\\{4}|\\{2}|&(?:amp;)?#0*(\d{1,7});|&(?:amp;)?#x0*([0-9a-f]{1,6});|&(?:amp;)?(amp|lt|gt|quot|apos);|\+/gi;

const JSON_SHORT: Record<string, string> = { '"': '"', "/": "/", n: "\n", r: "\r", t: "\t", b: "\b", f: "\f" };

/** Bytes as a string of one character per byte, the alphabet the canonical form is written in. */
export const asBytes = (text: string): string => Buffer.from(text, "utf8").toString("latin1");

/** What one escape stands for, as bytes; a space for a `+`, nothing for a line break that wraps base64. */
const decodeEscape = (match: RegExpMatchArray): string => {
  const [whole, wrap, percent, high, low, unit, short, decimal, hex, named] = match;
  if (wrap !== undefined) return "";
  if (percent !== undefined) return String.fromCharCode(Number.parseInt(percent, 16));
  if (high !== undefined) return asBytes(String.fromCharCode(Number.parseInt(high, 16), Number.parseInt(low, 16)));
  if (unit !== undefined) return asBytes(String.fromCharCode(Number.parseInt(unit, 16)));
  if (short !== undefined) return JSON_SHORT[short.toLowerCase()] ?? short;
  const point = decimal !== undefined ? Number(decimal) : hex !== undefined ? Number.parseInt(hex, 16) : undefined;
  if (point !== undefined) return point <= 0x10ffff ? asBytes(String.fromCodePoint(point)) : whole;
  // HTML and XML share these five names.
  if (named !== undefined) return XML_ENTITIES[named.toLowerCase()];
  return whole === "+" ? " " : "\\";
};

/** ASCII letters lower-cased; the length stays, so positions still map back. */
export const foldCase = (text: string): string => text.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());

/**
 * Where a run of the canonical text came from: a run of plain ASCII maps character for
 * character from `from`; an escape or a wider character maps every byte to all of `from…to`.
 */
interface Segment {
  at: number;
  from: number;
  to: number;
  plain: boolean;
}

/** A text read back to its canonical form, with where each of its characters came from. */
export interface Canonical {
  text: string;
  /** The same, ASCII letters lower-cased. */
  folded: string;
  /** The range of the original text that the canonical range `start…end` (exclusive) came from. */
  origin: (start: number, end: number) => [number, number];
}

/** The segment holding canonical position `position`: the last that starts at or before it. */
const segmentAt = (segments: Segment[], position: number): Segment => {
  let [low, high] = [0, segments.length - 1];
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (segments[middle].at <= position) low = middle;
    else high = middle - 1;
  }
  return segments[low];
};

/**
 * A text with every escape read back, as bytes, `+` as a space.
 * @example canonical("a%2Fb\\u0026c").text // "a/b&c"
 */
export const canonical = (value: string): Canonical => {
  const parts: string[] = [];
  const segments: Segment[] = [];
  let length = 0;
  const add = (bytes: string, from: number, to: number, plain: boolean) => {
    if (bytes === "") return;
    parts.push(bytes);
    segments.push({ at: length, from, to, plain });
    length += bytes.length;
  };
  const addLiteral = (from: number, to: number) => {
    for (let at = from; at < to; ) {
      let end = at;
      while (end < to && value.charCodeAt(end) < 0x80) end++;
      if (end > at) {
        add(value.slice(at, end).replaceAll("+", " "), at, end, true);
        at = end;
        continue;
      }
      const width = (value.codePointAt(at) as number) > 0xffff ? 2 : 1;
      add(asBytes(value.slice(at, at + width)), at, at + width, false);
      at += width;
    }
  };
  let at = 0;
  for (const match of value.matchAll(ESCAPE)) {
    const start = match.index as number;
    addLiteral(at, start);
    add(decodeEscape(match).replaceAll("+", " "), start, start + match[0].length, false);
    at = start + match[0].length;
  }
  addLiteral(at, value.length);
  const text = parts.join("");
  const origin = (start: number, end: number): [number, number] => {
    const [first, last] = [segmentAt(segments, start), segmentAt(segments, end - 1)];
    return [
      first.plain ? first.from + (start - first.at) : first.from,
      last.plain ? last.from + (end - 1 - last.at) + 1 : last.to,
    ];
  };
  return { text, folded: foldCase(text), origin };
};
