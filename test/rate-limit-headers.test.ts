import { describe, expect, it } from "vitest";
import { rateLimitOf, resetMsOf } from "../src/request/pace/rateLimitHeaders";
import { planTurn } from "../src/request/pace/turns";

const NOW = Date.parse("2026-03-01T12:00:00Z");

describe("reset values", () => {
  it.each([
    ["delta-seconds", "30", 30_000],
    ["fractional delta-seconds", "0.25", 250],
    ["epoch seconds (GitHub)", String(NOW / 1000 + 42), 42_000],
    ["epoch milliseconds", String(NOW + 1_500), 1_500],
    ["an epoch already past", String(NOW / 1000 - 10), 0],
    ["an HTTP-date", "Sun, 01 Mar 2026 12:01:00 GMT", 60_000],
    ["the first of a list", "5, 60", 5_000],
  ])("reads %s", (_name, value, expected) => {
    expect(resetMsOf(value, NOW)).toBe(expected);
  });

  it.each(["", "soon", "-5", "1e3"])("ignores %j", (value) => {
    expect(resetMsOf(value, NOW)).toBeUndefined();
  });
});

describe("rate-limit headers", () => {
  it("prefers the structured RateLimit header, then RateLimit-*, then X-RateLimit-*", () => {
    const headers = {
      ratelimit: "limit=10, remaining=3, reset=7",
      "ratelimit-remaining": "2",
      "x-ratelimit-remaining": "1",
    };
    expect(rateLimitOf(headers, NOW)).toMatchObject({ remaining: 3, resetMs: 7_000 });
    expect(rateLimitOf({ ...headers, ratelimit: undefined }, NOW)).toMatchObject({
      remaining: 2,
      remainingHeader: "RateLimit-Remaining",
    });
  });

  it("takes the lowest count of several policies", () => {
    expect(rateLimitOf({ "x-ratelimit-remaining": "40, 0", "x-ratelimit-reset": "9" }, NOW)).toMatchObject({
      remaining: 0,
      resetMs: 9_000,
    });
  });

  it("reads nothing from headers without a count", () => {
    expect(rateLimitOf({ "x-ratelimit-reset": "9" }, NOW)).toBeUndefined();
    expect(rateLimitOf({ ratelimit: "limit=10" }, NOW)).toBeUndefined();
    expect(rateLimitOf({ "x-ratelimit-remaining": "none" }, NOW)).toBeUndefined();
  });
});

describe("planning a turn", () => {
  const pace = { perSecond: 4, maxWaitMs: 60_000, remainingMs: () => 10_000 };
  const fresh = () => ({
    lastAt: Number.NEGATIVE_INFINITY,
    sentAt: Number.NEGATIVE_INFINITY,
    releasedAt: Number.NEGATIVE_INFINITY,
    settledAt: Number.NEGATIVE_INFINITY,
    onWritten: [],
  });

  it("goes at once the first time, then one interval after the last", () => {
    expect(planTurn(fresh(), pace, NOW)).toEqual({ at: NOW });
    expect(planTurn({ ...fresh(), lastAt: NOW - 100 }, pace, NOW)).toEqual({ at: NOW + 150 });
  });

  it("waits for a reset, and refuses one beyond Max Retry Wait", () => {
    const blocked = {
      ...fresh(),
      blockedUntil: NOW + 2_000,
      blockedBy: "X-RateLimit-Remaining: 0 and X-RateLimit-Reset",
    };
    expect(planTurn(blocked, pace, NOW)).toEqual({ at: NOW + 2_000 });
    expect(planTurn(blocked, { ...pace, maxWaitMs: 1_000 }, NOW)).toEqual({
      refused: expect.stringContaining(
        'until its window resets in 2 s, longer than the 1000 ms allowed by "Max Retry Wait (ms)"',
      ),
    });
  });

  it("refuses a turn the Timeout would not reach", () => {
    expect(planTurn({ ...fresh(), lastAt: NOW }, { ...pace, perSecond: 0.05 }, NOW)).toEqual({
      refused:
        'waiting 20000 ms for this request\'s turn under "Max Requests Per Second" (0.05 per second) would pass the timeout',
    });
  });
});
