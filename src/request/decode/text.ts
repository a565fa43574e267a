import { TextDecoder } from "node:util";
import { parse as parseContentType } from "content-type";
import { ResponseFormatError } from "../errors";

/** The charset a Content-Type declares, lower-cased; undefined when none is declared. */
export const charsetOf = (contentType: unknown): string | undefined => {
  if (typeof contentType !== "string" || contentType === "") return undefined;
  try {
    return parseContentType(contentType).parameters.charset?.toLowerCase();
  } catch {
    return /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  }
};

/** Decoders are stateless between whole-buffer decodes, so one per charset serves every response. */
const decoders = new Map<string, TextDecoder>();
const decoderFor = (charset: string): TextDecoder => {
  let decoder = decoders.get(charset);
  if (!decoder) {
    decoder = new TextDecoder(charset, { fatal: true });
    decoders.set(charset, decoder);
  }
  return decoder;
};

/**
 * Decodes a body as text in the charset the response declares (UTF-8 when it declares none).
 * Bytes that are not valid in that charset fail loudly instead of turning into U+FFFD.
 * @example decodeText(Buffer.from([0xe9]), "text/plain; charset=iso-8859-1") // "é"
 */
export const decodeText = (body: Buffer, contentType: unknown): string => {
  const charset = charsetOf(contentType) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = decoderFor(charset);
  } catch {
    throw new ResponseFormatError(
      `the response declares charset "${charset}", which cannot be decoded here; choose Response Type binary to get the raw bytes`,
    );
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new ResponseFormatError(
      `the response body is not valid ${charset}${charsetOf(contentType) ? "" : " (no charset was declared)"}; choose Response Type binary to get the raw bytes`,
    );
  }
};
