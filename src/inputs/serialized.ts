/**
 * Recognizes a file that reached a key/value input as JSON text. A code-native integration may
 * pass a key/value input in the record form `{ report: file }`; spectral turns every value that
 * is not a string into its JSON text on the way (`{"data":{"type":"Buffer","data":[37,80,…]}}`),
 * and the component receives that text where the file was. The text holds every byte and the
 * content type, so it is read back exactly; no one types it meaning to send it as it is.
 *
 * A list cannot be read back this way: `["a","b"]` is just as likely a value meant literally
 * (an API that takes JSON in a query parameter), so text that is a JSON array stays text. Only a
 * JSON array holding serialized files is recognized, to be refused with a pointer to the array form.
 */

/** A file as spectral's data payloads hold one. */
export interface DecodedFile {
  data: Buffer;
  contentType?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const hasOnlyKeys = (value: Record<string, unknown>, allowed: readonly string[]): boolean =>
  Object.keys(value).every((key) => allowed.includes(key));

const isByte = (item: unknown): boolean => Number.isInteger(item) && (item as number) >= 0 && (item as number) <= 255;

/** What `Buffer.prototype.toJSON` writes: `{ type: "Buffer", data: [bytes] }`, nothing more. */
const asSerializedBuffer = (value: unknown): Buffer | undefined => {
  if (!isRecord(value) || value.type !== "Buffer" || !Array.isArray(value.data)) return undefined;
  if (!hasOnlyKeys(value, ["type", "data"]) || !value.data.every(isByte)) return undefined;
  return Buffer.from(value.data);
};

/** A parsed serialized Buffer, or a `{ data, contentType }` payload holding one. */
const asSerializedFile = (value: unknown): DecodedFile | undefined => {
  const bytes = asSerializedBuffer(value);
  if (bytes) return { data: bytes };
  if (!isRecord(value) || !hasOnlyKeys(value, ["data", "contentType"])) return undefined;
  const data = asSerializedBuffer(value.data);
  if (!data) return undefined;
  if (value.contentType !== undefined && typeof value.contentType !== "string") return undefined;
  return value.contentType ? { data, contentType: value.contentType } : { data };
};

/** The start of JSON.stringify's text for a Buffer, a file payload or a list of them: cheap to test first. */
const MAY_BE_SERIALIZED = /^\[?\{"(?:type|data|contentType)":/;

const parsed = (text: string): unknown => {
  if (!MAY_BE_SERIALIZED.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // not JSON, so not something JSON.stringify wrote: plain text
  }
};

/** What a text turned out to be the JSON text of: one file, or a list holding files. */
export type Serialized = { kind: "file"; file: DecodedFile } | { kind: "files" };

/**
 * What `text` is exactly the JSON text of, as spectral writes a file or a list of files given in
 * the record form; undefined for any other text. The text is parsed once, and only when it
 * starts the way JSON.stringify writes one of those.
 * @example readSerialized('{"type":"Buffer","data":[104,105]}') // { kind: "file", file: { data: <Buffer 68 69> } }
 * @example readSerialized('[{"type":"Buffer","data":[1]}]') // { kind: "files" }
 * @example readSerialized('["a","b"]') // undefined
 */
export const readSerialized = (text: string): Serialized | undefined => {
  const value = parsed(text);
  if (Array.isArray(value)) {
    return value.some((item) => asSerializedFile(item) !== undefined) ? { kind: "files" } : undefined;
  }
  const file = asSerializedFile(value);
  return file ? { kind: "file", file } : undefined;
};
