import type { KeyValue } from "../inputs/keyValues";
import { InvalidValue } from "../inputs/values";

/** The data options, which differ only in how their value becomes body text. */
export type DataFlag = "data" | "dataRaw" | "dataBinary" | "dataUrlencode";
/** The form options: `-F` reads `@`, `<` and `;type=`; `--form-string` takes the value as it is. */
export type FormFlag = "form" | "formString";

const NO_LOCAL_FILES = "this action runs on the platform, which has no local files";

/** What curl leaves unescaped (RFC 3986 unreserved); `encodeURIComponent` also leaves `!'()*`. */
const RESERVED_BY_CURL = /[!'()*]/g;

/**
 * Percent-encodes text exactly as curl's `--data-urlencode` does: everything but letters,
 * digits and `-._~`, with a space as `%20`.
 * @example curlEscape("a b&c!") // "a%20b%26c%21"
 */
export const curlEscape = (text: string): string =>
  encodeURIComponent(text).replace(RESERVED_BY_CURL, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

const refuseFile = (typed: string, example: string): never => {
  throw new InvalidValue(
    `reads the body from a file with ${typed} ${example}, but ${NO_LOCAL_FILES}; paste the content into the ` +
      "command instead (use --data-raw for text that starts with @)",
  );
};

/** `content`, `=content` and `name=content`; `@file` and `name@file` read a file. */
const urlencoded = (value: string, typed: string): string => {
  const separator = value.search(/[=@]/);
  if (separator === -1) return curlEscape(value);
  if (value[separator] === "@") return refuseFile(typed, "name@file");
  const name = value.slice(0, separator);
  const content = curlEscape(value.slice(separator + 1));
  return name === "" ? content : `${name}=${content}`;
};

/**
 * Turns the value of one data option into the body text curl sends for it; several parts are
 * joined with `&`. Values that name a file (`@file`) are refused: there are no local files.
 * @example toDataPart("dataUrlencode", "q=a b", "--data-urlencode") // "q=a%20b"
 */
export const toDataPart = (flag: DataFlag, value: string, typed: string): string => {
  switch (flag) {
    case "dataRaw":
      return value;
    case "data":
    case "dataBinary":
      return value.startsWith("@") ? refuseFile(typed, "@file") : value;
    case "dataUrlencode":
      return urlencoded(value, typed);
    default: {
      const unknownFlag: never = flag;
      throw new Error(`Unhandled data option: ${String(unknownFlag)}`);
    }
  }
};

/** In a `-F` value curl reads a leading `"` as quoting and `;` as the start of part attributes. */
const CURL_FORM_SYNTAX = /^"|;/;

/**
 * Reads a form field option, `name=value`. File parts (`name=@file`, `name=<file`) are refused,
 * since there are no local files; so is `-F` syntax the action does not replay (`;type=`, quotes).
 * @example toFormField("form", "note=hello", "-F") // { key: "note", value: "hello" }
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
  if (CURL_FORM_SYNTAX.test(field.value)) {
    throw new InvalidValue(
      `has a ${typed} value with ; or a leading ", which curl reads as part attributes or quoting; ` +
        "use --form-string 'name=value' to send such a value as it is",
    );
  }
  return field;
};
