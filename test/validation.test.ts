import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFailing } from "./helpers/harness";
import { echo, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

/** Runs an action expected to be refused and checks the server never heard of it. */
const refused = async (params: Record<string, unknown>, action = "httpGet") => {
  const before = server.requests.length;
  const error = await runFailing(action, { url: `${server.url}/x`, ...params });
  expect(server.requests.length).toBe(before);
  return error.message;
};

describe("bad input is refused before anything is sent, naming the input", () => {
  it.each([
    [{ url: "" }, 'Input "URL" (url) is required.'],
    [{ url: undefined }, 'Input "URL" (url) is required.'],
    [
      { url: "api.example.com/items" },
      'Input "URL" (url) has no http:// or https:// at its start; write the scheme before the host, e.g. https://api.example.com/path.',
    ],
    [
      { url: "localhost:18080/get" },
      'Input "URL" (url) has no http:// or https:// at its start; write the scheme before the host, e.g. https://api.example.com/path.',
    ],
    [
      { url: "https://" },
      'Input "URL" (url) is not a valid absolute URL; it must look like https://api.example.com/path.',
    ],
    [{ url: "ftp://files.example.com/a" }, 'Input "URL" (url) uses "ftp:", but only http and https URLs are allowed.'],
    [{ url: "file:///etc/passwd" }, 'Input "URL" (url) uses "file:", but only http and https URLs are allowed.'],
    [{ url: "data:text/plain,hello" }, 'Input "URL" (url) uses "data:", but only http and https URLs are allowed.'],
    [{ url: { href: "x" } }, 'Input "URL" (url) must be text; got an object.'],
  ])("refuses URL %j", async (params, message) => {
    expect(await refused(params)).toBe(message);
  });

  it("refuses a header value with a line break, without quoting the value", async () => {
    const message = await refused({ headers: [{ key: "X-Token", value: "abc\r\nX-Injected: 1" }] });
    expect(message).toBe(
      'Input "Header" (headers) the value of header "X-Token" has a line break or NUL character (U+000D at position 4).',
    );
  });

  it("refuses a header name that is not a header name", async () => {
    expect(await refused({ headers: [{ key: "Bad Name", value: "v" }] })).toBe(
      'Input "Header" (headers) row 1 has a header name that is not a valid header name: it has U+0020 at position 4 (names are letters, digits and !#$%&\'*+-.^_`|~).',
    );
    expect(await refused({ headers: [{ key: "X-A\nX-B", value: "v" }] })).toBe(
      'Input "Header" (headers) row 1 has a header name that is not a valid header name: it has U+000A at position 4 (names are letters, digits and !#$%&\'*+-.^_`|~).',
    );
  });

  it("refuses a header row with a value but no key", async () => {
    expect(await refused({ headers: [{ key: "", value: "orphan" }] })).toBe(
      'Input "Header" (headers) row 1 has a value but no key.',
    );
  });

  it.each([
    [{ timeout: "soon" }, 'Input "Timeout" (timeout) must be a whole number of milliseconds; got "soon".'],
    [{ timeout: "-5" }, 'Input "Timeout" (timeout) must be a whole number of milliseconds; got "-5".'],
    [{ timeout: "1.5" }, 'Input "Timeout" (timeout) must be a whole number of milliseconds; got "1.5".'],
    [{ maxRetries: "three" }, 'Input "Max Retry Count" (maxRetries) must be a whole number; got "three".'],
    [{ maxRetries: "500" }, 'Input "Max Retry Count" (maxRetries) must be at most 20; got 500.'],
    [
      { retryDelayMS: "1s" },
      'Input "Retry Delay (ms)" (retryDelayMS) must be a whole number of milliseconds; got "1s".',
    ],
    [
      { responseType: "yaml" },
      'Input "Response Type" (responseType) must be one of json, text, binary, xml, csv; got "yaml".',
    ],
    [
      { responseCharset: "klingon-8" },
      'Input "Response Charset" (responseCharset) is not a charset this connector can decode; use a WHATWG label such as utf-8, windows-1252, iso-8859-15, shift_jis, gbk or euc-kr.',
    ],
    [
      { select: "items[" },
      'Input "Select" (select) is not a valid JMESPath expression: Syntax error: expected Star, got: EOF.',
    ],
    [
      { includeFullResponse: "maybe" },
      'Input "Include Full Response" (includeFullResponse) must be true or false; got "maybe".',
    ],
    [
      { queryParams: "not json" },
      'Input "Query Parameter" (queryParams) must be a list of key/value pairs or a JSON object.',
    ],
  ])("refuses %j", async (params, message) => {
    expect(await refused(params)).toBe(message);
  });

  it("refuses a form method other than POST or PUT", async () => {
    const message = await refused({ httpMethod: "delete", formData: [{ key: "a", value: "1" }] }, "httpFormData");
    expect(message).toBe('Input "HTTP Method" (httpMethod) must be one of post, put; got "delete".');
  });

  it("accepts numbers and booleans typed by the designer in any usual spelling", async () => {
    const before = server.requests.length;
    await import("./helpers/harness").then(({ run }) =>
      run("httpGet", {
        url: `${server.url}/ok`,
        timeout: " 5000 ",
        maxRetries: 2,
        includeFullResponse: "Yes",
        debugRequest: false,
      }),
    );
    expect(server.requests.length).toBe(before + 1);
  });
});
