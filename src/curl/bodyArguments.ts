import type { KeyValue } from "../inputs/keyValues";
import { InvalidValue } from "../inputs/values";

/** The data options, which differ only in how their value becomes body text. */
export type DataFlag = "data" | "dataRaw" | "dataBinary" | "dataUrlencode" | "json";
/** The form options: `-F` reads `@`, `<` and `;type=`; `--form-string` takes the value as it is. */
export type FormFlag = "form" | "formString";

const NO_LOCAL_FILES = "this action runs on the platform, which has no local files";

/** What curl leaves unescaped (RFC 3986 unreserved); `encodeURIComponent` also leaves `!'()*`. */
const RESERVED_BY_CURL = /[!'()*]/g;

/**
 * Percent-encodes text exactly as curl 7.88's `--data-urlencode` and `--url-query` do (checked
 * against the binary by the differential tests): everything but letters, digits and `-._~`,
 * with a space as `+`.
 * @example curlEscape("a b&c!") // "a+b%26c%21"
 */
export const curlEscape = (text: string): string =>
  encodeURIComponent(text)
    .replace(RESERVED_BY_CURL, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replaceAll("%20", "+");

/** The text a heredoc gives curl on standard input (`@-`), when the command has one. */
export type Stdin = string | undefined;

/** `-d @-` strips carriage returns and newlines from what it reads, as curl does; `--data-binary` keeps them. */
const LINE_BREAKS = /[\r\n]/g;

const fromStdin = (stdin: Stdin, typed: string, example: string): string =>
  stdin ?? refuseFile(typed, example, "reads standard input, which a step does not have");

const refuseFile = (
  typed: string,
  example: string,
  why = `reads the body from a file, but ${NO_LOCAL_FILES}`,
): never => {
  throw new InvalidValue(
    `has ${typed} ${example}, which ${why}; paste the content into the command instead (a heredoc ` +
      "<<'EOF' for @-, or --data-raw for text that starts with @)",
  );
};

/** `content`, `=content` and `name=content`; `@file` and `name@file` read a file, `@-` the heredoc. The name is sent as typed. */
export const urlencoded = (value: string, typed: string, stdin: Stdin): string => {
  const separator = value.search(/[=@]/);
  if (separator === -1) return curlEscape(value);
  const name = value.slice(0, separator);
  const rest = value.slice(separator + 1);
  const content =
    value[separator] === "@"
      ? rest === "-"
        ? fromStdin(stdin, typed, "name@-")
        : refuseFile(typed, "name@file")
      : rest;
  return name === "" ? curlEscape(content) : `${name}=${curlEscape(content)}`;
};

const readAt = (value: string, typed: string, stdin: Stdin): string =>
  value === "@-" ? fromStdin(stdin, typed, "@-") : refuseFile(typed, "@file");

/**
 * Turns the value of one data option into the body text curl sends for it; several parts are
 * joined with `&` (a `--json` part with nothing). Values that name a file (`@file`) are
 * refused: there are no local files; `@-` reads the command's heredoc.
 * @example toDataPart("dataUrlencode", "q=a b", "--data-urlencode", undefined) // "q=a+b"
 */
export const toDataPart = (flag: DataFlag, value: string, typed: string, stdin: Stdin): string => {
  switch (flag) {
    case "dataRaw":
      return value;
    case "data":
      return value.startsWith("@") ? readAt(value, typed, stdin).replace(LINE_BREAKS, "") : value;
    case "dataBinary":
    case "json":
      return value.startsWith("@") ? readAt(value, typed, stdin) : value;
    case "dataUrlencode":
      return urlencoded(value, typed, stdin);
    default: {
      const unknownFlag: never = flag;
      throw new Error(`Unhandled data option: ${String(unknownFlag)}`);
    }
  }
};

/** In an unquoted `-F` value curl reads `;` as the start of part attributes (`;type=`, `;filename=`). */
const PART_ATTRIBUTES = ";";

/**
 * A `-F` value in double quotes, as curl reads it: `\"` and `\\` are escapes, the quotes are
 * not sent. Undefined when something other than the end of the word follows the closing quote.
 */
const unquoteFormValue = (value: string): string | undefined => {
  let text = "";
  for (let index = 1; index < value.length; index++) {
    const char = value[index];
    if (char === '"') return index === value.length - 1 ? text : undefined;
    if (char === "\\" && (value[index + 1] === '"' || value[index + 1] === "\\")) index++;
    text += value[index];
  }
  return undefined;
};

const refuseAttributes = (typed: string): never => {
  throw new InvalidValue(
    `has a ${typed} value with part attributes (;type=, ;filename=, ...) or an unfinished quote, which this ` +
      "action does not send; use --form-string 'name=value' to send such a value as it is",
  );
};

/**
 * Reads a form field option, `name=value`. File parts (`name=@file`, `name=<file`) are refused,
 * since there are no local files; a value in double quotes is sent without them, as curl does;
 * part attributes (`;type=`) are refused.
 * @example toFormField("form", 'note="a; b"', "-F") // { key: "note", value: "a; b" }
 */
export const toFormField = (flag: FormFlag, value: string, typed: string): KeyValue<string> => {
  const equals = value.indexOf("=");
  if (equals < 1) throw new InvalidValue(`has ${typed} without a field name: write it as ${typed} 'name=value'`);
  const field = { key: value.slice(0, equals), value: value.slice(equals + 1) };
  if (flag === "formString") return field;
  if (field.value.startsWith("@") || field.value.startsWith("<")) {
    throw new InvalidValue(
      `uploads a local file with ${typed} name=@file (or name=<file), but ${NO_LOCAL_FILES}; use the File Data ` +
        'input of the "POST/PUT Form Data Request" action to send a file from an earlier step',
    );
  }
  if (field.value.startsWith('"'))
    return { key: field.key, value: unquoteFormValue(field.value) ?? refuseAttributes(typed) };
  if (field.value.includes(PART_ATTRIBUTES)) return refuseAttributes(typed);
  return field;
};
