import { InvalidValue } from "../inputs/values";
import { CURL_LONG_OPTIONS } from "./curlOptions";
import { REFUSED_OPTIONS } from "./refused";

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
  proxyUser: ["-U", "--proxy-user"],
  json: ["--json"],
  urlQuery: ["--url-query"],
  maxRedirs: ["--max-redirs"],
  range: ["-r", "--range"],
  oauth2Bearer: ["--oauth2-bearer"],
  awsSigv4: ["--aws-sigv4"],
} as const;

/** The curl options that are switches and change the request. */
export const SWITCH_FLAGS = {
  get: ["-G", "--get"],
  head: ["-I", "--head"],
  insecure: ["-k", "--insecure"],
  location: ["-L", "--location"],
  locationTrusted: ["--location-trusted"],
  compressed: ["--compressed"],
  globoff: ["-g", "--globoff"],
  digest: ["--digest"],
  basic: ["--basic"],
} as const;

/**
 * Switches that only change what curl prints, saves or how it reports; the action returns the
 * response its own way, so they are noted in the debug log as not applicable.
 */
export const OUTPUT_ONLY_SWITCHES: readonly string[] = [
  "-s",
  "--silent",
  "-S",
  "--show-error",
  "-v",
  "--verbose",
  "-i",
  "--include",
  "-O",
  "--remote-name",
  "--remote-name-all",
  "-J",
  "--remote-header-name",
  "-R",
  "--remote-time",
  "--create-dirs",
  "-#",
  "--progress-bar",
  "--no-progress-meter",
  "-f",
  "--fail",
  "--fail-with-body",
  "--fail-early",
  "-N",
  "--no-buffer",
  "--trace-time",
  "--styled-output",
  "--no-styled-output",
  "--http1.1",
  "--tcp-nodelay",
];

/** Options with a value that only change what curl prints or saves: the value is skipped, never read. */
export const OUTPUT_ONLY_VALUES: readonly string[] = [
  "-o",
  "--output",
  "-c",
  "--cookie-jar",
  "-D",
  "--dump-header",
  "-w",
  "--write-out",
  "--trace",
  "--trace-ascii",
  "--stderr",
  "--libcurl",
  "--output-dir",
];

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
  /** Options that only change what curl prints or saves, as typed: the debug log says they do not apply. */
  notApplicable: string[];
}

interface ReadState extends ReadFlags {
  /** Options curl may know but this action does not, as typed (without any `=value`). */
  unknown: string[];
  /** A value option that ended the command with no value after it. */
  missingValueOf?: string;
}

/** At most this many characters of an unknown option's name are shown: it is the user's text. */
const MAX_SHOWN_FLAG_CHARS = 40;

const lookup = <T extends string>(table: Record<T, readonly string[]>, spelling: string): T | undefined =>
  (Object.keys(table) as T[]).find((name) => table[name].includes(spelling));

/**
 * The long option a word stands for: itself, or the one curl option it is a unique prefix of
 * (curl accepts `--sil` for `--silent`). A prefix of several is refused, as curl refuses it.
 * @example expandLong("--sil") // "--silent"
 */
export const expandLong = (spelling: string): string => {
  if (CURL_LONG_OPTIONS.includes(spelling)) return spelling;
  const matches = CURL_LONG_OPTIONS.filter((option) => option.startsWith(spelling));
  if (matches.length > 1) {
    const shown = spelling.slice(0, MAX_SHOWN_FLAG_CHARS);
    throw new InvalidValue(`has ${shown}, which curl refuses as ambiguous (it could be ${matches.join(", ")})`);
  }
  return matches[0] ?? spelling;
};

/** Reads words one at a time; a value option may take the word after it. */
class FlagReader {
  readonly result: ReadState = { flags: [], positionals: [], unknown: [], notApplicable: [] };
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
    const typed = equals === -1 ? word : word.slice(0, equals);
    const inline = equals === -1 ? undefined : word.slice(equals + 1);
    const spelling = expandLong(typed);
    const valueName = lookup(VALUE_FLAGS, spelling);
    if (valueName) {
      this.addValue(valueName, typed, inline);
      return;
    }
    if (OUTPUT_ONLY_VALUES.includes(spelling)) {
      this.skipValue(typed, inline);
      return;
    }
    const switchName = lookup(SWITCH_FLAGS, spelling);
    if ((switchName || OUTPUT_ONLY_SWITCHES.includes(spelling)) && inline !== undefined) {
      throw new InvalidValue(`has ${typed}=..., but ${typed} takes no value`);
    }
    if (switchName) this.result.flags.push({ kind: "switch", name: switchName, typed });
    else if (OUTPUT_ONLY_SWITCHES.includes(spelling)) this.result.notApplicable.push(typed);
    else this.result.unknown.push(typed);
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
      if (OUTPUT_ONLY_VALUES.includes(spelling)) {
        this.skipValue(spelling, rest === "" ? undefined : rest);
        return;
      }
      const switchName = lookup(SWITCH_FLAGS, spelling);
      if (switchName) this.result.flags.push({ kind: "switch", name: switchName, typed: spelling });
      else if (OUTPUT_ONLY_SWITCHES.includes(spelling)) this.result.notApplicable.push(spelling);
      else {
        // Whether an unknown letter takes a value is unknown too, so the rest of the word is not read.
        this.result.unknown.push(spelling);
        return;
      }
    }
  }

  private skipValue(typed: string, inline: string | undefined): void {
    if (inline === undefined && this.words[this.index++] === undefined) this.result.missingValueOf = typed;
    else this.result.notApplicable.push(typed);
  }

  private addValue(name: ValueFlag, typed: string, inline: string | undefined): void {
    const value = inline ?? this.words[this.index++];
    if (value === undefined) this.result.missingValueOf = typed;
    else this.result.flags.push({ kind: "value", name, typed, value });
  }
}

/**
 * Sorts the words after `curl` into the options this action understands, the other words,
 * and the options it does not understand. Unknown options are refused together, by name,
 * so nothing the user asked for is silently dropped.
 * @example readFlags(["-sSL", "-XPOST", "https://example.com"]).flags.map((flag) => flag.typed) // ["-L", "-X"]
 */
export const readFlags = (words: readonly string[]): ReadFlags => {
  const { flags, positionals, unknown, missingValueOf, notApplicable } = new FlagReader(words).read();
  // Unknown options first: one of them may be what swallowed or misplaced a value.
  if (unknown.length > 0) {
    const names = [...new Set(unknown)].map((name) => {
      const known = REFUSED_OPTIONS.find(({ options }) => options.includes(expandLong(name)));
      return known ? `${name} (${known.reason})` : name.slice(0, MAX_SHOWN_FLAG_CHARS);
    });
    throw new InvalidValue(`uses options this action does not support: ${names.join(", ")}`);
  }
  if (missingValueOf) throw new InvalidValue(`ends with ${missingValueOf}, which needs a value after it`);
  return { flags, positionals, notApplicable };
};
