import { InvalidValue, isBlank } from "./values";

/** One row of a key/value list input, as the designer sends it. */
export interface KeyValue<V = unknown> {
  key: string;
  value: V;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

const parseJsonList = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidValue("must be a list of key/value pairs or a JSON object");
  }
};

const toRow = (row: unknown, index: number): KeyValue | undefined => {
  if (!isRecord(row) || !("key" in row)) {
    throw new InvalidValue(`row ${index + 1} is not a key/value pair`);
  }
  if (isBlank(row.key)) {
    if (isBlank(row.value)) return undefined; // an empty row the designer left behind
    throw new InvalidValue(`row ${index + 1} has a value but no key`);
  }
  return { key: String(row.key).trim(), value: row.value };
};

/**
 * Reads a key/value list input. Rows keep their order and repeated keys are kept, so
 * `tag=a` and `tag=b` both reach the server. A plain object or a JSON text of either form
 * (a previous step's output) is accepted too.
 * @example toKeyValueList([{ key: "tag", value: "a" }, { key: "tag", value: "b" }])
 */
export const toKeyValueList = (value: unknown): KeyValue[] => {
  if (isBlank(value)) return [];
  const list = typeof value === "string" ? parseJsonList(value) : value;
  if (Array.isArray(list)) {
    return list.map(toRow).filter((row): row is KeyValue => row !== undefined);
  }
  if (isRecord(list)) {
    return Object.entries(list).map(([key, entry]) => ({ key, value: entry }));
  }
  throw new InvalidValue("must be a list of key/value pairs or a JSON object");
};

/** RFC 9110 token characters: what a header name may contain. */
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A header value may not break the request line structure. */
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

/**
 * Reads the headers input and refuses anything that would let a value inject another header.
 * Values are never quoted in the error: a header may carry a credential.
 * @example toHeaderList([{ key: "Accept", value: "text/csv" }]) // [{ key: "Accept", value: "text/csv" }]
 */
export const toHeaderList = (value: unknown): KeyValue<string>[] =>
  toKeyValueList(value).map(({ key, value: headerValue }) => {
    if (!HEADER_NAME.test(key)) {
      throw new InvalidValue(
        `header name "${JSON.stringify(key.slice(0, 40)).slice(1, -1)}" is not a valid header name`,
      );
    }
    const text = isBlank(headerValue)
      ? ""
      : typeof headerValue === "string"
        ? headerValue
        : JSON.stringify(headerValue);
    if (FORBIDDEN_IN_VALUE.test(text)) {
      throw new InvalidValue(`the value of header "${key}" contains a line break or NUL character`);
    }
    return { key, value: text };
  });

/**
 * Reads an optional single header value, such as a content type.
 * @example toOptionalHeaderValue(" text/csv ") // "text/csv"
 */
export const toOptionalHeaderValue = (value: unknown): string | undefined => {
  if (isBlank(value)) return undefined;
  const text = String(value).trim();
  if (FORBIDDEN_IN_VALUE.test(text)) throw new InvalidValue("contains a line break or NUL character");
  return text;
};
