import {
  BOOLEAN_TYPE,
  CONNECTION_TYPE,
  DATA_TYPE,
  isKeyValueList,
  type ActionDefinition,
  type ComponentDefinition,
  type RuntimeInput,
} from "./component";
import { TOKEN_FLAGS } from "./connectionArgs";

const pad = (rows: [string, string][]): string[] => {
  const width = Math.max(0, ...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`.trimEnd());
};

const connectionRows = (component: ComponentDefinition, inputKey: string): [string, string][] =>
  (component.connections ?? []).map((connection) => {
    const fields = [...connection.inputs.map((input) => input.key), ...(connection.oauth2Type ? Object.keys(TOKEN_FLAGS) : [])];
    return [`--${inputKey} ${connection.key}`, fields.map((field) => `--${inputKey}.${field}`).join(" ")];
  });

const DEFAULT_CONNECTION_INPUT = "connection";

/** The key actions give their connection input; the same for every action of this component. */
const connectionInputKey = (component: ComponentDefinition): string =>
  Object.values(component.actions)
    .flatMap((action) => action.inputs)
    .find((input) => input.type === CONNECTION_TYPE)?.key ?? DEFAULT_CONNECTION_INPUT;

/** How an input is typed on the command line, e.g. `--headers "Name: value" (repeat)`. */
const flagForm = (input: RuntimeInput): string => {
  if (input.type === CONNECTION_TYPE) return `--${input.key} <key>`;
  if (isKeyValueList(input)) return `--${input.key} "name: ${input.type === DATA_TYPE ? "value|@file" : "value"}"...`;
  if (input.type === BOOLEAN_TYPE) return `--${input.key} [true|false]`;
  if (input.model && input.model.length > 0) return `--${input.key} <${input.model.map((choice) => choice.value).join("|")}>`;
  return `--${input.key} <${input.type === DATA_TYPE ? "value|@file" : "value"}>`;
};

const describeInput = (input: RuntimeInput): string => {
  const fallback = input.default !== undefined && input.default !== "" ? ` (default ${String(input.default)})` : "";
  return `${input.label}${input.required ? ", required" : ""}${fallback}`;
};

/**
 * The inputs of one action, as flags with their labels: `npm start -- httpGet --help`.
 * @example actionUsage(component, component.actions.httpGet)
 */
export const actionUsage = (component: ComponentDefinition, action: ActionDefinition): string => {
  const connectionInput = action.inputs.find((input) => input.type === CONNECTION_TYPE);
  return [
    `${action.key}: ${action.display.label}`,
    ...(action.display.description ? [`  ${action.display.description}`] : []),
    "",
    `Usage: npm start -- ${action.key} [flags]`,
    "",
    "Inputs:",
    ...pad(action.inputs.map((input) => [flagForm(input), describeInput(input)])),
    ...(connectionInput ? ["", "Connections:", ...pad(connectionRows(component, connectionInput.key))] : []),
    "",
  ].join("\n");
};

/**
 * The runner's usage: commands, actions with their labels, and how flags are written.
 * @example usage(component).startsWith("Usage:") // true
 */
export const usage = (component: ComponentDefinition): string =>
  [
    "Usage:",
    "  npm start                                    run every action against the embedded demo API",
    "  npm start -- <action> --<input> <value> ...  run one action and print its result as JSON",
    "  npm start -- <action> --help                 list an action's inputs",
    "",
    "Actions:",
    ...pad(Object.values(component.actions).map((action) => [action.key, action.display.label])),
    "",
    "Flags:",
    "  --<input> <value> or --<input>=<value>       one input; use = for a value that starts with --",
    '  --headers "Accept: text/csv" --queryParams limit=10',
    "                                               key/value lists: repeat the flag, one row each",
    "  --includeFullResponse                        a true/false input alone means true",
    "  --fileData report=@q3.pdf                    @path reads a file (content type from its extension)",
    "  --connection <key> --connection.<field> <value>",
    "                                               a connection; OAuth 2.0 ones take --connection.accessToken",
    "",
    "Connections:",
    ...pad(connectionRows(component, connectionInputKey(component))),
    "",
    "Exit codes: 0 success, 1 the action failed, 2 a wrong command line.",
    "",
  ].join("\n");
