import { MAX_REQUEST_HEADER_BYTES } from "../limits";
import { asFilePayload } from "../request/payload";
import { readSerialized } from "./serialized";
import { describeAt, InvalidValue, isBlank, kindOf, toJsonText, toText, wellFormed } from "./values";

/** One row of a key/value list input, as the designer sends it. */
export interface KeyValue<V = unknown> {
  key: string;
  value: V;
}

/** A value sent as text: one text, or a list of them (written as Array Format says). */
export type TextValue = string | string[];

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

const parseJsonList = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidValue("must be a list of key/value pairs or a JSON object");
  }
};

/** Runs a conversion of one part of a row, saying which row and part a refusal is about. */
const inRow = <T>(index: number, part: "key" | "value", convert: () => T): T => {
  try {
    return convert();
  } catch (error) {
    if (error instanceof InvalidValue) throw new InvalidValue(`row ${index + 1}'s ${part} ${error.message}`);
    throw error;
  }
};

const toRow = (row: unknown, index: number): KeyValue | undefined => {
  if (!isRecord(row) || !Object.hasOwn(row, "key")) {
    throw new InvalidValue(`row ${index + 1} is not a key/value pair`);
  }
  if (isBlank(row.key)) {
    if (isBlank(row.value)) return undefined; // an empty row the designer left behind
    throw new InvalidValue(`row ${index + 1} has a value but no key`);
  }
  // Only the spaces around a key are the designer's slip; a line break is kept, to be refused where it matters.
  return { key: inRow(index, "key", () => toText(row.key).replace(/^[ \t]+|[ \t]+$/g, "")), value: row.value };
};

/**
 * Reads a key/value list input. Rows keep their order and repeated keys are kept, so
 * `tag=a` and `tag=b` both reach the server. A plain object or a JSON text of either form
 * (a previous step's output) is accepted too. Values are left as given.
 * @example toKeyValueList([{ key: "tag", value: "a" }, { key: "tag", value: "b" }])
 */
export const toKeyValueList = (value: unknown): KeyValue[] => {
  if (isBlank(value)) return [];
  const list = typeof value === "string" ? parseJsonList(value) : value;
  if (Array.isArray(list)) {
    return list.map(toRow).filter((row): row is KeyValue => row !== undefined);
  }
  if (isRecord(list)) {
    return Object.entries(list).map(([key, entry], index) => ({
      key: inRow(index, "key", () => wellFormed(key)),
      value: entry,
    }));
  }
  throw new InvalidValue("must be a list of key/value pairs or a JSON object");
};

/**
 * A text that is a file's JSON text came from a file passed in the record form `{ key: file }`
 * (spectral writes non-string values as JSON text); sending it would send that JSON, not the file.
 */
const refuseSerializedFile = (text: string): string => {
  const serialized = readSerialized(text);
  // A Uint8Array's JSON text is also a plain object's: as text, it is sent as written.
  if (serialized === undefined || serialized.kind === "typedArray") return text;
  throw new InvalidValue(
    "is the JSON text of a file, which is how spectral passes a file given in the record form { key: file }; a file cannot be sent as text",
  );
};

/** One item as text: text, numbers and booleans as written, other objects as their JSON text. */
const itemText = (item: unknown): string => {
  if (item === undefined || item === null) return "";
  if (typeof item === "string") return refuseSerializedFile(toText(item));
  if (typeof item === "object" && !Buffer.isBuffer(item) && !(item instanceof Uint8Array)) {
    // A file's JSON text would send its bytes as a list of numbers: refused, as the record form refuses it.
    if (asFilePayload(item)) throw new InvalidValue("is a file ({ data, contentType }), which cannot be sent as text");
    return toJsonText(item);
  }
  if (typeof item === "number" || typeof item === "boolean") return toText(item);
  throw new InvalidValue(`is ${kindOf(item)}, which cannot be sent as text`);
};

/**
 * A value of a list that is sent as text. A list (from a previous step) stays a list, for Array
 * Format to write; an object becomes its JSON text; what has no text form is refused.
 * @example toTextValue(["a", 1]) // ["a", "1"]
 */
export const toTextValue = (value: unknown): TextValue =>
  Array.isArray(value) ? value.map(itemText) : itemText(value);

/**
 * Reads a key/value list whose values are sent as text (query parameters, form fields).
 * @example toTextList({ tag: ["a", "b"], page: 2 }) // [{ key: "tag", value: ["a", "b"] }, { key: "page", value: "2" }]
 */
export const toTextList = (value: unknown): KeyValue<TextValue>[] =>
  toKeyValueList(value).map(({ key, value: entry }, index) => ({
    key,
    value: inRow(index, "value", () => toTextValue(entry)),
  }));

/**
 * A File Data value that arrived as the JSON text of a file is that file again: spectral writes
 * a file given in the record form `{ key: file }` as JSON text, which holds every byte. It is
 * handed on as the array form would have handed it, `{ data, contentType, fileName }`. A list of
 * files written that way is refused, since one row carries one file, and so is a Uint8Array,
 * whose JSON text does not say it was bytes.
 */
const toFileValue = (value: unknown): unknown => {
  const serialized = typeof value === "string" ? readSerialized(value) : undefined;
  if (serialized === undefined) return value;
  if (serialized.kind === "file") {
    const { bytes, contentType, fileName } = serialized.file;
    return { data: bytes, contentType, fileName };
  }
  if (serialized.kind === "typedArray") {
    throw new InvalidValue(
      'is the JSON text of a Uint8Array ({"0":byte,...}), which is how spectral passes one given in the record form { key: bytes }, and which does not say it was bytes; pass a Buffer (Buffer.from(bytes)) or use the array form [{ key, value: bytes }]',
    );
  }
  throw new InvalidValue(
    "is the JSON text of a list of files, which is how spectral passes a list given in the record form { key: [file, ...] }; use the array form [{ key, value: file }, ...] with one row per file",
  );
};

