/**
 * One input as a row of the docs' input tables: Input | Key | Type | Default | Comments.
 * Each column is its own small function so the table's rules can be read and tested one by one.
 */
import { code, escapeInline, table } from "./markdown";
import type { DocChoice, DocInput } from "./types";

export const INPUT_COLUMNS = ["Input", "Key", "Type", "Default", "Comments"] as const;

/** How a collection reads in the Type column; an unknown collection is shown by its own name. */
const COLLECTION_NAMES: Readonly<Record<string, string>> = {
  keyvaluelist: "key/value list",
  valuelist: "list",
};

/** Input types whose value is a credential, which the designer masks. */
const SECRET_TYPES = new Set(["password"]);

/**
 * The label, marked *(required)* and *(secret)* where that applies.
 * @example
 * inputName({ key: "apiKey", label: "API Key", type: "password", required: true })
 * // "API Key *(required, secret)*"
 */
export const inputName = (input: DocInput): string => {
  const marks = [input.required ? "required" : "", SECRET_TYPES.has(input.type) ? "secret" : ""].filter(Boolean);
  const label = escapeInline(input.label);
  return marks.length > 0 ? `${label} *(${marks.join(", ")})*` : label;
};

/** The element type: a code input names its language, since that is what the editor checks. */
const baseType = (input: DocInput): string =>
  input.type === "code" && input.language ? `code (${input.language})` : input.type;

/** A collection of strings is just a "key/value list"; of anything else, it says of what. */
const collectionType = (input: DocInput, collection: string): string => {
  const name = COLLECTION_NAMES[collection] ?? collection;
  return input.type === "string" ? name : `${name} of ${baseType(input)}`;
};

/** A label that only restates its value (`json`, or `POST` for `post`) is not worth printing. */
const labelIsValue = (choice: DocChoice): boolean => choice.label.toLowerCase() === choice.value.toLowerCase();

/**
 * The choices of a dropdown: inline when every label is just its value, otherwise one per line
 * with the label the designer shows next to the value code receives.
 */
const choices = (model: readonly DocChoice[]): string => {
  if (model.every(labelIsValue)) return `One of: ${model.map((choice) => code(choice.value)).join(", ")}`;
  const line = (choice: DocChoice) =>
    labelIsValue(choice) ? code(choice.value) : `${code(choice.value)}: ${escapeInline(choice.label)}`;
  return ["One of:", ...model.map(line)].join("\n");
};

/**
 * The Type column: the type in code font, then the choices when the values are a closed set.
 * @example inputType({ key: "t", label: "T", type: "code", language: "graphql" }) // "`code (graphql)`"
 */
export const inputType = (input: DocInput): string => {
  const type = code(input.collection ? collectionType(input, input.collection) : baseType(input));
  return input.model && input.model.length > 0 ? `${type}\n${choices(input.model)}` : type;
};

/**
 * The Default column: empty when there is none (spectral fills in `""` for text inputs),
 * strings as written, anything else as JSON.
 * @example inputDefault({ key: "r", label: "R", type: "string", default: "json" }) // "`json`"
 */
export const inputDefault = (input: DocInput): string => {
  const value = input.default;
  if (value === undefined || value === null || value === "") return "";
  return code(typeof value === "string" ? value : JSON.stringify(value));
};

/**
 * The Comments column: the input's comments, then its example on a line of its own.
 * @example
 * inputComments({ key: "u", label: "URL", type: "string", comments: "The URL.", example: "https://x.test" })
 * // "The URL.\nExample: `https://x.test`"
 */
export const inputComments = (input: DocInput): string => {
  const lines = [input.comments ? escapeInline(input.comments) : ""];
  if (input.example) lines.push(`Example: ${code(input.example)}`);
  return lines.filter(Boolean).join("\n");
};

/**
 * An input's cells, one per column of INPUT_COLUMNS. Two inputs with the same row read the same
 * on the page, which is how an action's input is recognised as a shared one.
 * @example inputRow({ key: "url", label: "URL", type: "string", required: true })
 * // ["URL *(required)*", "`url`", "`string`", "", ""]
 */
export const inputRow = (input: DocInput): string[] => [
  inputName(input),
  code(input.key),
  inputType(input),
  inputDefault(input),
  inputComments(input),
];

/**
 * The table of a connection's or an action's inputs, in the order the designer shows them.
 * @example inputTable([{ key: "url", label: "URL", type: "string", required: true }])
 * // "| Input | Key | Type | Default | Comments |\n| --- | ... |\n| URL *(required)* | `url` | `string` |  |  |"
 */
export const inputTable = (inputs: readonly DocInput[]): string => table(INPUT_COLUMNS, inputs.map(inputRow));
