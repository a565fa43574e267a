import { randomBytes } from "node:crypto";
import FormData from "form-data";
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as mime from /* webpackDefer: true */ "mime-types";
import { headerValueProblem, type KeyValue, type TextValue, toTextValue } from "../inputs/keyValues";
import type { ArrayFormat } from "../inputs/shared";
import { describeAt, InvalidValue, toJsonText, wellFormed } from "../inputs/values";
import { MAX_NAME_CHARS } from "../limits";
import { InputError } from "./errors";
import { BINARY_TYPE, TEXT_TYPE } from "./mediaTypes";
import { toPairs } from "./pairs";
import { asFilePayload, type FilePayload } from "./payload";

/** A multipart file part: the field name, the file and the name it is uploaded under. */
export interface FilePart {
  field: string;
  fileName: string;
  file: FilePayload;
}

/** The parts of a multipart body, checked and in order. */
export interface MultipartParts {
  fields: KeyValue<string>[];
  files: FilePart[];
}

/** The encodable body, as body.ts defines it; repeated here as a shape to keep the files apart. */
interface Encoded {
  contentType: string;
  ownsContentType: true;
  length: number;
  open: () => FormData;
}

/**
 * What a part's name or file name cannot hold: control characters end or corrupt the part's
 * header, and a backslash is read as an escape inside its quotes. A `"` is written as %22, as
 * browsers do (the HTML standard's multipart/form-data encoding).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const NOT_IN_PART_NAME = /[\u0000-\u001F\u007F\\]/;

/** The HTML standard's escaping of a quote inside a part header's quoted name. */
const escapeName = (text: string): string => text.replaceAll('"', "%22");

const partError = (label: string, key: string, index: number, what: string, problem: string): InputError =>
  new InputError(label, key, `row ${index + 1}'s ${what} ${problem}`);

const checkName = (text: string, label: string, key: string, index: number, what: string): void => {
  if (text.length > MAX_NAME_CHARS) {
    // Multipart parsers cap a part's header (busboy at 16 KB); no real name comes near this.
    throw partError(
      label,
      key,
      index,
      what,
      `is ${text.length} characters long, more than the ${MAX_NAME_CHARS} a name may have`,
    );
  }
  const bad = NOT_IN_PART_NAME.exec(text);
  if (!bad) return;
  const kind = bad[0] === "\\" ? "a backslash" : "a control character";
  throw partError(
    label,
    key,
    index,
    what,
    `has ${kind} (${describeAt(text, bad.index)}), which breaks a multipart part's header`,
  );
};

/** A File Data value that is not a file is sent as a text file: its text, or an object's JSON. */
const textFileOf = (value: unknown, index: number): Buffer => {
  try {
    const text = toTextValue(value);
    return Buffer.from(Array.isArray(text) ? toJsonText(value) : text, "utf8");
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw new InputError("File Data", "fileData", `row ${index + 1}'s value ${error.message}`);
  }
};

/**
 * The row of File Data File Names that names the file in row `index`: the nth name row with a
 * key for the nth file with it, so two files under one field can have names of their own.
 */
const nameRowOf = (fileData: KeyValue[], fileNames: KeyValue<string>[], index: number): number => {
  const { key } = fileData[index];
  const nth = fileData.slice(0, index).filter((row) => row.key === key).length;
  const rows = fileNames.flatMap((entry, row) => (entry.key === key ? [row] : []));
  return rows[nth] ?? -1;
};

/**
 * The name a file is uploaded under: its File Data File Names row, else the name the file came
 * with (a `fileName` beside its `data`), else the field's key. A name given is checked, never
 * swapped for another.
 */
const partFileName = (
  fileData: KeyValue[],
  fileNames: KeyValue<string>[],
  index: number,
  payload: FilePayload | undefined,
): string => {
  const named = nameRowOf(fileData, fileNames, index);
  if (named >= 0 && fileNames[named].value !== "") {
    checkName(fileNames[named].value, "File Data File Names", "fileDataFileNames", named, "file name");
    return fileNames[named].value;
  }
  if (payload?.fileName === undefined) return fileData[index].key;
  checkName(payload.fileName, "File Data", "fileData", index, "file's name");
  try {
    // A name from File Data File Names was read as text already; the file's own name was not.
    return wellFormed(payload.fileName);
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error;
    throw partError("File Data", "fileData", index, "file's name", error.message);
  }
};

const toFilePart =
  (fileNames: KeyValue<string>[]) =>
  ({ key, value }: KeyValue, index: number, fileData: KeyValue[]): FilePart => {
    checkName(key, "File Data", "fileData", index, "key");
    const payload = asFilePayload(value);
    const fileName = partFileName(fileData, fileNames, index, payload);
    const file = payload ?? { bytes: textFileOf(value, index), contentType: mime.lookup(fileName) || TEXT_TYPE };
    const problem = file.contentType === undefined ? undefined : headerValueProblem(file.contentType);
    if (problem) throw partError("File Data", "fileData", index, "file's content type", problem);
    return { field: key, fileName, file };
  };

/**
 * Checks the multipart inputs and puts them in order; every file name must belong to a file, so
 * a typo is not silently ignored. Undefined when there are no parts.
 * @example multipartParts([{ key: "note", value: "hi" }], [], [], "repeat")?.fields // [{ key: "note", value: "hi" }]
 */
export const multipartParts = (
  formData: KeyValue<TextValue>[],
  fileData: KeyValue[],
  fileNames: KeyValue<string>[],
  arrayFormat: ArrayFormat,
): MultipartParts | undefined => {
  if (formData.length === 0 && fileData.length === 0) return undefined;
  const orphan = fileNames.find((entry) => !fileData.some((file) => file.key === entry.key));
  if (orphan) {
    throw new InputError(
      "File Data File Names",
      "fileDataFileNames",
      `names a file "${orphan.key}", but File Data has no entry with that key`,
    );
  }
  formData.forEach(({ key }, index) => {
    checkName(key, "Form Data", "formData", index, "key");
  });
  const fields = toPairs(formData, arrayFormat).map(([key, value]) => ({ key, value }));
  return { fields, files: fileData.map(toFilePart(fileNames)) };
};

/**
 * A part's header, written here in form-data's own layout so a file name is sent as given
 * (form-data would keep only its base name, and normalize a path).
 */
const partHeader = (boundary: string, field: string, file?: { fileName: string; contentType: string }): string => {
  const name = `name="${escapeName(field)}"`;
  const disposition = file ? `${name}; filename="${escapeName(file.fileName)}"` : name;
  const type = file ? `Content-Type: ${file.contentType}\r\n` : "";
  return `--${boundary}\r\nContent-Disposition: form-data; ${disposition}\r\n${type}\r\n`;
};

/**
 * A multipart/form-data body; `open` builds a fresh stream for every attempt and hop.
 * @example encodeMultipart({ fields: [{ key: "note", value: "hi" }], files: [] }).contentType // "multipart/form-data; boundary=..."
 */
export const encodeMultipart = ({ fields, files }: MultipartParts): Encoded => {
  // One boundary for every rebuild, so a retried form carries the same headers.
  const boundary = `----HttpConnector${randomBytes(12).toString("hex")}`;
  const open = () => {
    const form = new FormData();
    form.setBoundary(boundary);
    for (const { key, value } of fields) form.append(key, value, { header: partHeader(boundary, key) });
    for (const { field, fileName, file } of files) {
      // As form-data would: a file without a type gets the one its name suggests.
      const contentType = file.contentType ?? (mime.lookup(fileName) || BINARY_TYPE);
      form.append(field, file.bytes, { header: partHeader(boundary, field, { fileName, contentType }) });
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
