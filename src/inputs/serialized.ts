/**
 * Recognizes a file that reached a key/value input as JSON text. A code-native integration may
 * pass a key/value input in the record form `{ report: file }`; spectral turns every value that
 * is not a string into its JSON text on the way (`{"data":{"type":"Buffer","data":[37,80,…]}}`),
 * and the component receives that text where the file was. The text holds every byte, the
 * content type and the file name, so it is read back to the file the array form would have
 * been given (the file shape is request/payload.ts's, the same for both forms); no one types
 * such text meaning to send it as it is.
 *
 * A list cannot be read back this way: `["a","b"]` is just as likely a value meant literally
 * (an API that takes JSON in a query parameter), so text that is a JSON array stays text. Only a
 * JSON array holding serialized files is recognized, to be refused with a pointer to the array form.
 *
 * A Uint8Array cannot be read back either: JSON.stringify writes it as `{"0":37,"1":80,…}`,
 * which a plain object with those keys writes too, and an empty one as `{}`. Its bytes are
 * there, but not that they were bytes; it is recognized only to be refused, so the author passes
 * a Buffer instead of having the text uploaded.
 */
import { asFilePayload, type FilePayload, isByte } from "../request/payload";
import { isRecord } from "./values";

/** The start of JSON.stringify's text for an object or a list of them: cheap to test first. */
const STARTS_AS_OBJECT = /^\[?\{"/;
/** What JSON.stringify writes for a Buffer, the one thing a file must hold. */
const BUFFER_TEXT = '{"type":"Buffer","data":[';
/** What it writes for a Uint8Array, alone or as a file's `data`. */
const INDEXED_TEXT = /^\{"0":|"data":\{"0":/;

const parsed = (text: string): unknown => {
  if (!STARTS_AS_OBJECT.test(text) || !(text.includes(BUFFER_TEXT) || INDEXED_TEXT.test(text))) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not JSON, so not something JSON.stringify wrote: plain text
  }
};

/** What JSON.stringify writes for a non-empty Uint8Array: bytes under the keys "0", "1", … in order. */
const isIndexedBytes = (value: unknown): boolean => {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key, index) => key === String(index) && isByte(value[key]));
};

/** What a text turned out to be the JSON text of: one file, a list holding files, or a Uint8Array. */
export type Serialized = { kind: "file"; file: FilePayload } | { kind: "files" } | { kind: "typedArray" };

/**
 * What `text` is the JSON text of, as spectral writes a file, a list of files or a Uint8Array
 * given in the record form; undefined for any other text. The text is parsed once, and only
 * when it starts the way JSON.stringify writes one of those.
 * @example readSerialized('{"type":"Buffer","data":[104,105]}') // { kind: "file", file: { bytes: <Buffer 68 69> } }
 * @example readSerialized('[{"type":"Buffer","data":[1]}]') // { kind: "files" }
 * @example readSerialized('{"0":104,"1":105}') // { kind: "typedArray" }
 * @example readSerialized('["a","b"]') // undefined
 */
export const readSerialized = (text: string): Serialized | undefined => {
  const value = parsed(text);
  if (Array.isArray(value)) {
    return value.some((item) => asFilePayload(item) !== undefined) ? { kind: "files" } : undefined;
  }
  const file = asFilePayload(value);
  if (file) return { kind: "file", file };
  const indexed = isIndexedBytes(value) || (isRecord(value) && isIndexedBytes(value.data));
  return indexed ? { kind: "typedArray" } : undefined;
};
