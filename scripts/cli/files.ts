import { readFileSync } from "node:fs";
import path from "node:path";
import { lookup } from "mime-types";
import type { CliValue } from "./args";
import { UsageError } from "./errors";
import type { FileRef } from "./rows";

/** A file as an earlier step would hand it over: the bytes and their media type. */
export interface FileValue {
  data: Buffer;
  contentType: string;
}

const UNKNOWN_TYPE = "application/octet-stream";

const isFileRef = (value: unknown): value is FileRef =>
  typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as FileRef).file === "string";

/**
 * Reads a `@path` reference the way a previous step would provide a file: a Buffer with a content
 * type guessed from the extension. A file that cannot be read is a command-line mistake.
 * @example readFileRef({ file: "logo.png" }) // { data: <Buffer 89 50 4e 47 ...>, contentType: "image/png" }
 */
export const readFileRef = ({ file }: FileRef, cwd = process.cwd()): FileValue => {
  const absolute = path.resolve(cwd, file);
  try {
    return { data: readFileSync(absolute), contentType: lookup(absolute) || UNKNOWN_TYPE };
  } catch (error) {
    throw new UsageError(`Cannot read the file "@${file}": ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
};

const resolveValue = (value: CliValue, cwd: string): unknown => {
  if (isFileRef(value)) return readFileRef(value, cwd);
  if (Array.isArray(value)) {
    return value.map((row) => ({
      key: row.key,
      value: isFileRef(row.value) ? readFileRef(row.value, cwd) : row.value,
    }));
  }
  return value;
};

/**
 * Replaces every `@path` reference in the inputs with the file's contents.
 * @example resolveFiles({ fileData: [{ key: "report", value: { file: "q3.csv" } }] })
 * // { fileData: [{ key: "report", value: { data: <Buffer ...>, contentType: "text/csv" } }] }
 */
export const resolveFiles = (inputs: Record<string, CliValue>, cwd = process.cwd()): Record<string, unknown> =>
  Object.fromEntries(Object.entries(inputs).map(([key, value]) => [key, resolveValue(value, cwd)]));
