/**
 * An action's `examplePayload` made fit to print. Payloads of binary responses hold Buffers,
 * which JSON would spell out byte by byte; a reader needs to know only that bytes are there.
 */
import { fence } from "./markdown";

/** A Buffer after `JSON.stringify`, as found in payloads that were read back from JSON. */
interface SerializedBuffer {
  type: "Buffer";
  data: number[];
}

const isSerializedBuffer = (value: object): value is SerializedBuffer =>
  (value as Partial<SerializedBuffer>).type === "Buffer" && Array.isArray((value as Partial<SerializedBuffer>).data);

/** The size of binary data, or `undefined` when the value is not binary. */
const byteLength = (value: unknown): number | undefined => {
  if (value instanceof Uint8Array || value instanceof ArrayBuffer) return value.byteLength;
  if (typeof value === "object" && value !== null && isSerializedBuffer(value)) return value.data.length;
  return undefined;
};

/**
 * Copies a payload with every Buffer (or other binary data) replaced by a short placeholder.
 * @example toDisplayable({ data: Buffer.from("hello") }) // { data: "<binary data, 5 bytes>" }
 */
export const toDisplayable = (value: unknown): unknown => {
  const bytes = byteLength(value);
  if (bytes !== undefined) return `<binary data, ${bytes} bytes>`;
  if (Array.isArray(value)) return value.map(toDisplayable);
  // Dates and other objects with toJSON print as JSON prints them.
  if (typeof value !== "object" || value === null || "toJSON" in value) return value;
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toDisplayable(entry)]));
};

/**
 * The example payload as a JSON code block.
 * @example renderPayload({ data: { id: 1 } }) // "```json\n{\n  \"data\": {\n    \"id\": 1\n  }\n}\n```"
 */
export const renderPayload = (payload: unknown): string =>
  fence(JSON.stringify(toDisplayable(payload), null, 2) ?? "null", "json");
