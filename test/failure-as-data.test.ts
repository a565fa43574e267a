import { afterAll, beforeAll, describe, expect, it } from "vitest";
import component from "../src";
import { type ActionOutput, harness, run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

/** An error page in Latin-1, as its Content-Type says: é is the single byte 0xE9. */
const MAINTENANCE = "Maintenance: café fermé";
/** A page that declares no charset and is not UTF-8 (0xFF is never UTF-8). */
const NOT_UTF8 = Buffer.from([0x3c, 0x70, 0x3e, 0xff, 0xfe, 0x00, 0x3c, 0x2f, 0x70, 0x3e]);

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    const status = Number(request.path.slice(1)) || 200;
    const latin1 = /^\/latin1-(\d+)/.exec(request.path);
    if (latin1) {
      const headers = { "content-type": "text/plain; charset=iso-8859-1", location: "/200" };
      return response.writeHead(Number(latin1[1]), headers).end(Buffer.from(MAINTENANCE, "latin1"));
    }
    if (request.path === "/not-utf8") {
      return response.writeHead(502, { "content-type": "text/html" }).end(NOT_UTF8);
    }
    if (status === 503) {
      return response
        .writeHead(503, { "content-type": "text/html", "retry-after": "120" })
        .end("<h1>Down for maintenance</h1>");
    }
    response
      .writeHead(status, { "content-type": "application/json" })
      .end(JSON.stringify({ status, path: request.path }));
  });
});
afterAll(() => server.close());

describe("failOnErrorStatus off", () => {
  it("returns a 404 as data the next step can branch on", async () => {
    const result = await run("httpGet", { url: `${server.url}/404`, failOnErrorStatus: "false" });
    expect(result.data).toMatchObject({
      status: 404,
      statusText: "Not Found",
      data: { status: 404, path: "/404" },
      url: `${server.url}/404`,
    });
    expect(result.data.headers["content-type"]).toBe("application/json");
  });

  it("returns a 503 whose body is not JSON as text rather than failing", async () => {
    const result = await run("httpPost", { url: `${server.url}/503`, data: { a: 1 }, failOnErrorStatus: false });
    expect(result.data).toMatchObject({ status: 503, data: "<h1>Down for maintenance</h1>" });
    expect(result.data.headers["retry-after"]).toBe("120");
  });

  it("returns an error body JSON cannot read as its text, in the charset it declares", async () => {
    for (const extra of [{}, { responseType: "xml" }]) {
      const result = await run("httpGet", { url: `${server.url}/latin1-503`, failOnErrorStatus: false, ...extra });
      expect(result.data).toMatchObject({ status: 503, data: MAINTENANCE });
    }
    const redirect = await run("httpGet", { url: `${server.url}/latin1-302`, followRedirects: false });
    expect(redirect.data).toMatchObject({ status: 302, data: MAINTENANCE });
  });

  it("quotes an error body in the charset it declares", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/latin1-503` });
    expect(error.message).toContain(MAINTENANCE);
  });

  it("returns an error body that is not text in any charset it declares as its bytes, not as text with U+FFFD", async () => {
    const result = await run("httpGet", { url: `${server.url}/not-utf8`, failOnErrorStatus: false });
    expect(result.data).toMatchObject({ status: 502 });
    expect(Buffer.isBuffer(result.data.data)).toBe(true);
    expect(Buffer.compare(result.data.data as Buffer, NOT_UTF8)).toBe(0);
  });

  it("returns success in the same shape, so the next step reads one shape", async () => {
    const result = await run("httpGet", { url: `${server.url}/200`, failOnErrorStatus: false });
    expect(result.data).toMatchObject({ status: 200, data: { status: 200 } });
  });

  it("still fails on a network error", async () => {
    const error = await runFailing("httpGet", { url: "http://127.0.0.1:9/refused", failOnErrorStatus: false });
    expect(error.message).toMatch(/^GET http:\/\/127\.0\.0\.1:9\/refused failed: the connection was refused/);
  });

  it("still fails on a timeout", async () => {
    const slow = await startServer(() => undefined);
    try {
      const error = await runFailing("httpGet", { url: `${slow.url}/hang`, failOnErrorStatus: false, timeout: "200" });
      expect(error.message).toBe(`GET ${slow.url}/hang failed: no complete response within the 200 ms timeout`);
    } finally {
      await slow.close();
    }
  });

  it("fails by default", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/404` });
    expect(error.message).toMatch(/failed with status 404 Not Found/);
  });
});

describe("httpRequestBranching", () => {
  const branch = (params: Record<string, unknown>) =>
    harness.action("httpRequestBranching", params) as Promise<ActionOutput & { branch: string }>;

  it("declares the Success and Error branches to the designer", () => {
    const action = component.actions.httpRequestBranching;
    expect(action.allowsBranching).toBe(true);
    expect(action.staticBranchNames).toEqual(["Success", "Error"]);
  });

  it("follows Success for a 2xx", async () => {
    const result = await branch({ url: `${server.url}/201`, method: "POST", data: { a: 1 } });
    expect(result.branch).toBe("Success");
    expect(result.data).toMatchObject({ status: 201, data: { status: 201 } });
  });

  it.each([404, 503])("follows Error for a %i with the response as data", async (status) => {
    const result = await branch({ url: `${server.url}/${status}`, method: "GET" });
    expect(result.branch).toBe("Error");
    expect(result.data.status).toBe(status);
  });

  it("follows Error when no answer came, saying why", async () => {
    const result = await branch({ url: "http://127.0.0.1:9/refused", method: "GET" });
    expect(result.branch).toBe("Error");
    expect(result.data).toMatchObject({ status: 0, data: null, error: { code: "ECONNREFUSED" } });
    expect(result.data.error.message).toMatch(/the connection was refused/);
  });

  it("still fails the step on bad input", async () => {
    await expect(branch({ url: "ftp://x", method: "GET" })).rejects.toThrow(
      'Input "URL" (url) uses "ftp:", but only http and https',
    );
  });
});
