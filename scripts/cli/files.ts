import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import path from "node:path";
import { TextDecoder } from "node:util";
import { lookup } from "mime-types";
import type { CliValue } from "./args";
import { type FileRef, settledReading } from "./atPath";
import type { ConnectionChoice } from "./connectionArgs";
import { UsageError } from "./errors";

/** A file as an earlier step would hand it over: the bytes and their media type. */
export interface FileValue {
  data: Buffer;
  contentType: string;
}

const UNKNOWN_TYPE = "application/octet-stream";
const HOME_PREFIX = `~${path.sep}`;
const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Why a file could not be read, in words, with the system's code for searching. */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: "does not exist",
  ENOTDIR: "does not exist (a part of the path is not a folder)",
  EISDIR: "is a folder, not a file",
  EACCES: "cannot be read (permission denied)",
  EPERM: "cannot be read (permission denied)",
};

const isFileRef = (value: unknown): value is FileRef =>
  typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as FileRef).file === "string";

/**
 * The absolute path a `@path` names: relative to the folder the user typed the command in (not
 * the project root `npm start` runs from), `~/` meaning the home folder, which the shell does
 * not expand after an `@`.
 * @example absolutePath("./x.csv", "/home/ana/reports") // "/home/ana/reports/x.csv"
 */
export const absolutePath = (file: string, baseDir: string): string =>
  file.startsWith(HOME_PREFIX) ? path.join(homedir(), file.slice(HOME_PREFIX.length)) : path.resolve(baseDir, file);

const unreadable = (ref: FileRef, absolute: string, error: unknown): UsageError => {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const reason = Object.hasOwn(REASONS, code) ? `${REASONS[code]} (${code})` : `cannot be read (${code || error})`;
  return new UsageError(`Cannot read ${ref.flag}: ${absolute} ${reason}`);
};

/**
 * Reads a `@path` reference the way an earlier step would hand the value over: for a file input,
 * a Buffer with a content type guessed from the name (as curl does for `-F`); for a text input,
 * the file's UTF-8 text. A file that cannot be read is a command-line mistake naming its full path.
 * @example readFileRef({ file: "logo.png", reading: "file", flag: "--data @logo.png" }, "file", "/home/ana")
 * // { data: <Buffer 89 50 4e 47 ...>, contentType: "image/png" }
 */
export const readFileRef = (ref: FileRef, reading: FileRef["reading"], baseDir: string): FileValue | string => {
  const absolute = absolutePath(ref.file, baseDir);
  let bytes: Buffer;
  try {
    bytes = readFileSync(absolute);
  } catch (error) {
    throw unreadable(ref, absolute, error);
  }
  if (reading === "file") return { data: bytes, contentType: lookup(absolute) || UNKNOWN_TYPE };
  try {
    return utf8.decode(bytes);
  } catch {
    throw new UsageError(`Cannot read ${ref.flag}: ${absolute} is not UTF-8 text`);
  }
};

/**
 * Replaces every `@path` reference in the inputs with what the file holds, paths taken from `baseDir`.
 * @example resolveFiles({ fileData: [{ key: "report", value: { file: "q3.csv", reading: "file", flag: "..." } }] }, "/home/ana")
 * // { fileData: [{ key: "report", value: { data: <Buffer ...>, contentType: "text/csv" } }] }
 */
export const resolveFiles = (inputs: Record<string, CliValue>, baseDir: string): Record<string, unknown> => {
  const read = (key: string, value: unknown) =>
    isFileRef(value) ? readFileRef(value, settledReading(value, key, inputs), baseDir) : value;
  return Object.fromEntries(
    Object.entries(inputs).map(([key, value]) => [
      key,
      Array.isArray(value) ? value.map((row) => ({ key: row.key, value: read(key, row.value) })) : read(key, value),
    ]),
  );
};

/**
 * The connection with its `@path` fields read, paths taken from `baseDir`.
 * @example resolveConnectionFiles(choice, "/home/ana").fields.certificate // { data: <Buffer ...>, contentType: "application/x-pem-file" }
 */
export const resolveConnectionFiles = (choice: ConnectionChoice, baseDir: string): ConnectionChoice => ({
  ...choice,
  fields: Object.fromEntries(
    Object.entries(choice.fields).map(([key, value]) => [
      key,
      isFileRef(value) ? readFileRef(value, value.reading, baseDir) : value,
    ]),
  ) as ConnectionChoice["fields"],
});
