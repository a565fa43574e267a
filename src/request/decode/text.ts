import { TextDecoder } from "node:util";
import { parse as parseContentType } from "content-type";
import { InvalidValue } from "../../inputs/values";
import { ResponseFormatError } from "../errors";
import { DECODED_AS, neverDecodedIn } from "./whatwgGaps";
import { WINDOWS_1252 } from "./windows1252";

/** The charset a Content-Type declares, lower-cased; undefined when none is declared. */
export const charsetOf = (contentType: unknown): string | undefined => {
  if (typeof contentType !== "string" || contentType === "") return undefined;
  try {
    return parseContentType(contentType).parameters.charset?.toLowerCase();
  } catch {
    return /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  }
};

type Decoder = Pick<TextDecoder, "encoding" | "decode">;

/**
 * Node's fatal decoder for a label, made as strict as WHATWG where Node is not (whatwgGaps.ts):
 * the decoder WHATWG uses for the charset, and what WHATWG's would never give refused.
 */
const strictDecoder = (label: string): Decoder => {
  const named = new TextDecoder(label, { fatal: true });
  const name = named.encoding;
  const lenient = neverDecodedIn(name);
  if (!DECODED_AS[name] && !lenient) return named;
  const native = DECODED_AS[name] ? new TextDecoder(DECODED_AS[name], { fatal: true }) : named;
  return {
    encoding: name,
    decode: (bytes, options) => {
      const text = native.decode(bytes, options);
      if (lenient?.test(text)) throw new TypeError(`not valid ${name}`);
      return text;
    },
  };
};

/** Decoders are stateless between whole-buffer decodes, so one per charset serves every response. */
const decoders = new Map<string, Decoder>();
const decoderFor = (charset: string): Decoder => {
  let decoder = decoders.get(charset);
  if (!decoder) {
    const native = strictDecoder(charset);
    // Node's own windows-1252 is ISO-8859-1 (see windows1252.ts).
    decoder = native.encoding === WINDOWS_1252.encoding ? WINDOWS_1252 : native;
    decoders.set(charset, decoder);
  }
  return decoder;
};

/**
 * The WHATWG name of a charset label (what Response Charset accepts), so every later message
 * names the charset the same way; a label no decoder knows is refused before anything is sent.
 * @example charsetName("latin1") // "windows-1252"
 * @example charsetName("sjis") // "shift_jis"
 */
export const charsetName = (label: string): string => {
  try {
    return decoderFor(label.trim().toLowerCase()).encoding;
  } catch {
    throw new InvalidValue(
      "is not a charset this connector can decode; use a WHATWG label such as utf-8, windows-1252, iso-8859-15, shift_jis, gbk or euc-kr",
    );
  }
};

/** Where the charset a body is decoded with came from, for an error that says so. */
export interface CharsetChoice {
  /** The encoding the body's byte order mark names, which wins over any label (see `withBomOf`). */
  bom?: string;
  /** Response Charset, which wins over whatever the response declares. */
  chosen?: string;
  /** What the response declares, in its Content-Type (or, for XML, its own declaration). */
  declared?: string;
}

/** Byte order marks and the encodings they name, as WHATWG's decode step sniffs them. */
const BYTE_ORDER_MARKS: ReadonlyArray<{ bytes: Buffer; charset: string }> = [
  { bytes: Buffer.from([0xef, 0xbb, 0xbf]), charset: "utf-8" },
  { bytes: Buffer.from([0xfe, 0xff]), charset: "utf-16be" },
  { bytes: Buffer.from([0xff, 0xfe]), charset: "utf-16le" },
];

/**
 * The choice with the encoding the body's byte order mark names, if it starts with one. A BOM
 * is the bytes' own word on their encoding, so it wins over every label (the WHATWG Encoding
 * Standard's decode step): a UTF-16 body labelled `utf-16`, which names little-endian, is read
 * big-endian when its BOM says so, instead of as other characters. The decoder drops the BOM.
 * @example withBomOf(Buffer.from([0xfe, 0xff, 0, 0x41]), { declared: "utf-16" }).bom // "utf-16be"
 */
export const withBomOf = (body: Uint8Array, choice: CharsetChoice): CharsetChoice => {
  const mark = BYTE_ORDER_MARKS.find(({ bytes }) => bytes.every((byte, index) => body[index] === byte));
  return mark ? { ...choice, bom: mark.charset } : choice;
};

/** The charset a body is read in: its BOM's, else the one chosen, else the one declared, else UTF-8. */
export const charsetFor = ({ bom, chosen, declared }: CharsetChoice): string => bom ?? chosen ?? declared ?? "utf-8";

