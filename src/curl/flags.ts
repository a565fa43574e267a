import { InvalidValue } from "../inputs/values";

/** The curl options that take a value, by what they mean; each spelling curl accepts is listed. */
export const VALUE_FLAGS = {
  method: ["-X", "--request"],
  header: ["-H", "--header"],
  userAgent: ["-A", "--user-agent"],
  referer: ["-e", "--referer"],
  cookie: ["-b", "--cookie"],
  data: ["-d", "--data", "--data-ascii"],
  dataRaw: ["--data-raw"],
  dataBinary: ["--data-binary"],
  dataUrlencode: ["--data-urlencode"],
  form: ["-F", "--form"],
  formString: ["--form-string"],
  user: ["-u", "--user"],
  url: ["--url"],
  maxTime: ["-m", "--max-time"],
  connectTimeout: ["--connect-timeout"],
  proxy: ["-x", "--proxy"],
} as const;

/** The curl options that are switches and change the request. */
export const SWITCH_FLAGS = {
  get: ["-G", "--get"],
  head: ["-I", "--head"],
  insecure: ["-k", "--insecure"],
  location: ["-L", "--location"],
} as const;

/** Flags that only change what curl prints; the action returns the response its own way. */
export const OUTPUT_ONLY_FLAGS: readonly string[] = [
  "-s",
  "--silent",
  "-S",
  "--show-error",
  "-v",
  "--verbose",
  "-i",
  "--include",
];

/**
 * Flags that ask for what the action always does: responses are always decompressed, and
 * URLs are never expanded as curl globs (`{a,b}`, `[1-9]`).
 */
export const ALREADY_DEFAULT_FLAGS: readonly string[] = ["--compressed", "-g", "--globoff"];

export type ValueFlag = keyof typeof VALUE_FLAGS;
export type SwitchFlag = keyof typeof SWITCH_FLAGS;

/** One option as read from the command, with the spelling the user typed for messages. */
export type FoundFlag =
  | { kind: "value"; name: ValueFlag; typed: string; value: string }
  | { kind: "switch"; name: SwitchFlag; typed: string };

export interface ReadFlags {
  flags: FoundFlag[];
  /** Words that are not options: the URL, normally. */
  positionals: string[];
}

interface ReadState extends ReadFlags {
  /** Options curl may know but this action does not, as typed (without any `=value`). */
  unknown: string[];
  /** A value option that ended the command with no value after it. */
  missingValueOf?: string;
}

const lookup = <T extends string>(table: Record<T, readonly string[]>, spelling: string): T | undefined =>
  (Object.keys(table) as T[]).find((name) => table[name].includes(spelling));

const isIgnored = (spelling: string): boolean =>
  OUTPUT_ONLY_FLAGS.includes(spelling) || ALREADY_DEFAULT_FLAGS.includes(spelling);

/** Reads words one at a time; a value option may take the word after it. */
class FlagReader {
  readonly result: ReadState = { flags: [], positionals: [], unknown: [] };
  private index = 0;

  constructor(private readonly words: readonly string[]) {}

  read(): ReadState {
    let optionsEnded = false;
    while (this.index < this.words.length) {
      const word = this.words[this.index++];
      if (optionsEnded || !word.startsWith("-") || word === "-") this.result.positionals.push(word);
      else if (word === "--") optionsEnded = true;
      else if (word.startsWith("--")) this.readLong(word);
      else this.readShort(word);
    }
    return this.result;
  }

  /** `--data value` and `--data=value` both work; `--data=` keeps an empty value. */
  private readLong(word: string): void {
    const equals = word.indexOf("=");
    const spelling = equals === -1 ? word : word.slice(0, equals);
    const inline = equals === -1 ? undefined : word.slice(equals + 1);
    const valueName = lookup(VALUE_FLAGS, spelling);
    if (valueName) {
      this.addValue(valueName, spelling, inline);
      return;
    }
    const switchName = lookup(SWITCH_FLAGS, spelling);
    if ((switchName || isIgnored(spelling)) && inline !== undefined) {
      throw new InvalidValue(`has ${spelling}=..., but ${spelling} takes no value`);
    }
    if (switchName) this.result.flags.push({ kind: "switch", name: switchName, typed: spelling });
    else if (!isIgnored(spelling)) this.result.unknown.push(spelling);
  }

  /** `-sSL` is three switches; in `-XPOST` the rest of the word is the value of `-X`. */
  private readShort(word: string): void {
    for (let position = 1; position < word.length; position++) {
      const spelling = `-${word[position]}`;
      const valueName = lookup(VALUE_FLAGS, spelling);
      const rest = word.slice(position + 1);
      if (valueName) {
        this.addValue(valueName, spelling, rest === "" ? undefined : rest);
        return;
      }
      const switchName = lookup(SWITCH_FLAGS, spelling);
      if (switchName) this.result.flags.push({ kind: "switch", name: switchName, typed: spelling });
      else if (!isIgnored(spelling)) {
        // Whether an unknown letter takes a value is unknown too, so the rest of the word is not read.
        this.result.unknown.push(spelling);
        return;
      }
    }
  }

  private addValue(name: ValueFlag, typed: string, inline: string | undefined): void {
    const value = inline ?? this.words[this.index++];
    if (value === undefined) this.result.missingValueOf = typed;
    else this.result.flags.push({ kind: "value", name, typed, value });
  }
}

/** At most this many characters of an unknown option's name are shown: it is the user's text. */
const MAX_SHOWN_FLAG_CHARS = 40;

/**
 * Sorts the words after `curl` into the options this action understands, the other words,
 * and the options it does not understand. Unknown options are refused together, by name,
 * so nothing the user asked for is silently dropped.
 * @example readFlags(["-sSL", "-XPOST", "https://example.com"]).flags.map((flag) => flag.typed) // ["-L", "-X"]
 */
export const readFlags = (words: readonly string[]): ReadFlags => {
  const { flags, positionals, unknown, missingValueOf } = new FlagReader(words).read();
  // Unknown options first: one of them may be what swallowed or misplaced a value.
  if (unknown.length > 0) {
    const names = [...new Set(unknown)].map((name) => name.slice(0, MAX_SHOWN_FLAG_CHARS));
    throw new InvalidValue(`uses options this action does not support: ${names.join(", ")}`);
  }
  if (missingValueOf) throw new InvalidValue(`ends with ${missingValueOf}, which needs a value after it`);
  return { flags, positionals };
};
