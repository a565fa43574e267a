import type FormData from "form-data";
import type { BodyType } from "../inputs/body";
import { headerValueProblem, type KeyValue, type TextValue, toTextValue } from "../inputs/keyValues";
import type { ArrayFormat } from "../inputs/shared";
import { InvalidValue, toJsonText as jsonTextOf, wellFormed } from "../inputs/values";
import { InputError } from "./errors";
import { BINARY_TYPE, FORM_URLENCODED_TYPE, JSON_TYPE, TEXT_TYPE } from "./mediaTypes";
import { encodeMultipart, type MultipartParts, multipartParts } from "./multipart";
import { toPairs } from "./pairs";
import { asFilePayload, type FilePayload } from "./payload";

/** What the user asked to send, classified once. */
export type BodySource =
  | { kind: "none" }
  | { kind: "json"; text: string }
  | { kind: "text"; text: string; contentType?: string }
  | { kind: "binary"; file: FilePayload }
  | { kind: "urlencoded"; pairs: Array<[string, string]> }
  | ({ kind: "multipart" } & MultipartParts);

/** A body ready to send. `open` is called for every attempt and hop, so no stream is replayed. */
export interface EncodedBody {
  /** The type this body implies; a Content-Type header the user set wins, unless `ownsContentType`. */
  contentType?: string;
  /** True when the type carries something the body depends on, like a multipart boundary. */
  ownsContentType?: boolean;
  length: number;
  open: () => Buffer | FormData | undefined;
}

/** The body inputs, as the request builder receives them. */
export interface BodyInputs {
  bodyType?: BodyType;
  data?: unknown;
  contentType?: string;
  formFields?: KeyValue<TextValue>[];
  formData?: KeyValue<TextValue>[];
  fileData?: KeyValue[];
  fileDataFileNames?: KeyValue<string>[];
  arrayFormat: ArrayFormat;
}

export { BINARY_TYPE, FORM_URLENCODED_TYPE, JSON_TYPE, TEXT_TYPE } from "./mediaTypes";

const NONE: BodySource = { kind: "none" };

const dataError = (reason: string) => new InputError("Data", "data", reason);

/**
 * Why a text is not JSON, with the position the parser stopped at when it says one; undefined
 * for JSON. The parser's own message is not used: it quotes the text, which may hold secrets.
 */
const jsonProblem = (text: string): string | undefined => {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = String((error as Error).message);
    if (/end of JSON input/.test(message))
      return `is not valid JSON: it ends before the JSON does (at position ${text.length})`;
    const position = /at position (\d+)/.exec(message)?.[1];
    return position === undefined ? "is not valid JSON" : `is not valid JSON (at position ${position})`;
  }
};

