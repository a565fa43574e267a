import { randomBytes } from "node:crypto";
import FormData from "form-data";
import { lookup } from "mime-types";
import type { KeyValue } from "../inputs/keyValues";
import { InputError } from "./errors";
import { asFilePayload, type FilePayload } from "./payload";

/** A multipart file part: the field name, the file and the name it is uploaded under. */
export interface FilePart {
  field: string;
  fileName: string;
  file: FilePayload;
}

/** What the user asked to send, classified once. */
export type BodySource =
  | { kind: "none" }
  | { kind: "json"; text: string }
  | { kind: "text"; text: string }
  | { kind: "binary"; file: FilePayload }
  | { kind: "multipart"; fields: KeyValue<string>[]; files: FilePart[] };

/** A body ready to send. `open` is called for every attempt and hop, so no stream is replayed. */
export interface EncodedBody {
  /** The type this body implies; a Content-Type header the user set wins, unless `ownsContentType`. */
  contentType?: string;
  /** True when the type carries something the body depends on, like a multipart boundary. */
  ownsContentType?: boolean;
  length: number;
  open: () => Buffer | FormData | undefined;
}

export const JSON_TYPE = "application/json";
export const TEXT_TYPE = "text/plain; charset=utf-8";
export const BINARY_TYPE = "application/octet-stream";

const isJsonText = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

const toJsonText = (value: unknown): string => {
  try {
    return JSON.stringify(value);
  } catch (error) {
    throw new InputError("Data", "data", `cannot be sent as JSON: ${(error as Error).message}`);
  }
};

/**
 * Classifies the `data` input: files are binary, objects are JSON, JSON text is JSON unless the
 * user chose a Content-Type, other text is text. Text is never re-serialized, so what the user
 * wrote is what the server receives.
 * @example bodyFromData({ id: 1 }, undefined) // { kind: "json", text: '{"id":1}' }
 */
export const bodyFromData = (data: unknown, userContentType: string | undefined): BodySource => {
  if (data === undefined || data === null || data === "") return { kind: "none" };
  const file = asFilePayload(data);
  if (file) return { kind: "binary", file };
  if (typeof data !== "string") return { kind: "json", text: toJsonText(data) };
  if (userContentType === undefined && isJsonText(data)) return { kind: "json", text: data };
  return { kind: "text", text: data };
};

const textOf = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "string" ? value : toJsonText(value);

const toFilePart = (fileNames: KeyValue[]) => ({ key, value }: KeyValue): FilePart => {
  const named = fileNames.find((entry) => entry.key === key);
  const fileName = named && textOf(named.value) !== "" ? textOf(named.value) : key;
  const file = asFilePayload(value) ?? {
    bytes: Buffer.from(textOf(value), "utf8"),
    contentType: lookup(fileName) || TEXT_TYPE,
  };
  return { field: key, fileName, file };
};

/**
 * Classifies the form inputs; every file name must belong to a file, so a typo is not silently ignored.
 * @example bodyFromForm([{ key: "note", value: "hi" }], [], []).kind // "multipart"
 */
export const bodyFromForm = (formData: KeyValue[], fileData: KeyValue[], fileNames: KeyValue[]): BodySource => {
  if (formData.length === 0 && fileData.length === 0) return { kind: "none" };
  const orphan = fileNames.find((entry) => !fileData.some((file) => file.key === entry.key));
  if (orphan) {
    throw new InputError(
      "File Data File Names",
      "fileDataFileNames",
      `names a file "${orphan.key}", but File Data has no entry with that key`,
    );
  }
  const fields = formData.map(({ key, value }) => ({ key, value: textOf(value) }));
  return { kind: "multipart", fields, files: fileData.map(toFilePart(fileNames)) };
};

const bytesBody = (bytes: Buffer, contentType: string | undefined): EncodedBody => ({
  contentType,
  length: bytes.length,
  open: () => bytes,
});

const multipartBody = (fields: KeyValue<string>[], files: FilePart[]): EncodedBody => {
  // One boundary for every rebuild, so a retried form carries the same headers.
  const boundary = `----HttpConnector${randomBytes(12).toString("hex")}`;
  const open = () => {
    const form = new FormData();
    form.setBoundary(boundary);
    for (const { key, value } of fields) form.append(key, value);
    for (const { field, fileName, file } of files) {
      form.append(field, file.bytes, { filename: fileName, contentType: file.contentType });
    }
    return form;
  };
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    ownsContentType: true,
    length: open().getLengthSync(),
    open,
  };
};

/**
 * Turns a classified body into bytes to send.
 * @example encodeBody({ kind: "text", text: "a,b" }).length // 3
 */
export const encodeBody = (source: BodySource): EncodedBody => {
  switch (source.kind) {
    case "none":
      return { length: 0, open: () => undefined };
    case "json":
      return bytesBody(Buffer.from(source.text, "utf8"), JSON_TYPE);
    case "text":
      return bytesBody(Buffer.from(source.text, "utf8"), TEXT_TYPE);
    case "binary":
      return bytesBody(source.file.bytes, source.file.contentType ?? BINARY_TYPE);
    case "multipart":
      return multipartBody(source.fields, source.files);
    default: {
      const unknownKind: never = source;
      throw new Error(`Unhandled body kind: ${JSON.stringify(unknownKind)}`);
    }
  }
};
