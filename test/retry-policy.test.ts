import { describe, expect, it } from "vitest";
import { decideRetry, RETRY_DEFAULTS, type RetryPolicy } from "../src/request/retry";
import { parseRetryAfter } from "../src/request/retryAfter";

const NOW = Date.parse("2024-05-01T12:00:00Z");
const policy = (overrides: Partial<RetryPolicy> = {}): RetryPolicy => ({
  retries: 3,
  delayMs: 0,
  exponential: false,
  retryAllErrors: false,
  maxWaitMs: RETRY_DEFAULTS.maxWaitMs,
  ...overrides,
});
const status = (code: number, headers: Record<string, unknown> = {}) => ({ status: code, headers, transientNetworkError: false });
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
    for (const code of [500, 502, 503, 504, 429]) expect(decideRetry(policy(), 1, status(code), Infinity, NOW).retry).toBe(true);
    for (const code of [400, 401, 403, 404, 409, 422]) expect(decideRetry(policy(), 1, status(code), Infinity, NOW).retry).toBe(false);
    expect(decideRetry(policy(), 1, { transientNetworkError: true }, Infinity, NOW).retry).toBe(true);
    expect(decideRetry(policy(), 1, { transientNetworkError: false }, Infinity, NOW).retry).toBe(false);
  });

  it("retries every failed response with Retry On All Errors", () => {
    expect(decideRetry(policy({ retryAllErrors: true }), 1, status(404), Infinity, NOW).retry).toBe(true);
  });

  it("stops when the retries are used up", () => {
    expect(decideRetry(policy({ retries: 2 }), 3, status(503), Infinity, NOW)).toEqual({ retry: false });
  });

  it("waits the fixed delay between tries without backoff", () => {
    for (const n of [1, 2, 3]) {
      expect(decideRetry(policy({ delayMs: 250 }), n, status(503), Infinity, NOW, fullJitter)).toMatchObject({ waitMs: 250 });
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
      expect(decision.retry && decision.waitMs).toBeLessThanOrEqual(Math.round(base * (1 + RETRY_DEFAULTS.jitterRatio)));
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
    const decision = decideRetry(policy({ maxWaitMs: 10_000 }), 1, status(503, { "retry-after": "120" }), Infinity, NOW);
    expect(decision).toEqual({
      retry: false,
      reason: "the server asked to wait 120 s (Retry-After), longer than the 10000 ms allowed",
    });
  });

  it("does not start a wait that would pass the deadline", () => {
    const decision = decideRetry(policy({ delayMs: 2000 }), 1, status(503), 1500, NOW);
    expect(decision).toEqual({ retry: false, reason: "waiting 2000 ms for another try would pass the timeout" });
  });
});
