/**
 * Pure conversions from what the designer hands an action (strings, booleans, references to
 * earlier steps' output) to the values the request builder works with. A conversion that
 * cannot proceed throws `InvalidValue` with a reason; `withInputNames` adds which input it was.
 */
import { MAX_WHOLE_NUMBER } from "../limits";

/** Why a value cannot be used. The message never contains the value unless it is harmless. */
export class InvalidValue extends Error {
  override name = "InvalidValue";
}

/** A JSON-like object: not null, not a list. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A blank input is one the user left empty: the designer sends "", undefined or null. */
export const isBlank = (value: unknown): value is undefined | null | "" =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * Says what a value is, for an error that must not quote it.
 * @example kindOf([1]) // "a list"
 */
export const kindOf = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return "binary data";
  const type = typeof value;
  if (type === "object") return "an object";
  if (type === "undefined") return "nothing";
  return `a ${type === "bigint" ? "BigInt" : type}`;
};

/** A UTF-16 code unit that is half of a pair without its other half. */
const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The 1-based position and code point of a character, for errors that must say where a bad
 * character is without quoting the text around it.
 * @example describeAt("a\tb", 1) // "U+0009 at position 2"
 */
export const describeAt = (text: string, index: number): string =>
  `U+${text.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")} at position ${index + 1}`;

/**
 * Refuses text that has no exact UTF-8 form: an unpaired surrogate would be sent as U+FFFD.
 * @example wellFormed("snow☃man") // "snow☃man"
 */
export const wellFormed = (text: string): string => {
  const match = UNPAIRED_SURROGATE.exec(text);
  if (match) {
    throw new InvalidValue(
      `has an unpaired surrogate (${describeAt(text, match.index)}), a character that cannot be sent as UTF-8`,
    );
  }
  return text;
};

/** C0 controls and DEL: characters no one types into a URL, a name or a path on purpose. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
export const CONTROL_CHARACTER = /[\u0000-\u001F\u007F]/;

/**
 * Reads a single text value: text, or a number or boolean (a reference to an earlier step may
 * hold one). An object or list is refused: written as text it would become "[object Object]".
 * @example toText(42) // "42"
 */
export const toText = (value: unknown): string => {
  if (typeof value === "string") return wellFormed(value);
  // NaN and Infinity come from a failed calculation upstream, never from text anyone meant to send.
  if (typeof value === "number" && !Number.isFinite(value)) throw new InvalidValue(`is ${value}, not a value to send`);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  throw new InvalidValue(`must be text; got ${kindOf(value)}`);
};

/** What JSON.stringify would drop or change in a value that is not an object; undefined for none. */
const problemOfScalar = (value: unknown): string | undefined => {
  const type = typeof value;
  if (type === "function" || type === "symbol") return `holds ${kindOf(value)}, which has no JSON form`;
  if (type === "number" && !Number.isFinite(value)) return `holds the number ${value}, which JSON cannot carry`;
  return undefined;
};

// Not Object.hasOwn, as elsewhere: V8 (Node 20) only speeds up `hasOwnProperty` inside
// `for...in`, and with Object.hasOwn the walk below took twice as long (33 µs against 16 µs).
const hasOwn = Object.prototype.hasOwnProperty;

/**
 * What JSON.stringify would drop or change inside data, described; undefined when there is
 * nothing. It visits what JSON.stringify writes (an array's indexes, an object's own enumerable
 * keys), checks scalars where it finds them and queues only objects. A 64 KB body pays for this
 * walk on every request, so it is written for V8: `for...in` with an own-key check reads values
 * through the enumeration cache, where `Object.keys` would allocate an array per object and look
 * every name up again (on the 64 KB bench body the walk took 40 µs that way, 22 µs this way).
 * No depth limit is needed: it runs only on data JSON.stringify has already written.
 */
const unsendableIn = (root: unknown): string | undefined => {
  if (typeof root !== "object" || root === null) return problemOfScalar(root);
  const pending: object[] = [root];
  const look = (value: unknown): string | undefined => {
    if (typeof value === "object") {
      if (value !== null) pending.push(value);
      return undefined;
    }
    // Strings and booleans are the common case and never hide a problem.
    return typeof value === "string" || typeof value === "boolean" ? undefined : problemOfScalar(value);
  };
  while (pending.length > 0) {
    const item = pending.pop() as Record<string, unknown>;
    // Views (Buffers) and objects with toJSON write themselves; walking a Buffer's bytes would be slow.
    if (ArrayBuffer.isView(item) || typeof item.toJSON === "function") continue;
    if (Array.isArray(item)) {
      for (let index = 0; index < item.length; index += 1) {
        const problem = look(item[index]);
        if (problem) return problem;
      }
      continue;
    }
    for (const key in item) {
      if (!hasOwn.call(item, key)) continue;
      const problem = look(item[key]);
      if (problem) return problem;
    }
  }
  return undefined;
};

