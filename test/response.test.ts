import { randomBytes } from "node:crypto";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(70_000)]);
const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9]); // "café" in ISO-8859-1
const shiftJis = Buffer.from([0x93, 0xfa, 0x96, 0x7b]); // "日本" in Shift_JIS
const json = JSON.stringify({ items: [{ id: 1, name: "ünïcode ✓" }] });

const routes: Record<string, (response: import("node:http").ServerResponse) => void> = {
  "/json": (res) => res.setHeader("content-type", "application/json").end(json),
  "/json-latin1": (res) =>
    res
      .setHeader("content-type", "application/json; charset=iso-8859-1")
      .end(Buffer.from('{"city":"Montr\xe9al"}', "latin1")),
  "/html": (res) =>
    res.setHeader("content-type", "text/html").end("<!DOCTYPE html><html><body>Maintenance</body></html>"),
  "/empty": (res) => res.writeHead(204).end(),
  "/latin1": (res) => res.setHeader("content-type", "text/plain; charset=ISO-8859-1").end(latin1),
  "/sjis": (res) => res.setHeader("content-type", "text/plain; charset=shift_jis").end(shiftJis),
  "/utf8-undeclared": (res) => res.setHeader("content-type", "text/plain").end("naïve"),
  "/bad-utf8": (res) => res.setHeader("content-type", "text/plain; charset=utf-8").end(Buffer.from([0x61, 0xff, 0x62])),
  "/unknown-charset": (res) => res.setHeader("content-type", "text/plain; charset=x-klingon").end("qapla"),
  "/png": (res) => res.setHeader("content-type", "image/png").end(png),
  "/octets": (res) => res.end(Buffer.from([1, 2, 3])),
  "/gzip": (res) =>
    res.setHeader("content-type", "application/json").setHeader("content-encoding", "gzip").end(gzipSync(json)),
  "/deflate": (res) =>
    res.setHeader("content-type", "application/json").setHeader("content-encoding", "deflate").end(deflateSync(json)),
  "/br": (res) =>
    res.setHeader("content-type", "application/json").setHeader("content-encoding", "br").end(brotliCompressSync(json)),
  "/gzip-binary": (res) =>
    res.setHeader("content-type", "image/png").setHeader("content-encoding", "gzip").end(gzipSync(png)),
  "/truncated": (res) => {
    res.writeHead(200, { "content-type": "application/json", "content-length": "1000" });
    res.write('{"partial": "');
    setTimeout(() => res.socket?.destroy(), 20);
  },
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    const route = routes[request.path];
    if (route) route(response);
    else response.writeHead(404).end();
  });
});
afterAll(() => server.close());

const get = (path: string, extra: Record<string, unknown> = {}) =>
  run("httpGet", { url: `${server.url}${path}`, ...extra });

describe("responseType json (the default)", () => {
  it("returns the parsed body", async () => {
    expect((await get("/json")).data).toEqual(JSON.parse(json));
  });

  it("decodes JSON in the charset the response declares", async () => {
    expect((await get("/json-latin1")).data).toEqual({ city: "Montréal" });
  });

  it("returns null for an empty body instead of failing", async () => {
    expect((await get("/empty")).data).toBeNull();
  });

  it("fails clearly when the body is not JSON, quoting its start", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/html` });
    expect(error.message).toBe(
      `GET ${server.url}/html failed: the response body is not valid JSON (text/html); it starts with "<!DOCTYPE html><html><body>Maintenance</body></html>". Choose Response Type text to get it as a string`,
    );
  });
});

describe("responseType text", () => {
  it.each([
    ["/latin1", "café"],
    ["/sjis", "日本"],
    ["/utf8-undeclared", "naïve"],
  ])("decodes %s with the declared charset", async (path, text) => {
    expect((await get(path, { responseType: "text" })).data).toBe(text);
  });

  it("fails rather than replacing bytes that are not valid in the charset", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/bad-utf8`, responseType: "text" });
    expect(error.message).toMatch(/not valid utf-8; choose Response Type binary/);
  });

  it("fails clearly on a charset it cannot decode", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/unknown-charset`, responseType: "text" });
    expect(error.message).toMatch(/declares charset "x-klingon", which cannot be decoded here/);
  });
});

describe("responseType binary", () => {
  it("returns the exact bytes as a Buffer with the response content type", async () => {
    const result = await get("/png", { responseType: "binary" });
    expect(Buffer.isBuffer(result.data)).toBe(true);
    expect(result.data.equals(png)).toBe(true);
    expect(result.contentType).toBe("image/png");
  });

  it("says application/octet-stream when the server gives no type", async () => {
    const result = await get("/octets", { responseType: "binary" });
    expect(result.contentType).toBe("application/octet-stream");
    expect([...result.data]).toEqual([1, 2, 3]);
  });
});

describe("compressed responses", () => {
  it.each(["/gzip", "/deflate", "/br"])("undoes %s and reports the data's real headers", async (path) => {
    const result = await get(path, { includeFullResponse: true });
    expect(result.data.data).toEqual(JSON.parse(json));
    expect(result.data.headers["content-encoding"]).toBeUndefined();
    expect(result.data.headers["content-length"]).toBeUndefined();
  });

  it("returns the decompressed bytes of a gzipped binary", async () => {
    const result = await get("/gzip-binary", { responseType: "binary" });
    expect(result.data.equals(png)).toBe(true);
  });

  it("offers only encodings it can undo", async () => {
    await get("/json");
    expect(server.requests[server.requests.length - 1].headers["accept-encoding"]).toBe("gzip, deflate, br");
  });
});

describe("includeFullResponse", () => {
  it("returns data, status, statusText, headers and the URL", async () => {
    const result = await get("/json", { includeFullResponse: "true" });
    expect(result.data).toMatchObject({
      data: JSON.parse(json),
      status: 200,
      statusText: "OK",
      url: `${server.url}/json`,
    });
    expect(result.data.headers["content-type"]).toBe("application/json");
    expect(Object.getPrototypeOf(result.data.headers)).toBe(Object.prototype);
  });
});

describe("a body cut short", () => {
  it("fails instead of returning part of it", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/truncated`, responseType: "text" });
    expect(error.message).toBe(
      `GET ${server.url}/truncated failed: the response body was cut short after 13 of 1000 bytes (ECONNRESET)`,
    );
  });
});
