/**
 * JSON parsing that never re-numbers a number. A JavaScript number is a double: `JSON.parse`
 * turns the ID 12345678901234567890 into 12345678901234567000, `1e400` into Infinity (which
 * JSON then writes as null), `1e-400` into 0 and `0.10000000000000000555` into 0.1, without a
 * word. Such a literal comes back as the string of its exact text, as do integers beyond
 * ±(2^53 - 1) (a 64-bit ID is text to its users); every other number, and everything else about
 * the text (duplicate keys, nesting, errors), is `JSON.parse`'s own.
 *
 * Not lossless-json: it throws on duplicate keys, which JSON.parse accepts, and overflows the
 * stack on deeply nested text that JSON.parse reads.
 */

/**
 * Signs of a number a double may change, each a cheap scan (one regex with alternatives costs
 * several times as much): 16 digits in a row (2^53 has 16; a double holds any 15 significant
 * digits); 16 or more split by a point, so 8 or more after it or 9 or more before it; an
 * exponent of three digits (past 1e308 a double overflows, below 1e-307 it loses digits or
 * becomes 0). A literal with none of them always round-trips, so most bodies skip the scan.
 */
const LONG_DIGIT_RUN = /\d{16}/;
const LONG_AROUND_POINT = /\.(?:\d{8}|(?<=\d{9}\.))/;
const LONG_EXPONENT = /\d[eE][+-]?\d{3}/;

const mayChange = (text: string): boolean =>
  LONG_DIGIT_RUN.test(text) || LONG_AROUND_POINT.test(text) || LONG_EXPONENT.test(text);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;

const isDigit = (code: number): boolean => code >= 0x30 && code <= 0x39;
/** Characters that may continue a JSON number after its first digit. */
const isNumberPart = (code: number): boolean =>
  isDigit(code) || code === 0x2e || code === 0x65 || code === 0x45 || code === 0x2b || code === MINUS;

/** The index just past the string that starts at `start` (a quote), or the end of the text. */
const endOfString = (text: string, start: number): number => {
  for (let index = start + 1; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) index += 1;
    else if (code === QUOTE) return index + 1;
  }
  return text.length;
};

const endOfNumber = (text: string, start: number): number => {
  let index = start + 1;
  while (index < text.length && isNumberPart(text.charCodeAt(index))) index += 1;
  return index;
};

/** A number as JSON writes it: sign, integer part, fraction, exponent. */
const JSON_NUMBER = /^(-?)(0|[1-9]\d*)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;
/** A number as JavaScript prints one (`String(n)`): like JSON's, with `e+21`. */
const PRINTED_NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:e([+-]?\d+))?$/;

/**
 * A number's decimal value in one spelling, so two spellings can be compared: `1.50e2`, `150`
 * and `1.5e+2` all give "+15e3"; every zero gives "0" (its sign is JSON.parse's to keep).
 * @example normalDecimal(JSON_NUMBER.exec("-0.00120e5")) // "-12e3"
 */
const normalDecimal = (parts: RegExpExecArray): string => {
  const [, sign = "", whole = "", fraction = "", exponent = "0"] = parts;
  const digits = whole + fraction;
  const first = digits.search(/[1-9]/);
  if (first < 0) return "0";
  const significant = digits.slice(first).replace(/0+$/, "");
  // Exponents of JSON text may have any number of digits; BigInt keeps them exact.
  const point = BigInt(whole.length - first) + BigInt(exponent);
  return `${sign === "-" ? "-" : "+"}${significant}e${point}`;
};

/**
 * True when `JSON.parse` would return a number of another decimal value than the literal: out
 * of range (Infinity, or 0 for a literal that is not zero), or rounded, JavaScript printing it
 * (shortest round-trip) as other digits.
 * @example changesValue(JSON_NUMBER.exec("9007199254740993e0")) // true
 */
const changesValue = (literal: RegExpExecArray): boolean => {
  const value = Number(literal[0]);
  if (!Number.isFinite(value)) return true;
  const printed = PRINTED_NUMBER.exec(String(value));
  return printed === null || normalDecimal(printed) !== normalDecimal(literal);
};

/** Integers beyond ±(2^53 - 1) are returned as text even when a double holds them, as 2^53 itself. */
const isUnsafeInteger = (token: string): boolean => /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token));

/** A literal this short without an exponent has at most 15 digits, which a double always holds (the common case). */
const SHORT_LITERAL_CHARS = 15;

/**
 * True for a number literal that comes back as its text. Only a valid one: quoting `01` or
 * `1.e400` would turn text that is not JSON into a string.
 */
const keptAsText = (token: string): boolean => {
  if (token.length <= SHORT_LITERAL_CHARS && !/[eE]/.test(token)) return false;
  const literal = JSON_NUMBER.exec(token);
  return literal !== null && (isUnsafeInteger(token) || changesValue(literal));
};

/** The text with every number literal outside strings that a double would change put in quotes. */
const quoteInexactNumbers = (text: string): string => {
  const parts: string[] = [];
  let copied = 0;
  let index = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) {
      index = endOfString(text, index);
    } else if (isDigit(code) || code === MINUS) {
      const end = endOfNumber(text, index);
      const token = text.slice(index, end);
      if (keptAsText(token)) {
        parts.push(text.slice(copied, index), `"${token}"`);
        copied = end;
      }
      index = end;
    } else {
      index += 1;
    }
  }
  return copied === 0 ? text : parts.join("") + text.slice(copied);
};

/**
 * True when JSON text holds a number literal that a JavaScript number would change.
 * @example hasInexactNumber('{"id": 12345678901234567890}') // true
 */
export const hasInexactNumber = (text: string): boolean => mayChange(text) && quoteInexactNumbers(text) !== text;

/**
 * Parses JSON text; a number a JavaScript number would change (integers beyond ±(2^53 - 1),
 * values out of a double's range, more digits than it holds) comes back as the string of its
 * exact text.
 * @example parseJsonExact('{"id":12345678901234567890,"big":1e400,"n":1.5}') // { id: "12345678901234567890", big: "1e400", n: 1.5 }
 */
export const parseJsonExact = (text: string): unknown => JSON.parse(mayChange(text) ? quoteInexactNumbers(text) : text);
