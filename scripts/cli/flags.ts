import { SHORT_RUNNER_FLAGS } from "./runnerFlags";

/** One `--name value` pair as typed; `value` is undefined for a bare `--name`. */
export interface Flag {
  name: string;
  value: string | undefined;
}

export interface SplitArgs {
  positionals: string[];
  flags: Flag[];
}

const FLAG_PREFIX = "--";
/** The words a switch accepts as its value, e.g. `--debugRequest false`; anything else is not its value. */
const SWITCH_VALUE = /^(true|false|yes|no|on|off|t|f|y|n|1|0)$/i;
const SHORT_HELP = "-h";
/** Short forms that stand for a long flag, taking its value the same way. */
const SHORT_FLAGS = SHORT_RUNNER_FLAGS;

const isFlag = (token: string | undefined): boolean => token?.startsWith(FLAG_PREFIX) === true && token.length > 2;

/**
 * Splits argv into positionals and flags, without knowing what any flag means beyond whether
 * it is a switch. `--name=value` always carries its value (the way to pass a value that starts
 * with `--`); `--name value` takes the next token unless that is another flag; a switch takes
 * the next token only when it is a true/false word, so `--debugRequest` alone means true.
 * `-h` is `--help` and `-o` is `--output`.
 * @example splitArgs(["httpGet", "--url", "https://x.test", "--debugRequest"], (name) => name === "debugRequest")
 * // { positionals: ["httpGet"], flags: [{ name: "url", value: "https://x.test" }, { name: "debugRequest", value: undefined }] }
 */
export const splitArgs = (argv: readonly string[], isSwitch: (name: string) => boolean): SplitArgs => {
  const positionals: string[] = [];
  const flags: Flag[] = [];
  for (let index = 0; index < argv.length; index += 1) {
    const token = Object.hasOwn(SHORT_FLAGS, argv[index]) ? SHORT_FLAGS[argv[index]] : argv[index];
    if (token === SHORT_HELP) {
      flags.push({ name: "help", value: undefined });
      continue;
    }
    if (!isFlag(token)) {
      positionals.push(token);
      continue;
    }
    const body = token.slice(FLAG_PREFIX.length);
    const equals = body.indexOf("=");
    if (equals > 0) {
      flags.push({ name: body.slice(0, equals), value: body.slice(equals + 1) });
      continue;
    }
    const next = argv[index + 1];
    const takesNext = next !== undefined && !isFlag(next) && (!isSwitch(body) || SWITCH_VALUE.test(next));
    flags.push({ name: body, value: takesNext ? next : undefined });
    if (takesNext) index += 1;
  }
  return { positionals, flags };
};
