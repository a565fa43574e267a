/**
 * Pure conversions from what the designer hands an action (strings, booleans, references to
 * earlier steps' output) to the values the request builder works with. A conversion that
 * cannot proceed throws `InvalidValue` with a reason; `withInputNames` adds which input it was.
 */

/** Why a value cannot be used. The message never contains the value unless it is harmless. */
export class InvalidValue extends Error {
  override name = "InvalidValue";
}

/** A blank input is one the user left empty: the designer sends "", undefined or null. */
export const isBlank = (value: unknown): value is undefined | null | "" =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

/**
 * Reads a true/false input, accepting the spellings users type.
 * @example toBoolean("yes", false) // true
 */
export const toBoolean = (value: unknown, fallback: boolean): boolean => {
  if (isBlank(value)) return fallback;
  if (typeof value === "boolean") return value;
  const text = String(value).trim().toLowerCase();
  if (["true", "t", "yes", "y", "1", "on"].includes(text)) return true;
  if (["false", "f", "no", "n", "0", "off"].includes(text)) return false;
  throw new InvalidValue(`must be true or false; got "${String(value).slice(0, 20)}"`);
};

export interface WholeNumberRule {
  /** Used when the input is blank. */
  fallback: number | undefined;
  min?: number;
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
  const text = String(value).trim();
  const unit = rule.unit ? ` of ${rule.unit}` : "";
  if (!/^\d+$/.test(text)) {
    throw new InvalidValue(`must be a whole number${unit}; got "${text.slice(0, 20)}"`);
  }
  const number = Number(text);
  if (rule.min !== undefined && number < rule.min) {
    throw new InvalidValue(`must be at least ${rule.min}; got ${number}`);
  }
  if (rule.max !== undefined && number > rule.max) {
    throw new InvalidValue(`must be at most ${rule.max}; got ${number}`);
  }
  return number;
};

/**
 * Reads one of a closed set of values, case-insensitively.
 * @example toChoice("JSON", ["json", "text"], "json") // "json"
 */
export const toChoice = <T extends string>(value: unknown, choices: readonly T[], fallback: T): T => {
  if (isBlank(value)) return fallback;
  const text = String(value).trim().toLowerCase();
  const match = choices.find((choice) => choice.toLowerCase() === text);
  if (match === undefined) {
    throw new InvalidValue(`must be one of ${choices.join(", ")}; got "${String(value).slice(0, 30)}"`);
  }
  return match;
};

/** Reads an optional free-text input; blank becomes undefined. */
export const toOptionalText = (value: unknown): string | undefined =>
  isBlank(value) ? undefined : String(value).trim();
