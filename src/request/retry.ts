import { parseRetryAfter } from "./retryAfter";

/** Statuses worth another try without "Retry On All Errors": overload and server faults. */
export const RETRYABLE_STATUS = (status: number): boolean => status === 429 || (status >= 500 && status <= 599);

export const RETRY_DEFAULTS = {
  /** The first wait of exponential backoff when "Retry Delay (ms)" is 0. */
  exponentialBaseMs: 500,
  /** Jitter adds up to this share of a backoff wait; it never shortens one. */
  jitterRatio: 0.2,
  /** The longest wait a `Retry-After` header may ask for before the step fails instead. */
  maxWaitMs: 60_000,
} as const;

export interface RetryPolicy {
  retries: number;
  delayMs: number;
  exponential: boolean;
  retryAllErrors: boolean;
  maxWaitMs: number;
}

/** What went wrong with one attempt, as far as the retry decision needs to know. */
export interface AttemptFailure {
  /** The response status; undefined when no response arrived. */
  status?: number;
  /** The response headers, for `Retry-After`. */
  headers?: Record<string, unknown>;
  /** True when no response arrived and the error is one a new attempt may cure. */
  transientNetworkError: boolean;
}

export type RetryDecision = { retry: true; waitMs: number; reason: string } | { retry: false; reason?: string };

const describe = (failure: AttemptFailure): string =>
  failure.status === undefined ? "network error" : `status ${failure.status}`;

const backoffMs = (policy: RetryPolicy, retryNumber: number, random: () => number): number => {
  if (!policy.exponential) return policy.delayMs;
  const base = policy.delayMs > 0 ? policy.delayMs : RETRY_DEFAULTS.exponentialBaseMs;
  const wait = base * 2 ** (retryNumber - 1);
  return Math.round(wait * (1 + random() * RETRY_DEFAULTS.jitterRatio));
};

/**
 * Decides whether to try again after a failed attempt, and how long to wait first.
 * `retryNumber` counts retries from 1; `remainingMs` is what is left of the step's deadline.
 * @example decideRetry(policy, 1, { status: 503, transientNetworkError: false }, Infinity, Date.now())
 * // { retry: true, waitMs: 1000, reason: "status 503" }
 */
export const decideRetry = (
  policy: RetryPolicy,
  retryNumber: number,
  failure: AttemptFailure,
  remainingMs: number,
  now: number,
  random: () => number = Math.random,
): RetryDecision => {
  if (retryNumber > policy.retries) return { retry: false };
  const { status } = failure;
  const retryable =
    status === undefined
      ? failure.transientNetworkError
      : RETRYABLE_STATUS(status) || (policy.retryAllErrors && status >= 400);
  if (!retryable) return { retry: false };

  const retryAfterMs = parseRetryAfter(failure.headers?.["retry-after"], now);
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxWaitMs) {
    return {
      retry: false,
      reason: `the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After), longer than the ${policy.maxWaitMs} ms allowed`,
    };
  }
  const waitMs = Math.min(Math.max(backoffMs(policy, retryNumber, random), retryAfterMs ?? 0), policy.maxWaitMs);
  if (waitMs >= remainingMs) {
    return { retry: false, reason: `waiting ${waitMs} ms for another try would pass the timeout` };
  }
  return { retry: true, waitMs, reason: describe(failure) };
};
