import net from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toHttpUrl } from "../src/inputs/url";
import { InvalidValue, toJsonText } from "../src/inputs/values";
import { parseJsonExact } from "../src/request/decode/exactJson";
import { run, runFailing } from "./helpers/harness";
import { echo, startServer, type TestServer } from "./helpers/servers";

/**
 * What the user typed is sent as typed or refused, naming the input and where the problem is,
 * before anything reaches the server; numbers in responses come back unchanged.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response, raw) => {
    if (request.path === "/big") {
      return response
        .setHeader("content-type", "application/json")
        .end(
          '{"id":12345678901234567890,"neg":-12345678901234567890,"safe":9007199254740991,"f":1.5,"s":"12345678901234567890123","list":[98765432109876543210]}',
        );
    }
    echo(request, response, raw);
  });
});
afterAll(() => server.close());

/** Runs an action that must be refused and checks the server never heard of it. */
const refused = async (action: string, params: Record<string, unknown>): Promise<string> => {
  const before = server.requests.length;
  const error = await runFailing(action, { url: `${server.url}/x`, ...params });
  expect(server.requests.length, "nothing may reach the server").toBe(before);
  return error.message;
};

const circular = (): Record<string, unknown> => {
  const value: Record<string, unknown> = { a: 1 };
  value.self = value;
  return value;
};

