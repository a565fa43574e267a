const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

/**
 * Makes a result printable as JSON: bytes become `{ base64, bytes }` instead of the long
 * number array `JSON.stringify` would give a Buffer; everything else is kept.
 * @example toPrintable({ data: Buffer.from("hi"), contentType: "text/plain" })
 * // { data: { base64: "aGk=", bytes: 2 }, contentType: "text/plain" }
 */
export const toPrintable = (value: unknown): unknown => {
  if (value instanceof Uint8Array) {
    const bytes = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    return { base64: bytes.toString("base64"), bytes: bytes.length };
  }
  if (Array.isArray(value)) return value.map(toPrintable);
  if (isPlainObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, toPrintable(entry)]));
  return value;
};

const INDENT = 2;

/**
 * A result or body as the runner prints JSON: indented, bytes as base64, with a final newline.
 * @example formatResult({ data: [1] }) // '{\n  "data": [\n    1\n  ]\n}\n'
 */
export const formatResult = (result: unknown): string =>
  `${JSON.stringify(toPrintable(result), null, INDENT) ?? "null"}\n`;

/**
 * The message of anything thrown, for stderr: only the message, never a stack or fields an
 * error may carry.
 * @example messageOf(new Error("GET https://x.test failed")) // "GET https://x.test failed"
 */
export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));
