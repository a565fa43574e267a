import { type Reading, readingOf } from "./atPath";
import {
  type ActionDefinition,
  BOOLEAN_TYPE,
  CONNECTION_TYPE,
  type ComponentDefinition,
  isKeyValueList,
  mustBeGiven,
  type RuntimeConnection,
  type RuntimeInput,
} from "./component";
import { CURL_ACTION, CURL_FLAG } from "./curlShorthand";
import { RUNNER_FLAGS } from "./runnerFlags";
import { runnerFlagsOf, TOKEN_FLAGS, tokenNote, tokenSourceOf } from "./tokenSource";

/** Help lines are wrapped at this width, so long connection rows stay readable in a terminal. */
const LINE_WIDTH = 110;
/** `pad` indents each row and separates its columns by this many spaces in all. */
const PAD_SPACES = 4;
/** Where the explanations of the usage's Flags section start. */
const HELP_COLUMN = 47;
/** The right column never gets narrower than this, however long a connection key is. */
const MIN_TEXT_WIDTH = 40;

const pad = (rows: [string, string][]): string[] => {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
};

/**
 * Splits words into lines of at most `width` characters (a longer word gets a line alone).
 * @example wrapWords(["--a", "--b", "--c"], 8) // ["--a --b", "--c"]
 */
export const wrapWords = (words: readonly string[], width: number): string[] => {
  const lines: string[] = [];
  for (const word of words) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
};

/**
 * A connection's flags, optional ones in brackets. When the token must be given, it is the only
 * thing a local run needs: the other fields serve the platform's browser sign-in.
 */
const connectionFlags = (connection: RuntimeConnection, inputKey: string): string[] => {
  const tokenGiven = tokenSourceOf(connection) === "user";
  const runnerFlags = runnerFlagsOf(connection).map((name) => ({
    name,
    optional: !(tokenGiven && TOKEN_FLAGS[name] === "access_token"),
  }));
  const fields = connection.inputs.map((input) => ({ name: input.key, optional: tokenGiven || !mustBeGiven(input) }));
  return [...fields, ...runnerFlags].map(({ name, optional }) =>
    optional ? `[--${inputKey}.${name}]` : `--${inputKey}.${name}`,
  );
};

/** Each connection as `--connection <key>` beside its flags, wrapped, then where its token comes from. */
const connectionRows = (component: ComponentDefinition, inputKey: string): [string, string][] => {
  const left = Math.max(
    0,
    ...(component.connections ?? []).map((connection) => `--${inputKey} ${connection.key}`.length),
  );
  const width = Math.max(LINE_WIDTH - left - PAD_SPACES, MIN_TEXT_WIDTH);
  return (component.connections ?? []).flatMap((connection) => {
    const note = tokenNote(tokenSourceOf(connection), inputKey);
    const lines = [
      ...wrapWords(connectionFlags(connection, inputKey), width),
      ...(note ? wrapWords(note.split(" "), width) : []),
    ];
    return lines.map((line, index): [string, string] => [index === 0 ? `--${inputKey} ${connection.key}` : "", line]);
  });
};

const DEFAULT_CONNECTION_INPUT = "connection";

/** The key actions give their connection input; the same for every action of this component. */
const connectionInputKey = (component: ComponentDefinition): string =>
  Object.values(component.actions)
    .flatMap((action) => action.inputs)
    .find((input) => input.type === CONNECTION_TYPE)?.key ?? DEFAULT_CONNECTION_INPUT;

/** How an input is typed on the command line, e.g. `--headers "Name: value" (repeat)`. */
const flagForm = (input: RuntimeInput): string => {
  if (input.type === CONNECTION_TYPE) return `--${input.key} <key>`;
  const value = readingOf(input) ? "value|@file" : "value";
  if (isKeyValueList(input)) return `--${input.key} "name: ${value}"...`;
  if (input.type === BOOLEAN_TYPE) return `--${input.key} [true|false]`;
  if (input.model && input.model.length > 0)
    return `--${input.key} <${input.model.map((choice) => choice.value).join("|")}>`;
  return `--${input.key} <${value}>`;
};

const describeInput = (input: RuntimeInput): string => {
  const fallback = input.default !== undefined && input.default !== "" ? ` (default ${String(input.default)})` : "";
  return `${input.label}${input.required ? ", required" : ""}${fallback}`;
};

