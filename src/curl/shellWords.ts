import { type ParseEntry, parse } from "shell-quote";
import { InvalidValue } from "../inputs/values";
import { MAX_CURL_COMMAND_CHARS } from "../limits";

/*
 * shell-quote splits words and handles quotes and escapes; what it leaves to us is steered
 * through its `$NAME` expansion, the one hook it offers that knows the quoting context:
 * - `\` + newline (a line continuation), backticks and a `#` inside a word are rewritten to
 *   placeholder variables first. Where a shell would act on them (unquoted or in double quotes)
 *   shell-quote asks for the variable; inside single quotes or after an escape they stay literal
 *   and are put back. (shell-quote reads every unquoted `#` as a comment; a shell only one that
 *   starts a word, so `https://x.test/a#top` and `-#` are words.)
 * - `$NAME` and `${NAME}` are answered with their own text, so nothing is read from the
 *   environment; `${` is tagged first so the braces survive.
 * - A bare `$` is answered with a marker, so `$(` (command substitution) can be told apart.
 */
const JOIN_VARIABLE = "__CURL_LINE_JOIN__";
const BACKTICK_VARIABLE = "__CURL_BACKTICK__";
const HASH_VARIABLE = "__CURL_HASH__";
const BRACED_PREFIX = "__CURL_BRACED__";
/** Private-use characters: they stand for what the shell would have done, until the words are read. */
const JOIN_MARK = "\uE000";
const SUBSTITUTION_MARK = "\uE001";
const DOLLAR_MARK = "\uE002";
const MARKS = /[\uE000-\uE002]/;

/** A backslash before a newline, unless that backslash is itself escaped (an even run is literal). */
const CONTINUATION = /(?<!\\)((?:\\\\)*)\\\r?\n/g;
const BACKTICK = /`/g;
/** A `#` that does not start a word (nor follows `$`, as in `$#`): a shell reads it as text. */
const HASH_IN_WORD = /(?<=[^\s$])(?<!__CURL_BRACED__)#/g;

const SUBSTITUTION_HINT =
  "uses command substitution (`...` or $(...)), which needs a shell; put the value itself in the command";

// biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes shell syntax, not a template.
const BAD_SUBSTITUTION = "has a ${...} that is not a valid variable reference";

const answerVariable = (name: string): string => {
  if (name === JOIN_VARIABLE) return JOIN_MARK;
  if (name === BACKTICK_VARIABLE) return SUBSTITUTION_MARK;
  if (name === HASH_VARIABLE) return "#";
  if (name === "") return DOLLAR_MARK;
  if (!name.startsWith(BRACED_PREFIX)) return `$${name}`;
  const braced = name.slice(BRACED_PREFIX.length);
  if (braced === "") throw new InvalidValue(BAD_SUBSTITUTION);
  return `\${${braced}}`;
};

const tokenize = (command: string): ParseEntry[] => {
  const prepared = command
    .replaceAll("${", `\${${BRACED_PREFIX}`)
    .replace(CONTINUATION, `$1\${${JOIN_VARIABLE}}`)
    .replace(BACKTICK, `\${${BACKTICK_VARIABLE}}`)
    .replace(HASH_IN_WORD, `\${${HASH_VARIABLE}}`);
  try {
    return parse(prepared, answerVariable) as ParseEntry[];
  } catch (error) {
    // shell-quote's pattern recurses per character of some words; below the size limit it holds.
    if (error instanceof RangeError)
      throw new InvalidValue("is too complex to read; split a very long word with quotes");
    // shell-quote refuses `${}` and unbalanced `${`; its message quotes the text, which may be a secret.
    if (error instanceof Error && error.message.startsWith("Bad substitution")) {
      throw new InvalidValue(BAD_SUBSTITUTION);
    }
    throw error;
  }
};

/** Operators a shell would act on; this action runs one command, without a shell. */
const describeOperators = (entries: ParseEntry[]): string[] => {
  const found = new Set<string>();
  for (const entry of entries) {
    if (typeof entry === "object" && "op" in entry && entry.op !== "glob") found.add(entry.op);
  }
  return [...found];
};

/** Unquoted `$(` reaches us as a bare `$` followed by the `(` operator. */
const isUnquotedSubstitution = (entry: ParseEntry, index: number, entries: ParseEntry[]): boolean => {
  const next = entries[index + 1];
  return (
    typeof entry === "string" &&
    entry.endsWith(DOLLAR_MARK) &&
    typeof next === "object" &&
    "op" in next &&
    next.op === "("
  );
};

const refuseShellSyntax = (entries: ParseEntry[]): void => {
  if (entries.some(isUnquotedSubstitution)) throw new InvalidValue(SUBSTITUTION_HINT);
  const operators = describeOperators(entries);
  if (operators.length > 0) {
    throw new InvalidValue(
      `uses shell syntax this action cannot run: ${operators.join(" ")}; it runs a single curl command ` +
        "without a shell (a URL that contains & must be in quotes)",
    );
  }
  if (entries.some((entry) => typeof entry === "object" && "comment" in entry)) {
    throw new InvalidValue(
      "has a # outside quotes, which a shell reads as a comment; remove the comment or quote the text containing #",
    );
  }
};

/** Turns one word's markers back into what they stand for, or refuses what needs a shell. */
const finishWord = (word: string): string | undefined => {
  if (word.includes(SUBSTITUTION_MARK) || word.includes(`${DOLLAR_MARK}(`)) throw new InvalidValue(SUBSTITUTION_HINT);
  if (word === JOIN_MARK) return undefined; // a continuation between words, not a word
  return word
    .replaceAll(JOIN_MARK, "")
    .replaceAll(DOLLAR_MARK, "$")
    .replaceAll(`\${${JOIN_VARIABLE}}`, "\\\n")
    .replaceAll(`\${${BACKTICK_VARIABLE}}`, "`")
    .replaceAll(`\${${HASH_VARIABLE}}`, "#")
    .replaceAll(`\${${BRACED_PREFIX}`, "${");
};

const asText = (entry: ParseEntry): string =>
  typeof entry === "string" ? entry : "pattern" in entry ? entry.pattern : "";

/**
 * Splits a pasted command into words as a POSIX shell would: quotes, escapes, `$'...'` and `\`
 * line continuations are honoured; `$VAR` stays literal text; pipes, redirections, `;`, `&&`,
 * comments and command substitution are refused. Unescaped newlines count as spaces, so a
 * command whose continuation backslashes were lost still reads as one command.
 * @example toShellWords("curl -H 'Accept: text/csv' \\\n  https://example.com") // ["curl", "-H", "Accept: text/csv", "https://example.com"]
 */
export const toShellWords = (command: string): string[] => {
  if (command.length > MAX_CURL_COMMAND_CHARS) {
    throw new InvalidValue(
      `is ${command.length} characters long, more than the ${MAX_CURL_COMMAND_CHARS} a command may have`,
    );
  }
  if (MARKS.test(command))
    throw new InvalidValue("contains private-use characters (U+E000 to U+E002), which it cannot read");
  const entries = tokenize(command);
  refuseShellSyntax(entries);
  return entries
    .map(asText)
    .map(finishWord)
    .filter((word): word is string => word !== undefined);
};
