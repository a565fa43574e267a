import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { echo, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response, raw) => {
    if (request.method === "OPTIONS") {
      response.writeHead(204, { allow: "GET, POST, OPTIONS", "access-control-allow-origin": "*" }).end();
      return;
    }
    if (request.method === "HEAD") {
      response.writeHead(200, { "content-type": "application/pdf", "content-length": "123456", etag: '"v7"' }).end();
      return;
    }
    echo(request, response, raw);
  });
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];

describe("httpRequest", () => {
  it.each(["GET", "POST", "PUT", "PATCH", "DELETE"])("sends %s", async (method) => {
    await run("httpRequest", { url: `${server.url}/any`, method });
    expect(lastRequest().method).toBe(method);
  });

  it("answers HEAD with the status and headers", async () => {
    const result = await run("httpRequest", { url: `${server.url}/file.pdf`, method: "HEAD" });
    expect(lastRequest().method).toBe("HEAD");
    expect(result.data).toMatchObject({ status: 200, statusText: "OK", data: null });
    expect(result.data.headers).toMatchObject({
      "content-type": "application/pdf",
      "content-length": "123456",
      etag: '"v7"',
    });
  });

  it("sends OPTIONS and returns what the server allows", async () => {
    const result = await run("httpRequest", { url: `${server.url}/any`, method: "OPTIONS", includeFullResponse: true });
    expect(lastRequest().method).toBe("OPTIONS");
    expect(result.data.status).toBe(204);
    expect(result.data.headers.allow).toBe("GET, POST, OPTIONS");
  });

  it("accepts a method in lower case", async () => {
    await run("httpRequest", { url: `${server.url}/any`, method: "put", data: "x" });
    expect(lastRequest().method).toBe("PUT");
  });

  it("refuses a method it does not offer", async () => {
    const error = await runFailing("httpRequest", { url: `${server.url}/any`, method: "TRACE" });
    expect(error.message).toBe(
      'Input "Method" (method) must be one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS; got "TRACE".',
    );
  });
});

describe("query strings", () => {
  it.each([
    ["repeat", "/q?keep=1&tag=a&tag=b%20c&one=x"],
    ["brackets", "/q?keep=1&tag%5B%5D=a&tag%5B%5D=b%20c&one=x"],
    ["comma", "/q?keep=1&tag=a%2Cb%20c&one=x"],
  ])("writes list values with arrayFormat %s", async (arrayFormat, expected) => {
    await run("httpGet", {
      url: `${server.url}/q?keep=1`,
      arrayFormat,
      queryParams: [
        { key: "tag", value: ["a", "b c"] },
        { key: "one", value: "x" },
      ],
    });
    expect(lastRequest().url).toBe(expected);
  });

  it("keeps repeated keys from the list whatever the array format", async () => {
    await run("httpGet", {
      url: `${server.url}/q`,
      arrayFormat: "comma",
      queryParams: [
        { key: "tag", value: "a" },
        { key: "tag", value: "b" },
      ],
    });
    expect(lastRequest().query.getAll("tag")).toEqual(["a", "b"]);
  });

  it("encodes each value exactly once, leaving the URL's own query as written", async () => {
    await run("httpGet", { url: `${server.url}/q?pre=%2Fencoded`, queryParams: [{ key: "v", value: "50%/a+b" }] });
    expect(lastRequest().url).toBe("/q?pre=%2Fencoded&v=50%25%2Fa%2Bb");
    expect(lastRequest().query.get("v")).toBe("50%/a+b");
  });

  it("sends two Accept values as two headers", async () => {
    await run("httpGet", {
      url: `${server.url}/h`,
      headers: [
        { key: "Accept", value: "application/json" },
        { key: "Accept", value: "text/csv" },
      ],
    });
    const accepts = lastRequest().rawHeaders.filter((_, i, all) => i % 2 === 1 && /^accept$/i.test(all[i - 1]));
    expect(accepts).toEqual(["application/json", "text/csv"]);
  });
});
