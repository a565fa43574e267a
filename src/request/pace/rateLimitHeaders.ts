import { parseRetryAfter } from "../retryAfter";
import { headerText } from "../target";

/** What a response said about the requests left in its rate-limit window. */
export interface RateLimitState {
  remaining: number;
  /** Milliseconds from `now` until the window resets; undefined when the server gave no reset. */
  resetMs?: number;
  /** The headers it was read from, to name them in a message, e.g. "X-RateLimit-Remaining". */
  remainingHeader: string;
  resetHeader: string;
}

/**
 * A reset above this is a point in time, not a delay: 1e9 seconds is 31 years, while every epoch
 * in seconds since September 2001 is larger. GitHub sends epoch seconds, the IETF draft and most
 * others delta-seconds.
 */
const EPOCH_SECONDS_FROM = 1e9;
/** A reset above this is epoch milliseconds (every date since 2001 in ms; 1e12 seconds would be 31,000 years). */
const EPOCH_MILLISECONDS_FROM = 1e12;

const NUMBER = /^\d+(\.\d+)?$/;

/** The smallest of a comma-separated list of counts (one per policy), or undefined. */
const leastCount = (value: unknown): number | undefined => {
  const counts = (headerText(value) ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => NUMBER.test(part))
    .map(Number);
  return counts.length > 0 ? Math.min(...counts) : undefined;
};

/**
 * Reads a reset value: delta-seconds, epoch seconds or epoch milliseconds (told apart by size),
 * or an HTTP-date. Returns milliseconds from `now`, 0 for a time already past.
 * @example resetMsOf("30", now) // 30000
 * @example resetMsOf(String(Math.floor(now / 1000) + 5), now) // about 5000
 */
export const resetMsOf = (value: unknown, now: number): number | undefined => {
  const whole = headerText(value)?.trim();
  if (whole === undefined || whole === "") return undefined;
  // A list of numbers (one per policy) is read by its first; an HTTP-date has a comma of its own.
  const text = /^[\d.]+\s*,/.test(whole) ? whole.split(",")[0].trim() : whole;
  if (!NUMBER.test(text)) return parseRetryAfter(text, now);
  const number = Number(text);
  if (number >= EPOCH_MILLISECONDS_FROM) return Math.max(0, Math.ceil(number - now));
  if (number >= EPOCH_SECONDS_FROM) return Math.max(0, Math.ceil(number * 1000 - now));
  return Math.ceil(number * 1000);
};

/** The `key=value` parameters of the draft's structured `RateLimit` header, both of its spellings. */
const structuredParams = (value: string): Map<string, string> => {
  const params = new Map<string, string>();
  for (const part of value.split(/[;,]/)) {
    const [key, raw] = part.split("=").map((piece) => piece?.trim());
    if (key && raw !== undefined) params.set(key.toLowerCase(), raw.replace(/^"|"$/g, ""));
  }
  return params;
};

/**
 * `RateLimit: limit=100, remaining=0, reset=30` (draft-ietf-httpapi-ratelimit-headers up to -06)
 * or `RateLimit: "default";r=0;t=30` (-07 on). Only the first policy is read.
 */
const fromStructured = (value: unknown, now: number): RateLimitState | undefined => {
  const text = headerText(value);
  if (text === undefined) return undefined;
  const params = structuredParams(text);
  const remaining = params.get("remaining") ?? params.get("r");
  if (remaining === undefined || !NUMBER.test(remaining)) return undefined;
  const reset = params.get("reset") ?? params.get("t");
  return {
    remaining: Number(remaining),
    resetMs: resetMsOf(reset, now),
    remainingHeader: "RateLimit remaining",
    resetHeader: "RateLimit reset",
  };
};

const fromPair = (headers: Record<string, unknown>, prefix: string, now: number): RateLimitState | undefined => {
  const remaining = leastCount(headers[`${prefix.toLowerCase()}-remaining`]);
  if (remaining === undefined) return undefined;
  const resetMs = resetMsOf(headers[`${prefix.toLowerCase()}-reset`], now);
  return { remaining, resetMs, remainingHeader: `${prefix}-Remaining`, resetHeader: `${prefix}-Reset` };
};

/**
 * Reads what a response says about its rate-limit window, from the first of `RateLimit`,
 * `RateLimit-Remaining`/`-Reset` and `X-RateLimit-Remaining`/`-Reset` it carries. Header names
 * are lower case, as Node gives them. Returns undefined when none is there or readable.
 * @example rateLimitOf({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": "2" }, Date.now())
 * // { remaining: 0, resetMs: 2000, remainingHeader: "X-RateLimit-Remaining", resetHeader: "X-RateLimit-Reset" }
 */
export const rateLimitOf = (headers: Record<string, unknown>, now: number): RateLimitState | undefined =>
  fromStructured(headers.ratelimit, now) ??
  fromPair(headers, "RateLimit", now) ??
  fromPair(headers, "X-RateLimit", now);