/**
 * Reads a key/value list whose values may be files (File Data): rows as given, with a file
 * that came through the record form as JSON text read back to its bytes, content type and name.
 * @example toFileList({ report: '{"data":{"type":"Buffer","data":[37,80]},"contentType":"application/pdf"}' })[0].value // { data: <Buffer 25 50>, contentType: "application/pdf" }
 */
export const toFileList = (value: unknown): KeyValue[] =>
  toKeyValueList(value).map(({ key, value: entry }, index) => ({
    key,
    value: inRow(index, "value", () => toFileValue(entry)),
  }));

/**
 * Reads a key/value list whose values are single texts, such as file names.
 * @example toSingleTextList([{ key: "report", value: "q3.pdf" }]) // [{ key: "report", value: "q3.pdf" }]
 */
export const toSingleTextList = (value: unknown): KeyValue<string>[] =>
  toKeyValueList(value).map(({ key, value: entry }, index) => ({
    key,
    value: inRow(index, "value", () => (isBlank(entry) ? "" : toText(entry))),
  }));

/** Header names, as written, that axios loses: they are properties of every object. */
const UNSENDABLE_NAMES: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** An RFC 9110 token: a header name, or an authentication scheme. */
export const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const NOT_IN_TOKEN = /[^!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/**
 * What keeps a header name from being sent as written, or undefined: it is no token, or it is a
 * token that headers lose on the way ("lost": they pass through plain objects and axios, which
 * drop these names). The one rule for header names, from the Headers input or a connection.
 * @example headerNameFault("__proto__") // "lost"
 */
export const headerNameFault = (name: string): "not a token" | "lost" | undefined => {
  if (UNSENDABLE_NAMES.has(name)) return "lost";
  return TOKEN.test(name) ? undefined : "not a token";
};
/**
 * What Node can put in a header value as it is: tab, visible ASCII and space, and Latin-1
 * (obs-text, sent as single bytes). Anything else would be refused by Node, or dropped or
 * changed on the way; CR, LF and NUL would end the header.
 */
const NOT_IN_HEADER_VALUE = /[^\t\x20-\x7E\x80-\xFF]/;

/**
 * Why a text cannot be a header value as it is, naming the first bad character and where it is;
 * undefined when it can be.
 * @example headerValueProblem("snow☃man") // "has a character outside Latin-1 (U+2603 at position 5), ..."
 */
export const headerValueProblem = (text: string): string | undefined => {
  const bad = NOT_IN_HEADER_VALUE.exec(text);
  if (!bad) return undefined;
  const where = describeAt(text, bad.index);
  if (/[\r\n\0]/.test(bad[0])) return `has a line break or NUL character (${where})`;
  if (bad[0].charCodeAt(0) < 0x100) return `has a control character (${where})`;
  return `has a character outside Latin-1 (${where}), which a header cannot carry; percent-encode or base64 it`;
};

/**
 * Refuses a header value Node could not send as given, naming the header and the position of
 * the first bad character; the value itself is never quoted, since a header may carry a credential.
 * @example checkHeaderValue("X-Note", "snow☃man") // throws: ... (U+2603 at position 5) ...
 */
export const checkHeaderValue = (name: string, text: string): string => {
  const problem = headerValueProblem(text);
  if (problem) throw new InvalidValue(`the value of header "${name}" ${problem}`);
  return text;
};

/**
 * Refuses a header name that is not an RFC 9110 token, saying where without quoting it: a
 * whole `Authorization: Bearer ...` line typed into the name would otherwise be shown.
 * @example checkHeaderName("X-Id", 0) // "X-Id"
 */
export const checkHeaderName = (name: string, index: number): string => {
  const fault = headerNameFault(name);
  if (fault === undefined) return name;
  if (fault === "lost") {
    throw new InvalidValue(`row ${index + 1} has the header name ${name}, which the HTTP client cannot send`);
  }
  const bad = NOT_IN_TOKEN.exec(name);
  const where = bad ? `: it has ${describeAt(name, bad.index)}` : "";
  throw new InvalidValue(
    `row ${index + 1} has a header name that is not a valid header name${where} (names are letters, digits and !#$%&'*+-.^_\`|~)`,
  );
};

/**
 * Reads the headers input and refuses anything Node could not send as given. Objects become
 * their JSON text; values are never quoted in errors, as a header may carry a credential.
 * @example toHeaderList([{ key: "Accept", value: "text/csv" }]) // [{ key: "Accept", value: "text/csv" }]
 */
export const toHeaderList = (value: unknown): KeyValue<string>[] => {
  let bytes = 0;
  return toKeyValueList(value).map(({ key, value: headerValue }, index) => {
    const name = checkHeaderName(key, index);
    const text = inRow(index, "value", () => itemText(headerValue));
    bytes += name.length + text.length;
    if (bytes > MAX_REQUEST_HEADER_BYTES) {
      throw new InvalidValue(`has more than ${MAX_REQUEST_HEADER_BYTES} bytes of headers, more than servers accept`);
    }
    return { key: name, value: checkHeaderValue(name, text) };
  });
};

/**
 * Reads an optional single header value, such as a content type.
 * @example toOptionalHeaderValue(" text/csv ") // "text/csv"
 */
export const toOptionalHeaderValue = (value: unknown): string | undefined => {
  if (isBlank(value)) return undefined;
  const text = toText(value).trim();
  const problem = headerValueProblem(text);
  if (problem) throw new InvalidValue(problem);
  return text;
};
