import { InvalidValue } from "../inputs/values";

/** A line ending in `^` (cmd) or a backtick (PowerShell): how Windows commands continue lines. */
const CMD_CONTINUATION = /\^\r?\n/;
const POWERSHELL_CONTINUATION = /`\r?\n/;
/** Chrome's and Edge's "Copy as cURL (cmd)" escapes every quote: `^"`. */
const CMD_QUOTE = /\^"/;

export type CommandSyntax = "posix" | "cmd" | "powershell";

/**
 * The command with the text bash reads as quoted (`'…'`, `"…"`, `$'…'`) blanked out, the quotes
 * kept: a body whose line ends in a backtick (a Markdown fence) or that holds `^"` is bash's text,
 * not Windows syntax. Undefined when a quote is never closed, as where `'` is no quote (cmd).
 */
const outsideBashQuotes = (command: string): string | undefined => {
  let out = "";
  let closing: string | undefined;
  let escapes = false;
  for (let index = 0; index < command.length; index++) {
    const char = command[index];
    if (closing === undefined) {
      out += char;
      if (char === "\\") out += command[++index] ?? "";
      else if (char === "'" || char === '"') {
        closing = char;
        escapes = char === '"' || command[index - 1] === "$";
      }
    } else if (char === closing) {
      closing = undefined;
      out += char;
    } else {
      if (escapes && char === "\\") index++;
      out += "x";
    }
  }
  return closing === undefined ? out : undefined;
};

/**
 * Which shell a pasted command was written for, from the syntax only the Windows shells use,
 * outside what bash would quote: backtick continuations (PowerShell), `^` continuations or `^"`
 * quotes (cmd). Anything else is read as bash.
 * @example syntaxOf('curl ^"https://example.com^"') // "cmd"
 * @example syntaxOf("curl https://example.com -d 'a^\"b'") // "posix"
 */
export const syntaxOf = (command: string): CommandSyntax => {
  const outside = outsideBashQuotes(command) ?? command;
  if (POWERSHELL_CONTINUATION.test(outside)) return "powershell";
  if (CMD_CONTINUATION.test(outside) || CMD_QUOTE.test(outside)) return "cmd";
  return "posix";
};

const refuseOperator = (char: string, shell: string): never => {
  throw new InvalidValue(
    `uses ${char} outside quotes, which ${shell} reads as shell syntax; this action runs one curl command without a shell`,
  );
};

/**
 * What cmd.exe hands the program: `^` escapes the next character outside double quotes
 * (`^` + newline continues the line; `^` + two newlines is one newline, as Chrome writes it);
 * inside them it is literal. `%NAME%` stays as typed: nothing is read from the environment.
 */
const throughCmd = (command: string): string => {
  let out = "";
  let quoted = false;
  for (let index = 0; index < command.length; index++) {
    const char = command[index];
    if (char === '"') quoted = !quoted;
    if (quoted || char !== "^") {
      if (!quoted && "&|<>".includes(char)) refuseOperator(char, "cmd");
      out += char;
      continue;
    }
    const next = command[index + 1];
    if (next === "\n" && command[index + 2] === "\n") {
      out += "\n";
      index += 2;
    } else if (next === "\n") index += 1;
    else if (next !== undefined) {
      out += next;
      index += 1;
    }
  }
  return out;
};

/** Splits a command line as the Microsoft C runtime does for curl.exe's argv. */
const crtWords = (line: string): string[] => {
  const words: string[] = [];
  let word: string | undefined;
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === "\\") {
      let run = 0;
      while (line[index + run] === "\\") run++;
      const beforeQuote = line[index + run] === '"';
      word = (word ?? "") + "\\".repeat(beforeQuote ? Math.floor(run / 2) : run);
      index += run - 1;
      if (beforeQuote && run % 2 === 1) {
        word += '"';
        index += 1;
      }
    } else if (char === '"') {
      if (quoted && line[index + 1] === '"') {
        word = `${word ?? ""}"`;
        index += 1;
      } else {
        quoted = !quoted;
        word = word ?? "";
      }
    } else if (!quoted && /\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) words.push(word);
  return words;
};

/**
 * Splits a command copied for Windows cmd ("Copy as cURL (cmd)" in Chrome and Edge) into the
 * words curl.exe receives: cmd's `^` escapes first, then the C runtime's quoting.
 * @example cmdWords('curl ^"https://example.com/?a=1^&b=2^" ^\n  -H ^"Accept: text/csv^"') // ["curl", "https://example.com/?a=1&b=2", "-H", "Accept: text/csv"]
 */
export const cmdWords = (command: string): string[] => crtWords(throughCmd(command.replace(/\r\n/g, "\n")));

const POWERSHELL_ESCAPES: Readonly<Record<string, string>> = { n: "\n", r: "\r", t: "\t", "0": "\0" };

/** Reads `"..."` from `start` (the opening quote); returns the text and where the quote closed. */
const doubleQuoted = (line: string, start: number): [string, number] => {
  let text = "";
  for (let index = start + 1; index < line.length; index++) {
    const char = line[index];
    if (char === "`" && index + 1 < line.length) {
      const next = line[++index];
      text += POWERSHELL_ESCAPES[next] ?? next;
    } else if (char === '"' && line[index + 1] === '"') text += line[++index];
    else if (char === '"') return [text, index];
    else if (char === "$" && /[\w{(]/.test(line[index + 1] ?? "")) {
      throw new InvalidValue(
        'has a $ variable or $(...) inside "..." (PowerShell would expand it); put the value itself in the command, or use single quotes',
      );
    } else text += char;
  }
  throw new InvalidValue('has a " that is never closed');
};

const singleQuoted = (line: string, start: number): [string, number] => {
  let text = "";
  for (let index = start + 1; index < line.length; index++) {
    if (line[index] !== "'") text += line[index];
    else if (line[index + 1] === "'") text += line[++index];
    else return [text, index];
  }
  throw new InvalidValue("has a ' that is never closed");
};

/**
 * Splits a PowerShell command (`curl.exe` with backtick continuations) into words: single
 * quotes are literal (`''` is a quote), double quotes take backtick escapes, a backtick outside
 * quotes escapes the next character. Variables and pipelines need PowerShell and are refused.
 * Arguments reach curl.exe as PowerShell 7.3+ passes them (older versions drop inner quotes).
 * @example powershellWords("curl.exe 'https://example.com' `\n  -H 'Accept: text/csv'") // ["curl.exe", "https://example.com", "-H", "Accept: text/csv"]
 */
export const powershellWords = (command: string): string[] => {
  const line = command.replace(/`\r?\n/g, " ");
  const words: string[] = [];
  let word: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === "'" || char === '"') {
      const [text, end] = char === "'" ? singleQuoted(line, index) : doubleQuoted(line, index);
      word = (word ?? "") + text;
      index = end;
    } else if (char === "`") word = (word ?? "") + (line[++index] ?? "");
    else if ("|;&<>".includes(char)) refuseOperator(char, "PowerShell");
    else if (char === "$" && /[\w{(]/.test(line[index + 1] ?? "")) {
      throw new InvalidValue("has a PowerShell $ variable or $(...); put the value itself in the command");
    } else word = (word ?? "") + char;
  }
  if (word !== undefined) words.push(word);
  if (words.includes("--%"))
    throw new InvalidValue("uses PowerShell's --% (stop parsing), which this action cannot read");
  return words;
};
