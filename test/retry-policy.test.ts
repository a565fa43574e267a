import { describe, expect, it } from "vitest";
import { TUNING_DEFAULTS } from "../src/inputs/shared";
import { decideRetry, RETRY_DEFAULTS, type RetryPolicy } from "../src/request/retry";
import { parseRetryAfter } from "../src/request/retryAfter";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  retries: 3,
  delayMs: 0,
  exponential: false,
  retryAllErrors: false,
  maxWaitMs: TUNING_DEFAULTS.maxRetryWaitMS,
  replayable: true,
  method: "GET",
  ...overrides,
});
const status = (code: number, headers: Record<string, unknown> = {}) => ({
  status: code,
  headers,
  transientNetworkError: false,
  mayHaveReachedServer: true,
});
const network = (mayHaveReachedServer: boolean, transientNetworkError = true) => ({
  transientNetworkError,
  mayHaveReachedServer,
});
const noJitter = () => 0;
const fullJitter = () => 0.999999;

describe("parseRetryAfter", () => {
  it.each([
    ["120", 120_000],
    ["0", 0],
    ["1.5", 1500],
    [" 7 ", 7000],
    ["Wed, 01 May 2024 12:00:30 GMT", 30_000],
    ["Wed, 01 May 2024 11:00:00 GMT", 0],
  ])("reads %j as %i ms", (value, ms) => {
    expect(parseRetryAfter(value, NOW)).toBe(ms);
  });

  it.each([undefined, "", "soon", "-5", "12abc", "Tomorrow GMT"])("ignores %j", (value) => {
    expect(parseRetryAfter(value, NOW)).toBeUndefined();
  });
});

describe("decideRetry", () => {
  it("retries 5xx, 429 and transient network errors, and nothing else by default", () => {
    for (const code of [500, 502, 503, 504, 429])
      expect(decideRetry(policy(), 1, status(code), Infinity, NOW).retry).toBe(true);
    for (const code of [400, 401, 403, 404, 409, 422])
      expect(decideRetry(policy(), 1, status(code), Infinity, NOW).retry).toBe(false);
    expect(decideRetry(policy(), 1, network(true), Infinity, NOW).retry).toBe(true);
    expect(decideRetry(policy(), 1, network(true, false), Infinity, NOW).retry).toBe(false);
  });

  it("retries every failed response with Retry On All Errors", () => {
    expect(decideRetry(policy({ retryAllErrors: true }), 1, status(404), Infinity, NOW).retry).toBe(true);
  });

  it("stops when the retries are used up", () => {
    expect(decideRetry(policy({ retries: 2 }), 3, status(503), Infinity, NOW)).toEqual({ retry: false });
  });

  it("waits the fixed delay between tries without backoff", () => {
    for (const n of [1, 2, 3]) {
      expect(decideRetry(policy({ delayMs: 250 }), n, status(503), Infinity, NOW, fullJitter)).toMatchObject({
        waitMs: 250,
      });
    }
  });

  it("doubles the wait from the delay with backoff, and jitter only lengthens it", () => {
    const backoff = policy({ delayMs: 100, exponential: true });
    expect([1, 2, 3].map((n) => decideRetry(backoff, n, status(503), Infinity, NOW, noJitter))).toMatchObject([
      { waitMs: 100 },
      { waitMs: 200 },
      { waitMs: 400 },
    ]);
    for (const n of [1, 2, 3]) {
      const decision = decideRetry(backoff, n, status(503), Infinity, NOW, fullJitter);
      const base = 100 * 2 ** (n - 1);
      expect(decision.retry && decision.waitMs).toBeGreaterThanOrEqual(base);
      expect(decision.retry && decision.waitMs).toBeLessThanOrEqual(
        Math.round(base * (1 + RETRY_DEFAULTS.jitterRatio)),
      );
    }
  });

  it("starts backoff from a sensible base when the delay is 0", () => {
    const decision = decideRetry(policy({ exponential: true }), 1, status(503), Infinity, NOW, noJitter);
    expect(decision).toMatchObject({ waitMs: RETRY_DEFAULTS.exponentialBaseMs });
  });

  it("honours Retry-After when it asks for longer than the backoff", () => {
    const decision = decideRetry(policy({ delayMs: 100 }), 1, status(429, { "retry-after": "3" }), Infinity, NOW);
    expect(decision).toMatchObject({ retry: true, waitMs: 3000 });
  });

  it("keeps the backoff when Retry-After asks for less", () => {
    const decision = decideRetry(policy({ delayMs: 5000 }), 1, status(503, { "retry-after": "1" }), Infinity, NOW);
    expect(decision).toMatchObject({ retry: true, waitMs: 5000 });
  });

  it("fails fast instead of sleeping past the cap", () => {
    const decision = decideRetry(
      policy({ maxWaitMs: 10_000 }),
      1,
      status(503, { "retry-after": "120" }),
      Infinity,
      NOW,
    );
    expect(decision).toEqual({
      retry: false,
      reason: 'the server asked to wait 120 s (Retry-After), longer than the 10000 ms allowed by "Max Retry Wait (ms)"',
    });
  });

  it("does not start a wait that would pass the deadline", () => {
    const decision = decideRetry(policy({ delayMs: 2000 }), 1, status(503), 1500, NOW);
    expect(decision).toEqual({ retry: false, reason: "waiting 2000 ms for another try would pass the timeout" });
  });

  describe("a request that is not idempotent", () => {
    const post = (overrides: Partial<RetryPolicy> = {}) => policy({ replayable: false, method: "POST", ...overrides });

    it("is not replayed after a 5xx, saying how to allow it", () => {
      expect(decideRetry(post(), 1, status(502), Infinity, NOW)).toEqual({
        retry: false,
        reason:
          'POST is not idempotent and the server may have acted on it; turn on "Retry Non-Idempotent Requests" or send an Idempotency-Key header to allow retries',
      });
    });

    it("is not replayed after a connection lost once it may have been sent", () => {
      expect(decideRetry(post(), 1, network(true), Infinity, NOW).retry).toBe(false);
    });

    it("is replayed when the connection failed before anything was sent", () => {
      expect(decideRetry(post(), 1, network(false), Infinity, NOW).retry).toBe(true);
    });

    it.each([429, 503])("is replayed on a %i that carries Retry-After", (code) => {
      expect(decideRetry(post(), 1, status(code, { "retry-after": "1" }), Infinity, NOW)).toMatchObject({
        retry: true,
        waitMs: 1000,
      });
    });

    it("is not replayed on a 503 without Retry-After", () => {
      expect(decideRetry(post(), 1, status(503), Infinity, NOW).retry).toBe(false);
    });

    it("is replayed when marked replayable (Idempotency-Key or the user's choice)", () => {
      expect(decideRetry(post({ replayable: true }), 1, status(502), Infinity, NOW).retry).toBe(true);
    });
  });
});