/**
 * The inputs of one action, as flags with their labels: `npm start -s -- httpGet --help`.
 * @example actionUsage(component, component.actions.httpGet)
 */
export const actionUsage = (component: ComponentDefinition, action: ActionDefinition): string => {
  const connectionInput = action.inputs.find((input) => input.type === CONNECTION_TYPE);
  return [
    `${action.key}: ${action.display.label}`,
    ...(action.display.description ? [`  ${action.display.description}`] : []),
    "",
    `Usage: npm start -s -- ${action.key} [flags]     (or npx http-connector ${action.key} [flags])`,
    ...(action.key === CURL_ACTION ? [`       npm start -s -- --${CURL_FLAG} "curl ..." [flags]`] : []),
    "",
    "Inputs:",
    ...pad(action.inputs.map((input) => [flagForm(input), describeInput(input)])),
    ...(connectionInput ? ["", "Connections:", ...pad(connectionRows(component, connectionInput.key))] : []),
    "",
  ].join("\n");
};

/** The labels of every action's inputs that read `@path` in the given way, each once. */
const labelsReading = (component: ComponentDefinition, reading: Reading): string =>
  [
    ...new Set(
      Object.values(component.actions)
        .flatMap((action) => action.inputs)
        .filter((input) => readingOf(input) === reading)
        .map((input) => input.label),
    ),
  ].join(", ");

/** The runner's own flags, from their table, explained from the Flags section's column. */
const runnerFlagLines = (): string[] =>
  Object.entries(RUNNER_FLAGS).map(([name, flag]) => {
    const value = flag.takesValue ? " FILE" : "";
    const form = `${flag.short ? `${flag.short}${value}, ` : ""}--${name}${value}`;
    return `  ${form.padEnd(HELP_COLUMN - 2)}${flag.help}`;
  });

/** How `@path` reads, with the inputs that take it named from the component's own definitions. */
const atPathLines = (component: ComponentDefinition): string[] =>
  wrapWords(
    [
      "@path reads a file, relative to the folder you are in.",
      `As a file (its bytes, a content type from its name): ${labelsReading(component, "file")}.`,
      `As text: ${labelsReading(component, "text")}.`,
      "@@ sends text that starts with @ (--data @@handle sends @handle); other inputs keep @ as typed.",
    ].flatMap((sentence) => sentence.split(" ")),
    LINE_WIDTH - HELP_COLUMN,
  ).map((line) => `${" ".repeat(HELP_COLUMN)}${line}`);

/**
 * The runner's usage: commands, actions with their labels, and how flags are written.
 * @example usage(component).startsWith("Usage:") // true
 */
export const usage = (component: ComponentDefinition): string =>
  [
    "Usage:",
    "  npm start                                    run every action against the embedded demo API",
    "  npm start -s -- <action> --<input> <value>   run one action and print its result (-s: no npm banner on stdout)",
    "  npx http-connector <action> ...              the same, from anywhere inside this repository",
    "  npm start -s -- <action> --help              list an action's inputs",
    `  npm start -s -- --${CURL_FLAG} "curl ..." [flags]    run a pasted cURL command (the ${CURL_ACTION} action)`,
    "",
    "Prints the body: text as received, JSON indented, bytes as they are into a pipe or file (not onto a terminal).",
    "",
    "Actions:",
    ...pad(Object.values(component.actions).map((action) => [action.key, action.display.label])),
    "",
    "Flags:",
    "  --<input> <value> or --<input>=<value>       one input; use = for a value that starts with --",
    '  --headers "Accept: text/csv" --queryParams limit=10',
    "                                               key/value lists: repeat the flag, one row each",
    "  --includeFullResponse                        a true/false input alone means true",
    "  --fileData report=@./q3.pdf --data @~/order.json",
    ...atPathLines(component),
    "  --connection <key> --connection.<field> <value>",
    "                                               a connection and its fields, listed below ([optional])",
    ...runnerFlagLines(),
    "",
    "Connections:",
    ...pad(connectionRows(component, connectionInputKey(component))),
    "",
    "Exit codes: 0 success, 1 the action failed, 2 a wrong command line.",
    "",
  ].join("\n");
