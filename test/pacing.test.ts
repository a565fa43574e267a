import { afterEach, describe, expect, it } from "vitest";
import { gapsOf, useClockServers } from "./helpers/clockServer";
import { run, runFailing } from "./helpers/harness";
import { failWith, gapsBetween, useScriptedServers } from "./helpers/scripted";
import { startServer, type TestServer } from "./helpers/servers";

const scripted = useScriptedServers();
const clock = useClockServers();
const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

/** A server that answers every request with JSON and the headers given for it. */
const answering = async (headersFor: (index: number) => Record<string, string> = () => ({})) => {
  let index = 0;
  const server = await startServer((_request, response) => {
    response.writeHead(200, { "content-type": "application/json", ...headersFor(index++) }).end('{"ok":true}');
  });
  started.push(server);
  return server;
};

/** Timers fire on whole milliseconds and loopback scheduling varies: a request may arrive a little early. */
const TOLERANCE_MS = 10;

describe("Max Requests Per Second", () => {
  it("spaces requests of concurrent steps to one origin evenly, as the server sees them", async () => {
    const server = await clock();
    const step = () => run("httpGet", { url: `${server.url}/items`, maxRequestsPerSecond: "10" });
    // A first request without a budget still counts: the paced ones keep their distance from it too.
    await run("httpGet", { url: `${server.url}/first` });
    await Promise.all([step(), step(), step(), step(), step()]);
    const arrivals = await server.arrivals();
    expect(arrivals).toHaveLength(6);
    for (const gap of gapsOf(arrivals)) expect(gap).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
    // However the machine's load shifts single arrivals, on average the rate is kept.
    expect(arrivals[5].at - arrivals[0].at).toBeGreaterThanOrEqual(500 - TOLERANCE_MS / 2);
  });

  it("spaces every page of a walk", async () => {
    const server = await clock();
    const { data } = await run("httpPaginate", {
      url: `${server.url}/items`,
      paginationMode: "page",
      maxRequestsPerSecond: "10",
    });
    expect(data.items).toEqual([1, 2, 3]);
    const arrivals = await server.arrivals();
    expect(arrivals).toHaveLength(4);
    for (const gap of gapsOf(arrivals)) expect(gap).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
  });

  it("spaces parallel pages (Page Concurrency) as if they were one after another", async () => {
    const server = await clock();
    const { data } = await run("httpPaginate", {
      url: `${server.url}/items`,
      paginationMode: "page",
      pageConcurrency: "4",
      maxRequestsPerSecond: "10",
    });
    expect(data.items).toEqual([1, 2, 3]);
    const arrivals = await server.arrivals();
    expect(arrivals.length).toBeGreaterThanOrEqual(4);
    for (const gap of gapsOf(arrivals)) expect(gap).toBeGreaterThanOrEqual(100 - TOLERANCE_MS);
  });

  it("spaces retries too", async () => {
    const server = await clock();
    await run("httpGet", { url: `${server.url}/fail-2/items`, maxRetries: "2", maxRequestsPerSecond: "8" });
    const arrivals = await server.arrivals();
    expect(arrivals).toHaveLength(3);
    for (const gap of gapsOf(arrivals)) expect(gap).toBeGreaterThanOrEqual(125 - TOLERANCE_MS);
  });

  it("counts a token request to the same origin", async () => {
    const server = await startServer((request, response) => {
      response.setHeader("content-type", "application/json");
      if (request.path === "/token") {
        return response.end(JSON.stringify({ access_token: "paced-TOKEN", token_type: "Bearer", expires_in: 3600 }));
      }
      response.end('{"ok":true}');
    });
    started.push(server);
    const connection = {
      key: "oauth2Password",
      configVarKey: "c",
      fields: {
        tokenUrl: `${server.url}/token`,
        username: "bot",
        password: "paced-PASSWORD",
        clientId: "client",
        clientSecret: "paced-SECRET",
      },
    };
    await run("httpGet", { url: `${server.url}/items`, connection, maxRequestsPerSecond: "5" });
    expect(server.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(["POST /token", "GET /items"]);
    expect(gapsBetween(server)[0]).toBeGreaterThanOrEqual(200 - TOLERANCE_MS);
  });

  it("keeps a separate budget per origin", async () => {
    const [first, second] = [await answering(), await answering()];
    const started = Date.now();
    await run("httpGet", { url: `${first.url}/a`, maxRequestsPerSecond: "0.5" });
    await run("httpGet", { url: `${second.url}/b`, maxRequestsPerSecond: "0.5" });
    // A shared budget would have held the second request for 2 s.
    expect(Date.now() - started).toBeLessThan(1500);
    expect(second.requests).toHaveLength(1);
  });

  it("fails at once when the next turn would come after the Timeout", async () => {
    const server = await answering();
    await run("httpGet", { url: `${server.url}/a`, maxRequestsPerSecond: "0.5" });
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${server.url}/a`, maxRequestsPerSecond: "0.5", timeout: "1000" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${server.url}/a failed: waiting \\d+ ms for this request's turn under "Max Requests Per Second" \\(0.5 per second\\) would pass the timeout$`,
      ),
    );
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ["0", "must be more than 0; got 0"],
    ["-2", 'must be a positive number such as 5 or 0.5; got "-2"'],
    ["fast", 'must be a positive number such as 5 or 0.5; got "fast"'],
    ["1e3", 'must be a positive number such as 5 or 0.5; got "1e3"'],
    ["1000.5", "must be at most 1000; got 1000.5"],
  ])("refuses %j before sending anything", async (value, reason) => {
    const server = await answering();
    const error = await runFailing("httpGet", { url: `${server.url}/a`, maxRequestsPerSecond: value });
    expect(error.message).toBe(`Input "Max Requests Per Second" (maxRequestsPerSecond) ${reason}.`);
    expect(server.requests).toHaveLength(0);
  });
});