const origin = ({ bom, chosen, declared }: CharsetChoice): string => {
  if (bom) return " (as its byte order mark says)";
  if (chosen) return " (the Response Charset)";
  return declared ? "" : " (no charset was declared)";
};

/**
 * Decodes a body as text in the charset its byte order mark names, else the one chosen with
 * Response Charset, else the one the response declares (UTF-8 when it declares none). Bytes that are not valid in that charset fail loudly
 * instead of turning into U+FFFD.
 * @example decodeText(Buffer.from([0xe9]), "text/plain; charset=iso-8859-1") // "é"
 * @example decodeText(Buffer.from([0x82, 0xa0]), "text/plain", "shift_jis") // "あ"
 */
export const decodeText = (body: Buffer, contentType: unknown, chosen?: string): string =>
  decodeIn(body, { chosen, declared: charsetOf(contentType) });

const undecodable = (charset: string): ResponseFormatError =>
  new ResponseFormatError(
    `the response declares charset "${charset}", which cannot be decoded here; choose Response Type binary to get the raw bytes, or set Response Charset to the charset the body is really in`,
  );

const invalidIn = (charset: string, choice: CharsetChoice): ResponseFormatError =>
  new ResponseFormatError(
    `the response body is not valid ${charset}${origin(choice)}; choose Response Type binary to get the raw bytes, or set Response Charset to the charset it is really in`,
  );

/** Decodes a body in the charset a choice (or the body's BOM) names; see decodeText. */
export const decodeIn = (body: Buffer, given: CharsetChoice): string => {
  const choice = withBomOf(body, given);
  const charset = charsetFor(choice);
  let decoder: Decoder;
  try {
    decoder = decoderFor(charset);
  } catch {
    throw undecodable(charset);
  }
  try {
    return decoder.decode(body);
  } catch {
    throw invalidIn(charset, choice);
  }
};

/** How many bytes of a body are decoded at a time when it is read piece by piece. */
export const DECODE_CHUNK_BYTES = 65_536;

/** A decoder for one body read in pieces: TextDecoder keeps a character cut between two of them. */
const streamingDecoderFor = (charset: string): ((bytes?: Uint8Array) => string) => {
  const shared = decoderFor(charset);
  // windows-1252 maps each byte on its own, so any cut falls between characters.
  if (shared === WINDOWS_1252) return (bytes) => (bytes ? WINDOWS_1252.decode(bytes) : "");
  const own = strictDecoder(charset);
  return (bytes) => (bytes ? own.decode(bytes, { stream: true }) : own.decode());
};

/**
 * Decodes a body as decodeIn does, `chunkBytes` at a time, so a large body is never also held
 * as one string; the same bytes fail with the same messages, when the piece holding them is read.
 * @example [...decodeChunksIn(Buffer.from("é"), {}, 1)] // ["", "é", ""]
 */
export function* decodeChunksIn(
  body: Buffer,
  given: CharsetChoice,
  chunkBytes = DECODE_CHUNK_BYTES,
): Generator<string, void, undefined> {
  const choice = withBomOf(body, given);
  const charset = charsetFor(choice);
  let decode: (bytes?: Uint8Array) => string;
  try {
    decode = streamingDecoderFor(charset);
  } catch {
    throw undecodable(charset);
  }
  const decodeOrFail = (bytes?: Uint8Array): string => {
    try {
      return decode(bytes);
    } catch {
      throw invalidIn(charset, choice);
    }
  };
  for (let at = 0; at < body.length; at += chunkBytes) yield decodeOrFail(body.subarray(at, at + chunkBytes));
  // The last call, without bytes, fails on a character the body ends in the middle of.
  yield decodeOrFail();
}

/**
 * The start of a body as text in the charset it says it is in (its BOM, else its Content-Type,
 * else UTF-8), for a preview in a message or a log line, which must not fail. A character cut
 * at the end of the slice is left out; bytes not valid in that charset, or a charset no decoder
 * knows, are shown as UTF-8 would show them.
 * @example previewText(Buffer.from([0x63, 0x61, 0x66, 0xe9]), "text/plain; charset=iso-8859-1") // "café"
 */
export const previewText = (bytes: Buffer, contentType: unknown): string => {
  try {
    return streamingDecoderFor(charsetFor(withBomOf(bytes, { declared: charsetOf(contentType) })))(bytes);
  } catch {
    return bytes.toString("utf8");
  }
};