/** Text that starts like a JSON object or array: sent as text only when the user says so. */
const LOOKS_LIKE_JSON = /^\s*[[{]/;

/** Runs a check of the Data input, reporting a refusal as the Data input's. */
const asData = <T>(check: () => T): T => {
  try {
    return check();
  } catch (error) {
    if (error instanceof InvalidValue) throw dataError(error.message);
    throw error;
  }
};

const toJsonText = (value: unknown): string => asData(() => jsonTextOf(value));

/** Text is sent as UTF-8: text with no exact UTF-8 form is refused rather than changed. */
const toBodyText = (text: string): string => asData(() => wellFormed(text));

const isEmpty = (data: unknown): boolean => data === undefined || data === null || data === "";

/**
 * The automatic rules for `data`: files are binary, objects are JSON, JSON text is JSON unless
 * the user chose a Content-Type, other text is text. Text is never re-serialized, so what the
 * user wrote is what the server receives.
 * @example bodyFromData({ id: 1 }, undefined) // { kind: "json", text: '{"id":1}' }
 */
/** A file from an earlier step; its content type becomes a header, so it must be one Node can send as it is. */
const fileOf = (data: unknown): FilePayload | undefined => {
  const file = asFilePayload(data);
  const problem = file?.contentType === undefined ? undefined : headerValueProblem(file.contentType);
  if (problem) throw dataError(`is a file whose content type ${problem}`);
  return file;
};

export const bodyFromData = (data: unknown, userContentType: string | undefined): BodySource => {
  if (isEmpty(data)) return NONE;
  const file = fileOf(data);
  if (file) return { kind: "binary", file };
  if (typeof data !== "string") return { kind: "json", text: toJsonText(data) };
  if (userContentType !== undefined) return { kind: "text", text: toBodyText(data) };
  const problem = jsonProblem(data);
  if (problem === undefined) return { kind: "json", text: toBodyText(data) };
  if (LOOKS_LIKE_JSON.test(data)) {
    throw dataError(`starts like JSON but ${problem}; fix it, or choose Body Type Raw to send it as text`);
  }
  return { kind: "text", text: toBodyText(data) };
};

const jsonBody = (data: unknown): BodySource => {
  if (isEmpty(data)) return NONE;
  if (typeof data !== "string") return { kind: "json", text: toJsonText(data) };
  // The parser's message would quote the data, which may hold secrets.
  const problem = jsonProblem(data);
  if (problem) throw dataError(`${problem}, and Body Type is JSON`);
  return { kind: "json", text: toBodyText(data) };
};

const rawBody = (data: unknown, contentType: string | undefined): BodySource => {
  if (isEmpty(data)) return NONE;
  const file = fileOf(data);
  if (file) return { kind: "binary", file: { bytes: file.bytes, contentType: contentType ?? file.contentType } };
  if (typeof data !== "string")
    throw dataError("must be text or a file when Body Type is Raw; choose JSON to send an object");
  return { kind: "text", text: toBodyText(data), contentType };
};

const binaryBody = (data: unknown, contentType: string | undefined): BodySource => {
  if (isEmpty(data)) return NONE;
  const file = fileOf(data);
  if (!file) throw dataError("must be a file from a previous step (or a Buffer) when Body Type is Binary");
  return { kind: "binary", file: { bytes: file.bytes, contentType: contentType ?? file.contentType } };
};

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !asFilePayload(value);

/** Form fields come from the Form Fields list, or from an object in Data (a previous step's output). */
const urlencodedBody = (inputs: BodyInputs): BodySource => {
  const fields = inputs.formFields ?? [];
  if (fields.length > 0 && !isEmpty(inputs.data)) {
    throw dataError("cannot be combined with Form Fields when Body Type is Form URL-encoded; use one of them");
  }
  if (typeof inputs.data === "string") {
    return { kind: "text", text: toBodyText(inputs.data), contentType: FORM_URLENCODED_TYPE };
  }
  if (!isEmpty(inputs.data) && !isPlainObject(inputs.data)) {
    throw dataError("must be text or an object of fields when Body Type is Form URL-encoded");
  }
  const list = isPlainObject(inputs.data)
    ? Object.entries(inputs.data).map(([key, value]) => ({ key, value: asData(() => toTextValue(value)) }))
    : fields;
  return { kind: "urlencoded", pairs: toPairs(list, inputs.arrayFormat) };
};

/**
 * Classifies the body inputs by Body Type. Form Data / File Data (multipart) and Data are two
 * different bodies: giving both is an error rather than a guess.
 * `userContentType` is the Content-Type header the user set, if any.
 * @example bodySourceOf({ bodyType: "raw", data: "<a/>", contentType: "application/xml", arrayFormat: "repeat" }, undefined)
 * // { kind: "text", text: "<a/>", contentType: "application/xml" }
 */
export const bodySourceOf = (inputs: BodyInputs, userContentType: string | undefined): BodySource => {
  const multipart = multipartParts(
    inputs.formData ?? [],
    inputs.fileData ?? [],
    inputs.fileDataFileNames ?? [],
    inputs.arrayFormat,
  );
  const bodyType = inputs.bodyType ?? "auto";
  if (multipart) {
    if (!isEmpty(inputs.data) || (inputs.formFields ?? []).length > 0 || !["auto", "none"].includes(bodyType)) {
      throw dataError("cannot be combined with Form Data or File Data; send one or the other");
    }
    return { kind: "multipart", ...multipart };
  }
  switch (bodyType) {
    case "auto":
      return isEmpty(inputs.data) && (inputs.formFields ?? []).length > 0
        ? urlencodedBody(inputs)
        : bodyFromData(inputs.data, userContentType);
    case "json":
      return jsonBody(inputs.data);
    case "raw":
      return rawBody(inputs.data, inputs.contentType);
    case "form-urlencoded":
      return urlencodedBody(inputs);
    case "binary":
      return binaryBody(inputs.data, inputs.contentType);
    case "none":
      return NONE;
    default: {
      const unknownType: never = bodyType;
      throw new Error(`Unhandled body type: ${String(unknownType)}`);
    }
  }
};

const bytesBody = (bytes: Buffer, contentType: string | undefined): EncodedBody => ({
  contentType,
  length: bytes.length,
  open: () => bytes,
});

/**
 * Turns a classified body into bytes to send; a file's bytes are sent as they are, never copied.
 * @example encodeBody({ kind: "text", text: "a,b", contentType: "text/csv" }).length // 3
 */
export const encodeBody = (source: BodySource): EncodedBody => {
  switch (source.kind) {
    case "none":
      return { length: 0, open: () => undefined };
    case "json":
      return bytesBody(Buffer.from(source.text, "utf8"), JSON_TYPE);
    case "text":
      return bytesBody(Buffer.from(source.text, "utf8"), source.contentType ?? TEXT_TYPE);
    case "binary":
      return bytesBody(source.file.bytes, source.file.contentType ?? BINARY_TYPE);
    case "urlencoded":
      return bytesBody(Buffer.from(new URLSearchParams(source.pairs).toString(), "utf8"), FORM_URLENCODED_TYPE);
    case "multipart":
      return encodeMultipart(source);
    default: {
      const unknownKind: never = source;
      throw new Error(`Unhandled body kind: ${JSON.stringify(unknownKind)}`);
    }
  }
};
