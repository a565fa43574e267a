/**
 * CSV to rows (RFC 4180: quoted fields may hold the delimiter, doubled quotes and line breaks;
 * lines end with CRLF or LF) with csv-parse. The delimiter is the one of `,` `;` tab `|` that
 * the header line uses most, outside quotes. Every value stays the text it was (nothing is
 * re-numbered). With a header row, each row is an object keyed by it, and a row with more or
 * fewer fields than the header fails saying which line, as does a header that names a column
 * twice: guessing which value is meant would lose data silently. Without one (CSV Header off),
 * each row is its list of fields, whatever its length. Blank lines are skipped, a byte order
 * mark is dropped, and an empty body is `[]`.
 */
import { isUtf8 } from "node:buffer";
import type { CsvError, Options } from "csv-parse/sync";
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as csvParse from /* webpackDefer: true */ "csv-parse/sync";
import { ResponseFormatError } from "../errors";
import { charsetFor, charsetOf, decodeIn, withBomOf } from "./text";

export const CSV_DELIMITERS = [",", ";", "\t", "|"] as const;
type Delimiter = (typeof CSV_DELIMITERS)[number];

/** How much of the body the header line is looked for in: a header is never this long. */
const HEADER_SAMPLE_CHARS = 65_536;
const QUOTE = '"';

/**
 * The delimiter of CSV text: of `,` `;` tab and `|`, the one its first line uses most outside
 * quotes (the first in that order on a tie; a comma when it uses none).
 * @example detectDelimiter('name;"a;b";note\n') // ";"
 */
export const detectDelimiter = (sample: string): Delimiter => {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const char of sample.slice(0, HEADER_SAMPLE_CHARS)) {
    if (char === QUOTE) quoted = !quoted;
    else if (!quoted && (char === "\n" || char === "\r")) break;
    else if (!quoted) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  let best: Delimiter = ",";
  for (const candidate of CSV_DELIMITERS) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) best = candidate;
  }
  return best;
};

const fields = (count: number | undefined): string =>
  count === undefined ? "a different number of fields" : `${count} field${count === 1 ? "" : "s"}`;

const QUOTE_CODE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

/**
 * The line (1 for the first) where the quoted field that is never closed opens. csv-parse only
 * says where it stopped, at the end of the body, however far back the quote was. Read only on
 * that error, when every quote before the open one was well placed (csv-parse refuses a stray
 * quote first), so a quote opens a field, closes it, or is doubled inside it. Line ends are
 * counted as csv-parse counts them outside quotes: LF, CRLF or a lone CR.
 * @example openQuoteLine('id,name\n1,"Ann\n2,Bob\n') // 2
 */
export const openQuoteLine = (input: Buffer | string): number => {
  const codeAt = typeof input === "string" ? (at: number) => input.charCodeAt(at) : (at: number) => input[at];
  let opened = -1;
  for (let at = 0; at < input.length; at += 1) {
    if (codeAt(at) !== QUOTE_CODE) continue;
    if (opened === -1) opened = at;
    else if (codeAt(at + 1) === QUOTE_CODE) at += 1;
    else opened = -1;
  }
  let line = 1;
  for (let at = 0; at < opened; at += 1) {
    const code = codeAt(at);
    if (code === LF || (code === CR && codeAt(at + 1) !== LF)) line += 1;
  }
  return line;
};

/** A csv-parse error as a sentence that says where, without quoting the body (it may hold secrets). */
const describeCsvError = (
  error: CsvError & { lines?: number; index?: number },
  input: Buffer | string,
  headerLength?: number,
): string => {
  const line = error.lines ? ` at line ${error.lines}` : "";
  const field = typeof error.index === "number" ? ` (field ${error.index + 1})` : "";
  const at = line && `${line}${field}`;
  switch (error.code) {
    case "CSV_RECORD_INCONSISTENT_FIELDS_LENGTH":
    case "CSV_RECORD_INCONSISTENT_COLUMNS":
      return `the CSV row${line} has ${fields((error.record as unknown[] | undefined)?.length)} where the header has ${fields(headerLength)}; turn CSV Header off to get each row as a list of its own length`;
    case "INVALID_OPENING_QUOTE":
      return `the response body is not valid CSV${at}: a quote inside a field that does not start with one`;
    case "CSV_INVALID_CLOSING_QUOTE":
      return `the response body is not valid CSV${at}: a quoted field is followed by something other than a delimiter or a line end`;
    case "CSV_QUOTE_NOT_CLOSED":
      return `the response body is not valid CSV: a quoted field opened at line ${openQuoteLine(input)}${field} is never closed`;
    default:
      return `the response body is not valid CSV${at} (${error.code})`;
  }
};

/** Rows keyed by the header: the first record names the keys and is not itself a row. */
const keyedRows = (): Pick<Options, "on_record"> & { header: () => string[] | undefined } => {
  let header: string[] | undefined;
  return {
    header: () => header,
    on_record: (record: string[], { lines }: { lines: number }) => {
      if (header) return Object.fromEntries(header.map((key, index) => [key, record[index]]));
      const seen = new Set<string>();
      for (const name of record) {
        if (seen.has(name)) {
          throw new ResponseFormatError(
            `the CSV header (line ${lines}) names the column ${JSON.stringify(name)} twice; turn CSV Header off to get each row as a list`,
          );
        }
        seen.add(name);
      }
      header = record;
      return null;
    },
  } as Pick<Options, "on_record"> & { header: () => string[] | undefined };
};

const parseRows = (input: Buffer | string, delimiter: Delimiter, header: boolean): unknown[] => {
  const keyed = header ? keyedRows() : undefined;
  try {
    return csvParse.parse(input, {
      delimiter,
      bom: true,
      skip_empty_lines: true,
      // With a header, every row must match it; without one, rows are lists of their own length.
      relax_column_count: !header,
      on_record: keyed?.on_record,
    }) as unknown[];
  } catch (error) {
    if (error instanceof ResponseFormatError) throw error;
    if (error instanceof Error && "code" in error) {
      throw new ResponseFormatError(describeCsvError(error as CsvError, input, keyed?.header()?.length));
    }
    throw error;
  }
};

/**
 * Decodes a CSV body and parses it into rows. UTF-8 (the usual case) is checked and handed to
 * the parser as bytes, so a large export is not also held as one string; other charsets are
 * decoded first.
 * @example parseCsv(Buffer.from("id,name\n1,Widget\n"), "text/csv", undefined, true) // [{ id: "1", name: "Widget" }]
 */
export const parseCsv = (
  body: Buffer,
  contentType: unknown,
  chosen: string | undefined,
  header: boolean,
): unknown[] => {
  const choice = withBomOf(body, { chosen, declared: charsetOf(contentType) });
  if (charsetFor(choice) === "utf-8" && isUtf8(body)) {
    // The delimiters are ASCII, which UTF-8 keeps as single bytes, so a Latin-1 view finds them.
    const delimiter = detectDelimiter(body.subarray(0, HEADER_SAMPLE_CHARS).toString("latin1"));
    return parseRows(body, delimiter, header);
  }
  const text = decodeIn(body, choice);
  return parseRows(text, detectDelimiter(text), header);
};
