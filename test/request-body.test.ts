import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { echo, sha256, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];
const post = (data: unknown, extra: Record<string, unknown> = {}) =>
  run("httpPost", { url: `${server.url}/body`, data, ...extra });

describe("the data input of POST, PUT and PATCH", () => {
  it("sends an object from a previous step as JSON", async () => {
    await post({ name: "Acme", tags: ["a", "b"], nested: { n: 1 } });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(JSON.parse(lastRequest().body.toString())).toEqual({ name: "Acme", tags: ["a", "b"], nested: { n: 1 } });
  });

  it("sends an array as JSON", async () => {
    await run("httpPut", { url: `${server.url}/body`, data: [1, "two", { three: 3 }] });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().body.toString()).toBe('[1,"two",{"three":3}]');
  });

  it("sends JSON text as JSON, byte for byte as written", async () => {
    const text = '{ "spaced" : true,\n  "n": 1.50 }';
    await run("httpPatch", { url: `${server.url}/body`, data: text });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().body.toString()).toBe(text);
  });

  it("keeps the user's content type for JSON-looking text", async () => {
    const text = '{"query":"x"}';
    await post(text, { headers: [{ key: "Content-Type", value: "application/vnd.api+json" }] });
    expect(lastRequest().headers["content-type"]).toBe("application/vnd.api+json");
    expect(lastRequest().body.toString()).toBe(text);
  });

  it("sends other text as UTF-8 text", async () => {
    await post("grüße, 世界");
    expect(lastRequest().headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect(lastRequest().body).toEqual(Buffer.from("grüße, 世界", "utf8"));
  });

  it("sends XML with the type the user names, unchanged", async () => {
    const xml = '<?xml version="1.0"?>\n<order id="7"><item sku="A-1"/></order>';
    await post(xml, { headers: [{ key: "Content-Type", value: "application/xml" }] });
    expect(lastRequest().headers["content-type"]).toBe("application/xml");
    expect(lastRequest().body.toString()).toBe(xml);
  });

  it("sends a file payload as its exact bytes with its content type", async () => {
    const bytes = randomBytes(256 * 1024);
    await post({ data: bytes, contentType: "application/pdf" });
    expect(lastRequest().headers["content-type"]).toBe("application/pdf");
    expect(lastRequest().headers["content-length"]).toBe(String(bytes.length));
    expect(lastRequest().sha256).toBe(sha256(bytes));
  });

  it("sends a bare Buffer as application/octet-stream", async () => {
    const bytes = Buffer.from([0, 1, 2, 255, 254, 0x0d, 0x0a]);
    await post(bytes);
    expect(lastRequest().headers["content-type"]).toBe("application/octet-stream");
    expect(lastRequest().body).toEqual(bytes);
  });

  it("accepts a Buffer that went through JSON", async () => {
    await post({ type: "Buffer", data: [104, 105] });
    expect(lastRequest().headers["content-type"]).toBe("application/octet-stream");
    expect(lastRequest().body.toString()).toBe("hi");
  });

  it("sends what only looks like a serialized Buffer as the JSON it is, not as bytes it never held", async () => {
    // Buffer.from would wrap 256 to 0 and cut 1.5 to 1.
    for (const data of [
      { type: "Buffer", data: [104, 256] },
      { type: "Buffer", data: [1.5], extra: true },
    ]) {
      await post(data);
      expect(lastRequest().headers["content-type"]).toBe("application/json");
      expect(JSON.parse(lastRequest().body.toString())).toEqual(data);
    }
  });

  it("sends no body when data is empty", async () => {
    await post("");
    expect(lastRequest().body.length).toBe(0);
    expect(lastRequest().headers["content-type"]).toBeUndefined();
  });

  it("sends a body of spaces rather than dropping it", async () => {
    await post("   ");
    expect(lastRequest().body.toString()).toBe("   ");
  });

  it("sends numbers and booleans from a previous step as JSON", async () => {
    await post(42);
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().body.toString()).toBe("42");
  });

  it("replaces a user Content-Length instead of sending a wrong one", async () => {
    await post("abc", { headers: [{ key: "Content-Length", value: "999" }] });
    expect(lastRequest().headers["content-length"]).toBe("3");
    expect(lastRequest().body.toString()).toBe("abc");
  });

  it("refuses data that cannot be JSON, before sending", async () => {
    const count = server.requests.length;
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const error = await runFailing("httpPost", { url: `${server.url}/body`, data: cyclic });
    expect(error.message).toMatch(
      /^Input "Data" \(data\) refers to itself \(a circular structure\), which has no JSON form/,
    );
    expect(server.requests.length).toBe(count);
  });
});

describe("text that starts like JSON", () => {
  it.each([
    ['{"name":', "is not valid JSON: it ends before the JSON does (at position 8)"],
    ["[1, 2", "is not valid JSON (at position 5)"],
    ['{name: "x"}', "is not valid JSON (at position 1)"],
  ])("%j is refused with the position, not sent as text", async (data, reason) => {
    const before = server.requests.length;
    const error = await runFailing("httpPost", { url: `${server.url}/body`, data });
    expect(error.message).toBe(
      `Input "Data" (data) starts like JSON but ${reason}; fix it, or choose Body Type Raw to send it as text.`,
    );
    expect(server.requests.length).toBe(before);
  });

  it("is sent as text with Body Type Raw, or with a Content-Type header the user chose", async () => {
    await post('{"partial":', { bodyType: "raw", contentType: "text/plain" });
    expect(lastRequest().body.toString()).toBe('{"partial":');
    await post("[draft", { headers: [{ key: "Content-Type", value: "text/markdown" }] });
    expect(lastRequest().headers["content-type"]).toBe("text/markdown");
    expect(lastRequest().body.toString()).toBe("[draft");
  });

  it("other text is still sent as text", async () => {
    await post("hello {world}");
    expect(lastRequest().headers["content-type"]).toBe("text/plain; charset=utf-8");
  });
});

describe("query parameters and headers", () => {
  it("appends query parameters to the URL's own query, encoded once, keeping repeats", async () => {
    await run("httpGet", {
      url: `${server.url}/search?q=already%20encoded&x=1`,
      queryParams: [
        { key: "tag", value: "a b" },
        { key: "tag", value: "c&d" },
        { key: "path", value: "/x?y=%z" },
      ],
    });
    expect(lastRequest().url).toBe("/search?q=already%20encoded&x=1&tag=a%20b&tag=c%26d&path=%2Fx%3Fy%3D%25z");
    expect(lastRequest().query.getAll("tag")).toEqual(["a b", "c&d"]);
  });

  it("sends repeated headers as repeated headers", async () => {
    await run("httpGet", {
      url: `${server.url}/h`,
      headers: [
        { key: "X-Trace", value: "one" },
        { key: "x-trace", value: "two" },
        { key: "Accept", value: "text/csv" },
      ],
    });
    const traces = lastRequest().rawHeaders.filter((_, i, all) => i % 2 === 1 && /^x-trace$/i.test(all[i - 1]));
    expect(traces).toEqual(["one", "two"]);
    expect(lastRequest().headers.accept).toBe("text/csv");
  });

  it("accepts headers given as a JSON object from a previous step", async () => {
    await run("httpGet", { url: `${server.url}/h`, headers: '{"X-From-Step":"yes"}' });
    expect(lastRequest().headers["x-from-step"]).toBe("yes");
  });
});
