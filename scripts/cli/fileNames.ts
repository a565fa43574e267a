import path from "node:path";
import type { CliRow, CliValue } from "./args";
import type { ActionDefinition } from "./component";

/**
 * A file uploaded from `@path` keeps its own name: the connector names a part after its field
 * unless File Data File Names says otherwise, so the runner adds those rows itself, as a builder
 * would in the designer. The connector reads a field's name rows in order, one per file of that
 * field, so each file of a field gets a row: its own name, or the field's for one given as text.
 * Names the user gave for a field always win.
 */

/** Each list of files, and the list that names them. */
const NAMES_OF: Readonly<Record<string, string>> = { fileData: "fileDataFileNames" };

const rowsOf = (value: CliValue | undefined): CliRow[] => (Array.isArray(value) ? value : []);

const isPathFile = (row: CliRow): boolean => typeof row.value !== "string" && row.value.reading === "file";

/** The name rows to add for one list of files: for each field with a `@path` file that the user did not name. */
const namesFor = (files: CliRow[], given: CliRow[]): CliRow[] => {
  const fields = new Set(files.filter(isPathFile).map(({ key }) => key));
  for (const { key } of given) fields.delete(key);
  return files
    .filter(({ key }) => fields.has(key))
    .map((row) => ({
      key: row.key,
      value: typeof row.value === "string" ? row.key : path.basename(row.value.file),
    }));
};

/**
 * The inputs with File Data File Names rows for the `@path` files the user did not name.
 * @example withFileNames(httpFormData, { fileData: [{ key: "report", value: { file: "./q3.csv", reading: "file", flag: "..." } }] })
 * // { fileData: [...], fileDataFileNames: [{ key: "report", value: "q3.csv" }] }
 */
export const withFileNames = (action: ActionDefinition, inputs: Record<string, CliValue>): Record<string, CliValue> => {
  const next = { ...inputs };
  for (const [filesKey, namesKey] of Object.entries(NAMES_OF)) {
    if (!action.inputs.some((input) => input.key === namesKey)) continue;
    const given = rowsOf(inputs[namesKey]);
    const added = namesFor(rowsOf(inputs[filesKey]), given);
    if (added.length > 0) next[namesKey] = [...given, ...added];
  }
  return next;
};
