import { describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { parseMultipart } from "./helpers/multipart";
import { dropConnection, failWith, gapsBetween, useScriptedServers } from "./helpers/scripted";

const scripted = useScriptedServers();

describe("retries", () => {
  it("retries 5xx until it succeeds and logs each retry", async () => {
    const s = await scripted([failWith(503), failWith(502)]);
    const logs = recordLogs();
    const result = await run("httpGet", { url: `${s.url}/flaky`, maxRetries: "3" }, logs);
    expect(result.data).toEqual({ ok: true });
    expect(s.requests).toHaveLength(3);
    expect(logs.lines.filter((line) => line.startsWith("Retry "))).toEqual([
      `Retry 1 of 3 for GET ${s.url}/flaky after status 503; waiting 0 ms`,
      `Retry 2 of 3 for GET ${s.url}/flaky after status 502; waiting 0 ms`,
    ]);
  });

  it("gives up after the last retry with the final status", async () => {
    const s = await scripted([failWith(503), failWith(503), failWith(503)]);
    const error = await runFailing("httpGet", { url: `${s.url}/down`, maxRetries: "2" });
    expect(error.message).toBe(
      `GET ${s.url}/down failed with status 503 Service Unavailable after 2 retries: {"error":"try 503"}`,
    );
    expect(s.requests).toHaveLength(3);
  });

  it("does not retry without a retry count", async () => {
    const s = await scripted([failWith(500)]);
    await runFailing("httpGet", { url: `${s.url}/once` });
    expect(s.requests).toHaveLength(1);
  });

  it("does not retry a 4xx unless asked to retry all errors", async () => {
    const s = await scripted([failWith(404), failWith(404), failWith(404)]);
    await runFailing("httpGet", { url: `${s.url}/missing`, maxRetries: "3" });
    expect(s.requests).toHaveLength(1);
    const result = await run("httpGet", { url: `${s.url}/missing`, maxRetries: "3", retryAllErrors: "true" });
    expect(result.data).toEqual({ ok: true });
    expect(s.requests).toHaveLength(4);
  });

  it("retries a connection reset", async () => {
    const s = await scripted([dropConnection, dropConnection]);
    const result = await run("httpGet", { url: `${s.url}/reset`, maxRetries: "2" });
    expect(result.data).toEqual({ ok: true });
    expect(s.requests).toHaveLength(3);
  });

  it("waits Retry Delay (ms) between tries", async () => {
    const s = await scripted([failWith(503), failWith(503)]);
    await run("httpGet", { url: `${s.url}/slow`, maxRetries: "2", retryDelayMS: "200" });
    for (const gap of gapsBetween(s)) expect(gap).toBeGreaterThanOrEqual(195);
  });

  it("doubles the wait with exponential backoff", async () => {
    const s = await scripted([failWith(503), failWith(503), failWith(503)]);
    await run("httpGet", {
      url: `${s.url}/backoff`,
      maxRetries: "3",
      retryDelayMS: "100",
      useExponentialBackoff: "true",
    });
    const [first, second, third] = gapsBetween(s);
    expect(first).toBeGreaterThanOrEqual(95);
    expect(second).toBeGreaterThanOrEqual(195);
    expect(third).toBeGreaterThanOrEqual(395);
  });

  it("honours Retry-After in seconds on a 429", async () => {
    const s = await scripted([failWith(429, { "retry-after": "1" })]);
    await run("httpGet", { url: `${s.url}/limited`, maxRetries: "1" });
    expect(gapsBetween(s)[0]).toBeGreaterThanOrEqual(990);
  });

  it("honours Retry-After as an HTTP date", async () => {
    const at = new Date(Math.ceil(Date.now() / 1000) * 1000 + 2000).toUTCString();
    const s = await scripted([failWith(503, { "retry-after": at })]);
    await run("httpGet", { url: `${s.url}/dated`, maxRetries: "1" });
    expect(s.requests[1].at).toBeGreaterThanOrEqual(Date.parse(at) - 5);
  });

  it("fails fast when Retry-After asks for more than the cap", async () => {
    const s = await scripted([failWith(503, { "retry-after": "3600" })]);
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${s.url}/later`, maxRetries: "3" });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(error.message).toBe(
      `GET ${s.url}/later failed with status 503 Service Unavailable; not retried: the server asked to wait 3600 s (Retry-After), longer than the 60000 ms allowed by "Max Retry Wait (ms)": {"error":"try 503"}`,
    );
    expect(s.requests).toHaveLength(1);
  });

  it("does not start a retry that would pass the timeout", async () => {
    const s = await scripted([failWith(503)]);
    const error = await runFailing("httpGet", {
      url: `${s.url}/deadline`,
      maxRetries: "3",
      retryDelayMS: "5000",
      timeout: "1000",
    });
    expect(error.message).toMatch(/not retried: waiting 5000 ms for another try would pass the timeout/);
    expect(s.requests).toHaveLength(1);
  });

  it("resends a JSON body identically when an Idempotency-Key makes the POST safe to replay", async () => {
    const s = await scripted([failWith(503)]);
    await run("httpPost", {
      url: `${s.url}/create`,
      data: { order: 7 },
      maxRetries: "1",
      headers: [{ key: "Idempotency-Key", value: "order-7" }],
    });
    expect(s.requests.map((request) => request.body.toString())).toEqual(['{"order":7}', '{"order":7}']);
    expect(s.requests.map((request) => request.headers["idempotency-key"])).toEqual(["order-7", "order-7"]);
  });

  it("rebuilds a multipart body for each try instead of hanging on a spent stream", async () => {
    const s = await scripted([failWith(503), dropConnection]);
    const file = Buffer.alloc(200_000, 7);
    await run("httpFormData", {
      url: `${s.url}/upload`,
      formData: [{ key: "name", value: "x" }],
      fileData: [{ key: "file", value: file }],
      maxRetries: "2",
      retryNonIdempotent: "true",
      timeout: "10000",
    });
    expect(s.requests).toHaveLength(3);
    const bodies = await Promise.all(s.requests.map((r) => parseMultipart(String(r.headers["content-type"]), r.body)));
    for (const parts of [bodies[0], bodies[2]]) {
      expect(parts.map((part) => part.bytes.length)).toEqual([1, file.length]);
    }
    expect(s.requests[0].body.equals(s.requests[2].body)).toBe(true);
  });
});