describe("characters are sent as typed or refused with their position", () => {
  it("refuses a header value outside Latin-1 instead of dropping the character", async () => {
    const message = await refused("httpGet", { headers: [{ key: "X-Note", value: "snow☃man" }] });
    expect(message).toBe(
      'Input "Header" (headers) the value of header "X-Note" has a character outside Latin-1 (U+2603 at position 5), which a header cannot carry; percent-encode or base64 it.',
    );
  });

  it("sends a Latin-1 header value as its single bytes", async () => {
    await run("httpGet", { url: `${server.url}/latin1`, headers: [{ key: "X-Name", value: "José" }] });
    const sent = server.requests.at(-1);
    const index = sent?.rawHeaders.indexOf("X-Name") ?? -1;
    // Node reads header bytes as Latin-1: one byte 0xE9 arrives as "é".
    expect(Buffer.from(sent?.rawHeaders[index + 1] ?? "", "latin1")).toEqual(Buffer.from([0x4a, 0x6f, 0x73, 0xe9]));
  });

  it.each([
    ["a tab", "\t", "U+0009"],
    ["a line feed", "\n", "U+000A"],
    ["a carriage return", "\r", "U+000D"],
    ["a NUL", "\0", "U+0000"],
  ])("refuses %s inside a URL, which the parser would silently remove", async (_name, char, code) => {
    const url = `${server.url}/a${char}b`;
    const position = url.indexOf(char) + 1;
    expect(await refused("httpGet", { url })).toBe(
      `Input "URL" (url) has a control character (${code} at position ${position}) that a URL cannot carry; remove it, or percent-encode it (e.g. %0A) if it is data.`,
    );
  });

  it("trims only the spaces around a URL", async () => {
    await run("httpGet", { url: `  ${server.url}/trimmed?q=a%20b \n` });
    expect(server.requests.at(-1)?.url).toBe("/trimmed?q=a%20b");
  });

  it("keeps a Unicode line separator at a URL's end, sending it encoded, instead of trimming it unseen", async () => {
    await run("httpGet", { url: `${server.url}/sep\u2028` });
    expect(server.requests.at(-1)?.url).toBe("/sep%E2%80%A8");
  });

  it.each([
    ["a backslash", "/a\\b", "has a backslash in its path, which URLs read as /; write / or, if it is data, %5C."],
    [
      "a .. segment",
      "/a/../b",
      'has a ".." segment in its path, which URLs resolve away, so another path would be requested; write the path you mean.',
    ],
    ["an encoded . segment", "/a/%2E/b", 'has a "%2E" segment in its path'],
    ["a .. at the end", "/a/..", 'has a ".." segment in its path'],
  ])("refuses %s in a URL's path, which the URL parser would rewrite", async (_name, path, reason) => {
    expect(await refused("httpGet", { url: `${server.url}${path}` })).toContain(`Input "URL" (url) ${reason}`);
  });

  it("sends dots that are not whole segments, and any in the query, as typed", async () => {
    await run("httpGet", { url: `${server.url}/.well-known/a..b?next=/../x` });
    expect(server.requests.at(-1)?.url).toBe("/.well-known/a..b?next=/../x");
  });

  it("sends a query that holds a path, on a URL without one, as typed", async () => {
    await run("httpGet", { url: `${server.url}?next=/a/../b\\c#/./x` });
    expect(server.requests.at(-1)?.url).toBe("/?next=/a/../b\\c");
  });

  it("judges only the path: dot segments and backslashes there are refused, in the query or fragment never", () => {
    const segment = fc.oneof(
      fc.constantFrom(".", "..", "%2e", "%2E.", "...", "a", "v1.2", ".well-known", ""),
      fc.stringMatching(/^[a-z0-9._~%-]{0,6}$/),
    );
    const rest = fc.stringMatching(/^[a-z0-9./\\%?#=&-]{0,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { maxLength: 4 }), fc.constantFrom("?", "#", ""), rest, (segments, mark, tail) => {
        const path = segments.map((part) => `/${part}`).join("");
        const after = mark === "" ? "" : `${mark}${tail}`;
        const expected = segments.some((part) => /^(?:\.|%2e){1,2}$/i.test(part)) ? /segment in its path/ : undefined;
        let reason: string | undefined;
        try {
          toHttpUrl(`https://api.test${path}${after}`);
        } catch (error) {
          reason = (error as Error).message;
        }
        if (expected) expect(reason).toMatch(expected);
        else expect(reason === undefined || !/in its path/.test(reason)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("refuses an unpaired surrogate, which has no UTF-8 form, in a body, a query value and a URL", async () => {
    expect(await refused("httpPost", { data: "abc\uD800" })).toBe(
      'Input "Data" (data) has an unpaired surrogate (U+D800 at position 4), a character that cannot be sent as UTF-8.',
    );
    expect(await refused("httpGet", { queryParams: [{ key: "q", value: "x\uDC00" }] })).toBe(
      'Input "Query Parameter" (queryParams) row 1\'s value has an unpaired surrogate (U+DC00 at position 2), a character that cannot be sent as UTF-8.',
    );
    expect(await refused("httpGet", { url: `${server.url}/\uD83D` })).toMatch(
      /^Input "URL" \(url\) has an unpaired surrogate \(U\+D83D at position \d+\)/,
    );
  });

  it("sends emoji and other well-formed text byte for byte", async () => {
    await run("httpPost", { url: `${server.url}/emoji`, data: "snow☃man 🚀", contentType: "text/plain" });
    expect(server.requests.at(-1)?.body.toString("utf8")).toBe("snow☃man 🚀");
  });
});

describe("an object where text belongs is refused, never sent as [object Object]", () => {
  it.each([
    [
      "httpPost",
      { bodyType: "raw", data: "x", contentType: { type: "xml" } },
      'Input "Content Type" (contentType) must be text; got an object.',
    ],
    [
      "httpGet",
      { queryParams: [{ key: { k: 1 }, value: "x" }] },
      'Input "Query Parameter" (queryParams) row 1\'s key must be text; got an object.',
    ],
    [
      "httpGraphql",
      { query: "{ a }", operationName: { name: "A" } },
      'Input "Operation Name" (operationName) must be text; got an object.',
    ],
    [
      "httpPaginate",
      { paginationMode: "cursor", cursorPath: { path: "next" } },
      'Input "Cursor Path" (cursorPath) must be text; got an object.',
    ],
    ["httpGet", { responseType: ["json"] }, 'Input "Response Type" (responseType) must be text; got a list.'],
    ["httpGet", { timeout: { ms: 5 } }, 'Input "Timeout" (timeout) must be text; got an object.'],
  ])("%s refuses %j", async (action, params, message) => {
    expect(await refused(action, params)).toBe(message);
  });

  it("sends an object value of a query parameter as its JSON text, and a list as Array Format says", async () => {
    await run("httpGet", {
      url: `${server.url}/values`,
      queryParams: [
        { key: "filter", value: { status: "open" } },
        { key: "tag", value: ["a", 2] },
      ],
    });
    const { query } = server.requests.at(-1) ?? {};
    expect(query?.get("filter")).toBe('{"status":"open"}');
    expect(query?.getAll("tag")).toEqual(["a", "2"]);
  });

  it("sends a list in Form Data as one part per item", async () => {
    await run("httpFormData", { url: `${server.url}/form`, formData: [{ key: "tag", value: ["a", "b"] }] });
    const body = server.requests.at(-1)?.body.toString("utf8") ?? "";
    expect(body.match(/name="tag"/g)).toHaveLength(2);
  });
});

describe("values that cannot be written are refused naming the input", () => {
  it.each([
    [
      "httpGet",
      { headers: [{ key: "X-Data", value: circular() }] },
      'Input "Header" (headers) row 1\'s value refers to itself (a circular structure), which has no JSON form.',
    ],
    [
      "httpGet",
      { queryParams: [{ key: "q", value: circular() }] },
      'Input "Query Parameter" (queryParams) row 1\'s value refers to itself (a circular structure), which has no JSON form.',
    ],
    [
      "httpPost",
      { formFields: [{ key: "f", value: circular() }] },
      'Input "Form Fields" (formFields) row 1\'s value refers to itself (a circular structure), which has no JSON form.',
    ],
    [
      "httpPost",
      { data: circular() },
      'Input "Data" (data) refers to itself (a circular structure), which has no JSON form.',
    ],
    ["httpPost", { data: () => 1 }, 'Input "Data" (data) is a function, which has no JSON form.'],
    ["httpPost", { data: { n: Number.NaN } }, 'Input "Data" (data) holds the number NaN, which JSON cannot carry.'],
    [
      "httpGraphql",
      { query: "{ a }", variables: [{ key: "v", value: circular() }] },
      'Input "Variables" (variables) row 1\'s value refers to itself (a circular structure), which has no JSON form.',
    ],
    [
      "httpGraphql",
      { query: "{ a }", variablesObject: '{"id": 12345678901234567890}' },
      'Input "Variables Object" (variablesObject) has a number JavaScript would change (an integer beyond ±(2^53 - 1), or more digits or range than a double holds); write it as a string.',
    ],
    [
      "httpGraphql",
      { query: "{ a }", variablesObject: '{"limit": 1e400}' },
      'Input "Variables Object" (variablesObject) has a number JavaScript would change (an integer beyond ±(2^53 - 1), or more digits or range than a double holds); write it as a string.',
    ],
    [
      "httpGraphql",
      { query: "{ a }", operationName: Number.NaN },
      'Input "Operation Name" (operationName) is NaN, not a value to send.',
    ],
    [
      "httpGet",
      { headers: [{ key: "X-N", value: Number.POSITIVE_INFINITY }] },
      "row 1's value is Infinity, not a value to send.",
    ],
    [
      "httpPaginate",
      { itemsPath: "data\r\nitems" },
      'Input "Items Path" (itemsPath) has a control character (U+000D at position 5), which no field name in a body has.',
    ],
    [
      "httpPaginate",
      { cursorPath: "a.".repeat(3000), paginationMode: "cursor", cursorParam: "c" },
      'Input "Cursor Path" (cursorPath) is 6000 characters long, more than the 4096 accepted.',
    ],
  ])("%s refuses a value that has no text form (%#)", async (action, params, message) => {
    expect(await refused(action, params as Record<string, unknown>)).toContain(message);
  });

  it("refuses a malformed percent escape in URL or proxy credentials", async () => {
    expect(await refused("httpGet", { url: "http://user:%zz@127.0.0.1:9/x" })).toBe(
      'Input "URL" (url) has a malformed percent escape (a % not followed by two hex digits) in its user:password@ part.',
    );
    expect(await refused("httpGet", { proxyUrl: "http://user:50%@127.0.0.1:9" })).toBe(
      'Input "Proxy URL" (proxyUrl) has a malformed percent escape (a % not followed by two hex digits) in its user:password@ part.',
    );
  });

  it.each([
    [{ key: "__proto__", fields: {} }, 'Input "Connection" (connection) has a type this component does not know'],
    [{ key: "constructor", fields: {} }, 'Input "Connection" (connection) has a type this component does not know'],
    ["bearerToken", 'Input "Connection" (connection) must be a connection; got a string.'],
    [
      { key: "apiKey", fields: { apiKey: "k-1", keyPlacement: "cookie" } },
      'Input "Connection" (connection) (apiKey) field "Key Placement" must be one of authorization, header, query.',
    ],
    [
      { key: "apiKey", fields: { apiKey: { nested: true } } },
      'Input "Connection" (connection) (apiKey) field "API Key" must be text; got an object.',
    ],
  ])("refuses the connection %j", async (connection, message) => {
    expect(await refused("httpGet", { connection })).toContain(message);
  });

  it("refuses a connection carrying __proto__ or constructor keys, which no connection has", async () => {
    const fields = JSON.parse('{"__proto__": {"keyPlacement": "query"}, "token": "t-123"}');
    expect(await refused("httpGet", { connection: { key: "bearerToken", fields } })).toBe(
      'Input "Connection" (connection) has a key named __proto__, which no connection has.',
    );
    expect(
      await refused("httpGet", { connection: { key: "bearerToken", fields: { token: "t", constructor: "x" } } }),
    ).toBe('Input "Connection" (connection) has a key named constructor, which no connection has.');
  });
});

/**
 * The reference for what JSON.stringify drops or changes, found by JSON.stringify itself: its
 * replacer sees every value it writes, with the holder as `this`. A function, a symbol or a
 * non-finite number it meets is a loss; what a toJSON method returns is the object's own choice
 * and not judged, as toJsonText does not judge it either.
 */
const stringifyLoses = (value: unknown): boolean => {
  const chosen = new WeakSet<object>();
  let loses = false;
  JSON.stringify(value, function (this: Record<string, unknown>, key, written: unknown) {
    const raw = this[key];
    const judged = !chosen.has(this) && Object.is(written, raw);
    if (!judged && typeof written === "object" && written !== null) chosen.add(written);
    const lost =
      typeof raw === "function" || typeof raw === "symbol" || (typeof raw === "number" && !Number.isFinite(raw));
    if (judged && lost) loses = true;
    return written;
  });
  return loses;
};

/** Values a previous step could hand over, with everything JSON.stringify drops or changes mixed in. */
const stepValue = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.constant(undefined)),
    fc.constantFrom<unknown>(() => 1, Symbol("s"), Number.NaN, Number.POSITIVE_INFINITY),
    fc.constantFrom<unknown>(Buffer.from("ab"), new Date(0), { toJSON: () => Number.NaN }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 4 }), tie("value"), { maxKeys: 4 }),
    // Keys JSON.stringify never reads: inherited ones and non-enumerable own ones.
    tie("value").map((inner) =>
      Object.create({ inherited: () => 1 }, { hidden: { value: Symbol("h") }, v: { value: inner, enumerable: true } }),
    ),
  ),
})).value;

