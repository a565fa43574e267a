import type { ServerResponse } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { type Recorded, startHttpsServer, startServer, type TestServer } from "./helpers/servers";

const started: TestServer[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.close()));
});

type Answer = (request: Recorded, response: ServerResponse) => void;

const serve = async (answer: Answer): Promise<TestServer> => {
  const server = await startServer((request, response) => answer(request, response));
  started.push(server);
  return server;
};

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  response.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

const BEARER = { key: "bearerToken", configVarKey: "t", fields: { token: "export-TOKEN-1" } };

/** An export job: POST /exports answers 202; its operation answers 202 `pending` times, then the rows. */
const exportJob = (pending: number, acceptedHeaders: (polls: number) => Record<string, string>) => {
  let polls = 0;
  return serve((request, response) => {
    if (request.method === "POST" && request.path === "/exports") {
      return json(response, 202, { id: "e1" }, { location: "/operations/e1", ...acceptedHeaders(0) });
    }
    if (request.path !== "/operations/e1") return json(response, 404, {});
    polls += 1;
    if (polls <= pending) return json(response, 202, { status: "running" }, acceptedHeaders(polls));
    return json(response, 200, { status: "done", rows: [1, 2, 3] });
  });
};

const polls = (server: TestServer) => server.requests.filter(({ path }) => path === "/operations/e1");

