/**
 * The one definition of a file as earlier steps hand it over, shared by every input that takes
 * one (Data, File Data, a connection's multi-line field) and by the reading back of a file that
 * came through the record form as JSON text (inputs/serialized.ts): both forms give one file.
 */

import { isRecord } from "../inputs/values";

/** A file as earlier steps hand it over: bytes and, when known, their media type and name. */
export interface FilePayload {
  bytes: Buffer;
  contentType?: string;
  fileName?: string;
}

/** A number a byte can hold, as a serialized Buffer or Uint8Array writes its bytes. */
export const isByte = (item: unknown): boolean =>
  Number.isInteger(item) && (item as number) >= 0 && (item as number) <= 255;

/**
 * What `Buffer.prototype.toJSON` writes, `{ type: "Buffer", data: [bytes] }` and nothing more,
 * read back to the Buffer. A number that is not a byte makes it something else: Buffer.from
 * would wrap 256 to 0 and cut 1.5 to 1, sending bytes no one gave.
 * @example asSerializedBuffer({ type: "Buffer", data: [104, 105] }) // <Buffer 68 69>
 */
const asSerializedBuffer = (value: unknown): Buffer | undefined => {
  if (!isRecord(value) || value.type !== "Buffer" || !Array.isArray(value.data)) return undefined;
  if (Object.keys(value).length !== 2 || !value.data.every(isByte)) return undefined;
  return Buffer.from(value.data);
};

/** Bytes in any of the forms a step may hold them; undefined when `value` is not bytes. */
const toBytes = (value: unknown): Buffer | undefined => {
  if (Buffer.isBuffer(value)) return value;
  // A view over the same memory, not a copy: large files stay one copy.
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  // A Buffer that went through JSON, as a step's output does between steps.
  return asSerializedBuffer(value);
};

const nonEmptyText = (value: unknown): string | undefined =>
  typeof value === "string" && value !== "" ? value : undefined;

/**
 * Recognizes binary data from an earlier step: a Buffer, a Uint8Array, a serialized Buffer, or
 * an object whose `data` is one of those (`{ data, contentType }` as spectral's payloads are,
 * with a `fileName` if the step gave one; other keys are the step's own and are ignored).
 * Anything else is not a file.
 * @example asFilePayload({ data: Buffer.from("%PDF"), contentType: "application/pdf" })?.contentType // "application/pdf"
 */
export const asFilePayload = (value: unknown): FilePayload | undefined => {
  const bytes = toBytes(value);
  if (bytes) return { bytes };
  if (!isRecord(value)) return undefined;
  const inner = toBytes(value.data);
  if (!inner) return undefined;
  const file: FilePayload = { bytes: inner };
  const contentType = nonEmptyText(value.contentType);
  const fileName = nonEmptyText(value.fileName);
  if (contentType !== undefined) file.contentType = contentType;
  if (fileName !== undefined) file.fileName = fileName;
  return file;
};
