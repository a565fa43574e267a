/**
 * JSON parsing that keeps every integer exact. JavaScript numbers hold integers exactly only up
 * to 2^53 - 1, so `JSON.parse` turns the ID 12345678901234567890 into 12345678901234567000.
 * Integers beyond that range become strings of their exact digits; every other number, and
 * everything else about the text (duplicate keys, nesting, errors), is `JSON.parse`'s own.
 *
 * Not lossless-json: it throws on duplicate keys, which JSON.parse accepts, and overflows the
 * stack on deeply nested text that JSON.parse reads.
 */

/** No integer of fewer digits can be unsafe: 2^53 has 16. */
const LONG_DIGIT_RUN = /\d{16}/;

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

const isUnsafeInteger = (token: string): boolean => /^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token));

/** The text with every unsafe integer literal outside strings put in quotes. */
const quoteUnsafeIntegers = (text: string): string => {
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
      if (isUnsafeInteger(token)) {
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
 * True when JSON text holds an integer literal that a JavaScript number would round.
 * @example hasUnsafeInteger('{"id": 12345678901234567890}') // true
 */
export const hasUnsafeInteger = (text: string): boolean =>
  LONG_DIGIT_RUN.test(text) && quoteUnsafeIntegers(text) !== text;

/**
 * Parses JSON text; integers beyond ±(2^53 - 1) come back as strings of their exact digits.
 * @example parseJsonExact('{"id":12345678901234567890,"n":1.5}') // { id: "12345678901234567890", n: 1.5 }
 */
export const parseJsonExact = (text: string): unknown =>
  JSON.parse(LONG_DIGIT_RUN.test(text) ? quoteUnsafeIntegers(text) : text);
