/** A file as earlier steps hand it over: bytes and, when known, their media type. */
export interface FilePayload {
  bytes: Buffer;
  contentType?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/** Bytes in any of the forms a step may hold them; undefined when `value` is not bytes. */
const toBytes = (value: unknown): Buffer | undefined => {
  if (Buffer.isBuffer(value)) return value;
  // A view over the same memory, not a copy: large files stay one copy.
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  // A Buffer that went through JSON: { type: "Buffer", data: [104, 105] }.
  if (isRecord(value) && value.type === "Buffer" && Array.isArray(value.data)) return Buffer.from(value.data);
  return undefined;
};

/**
 * Recognizes binary data from an earlier step: a Buffer, a Uint8Array, a serialized Buffer, or
 * a `{ data, contentType }` file payload holding one of those. Anything else is not a file.
 * @example asFilePayload({ data: Buffer.from("%PDF"), contentType: "application/pdf" })?.contentType // "application/pdf"
 */
export const asFilePayload = (value: unknown): FilePayload | undefined => {
  const bytes = toBytes(value);
  if (bytes) return { bytes };
  if (!isRecord(value)) return undefined;
  const inner = toBytes(value.data);
  if (!inner) return undefined;
  const { contentType } = value;
  return { bytes: inner, contentType: typeof contentType === "string" && contentType !== "" ? contentType : undefined };
};
