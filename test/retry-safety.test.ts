import { describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { dropConnection, failWith, gapsBetween, type Step, useScriptedServers } from "./helpers/scripted";

const start = useScriptedServers();
const scripted = (script: Step[]) => start(script, '{"created":true}');

describe("POST and PATCH are not replayed once the server may have acted on them", () => {
  it.each(["httpPost", "httpPatch"])("%s is not retried after a 502", async (action) => {
    const s = await scripted([failWith(502), failWith(502)]);
    const error = await runFailing(action, { url: `${s.url}/orders`, data: { n: 1 }, maxRetries: "3" });
    expect(s.requests).toHaveLength(1);
    expect(error.message).toContain(
      'not retried: POST is not idempotent and the server may have acted on it; turn on "Retry Non-Idempotent Requests" or send an Idempotency-Key header to allow retries'.replace(
        "POST",
        action === "httpPost" ? "POST" : "PATCH",
      ),
    );
  });

  it("is not retried after the connection dropped once the request was sent", async () => {
    const s = await scripted([dropConnection]);
    const error = await runFailing("httpPost", { url: `${s.url}/orders`, data: { n: 1 }, maxRetries: "3" });
    expect(s.requests).toHaveLength(1);
    expect(error.message).toMatch(/the server closed the connection unexpectedly/);
  });

  it("is retried on a 503 that says when to come back", async () => {
    const s = await scripted([failWith(503, { "retry-after": "0" })]);
    const result = await run("httpPost", { url: `${s.url}/orders`, data: { n: 1 }, maxRetries: "2" });
    expect(result.data).toEqual({ created: true });
    expect(s.requests).toHaveLength(2);
  });

  it("is retried on a 429 that says when to come back", async () => {
    const s = await scripted([failWith(429, { "retry-after": "0" })]);
    await run("httpPatch", { url: `${s.url}/orders/1`, data: { n: 2 }, maxRetries: "1" });
    expect(s.requests).toHaveLength(2);
  });

  it("is retried with Retry Non-Idempotent Requests on", async () => {
    const s = await scripted([failWith(502), dropConnection]);
    await run("httpPost", { url: `${s.url}/orders`, data: { n: 1 }, maxRetries: "3", retryNonIdempotent: "true" });
    expect(s.requests).toHaveLength(3);
  });

  it("is retried when an Idempotency-Key is sent, with the same key each time", async () => {
    const s = await scripted([failWith(500)]);
    await run("httpPost", {
      url: `${s.url}/orders`,
      data: { n: 1 },
      maxRetries: "1",
      headers: [{ key: "Idempotency-Key", value: "k-1" }],
    });
    expect(s.requests.map((request) => request.headers["idempotency-key"])).toEqual(["k-1", "k-1"]);
  });

  it("is retried when the connection was refused, since nothing was sent", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpPost",
      { url: "http://127.0.0.1:9/orders", data: { n: 1 }, maxRetries: "2" },
      logs,
    );
    expect(error.message).toMatch(/connection was refused/);
    expect(logs.lines.filter((line) => line.startsWith("Retry "))).toHaveLength(2);
  });

  it.each(["httpPut", "httpDelete", "httpGet"])("%s, being idempotent, is retried after a 502", async (action) => {
    const s = await scripted([failWith(502)]);
    await run(action, { url: `${s.url}/orders/1`, maxRetries: "1" });
    expect(s.requests).toHaveLength(2);
  });
});

describe("Max Retry Wait (ms)", () => {
  it("fails fast when Retry-After asks for more than the chosen cap", async () => {
    const s = await scripted([failWith(429, { "retry-after": "5" })]);
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${s.url}/x`, maxRetries: "2", maxRetryWaitMS: "1000" });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error.message).toContain(
      'not retried: the server asked to wait 5 s (Retry-After), longer than the 1000 ms allowed by "Max Retry Wait (ms)"',
    );
  });

  it("caps a growing backoff at the chosen wait", async () => {
    const s = await scripted([failWith(503), failWith(503), failWith(503)]);
    await run("httpGet", {
      url: `${s.url}/x`,
      maxRetries: "3",
      retryDelayMS: "150",
      useExponentialBackoff: "true",
      maxRetryWaitMS: "200",
    });
    const gaps = gapsBetween(s);
    expect(gaps[2]).toBeLessThan(450);
    expect(gaps[2]).toBeGreaterThanOrEqual(195);
  });
});
