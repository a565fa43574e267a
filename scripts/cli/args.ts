import { atPathOrText, type FileRef, readingOf } from "./atPath";
import {
  type ActionDefinition,
  BOOLEAN_TYPE,
  CONNECTION_TYPE,
  type ComponentDefinition,
  isKeyValueList,
  type RuntimeInput,
} from "./component";
import { type ConnectionChoice, readConnection } from "./connectionArgs";
import { CURL_ACTION, curlAction, curlFlagsToInputs, strayCurlWords, usesCurlShorthand } from "./curlShorthand";
import { UsageError, unknownName } from "./errors";
import { withFileNames } from "./fileNames";
import { type Flag, splitArgs } from "./flags";
import { parseRow } from "./rows";
import { isRunnerSwitch, type RunOptions, takeRunnerFlags } from "./runnerFlags";

/** A row of a key/value list flag; `@path` values stay references until run time. */
export interface CliRow {
  key: string;
  value: string | FileRef;
}

/** An input value as typed: text, a file reference, or rows of a key/value list. */
export type CliValue = string | FileRef | CliRow[];

/** What the command line asks for. */
export type Command =
  | { kind: "demo" }
  | { kind: "help"; actionKey?: string }
  | {
      kind: "run";
      actionKey: string;
      inputs: Record<string, CliValue>;
      connection?: ConnectionChoice;
      /** How the result is printed or saved. */
      options: RunOptions;
    };

const HELP_FLAG = "help";
const SWITCH_DEFAULT = "true";

const inputNamed = (action: ActionDefinition, name: string): RuntimeInput | undefined =>
  action.inputs.find((input) => input.key === name && input.type !== CONNECTION_TYPE);

const unknownInput = (action: ActionDefinition, name: string): UsageError =>
  unknownName(
    "input",
    name,
    action.inputs.map((input) => input.key),
    { where: ` for action ${action.key}`, typed: (key) => `--${key}` },
  );

/** The value as the input reads it: `@path` is a file only in inputs that read files (see atPath.ts). */
const typedValue = (input: RuntimeInput, text: string, typed: string): string | FileRef => {
  const reading = readingOf(input);
  return reading ? atPathOrText(text, reading, typed) : text;
};

/** Adds one flag to the inputs: list rows accumulate, a single value may be given once. */
const addInput = (inputs: Record<string, CliValue>, input: RuntimeInput, flag: Flag): void => {
  const text = flag.value ?? (input.type === BOOLEAN_TYPE ? SWITCH_DEFAULT : undefined);
  if (text === undefined) throw new UsageError(`--${flag.name} needs a value (${input.label})`);
  if (isKeyValueList(input)) {
    const row = parseRow(flag.name, text);
    const rows = (inputs[input.key] as CliRow[] | undefined) ?? [];
    inputs[input.key] = [...rows, { key: row.key, value: typedValue(input, row.value, `--${flag.name} ${text}`) }];
    return;
  }
  if (input.key in inputs) {
    throw new UsageError(`--${flag.name} was given more than once; only key/value list inputs repeat`);
  }
  inputs[input.key] = typedValue(input, text, `--${flag.name} ${text}`);
};

/** The action named first on the command line, or a message listing the actions. */
const actionNamed = (component: ComponentDefinition, key: string | undefined): ActionDefinition => {
  const valid = Object.keys(component.actions);
  if (key === undefined || key.startsWith("-")) {
    throw new UsageError(
      `Name the action first, e.g. "npm start -s -- httpGet --url <url>". Valid actions: ${valid.join(", ")}`,
    );
  }
  const action = component.actions[key];
  if (!action) throw unknownName("action", key, valid);
  return action;
};

const isHelp = (argv: readonly string[]): boolean => argv[0] === "-h" || argv[0] === `--${HELP_FLAG}`;

/** Reads the flags of a run: the action's inputs, and its connection with that connection's fields. */
const readRun = (
  action: ActionDefinition,
  flags: readonly Flag[],
  component: ComponentDefinition,
  options: RunOptions,
): Command => {
  const connectionInput = action.inputs.find((input) => input.type === CONNECTION_TYPE);
  const isConnectionFlag = (flag: Flag) =>
    connectionInput !== undefined &&
    (flag.name === connectionInput.key || flag.name.startsWith(`${connectionInput.key}.`));
  const inputs: Record<string, CliValue> = {};
  for (const flag of flags.filter((candidate) => !isConnectionFlag(candidate))) {
    const input = inputNamed(action, flag.name);
    if (!input) throw unknownInput(action, flag.name);
    addInput(inputs, input, flag);
  }
  const connection = connectionInput
    ? readConnection(connectionInput.key, flags.filter(isConnectionFlag), component.connections ?? [])
    : undefined;
  return {
    kind: "run",
    actionKey: action.key,
    inputs: withFileNames(action, inputs),
    options,
    ...(connection ? { connection } : {}),
  };
};

/**
 * Reads `npm start` arguments against the component's own definitions: the action key first,
 * then `--<input> <value>` flags, key/value lists as repeated `Name: value` rows, and a
 * connection as `--connection <key>` with `--connection.<field> <value>`, and the runner's own
 * `--json` and `-o FILE` (see runnerFlags.ts). Without an action,
 * `--curl "curl ..."` runs the cURL action. Nothing is read from disk or sent here; mistakes
 * throw `UsageError` naming what is valid.
 * @example parseArgs(["httpGet", "--url", "https://x.test/items", "--queryParams", "limit=10"], component)
 * // { kind: "run", actionKey: "httpGet", inputs: { url: "https://x.test/items", queryParams: [{ key: "limit", value: "10" }] }, options: { json: false } }
 */
export const parseArgs = (argv: readonly string[], component: ComponentDefinition): Command => {
  if (argv.length === 0) return { kind: "demo" };
  if (isHelp(argv)) return { kind: "help" };
  const curl = usesCurlShorthand(argv);
  const action = curl ? curlAction(component) : actionNamed(component, argv[0]);
  const isSwitch = (name: string) => inputNamed(action, name)?.type === BOOLEAN_TYPE || isRunnerSwitch(name);
  const split = splitArgs(curl ? argv : argv.slice(1), isSwitch);
  const { positionals } = split;
  if (split.flags.some((flag) => flag.name === HELP_FLAG)) return { kind: "help", actionKey: action.key };
  const { options, rest: flags } = takeRunnerFlags(split.flags);
  if (curl && positionals.length > 0) throw strayCurlWords(positionals.length);
  if (positionals.length > 0) {
    throw new UsageError(`Unexpected argument "${positionals[0]}": give inputs as --<input> <value>`);
  }
  return readRun(action, action.key === CURL_ACTION ? curlFlagsToInputs(flags) : flags, component, options);
};
