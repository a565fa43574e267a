import { UsageError } from "./errors";
import type { Flag } from "./flags";

/**
 * Flags of the runner itself rather than inputs of the action: how the result is shown or
 * saved. A table, so the parser, the help and the test that no input shares a name read one list.
 */
export const RUNNER_FLAGS = {
  json: {
    takesValue: false,
    short: undefined,
    help: "print the result as the platform sees it: { data, ... } as JSON, bytes as base64",
  },
  output: {
    takesValue: true,
    short: "-o",
    help: "save the body to FILE as received; status, type, size and sha256 go to stderr",
  },
} as const;

export type RunnerFlag = keyof typeof RUNNER_FLAGS;

/**
 * The short forms of the runner's flags, each standing for its long flag.
 * @example SHORT_RUNNER_FLAGS["-o"] // "--output"
 */
export const SHORT_RUNNER_FLAGS: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(RUNNER_FLAGS).flatMap(([name, flag]) => (flag.short ? [[flag.short, `--${name}`]] : [])),
);

/** How the result of a run is delivered. */
export interface RunOptions {
  json: boolean;
  /** The file to save the body to, as typed (relative to the user's folder). */
  output?: string;
}

const FALSE_WORDS: ReadonlySet<string> = new Set(["false", "no", "off", "f", "n", "0"]);

const isRunnerFlag = (name: string): name is RunnerFlag => Object.hasOwn(RUNNER_FLAGS, name);

/**
 * Whether a name is a runner switch, which takes a true/false word as its value or stands alone.
 * @example isRunnerSwitch("json") // true
 */
export const isRunnerSwitch = (name: string): boolean => isRunnerFlag(name) && !RUNNER_FLAGS[name].takesValue;

const readOptions = (flags: readonly Flag[]): RunOptions => {
  const options: RunOptions = { json: false };
  const seen = new Set<string>();
  for (const flag of flags) {
    if (seen.has(flag.name)) throw new UsageError(`--${flag.name} was given more than once`);
    seen.add(flag.name);
    if (flag.name === "json") options.json = flag.value === undefined || !FALSE_WORDS.has(flag.value.toLowerCase());
    else if (flag.value === undefined || flag.value === "") throw new UsageError("--output (-o) needs a file name");
    else options.output = flag.value;
  }
  if (options.json && options.output !== undefined) {
    throw new UsageError(
      "--json and --output cannot be combined: --json prints the result; redirect it (> file) to save it",
    );
  }
  return options;
};

/**
 * Takes the runner's own flags out of the command line, leaving the action's inputs.
 * @example takeRunnerFlags([{ name: "url", value: "https://x.test" }, { name: "output", value: "a.png" }])
 * // { options: { json: false, output: "a.png" }, rest: [{ name: "url", value: "https://x.test" }] }
 */
export const takeRunnerFlags = (flags: readonly Flag[]): { options: RunOptions; rest: Flag[] } => ({
  options: readOptions(flags.filter((flag) => isRunnerFlag(flag.name))),
  rest: flags.filter((flag) => !isRunnerFlag(flag.name)),
});