describe("data is written as JSON only when JSON.stringify loses nothing", () => {
  it("refuses exactly the values in which JSON.stringify drops or changes something", () => {
    fc.assert(
      fc.property(stepValue, (value) => {
        let refused = false;
        try {
          toJsonText(value);
        } catch (error) {
          if (!(error instanceof InvalidValue)) throw error;
          refused = true;
        }
        // A value with no JSON text at all (a bare function or symbol, undefined) is refused too.
        expect(refused).toBe(stringifyLoses(value) || JSON.stringify(value) === undefined);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("limits are named constants, said when hit", () => {
  it("refuses a URL longer than 65536 characters, without repeating it", async () => {
    const message = await refused("httpGet", { url: `${server.url}/${"a".repeat(70_000)}` });
    expect(message).toMatch(/^Input "URL" \(url\) is \d+ characters long, more than the 65536 a URL may have\.$/);
  });

  it("refuses query parameters that make the URL too long", async () => {
    const message = await refused("httpGet", { queryParams: [{ key: "q", value: "b".repeat(70_000) }] });
    expect(message).toMatch(
      /^Input "Query Parameter" \(queryParams\) makes the URL \d+ characters long, more than the 65536/,
    );
  });

  it("refuses a cURL command over 1 MiB, and reads a long word below it", async () => {
    const huge = `curl ${server.url}/c -d ${"a".repeat(10 * 1024 * 1024)}`;
    expect(await refused("httpCurl", { curlCommand: huge })).toBe(
      `Input "cURL Command" (curlCommand) is ${huge.length} characters long, more than the 1048576 a command may have.`,
    );
    const long = `curl ${server.url}/c --data-raw ${"a".repeat(900_000)}`;
    await run("httpCurl", { curlCommand: long });
    expect(server.requests.at(-1)?.body.length).toBe(900_000);
  });

  it.each(["timeout", "connectTimeout", "retryDelayMS", "maxRetryWaitMS"])(
    "refuses %s beyond what a timer holds, which would fire at once",
    async (key) => {
      expect(await refused("httpGet", { [key]: "2147483648" })).toMatch(
        /must be at most 2147483647 of milliseconds; got 2147483648\.$/,
      );
    },
  );

  it("refuses curl -m beyond what a timer holds", async () => {
    expect(await refused("httpCurl", { curlCommand: `curl -m 2147484 ${server.url}/m` })).toBe(
      'Input "cURL Command" (curlCommand) has -m longer than 2147483 seconds, the longest wait a timer can hold.',
    );
  });
});

describe("large integers in JSON responses", () => {
  it("come back as strings of their exact digits; every other number unchanged", async () => {
    const { data } = await run("httpGet", { url: `${server.url}/big` });
    expect(data).toEqual({
      id: "12345678901234567890",
      neg: "-12345678901234567890",
      safe: 9007199254740991,
      f: 1.5,
      s: "12345678901234567890123",
      list: ["98765432109876543210"],
    });
  });

  it("leaves digits inside strings, escapes and exponents alone", () => {
    expect(parseJsonExact('{"a":"x\\"12345678901234567890","b":1e400,"c":12345678901234567890.5,"d":[-0]}')).toEqual({
      a: 'x"12345678901234567890',
      b: "1e400",
      c: "12345678901234567890.5",
      d: [-0],
    });
    expect(parseJsonExact('{"k":1,"k":12345678901234567890}')).toEqual({ k: "12345678901234567890" });
  });
});

describe("a HEAD, 204 or 304 has no body to limit", () => {
  it("reads a HEAD whose Content-Length is over Max Response Size", async () => {
    const big = await startServer((_request, response) => {
      response.writeHead(200, { "content-length": String(500 * 1024 * 1024), "content-type": "application/zip" }).end();
    });
    try {
      const { data } = await run("httpRequest", {
        url: `${big.url}/file.zip`,
        method: "HEAD",
        maxResponseBytes: "1024",
      });
      expect(data.status).toBe(200);
      expect(data.headers["content-length"]).toBe(String(500 * 1024 * 1024));
    } finally {
      await big.close();
    }
  });
});

describe("never hangs: one deadline for the whole step", () => {
  it("bounds Fetch All Pages as a whole, not per page", async () => {
    const slow = await startServer((request, response) => {
      const page = Number(request.query.get("page") ?? "1");
      setTimeout(() => {
        response
          .writeHead(200, { "content-type": "application/json", link: `</p?page=${page + 1}>; rel="next"` })
          .end(JSON.stringify([{ page }]));
      }, 150);
    });
    try {
      const started = Date.now();
      const error = await runFailing("httpPaginate", { url: `${slow.url}/p?page=1`, timeout: "1000", maxPages: "20" });
      expect(error.message).toMatch(/no complete response within the 1000 ms timeout/);
      expect(Date.now() - started).toBeLessThan(2000);
      expect(slow.requests.length).toBeLessThan(9);
    } finally {
      await slow.close();
    }
  });

  it("has a default Timeout when the input is empty", async () => {
    const { inputs } = (await import("../src")).default.actions.httpGet as unknown as {
      inputs: { key: string; clean: (value: unknown) => unknown }[];
    };
    const timeout = inputs.find((input) => input.key === "timeout");
    expect(timeout?.clean("")).toBe(600_000);
  });

  it("stops a server that accepts the connection and never answers, within Timeout", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const error = await runFailing("httpGet", { url: `http://127.0.0.1:${port}/`, timeout: "200" });
      expect(error.message).toBe(
        `GET http://127.0.0.1:${port}/ failed: no complete response within the 200 ms timeout`,
      );
    } finally {
      silent.close();
    }
  });
});