/**
 * The JSON text of a value, refusing what JSON cannot carry instead of dropping or changing it
 * (a function or symbol is left out by JSON.stringify, NaN becomes null, a cycle throws). The
 * text comes from JSON.stringify without a replacer, its fast path; the check is a separate walk.
 * @example toJsonText({ id: 1 }) // '{"id":1}'
 */
export const toJsonText = (value: unknown): string => {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (error) {
    if (typeof value === "bigint" || /BigInt/.test(String(error))) {
      throw new InvalidValue(`${typeof value === "bigint" ? "is" : "holds"} a BigInt, which has no JSON form`);
    }
    if (error instanceof RangeError) throw new InvalidValue("is nested too deeply to be written as JSON");
    // The only other failure of JSON.stringify: the value contains itself.
    throw new InvalidValue("refers to itself (a circular structure), which has no JSON form");
  }
  if (text === undefined) throw new InvalidValue(`is ${kindOf(value)}, which has no JSON form`);
  const problem = unsendableIn(value);
  if (problem) throw new InvalidValue(problem);
  return text;
};

/**
 * Reads a true/false input, accepting the spellings users type.
 * @example toBoolean("yes", false) // true
 */
export const toBoolean = (value: unknown, fallback: boolean): boolean => {
  if (isBlank(value)) return fallback;
  if (typeof value === "boolean") return value;
  const typed = toText(value);
  const text = typed.trim().toLowerCase();
  if (["true", "t", "yes", "y", "1", "on"].includes(text)) return true;
  if (["false", "f", "no", "n", "0", "off"].includes(text)) return false;
  throw new InvalidValue(`must be true or false; got "${typed.slice(0, 20)}"`);
};

export interface WholeNumberRule {
  /** Used when the input is blank. */
  fallback: number | undefined;
  min?: number;
  /** Defaults to the largest integer a number holds exactly. */
  max?: number;
  /** Names the unit in the error, e.g. "milliseconds". */
  unit?: string;
}

/**
 * Reads a non-negative whole number such as a retry count or a duration in milliseconds.
 * @example toWholeNumber("250", { fallback: 0, unit: "milliseconds" }) // 250
 */
export const toWholeNumber = (value: unknown, rule: WholeNumberRule): number | undefined => {
  if (isBlank(value)) return rule.fallback;
  const text = toText(value).trim();
  const unit = rule.unit ? ` of ${rule.unit}` : "";
  if (!/^\d+$/.test(text)) {
    throw new InvalidValue(`must be a whole number${unit}; got "${text.slice(0, 20)}"`);
  }
  const number = Number(text);
  if (rule.min !== undefined && number < rule.min) {
    throw new InvalidValue(`must be at least ${rule.min}; got ${number}`);
  }
  const max = rule.max ?? MAX_WHOLE_NUMBER;
  if (number > max) {
    const shown = text.length > 20 ? `a number of ${text.length} digits` : text;
    throw new InvalidValue(`must be at most ${max}${unit}; got ${shown}`);
  }
  return number;
};

/** A decimal number as users type it: 2, 0.5, .5 or 2.0; no sign, exponent or unit. */
const DECIMAL = /^(\d+(\.\d*)?|\.\d+)$/;

/**
 * Reads an optional positive number that may have a fraction, such as a rate; blank is undefined.
 * @example toPositiveNumber("0.5", 1000) // 0.5
 */
export const toPositiveNumber = (value: unknown, max: number): number | undefined => {
  if (isBlank(value)) return undefined;
  const text = toText(value).trim();
  if (!DECIMAL.test(text))
    throw new InvalidValue(`must be a positive number such as 5 or 0.5; got "${text.slice(0, 20)}"`);
  const number = Number(text);
  if (number <= 0) throw new InvalidValue(`must be more than 0; got ${text.slice(0, 20)}`);
  if (number > max)
    throw new InvalidValue(
      `must be at most ${max}; got ${text.length > 20 ? `a number of ${text.length} digits` : text}`,
    );
  return number;
};

/**
 * Reads one of a closed set of values, case-insensitively.
 * @example toChoice("JSON", ["json", "text"], "json") // "json"
 */
export const toChoice = <T extends string>(value: unknown, choices: readonly T[], fallback: T): T => {
  if (isBlank(value)) return fallback;
  const typed = toText(value);
  const text = typed.trim().toLowerCase();
  const match = choices.find((choice) => choice.toLowerCase() === text);
  if (match === undefined) {
    throw new InvalidValue(`must be one of ${choices.join(", ")}; got "${typed.slice(0, 30)}"`);
  }
  return match;
};

/** Reads an optional free-text input; blank becomes undefined. */
export const toOptionalText = (value: unknown): string | undefined =>
  isBlank(value) ? undefined : toText(value).trim();
