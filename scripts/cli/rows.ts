import { UsageError } from "./errors";

/** A value to read from disk before the action runs: `@report.pdf` on the command line. */
export interface FileRef {
  file: string;
}

const FILE_PREFIX = "@";
const SEPARATORS = [":", "="] as const;

/**
 * Reads `@path` as a file reference and anything else as text.
 * @example fileOrText("@q3.pdf") // { file: "q3.pdf" }
 */
export const fileOrText = (text: string): string | FileRef =>
  text.startsWith(FILE_PREFIX) && text.length > FILE_PREFIX.length ? { file: text.slice(FILE_PREFIX.length) } : text;

/**
 * Reads one row of a key/value list flag, `Name: value` or `name=value`. The first separator
 * wins, so `X-Filter: a=b` is the header X-Filter and `q=a:b` is the parameter q. After a colon
 * the value's leading spaces are dropped, as in an HTTP header; after `=` it is kept as typed.
 * @example parseRow("headers", "Accept: text/csv") // { key: "Accept", value: "text/csv" }
 */
export const parseRow = (flag: string, text: string): { key: string; value: string } => {
  const positions = SEPARATORS.map((separator) => text.indexOf(separator)).filter((position) => position >= 0);
  const at = positions.length > 0 ? Math.min(...positions) : -1;
  const key = at >= 0 ? text.slice(0, at).trim() : "";
  if (key === "") {
    // The row is not quoted back: it may be a credential typed without its colon.
    throw new UsageError(
      `--${flag} takes rows like "Name: value" or "name=value"; one row has no name before ":" or "="`,
    );
  }
  const rest = text.slice(at + 1);
  return { key, value: text[at] === ":" ? rest.trimStart() : rest };
};
