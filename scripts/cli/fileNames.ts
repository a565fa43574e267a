import path from "node:path";
import type { CliRow, CliValue } from "./args";
import type { ActionDefinition } from "./component";

/**
 * A file uploaded from `@path` keeps its own name: the connector names a part after its field
 * unless File Data File Names says otherwise, so the runner adds that row itself, as a builder
 * would in the designer. A name the user gave for the field always wins.
 */

/** Each list of files, and the list that names them. */
const NAMES_OF: Readonly<Record<string, string>> = { fileData: "fileDataFileNames" };

export interface NamedFiles {
  inputs: Record<string, CliValue>;
  /** Files whose own name cannot be kept, for stderr. */
  notes: string[];
}

const rowsOf = (value: CliValue | undefined): CliRow[] => (Array.isArray(value) ? value : []);

/** The name rows to add for one list of files, and notes for the files they cannot name. */
const namesFor = (files: CliRow[], given: CliRow[]): { added: CliRow[]; notes: string[] } => {
  const added: CliRow[] = [];
  const notes: string[] = [];
  for (const { key, value } of files) {
    if (typeof value === "string" || value.reading !== "file" || given.some((row) => row.key === key)) continue;
    const name = path.basename(value.file);
    const first = added.find((row) => row.key === key);
    if (!first) added.push({ key, value: name });
    else if (first.value !== name) {
      notes.push(
        `${value.flag}: File Data File Names holds one name per field, so this part is sent as "${first.value}" too; give each file its own field to keep its name`,
      );
    }
  }
  return { added, notes };
};

/**
 * The inputs with a File Data File Names row for each `@path` file the user did not name.
 * @example withFileNames(httpFormData, { fileData: [{ key: "report", value: { file: "./q3.csv", reading: "file", flag: "..." } }] })
 * // { inputs: { fileData: [...], fileDataFileNames: [{ key: "report", value: "q3.csv" }] }, notes: [] }
 */
export const withFileNames = (action: ActionDefinition, inputs: Record<string, CliValue>): NamedFiles => {
  const next = { ...inputs };
  const notes: string[] = [];
  for (const [filesKey, namesKey] of Object.entries(NAMES_OF)) {
    if (!action.inputs.some((input) => input.key === namesKey)) continue;
    const given = rowsOf(inputs[namesKey]);
    const named = namesFor(rowsOf(inputs[filesKey]), given);
    if (named.added.length > 0) next[namesKey] = [...given, ...named.added];
    notes.push(...named.notes);
  }
  return { inputs: next, notes };
};
