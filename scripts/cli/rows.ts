import { UsageError } from "./errors";

const SEPARATORS = [":", "="] as const;

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