describe("Wait For Completion", () => {
  it("polls a 202's Location until the operation is done and returns that answer", async () => {
    // The first wait is the 202's Retry-After (0.3 s); later ones Poll Interval (100 ms).
    const server = await exportJob(2, (n): Record<string, string> => (n === 0 ? { "retry-after": "0.3" } : {}));
    const { data } = await run("httpPost", {
      url: `${server.url}/exports`,
      data: '{"format":"csv"}',
      connection: BEARER,
      waitForCompletion: "true",
      pollIntervalMS: "100",
      includeFullResponse: "true",
    });
    expect(data).toMatchObject({
      status: 200,
      data: { status: "done", rows: [1, 2, 3] },
      url: `${server.url}/operations/e1`,
    });
    const [post, ...gets] = server.requests;
    expect(post.method).toBe("POST");
    expect(gets.map(({ method, path }) => `${method} ${path}`)).toEqual(Array(3).fill("GET /operations/e1"));
    // Polls are plain GETs with the connection's credentials (same origin) and no body.
    for (const get of gets) {
      expect(get.headers.authorization).toBe("Bearer export-TOKEN-1");
      expect(get.body.length).toBe(0);
      expect(get.headers["content-type"]).toBeUndefined();
    }
    expect(gets[0].at - post.at).toBeGreaterThanOrEqual(295);
    expect(gets[1].at - gets[0].at).toBeGreaterThanOrEqual(95);
    expect(gets[2].at - gets[1].at).toBeGreaterThanOrEqual(95);
  });

  it("returns a 202 as it is when Wait For Completion is off", async () => {
    const server = await exportJob(0, () => ({}));
    const { data } = await run("httpPost", { url: `${server.url}/exports`, data: "{}", includeFullResponse: "true" });
    expect(data).toMatchObject({ status: 202, data: { id: "e1" } });
    expect(server.requests).toHaveLength(1);
  });

  it("returns a 202 without Location or Operation-Location as it is", async () => {
    const server = await serve((_request, response) => json(response, 202, { queued: true }));
    const { data } = await run("httpPost", {
      url: `${server.url}/jobs`,
      data: "{}",
      waitForCompletion: "true",
      includeFullResponse: "true",
    });
    expect(data).toMatchObject({ status: 202, data: { queued: true } });
    expect(server.requests).toHaveLength(1);
  });

  it("polls Operation-Location, and a 200 with a status document ends the wait", async () => {
    const server = await serve((request, response) => {
      if (request.method === "PUT") return json(response, 202, {}, { "operation-location": "/status/9" });
      return json(response, 200, { status: "Running" });
    });
    const { data } = await run("httpPut", {
      url: `${server.url}/vm`,
      data: "{}",
      waitForCompletion: "true",
      pollIntervalMS: "0",
    });
    expect(data).toEqual({ status: "Running" });
    expect(server.requests.map(({ method, path }) => `${method} ${path}`)).toEqual(["PUT /vm", "GET /status/9"]);
  });

  it("sends no credentials to an operation on another origin", async () => {
    const operations = await serve((_request, response) => json(response, 200, { done: true }));
    const api = await serve((_request, response) => json(response, 202, {}, { location: `${operations.url}/op/1` }));
    const { data } = await run("httpPost", {
      url: `${api.url}/exports`,
      data: "{}",
      headers: [{ key: "X-Api-Key", value: "header-SECRET" }],
      connection: BEARER,
      waitForCompletion: "true",
      pollIntervalMS: "0",
    });
    expect(data).toEqual({ done: true });
    expect(api.requests[0].headers.authorization).toBe("Bearer export-TOKEN-1");
    expect(operations.requests).toHaveLength(1);
    expect(operations.requests[0].headers.authorization).toBeUndefined();
    expect(operations.requests[0].headers["x-api-key"]).toBeUndefined();
  });

  it("polls an operation over plain http from https only with Allow HTTPS to HTTP Redirects", async () => {
    const operations = await serve((_request, response) => json(response, 200, { done: true }));
    const api = await startHttpsServer((_request, response) =>
      json(response, 202, {}, { location: `${operations.url}/op/1` }),
    );
    started.push(api);
    const inputs = { url: `${api.url}/exports`, data: "{}", ignoreSslErrors: "true", waitForCompletion: "true" };
    const error = await runFailing("httpPost", { ...inputs, pollIntervalMS: "0" });
    expect(error.message).toBe(
      `POST ${api.url}/exports answered 202 Accepted with an operation to poll over plain http (${operations.url}); turn on "Allow HTTPS to HTTP Redirects" to poll it`,
    );
    expect(operations.requests).toHaveLength(0);
    const { data } = await run("httpPost", { ...inputs, pollIntervalMS: "0", allowInsecureRedirects: "true" });
    expect(data).toEqual({ done: true });
    expect(operations.requests.map(({ path }) => path)).toEqual(["/op/1"]);
  });

  it("fails the step with the poll's status when the operation fails", async () => {
    const server = await serve((request, response) =>
      request.method === "POST"
        ? json(response, 202, {}, { location: "/op" })
        : json(response, 500, { error: "export crashed" }),
    );
    const error = await runFailing("httpPost", {
      url: `${server.url}/exports`,
      data: "{}",
      waitForCompletion: "true",
      pollIntervalMS: "0",
    });
    expect(error.message).toBe(
      `GET ${server.url}/op failed with status 500 Internal Server Error: {"error":"export crashed"}`,
    );
  });

  it("stops polling at the Timeout", async () => {
    const server = await exportJob(1000, () => ({}));
    const begun = Date.now();
    const error = await runFailing("httpPost", {
      url: `${server.url}/exports`,
      data: "{}",
      waitForCompletion: "true",
      pollIntervalMS: "150",
      timeout: "700",
    });
    expect(Date.now() - begun).toBeLessThan(1200);
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${server.url}/operations/e1 answered 202 Accepted; waiting 150 ms to poll again would pass the 700 ms timeout$`,
      ),
    );
    const count = polls(server).length;
    expect(count).toBeGreaterThanOrEqual(3);
    // Nothing is sent after the step gave up.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(polls(server)).toHaveLength(count);
  });

  it("fails at once when Retry-After asks for longer than Max Retry Wait", async () => {
    const server = await exportJob(5, () => ({ "retry-after": "120" }));
    const begun = Date.now();
    const error = await runFailing("httpPost", {
      url: `${server.url}/exports`,
      data: "{}",
      waitForCompletion: "true",
      maxRetryWaitMS: "10000",
    });
    expect(Date.now() - begun).toBeLessThan(500);
    expect(error.message).toBe(
      `POST ${server.url}/exports answered 202 Accepted; the server asked to wait 120 s (Retry-After) before polling again, longer than the 10000 ms allowed by "Max Retry Wait (ms)"`,
    );
    expect(server.requests).toHaveLength(1);
  });

  it("paces polls with Max Requests Per Second and logs each with Debug Request", async () => {
    const server = await exportJob(3, () => ({}));
    const logs = recordLogs();
    await run(
      "httpPost",
      {
        url: `${server.url}/exports`,
        data: "{}",
        waitForCompletion: "true",
        pollIntervalMS: "0",
        maxRequestsPerSecond: "10",
        debugRequest: "true",
      },
      logs,
    );
    const times = server.requests.map(({ at }) => at);
    for (let index = 1; index < times.length; index += 1)
      expect(times[index] - times[index - 1]).toBeGreaterThanOrEqual(85);
    expect(logs.lines.filter((line) => line.startsWith("Polling "))).toEqual([
      `Polling ${server.url}/operations/e1 (poll 1)`,
      `Polling ${server.url}/operations/e1 (poll 2)`,
      `Polling ${server.url}/operations/e1 (poll 3)`,
      `Polling ${server.url}/operations/e1 (poll 4)`,
    ]);
  });

  it("refuses a Poll Interval that is not a number of milliseconds", async () => {
    const server = await exportJob(0, () => ({}));
    const error = await runFailing("httpPost", { url: `${server.url}/exports`, pollIntervalMS: "soon" });
    expect(error.message).toBe(
      'Input "Poll Interval (ms)" (pollIntervalMS) must be a whole number of milliseconds; got "soon".',
    );
    expect(server.requests).toHaveLength(0);
  });
});
