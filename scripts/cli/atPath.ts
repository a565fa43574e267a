import type { RuntimeInput } from "./component";

/**
 * Which inputs read `@path` on the command line, and how. An input that takes a file from an
 * earlier step on the platform reads the file's bytes; a multi-line input (code such as a GraphQL
 * query or a JSON object, or a long text such as a cURL command) reads the file as text. Every
 * other input keeps `@` as typed: a form field or header value that starts with `@` is sent as is.
 */

/** `file`: the bytes with a content type guessed from the name; `text`: the file as UTF-8 text. */
export type Reading = "file" | "text";

/** A value to read from disk before the action runs: `@report.pdf` on the command line. */
export interface FileRef {
  file: string;
  reading: Reading;
  /** The flag as typed, for messages: `--fileData report=@./report.pdf`. */
  flag: string;
}

const BY_TYPE: Readonly<Record<string, Reading>> = { data: "file", code: "text", text: "text" };
/** Declared as text, but take a file from an earlier step all the same (Data is sent as-is when it is one). */
const BY_KEY: Readonly<Record<string, Reading>> = { data: "file" };

const AT = "@";
/** `@@` at the start stands for a literal `@`, in the inputs that read `@path`. */
const ESCAPED_AT = "@@";

/**
 * How an input reads `@path`; undefined when it keeps `@` as text.
 * @example readingOf({ key: "fileData", label: "File Data", type: "data", collection: "keyvaluelist" }) // "file"
 * @example readingOf({ key: "query", label: "Query", type: "code" }) // "text"
 * @example readingOf({ key: "formData", label: "Form Data", type: "string", collection: "keyvaluelist" }) // undefined
 */
export const readingOf = (input: RuntimeInput): Reading | undefined =>
  Object.hasOwn(BY_KEY, input.key) ? BY_KEY[input.key] : BY_TYPE[input.type];

/**
 * Connection fields read `@path` too: a multi-line text field (a certificate, a CA bundle) as a
 * file, which the connection takes from an earlier step as it is (a PKCS#12 bundle is bytes);
 * a secret field (a private key) as text.
 */
const BY_CONNECTION_TYPE: Readonly<Record<string, Reading>> = { data: "file", text: "file", password: "text" };

/**
 * How a connection field reads `@path`; undefined when it keeps `@` as text.
 * @example connectionReadingOf({ key: "privateKey", label: "Private Key", type: "password" }) // "text"
 */
export const connectionReadingOf = (input: RuntimeInput): Reading | undefined => BY_CONNECTION_TYPE[input.type];

/**
 * Reads a value typed for an input that takes `@path`: `@path` is a file to read, `@@text` is the
 * text `@text`, and anything else (a bare `@` too) is text.
 * @example atPathOrText("@./order.json", "file", "--data @./order.json") // { file: "./order.json", reading: "file", flag: "--data @./order.json" }
 * @example atPathOrText("@@handle", "file", "--data @@handle") // "@handle"
 */
export const atPathOrText = (text: string, reading: Reading, flag: string): string | FileRef => {
  if (text.startsWith(ESCAPED_AT)) return text.slice(AT.length);
  if (text.startsWith(AT) && text.length > AT.length) return { file: text.slice(AT.length), reading, flag };
  return text;
};

/** Body types that take text, so a Data file is read as text for them rather than sent as bytes. */
const TEXT_BODY_TYPES: ReadonlySet<string> = new Set(["json", "form-urlencoded"]);

/**
 * How a reference is read once every input is known: Data is sent as a file (its bytes, its
 * type), except when `--bodyType` asks for JSON or a form, which the connector takes as text.
 * @example settledReading({ file: "o.json", reading: "file", flag: "--data @o.json" }, "data", { bodyType: "json" }) // "text"
 */
export const settledReading = (ref: FileRef, inputKey: string, inputs: Record<string, unknown>): Reading => {
  const bodyType = inputs.bodyType;
  const textBody = typeof bodyType === "string" && TEXT_BODY_TYPES.has(bodyType.trim().toLowerCase());
  return inputKey === "data" && textBody ? "text" : ref.reading;
};
