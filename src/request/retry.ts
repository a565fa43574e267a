import { parseRetryAfter } from "./retryAfter";

/** Statuses worth another try without "Retry On All Errors": overload and server faults. */
export const RETRYABLE_STATUS = (status: number): boolean => status === 429 || (status >= 500 && status <= 599);

/** Statuses with which a server says "not now": with Retry-After they are safe to replay for any method. */
const TRY_LATER_STATUSES: ReadonlySet<number> = new Set([429, 503]);

/** Methods a server must treat the same however often they arrive (RFC 9110 section 9.2.2). */
export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"]);

export const RETRY_DEFAULTS = {
  /** The first wait of exponential backoff when "Retry Delay (ms)" is 0. */
  exponentialBaseMs: 500,
  /** Jitter adds up to this share of a backoff wait; it never shortens one. */
  jitterRatio: 0.2,
} as const;

export interface RetryPolicy {
  retries: number;
  delayMs: number;
  exponential: boolean;
  retryAllErrors: boolean;
  /** The longest single wait; a Retry-After asking for more fails the step instead. */
  maxWaitMs: number;
  /** True when the request may be sent twice: an idempotent method, an Idempotency-Key, or the user's choice. */
  replayable: boolean;
  /** The method, to explain why a request is not replayed. */
  method: string;
}

/** What went wrong with one attempt, as far as the retry decision needs to know. */
export interface AttemptFailure {
  /** The response status; undefined when no response arrived. */
  status?: number;
  /** The response headers, for `Retry-After`. */
  headers?: Record<string, unknown>;
  /** True when no response arrived and the error is one a new attempt may cure. */
  transientNetworkError: boolean;
  /** True when the request may have reached the server: it answered, or the connection broke after sending. */
  mayHaveReachedServer: boolean;
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

const isRetryable = (policy: RetryPolicy, { status, transientNetworkError }: AttemptFailure): boolean =>
  status === undefined ? transientNetworkError : RETRYABLE_STATUS(status) || (policy.retryAllErrors && status >= 400);

/** A replay the server invited: "try later", with a time. */
const isInvitedReplay = (failure: AttemptFailure, retryAfterMs: number | undefined): boolean =>
  failure.status !== undefined && TRY_LATER_STATUSES.has(failure.status) && retryAfterMs !== undefined;

/**
 * Decides whether to try again after a failed attempt, and how long to wait first.
 * `retryNumber` counts retries from 1; `remainingMs` is what is left of the step's deadline.
 * @example decideRetry(policy, 1, { status: 503, transientNetworkError: false, mayHaveReachedServer: true }, Infinity, Date.now())
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
  if (retryNumber > policy.retries || !isRetryable(policy, failure)) return { retry: false };
  const retryAfterMs = parseRetryAfter(failure.headers?.["retry-after"], now);
  if (!policy.replayable && failure.mayHaveReachedServer && !isInvitedReplay(failure, retryAfterMs)) {
    return {
      retry: false,
      reason: `${policy.method} is not idempotent and the server may have acted on it; turn on "Retry Non-Idempotent Requests" or send an Idempotency-Key header to allow retries`,
    };
  }
  if (retryAfterMs !== undefined && retryAfterMs > policy.maxWaitMs) {
    return {
      retry: false,
      reason: `the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After), longer than the ${policy.maxWaitMs} ms allowed by "Max Retry Wait (ms)"`,
    };
  }
  const waitMs = Math.min(Math.max(backoffMs(policy, retryNumber, random), retryAfterMs ?? 0), policy.maxWaitMs);
  if (waitMs >= remainingMs) {
    return { retry: false, reason: `waiting ${waitMs} ms for another try would pass the timeout` };
  }
  return { retry: true, waitMs, reason: describe(failure) };
};
