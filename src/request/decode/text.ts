import { TextDecoder } from "node:util";
import { parse as parseContentType } from "content-type";
import { InvalidValue } from "../../inputs/values";
import { ResponseFormatError } from "../errors";
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

/** Decoders are stateless between whole-buffer decodes, so one per charset serves every response. */
const decoders = new Map<string, Decoder>();
const decoderFor = (charset: string): Decoder => {
  let decoder = decoders.get(charset);
  if (!decoder) {
    const native = new TextDecoder(charset, { fatal: true });
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
  /** Response Charset, which wins over whatever the response declares. */
  chosen?: string;
  /** What the response declares, in its Content-Type (or, for XML, its own declaration). */
  declared?: string;
}

/** The charset a body is read in: the one chosen, else the one declared, else UTF-8. */
export const charsetFor = ({ chosen, declared }: CharsetChoice): string => chosen ?? declared ?? "utf-8";

const origin = ({ chosen, declared }: CharsetChoice): string => {
  if (chosen) return " (the Response Charset)";
  return declared ? "" : " (no charset was declared)";
};

/**
 * Decodes a body as text in the charset chosen with Response Charset, else the one the response
 * declares (UTF-8 when it declares none). Bytes that are not valid in that charset fail loudly
 * instead of turning into U+FFFD.
 * @example decodeText(Buffer.from([0xe9]), "text/plain; charset=iso-8859-1") // "é"
 * @example decodeText(Buffer.from([0x82, 0xa0]), "text/plain", "shift_jis") // "あ"
 */
export const decodeText = (body: Buffer, contentType: unknown, chosen?: string): string =>
  decodeIn(body, { chosen, declared: charsetOf(contentType) });

/** Decodes a body in the charset a choice names; see decodeText. */
export const decodeIn = (body: Buffer, choice: CharsetChoice): string => {
  const charset = charsetFor(choice);
  let decoder: Decoder;
  try {
    decoder = decoderFor(charset);
  } catch {
    throw new ResponseFormatError(
      `the response declares charset "${charset}", which cannot be decoded here; choose Response Type binary to get the raw bytes, or set Response Charset to the charset the body is really in`,
    );
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new ResponseFormatError(
      `the response body is not valid ${charset}${origin(choice)}; choose Response Type binary to get the raw bytes, or set Response Charset to the charset it is really in`,
    );
  }
};