describe("rate-limit headers", () => {
  it.each([
    ["X-RateLimit-Remaining and -Reset", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.4" }],
    [
      "RateLimit-Remaining and -Reset",
      { "ratelimit-limit": "10", "ratelimit-remaining": "0", "ratelimit-reset": "0.4" },
    ],
    ["the draft's structured RateLimit", { ratelimit: "limit=10, remaining=0, reset=0.4" }],
    ["the later draft's RateLimit", { ratelimit: '"default";r=0;t=0.4' }],
    ["an epoch in milliseconds", { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "EPOCH_MS" }],
  ])("at 0 remaining, the next step's request to that origin waits for the reset (%s)", async (_name, headers) => {
    const server = await answering((index) => {
      if (index > 0) return {};
      const resolved = Object.entries(headers).map(([key, value]) => [
        key,
        value === "EPOCH_MS" ? String(Date.now() + 400) : value,
      ]);
      return Object.fromEntries(resolved);
    });
    await run("httpGet", { url: `${server.url}/a` });
    await run("httpGet", { url: `${server.url}/a` });
    expect(server.requests).toHaveLength(2);
    expect(gapsBetween(server)[0]).toBeGreaterThanOrEqual(400 - TOLERANCE_MS);
  });

  it("holds every parallel page of a later step until the reset", async () => {
    const server = await startServer((request, response) => {
      const limited = request.path === "/limits";
      const headers: Record<string, string> = limited
        ? { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.4" }
        : {};
      const page = Number(request.query.get("page"));
      response.writeHead(200, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(limited ? {} : page <= 3 ? [page] : []));
    });
    started.push(server);
    await run("httpGet", { url: `${server.url}/limits` });
    const { data } = await run("httpPaginate", {
      url: `${server.url}/items`,
      paginationMode: "page",
      pageConcurrency: "3",
    });
    expect(data.items).toEqual([1, 2, 3]);
    const [limits, ...pages] = server.requests;
    expect(pages.length).toBeGreaterThanOrEqual(4);
    for (const page of pages) expect(page.at - limits.at).toBeGreaterThanOrEqual(400 - TOLERANCE_MS);
  });

  it("holds paced pages already waiting for their turn when an answer says none are left", async () => {
    // Pages 2, 3 and 4 start together, 250 ms apart; page 2's answer says none are left for 0.6 s.
    const server = await startServer((request, response) => {
      const page = Number(request.query.get("page"));
      const headers: Record<string, string> =
        page === 2 ? { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.6" } : {};
      response.writeHead(200, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(page <= 5 ? [page] : []));
    });
    started.push(server);
    const { data } = await run("httpPaginate", {
      url: `${server.url}/items`,
      paginationMode: "page",
      pageConcurrency: "3",
      maxRequestsPerSecond: "4",
    });
    expect(data.items).toEqual([1, 2, 3, 4, 5]);
    const blocking = server.requests.find((request) => request.query.get("page") === "2");
    const later = server.requests.filter((request) => Number(request.query.get("page")) > 2);
    expect(later.length).toBeGreaterThanOrEqual(4);
    for (const request of later) expect(request.at - (blocking?.at ?? 0)).toBeGreaterThanOrEqual(600 - TOLERANCE_MS);
    // Taking a new turn after the reset keeps the budget's spacing.
    for (const gap of gapsBetween(server)) expect(gap).toBeGreaterThanOrEqual(250 - TOLERANCE_MS);
  });

  it("does not wait while requests remain", async () => {
    const server = await answering(() => ({ "x-ratelimit-remaining": "5", "x-ratelimit-reset": "30" }));
    const started = Date.now();
    await run("httpGet", { url: `${server.url}/a` });
    await run("httpGet", { url: `${server.url}/a` });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("waits for the reset before a retry in the same step", async () => {
    const s = await scripted([failWith(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.3" })]);
    const { data } = await run("httpGet", { url: `${s.url}/a`, maxRetries: "1" });
    expect(data).toEqual({ ok: true });
    expect(s.requests).toHaveLength(2);
    expect(gapsBetween(s)[0]).toBeGreaterThanOrEqual(300 - TOLERANCE_MS);
  });

  it("fails at once, sending nothing, when the reset is further than Max Retry Wait", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    const server = await answering(() => ({ "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset }));
    await run("httpGet", { url: `${server.url}/a` });
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${server.url}/a`, maxRetryWaitMS: "5000" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${server.url}/a failed: the server said no requests are left \\(X-RateLimit-Remaining: 0 and X-RateLimit-Reset\\) until its window resets in 1[12]\\d s, longer than the 5000 ms allowed by "Max Retry Wait \\(ms\\)"; the step fails now instead of waiting$`,
      ),
    );
    expect(server.requests).toHaveLength(1);
  });

  it("does not retry into a reset further than Max Retry Wait", async () => {
    const reset = String(Math.floor(Date.now() / 1000) + 120);
    const s = await scripted([failWith(429, { "x-ratelimit-remaining": "0", "x-ratelimit-reset": reset })]);
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${s.url}/a`, maxRetries: "2" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(
      /failed: the server said no requests are left \(X-RateLimit-Remaining: 0 and X-RateLimit-Reset\) until its window resets in 1[12]\d s, longer than the 60000 ms allowed by "Max Retry Wait \(ms\)"/,
    );
    expect(s.requests).toHaveLength(1);
  });

  it("fails at once when the reset would come after the Timeout", async () => {
    const server = await answering(() => ({ "ratelimit-remaining": "0", "ratelimit-reset": "3" }));
    await run("httpGet", { url: `${server.url}/a` });
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${server.url}/a`, timeout: "1000" });
    expect(Date.now() - started).toBeLessThan(500);
    expect(error.message).toMatch(
      /failed: waiting \d+ ms for the server's rate-limit window to reset \(RateLimit-Remaining: 0 and RateLimit-Reset\) would pass the timeout$/,
    );
    expect(server.requests).toHaveLength(1);
  });
});
