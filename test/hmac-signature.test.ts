import { createHmac, randomBytes } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { parseTemplate, renderTemplate } from "../src/connections/schemes/hmacTemplate";
import { InvalidValue } from "../src/inputs/values";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { echo, type Recorded, startServer, type TestServer } from "./helpers/servers";

/**
 * HMAC Signature: published examples (GitHub's and Slack's webhook signatures), and a server that
 * recomputes every signature from the raw bytes it received.
 */

const SECRET = "whsec_loopback-secret-7f3a9c";
/** A template that covers every placeholder and both escapes. */
const EVERYTHING = "{method}\\n{path}\\n{timestamp}\\n{nonce}\\n{body}";

const hmac = (fields: Record<string, unknown> = {}) => ({
  key: "hmacSignature",
  configVarKey: "h",
  fields: { secret: SECRET, ...fields },
});

/** What the server computes from the request as it arrived: method, target, headers and body bytes. */
const recompute = (
  request: Recorded,
  { algorithm = "sha256", encoding = "hex" as "hex" | "base64", template = EVERYTHING } = {},
): string => {
  const text = template
    .replaceAll("\\n", "\n")
    .replace("{method}", request.method)
    .replace("{path}", request.url)
    .replace("{timestamp}", String(request.headers["x-timestamp"]))
    .replace("{nonce}", String(request.headers["x-nonce"]));
  const [before, after] = text.split("{body}");
  const signed =
    after === undefined ? Buffer.from(before) : Buffer.concat([Buffer.from(before), request.body, Buffer.from(after)]);
  return createHmac(algorithm, SECRET).update(signed).digest(encoding);
};

let api: TestServer;
let other: TestServer;
let flaky = 0;
beforeAll(async () => {
  other = await startServer(echo);
  api = await startServer((request, response, raw) => {
    if (request.path === "/flaky" && flaky++ % 2 === 0) return response.writeHead(503).end();
    if (request.path === "/cross") return response.writeHead(307, { location: `${other.url}/landed` }).end();
    if (request.path === "/hop") return response.writeHead(307, { location: "/landed?after=hop" }).end();
    // A refusal quotes what it got, as servers do.
    if (request.path === "/refuse")
      return response
        .writeHead(401, { "content-type": "text/plain" })
        .end(`bad signature ${request.headers["x-signature"]}`);
    echo(request, response, raw);
  });
});
afterAll(() => Promise.all([api?.close(), other?.close()]));
afterEach(() => {
  vi.restoreAllMocks();
});

const requestsTo = (server: TestServer, path: string) => server.requests.filter((request) => request.path === path);

describe("the String to Sign template", () => {
  it("parses placeholders, \\n and \\\\, and keeps other braces as text", () => {
    const pieces = parseTemplate('{method}\\n{path}\\\\{"json": 1}');
    const values = { method: "POST", path: "/a?b=1", body: Buffer.alloc(0), timestamp: "1", nonce: "n" };
    expect(renderTemplate(pieces, values).toString()).toBe('POST\n/a?b=1\\{"json": 1}');
  });

  it("signs the body's own bytes, not a decoding of them", () => {
    const body = Buffer.from([0xff, 0x00, 0xfe, 0x0a]);
    const rendered = renderTemplate(parseTemplate("{timestamp}.{body}"), {
      method: "POST",
      path: "/",
      body,
      timestamp: "42",
      nonce: "n",
    });
    expect(rendered.equals(Buffer.concat([Buffer.from("42."), body]))).toBe(true);
  });

  it("refuses an unknown placeholder, naming it", () => {
    expect(() => parseTemplate("{timestamp}.{payload}")).toThrow(InvalidValue);
    expect(() => parseTemplate("{timestamp}.{payload}")).toThrow(/unknown placeholder \{payload\}/);
  });
});

describe("published examples", () => {
  it("GitHub's webhook signature: sha256= over the body", async () => {
    // docs.github.com, "Validating webhook deliveries": the secret, payload and signature it gives.
    await run("httpPost", {
      url: `${api.url}/github`,
      data: "Hello, World!",
      bodyType: "raw",
      contentType: "application/json",
      connection: hmac({
        secret: "It's a Secret to Everybody",
        stringToSign: "{body}",
        signatureHeader: "X-Hub-Signature-256",
        signaturePrefix: "sha256=",
      }),
    });
    const [request] = requestsTo(api, "/github");
    expect(request.headers["x-hub-signature-256"]).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
    // Nothing else is signed, so no timestamp or nonce header is sent.
    expect(request.headers["x-timestamp"]).toBeUndefined();
    expect(request.headers["x-nonce"]).toBeUndefined();
  });

  it("Slack's request signature: v0= over v0:{timestamp}:{body}, at the example's time", async () => {
    // api.slack.com, "Verifying requests from Slack": its secret, timestamp, body and signature.
    vi.spyOn(Date, "now").mockReturnValue(1531420618 * 1000);
    const body =
      "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
    await run("httpPost", {
      url: `${api.url}/slack`,
      data: body,
      bodyType: "raw",
      contentType: "application/x-www-form-urlencoded",
      connection: hmac({
        secret: "8f742231b10e8888abcd99yyyzzz85a5",
        stringToSign: "v0:{timestamp}:{body}",
        signatureHeader: "X-Slack-Signature",
        signaturePrefix: "v0=",
        timestampHeader: "X-Slack-Request-Timestamp",
      }),
    });
    const [request] = requestsTo(api, "/slack");
    expect(request.body.toString()).toBe(body);
    expect(request.headers["x-slack-request-timestamp"]).toBe("1531420618");
    expect(request.headers["x-slack-signature"]).toBe(
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
  });
});

describe("every attempt, verified by the server", () => {
  it("the default signs {timestamp}.{body}, Stripe's way, with the timestamp in X-Timestamp", async () => {
    const before = Math.floor(Date.now() / 1000);
    await run("httpPost", { url: `${api.url}/default`, data: { amount: 1099, currency: "eur" }, connection: hmac() });
    const [request] = requestsTo(api, "/default");
    const timestamp = Number(request.headers["x-timestamp"]);
    expect(timestamp).toBeGreaterThanOrEqual(before);
    expect(timestamp).toBeLessThanOrEqual(before + 5);
    expect(request.headers["x-signature"]).toBe(recompute(request, { template: "{timestamp}.{body}" }));
  });

  it.each([
    ["sha256", "hex"],
    ["sha256", "base64"],
    ["sha1", "hex"],
    ["sha1", "base64"],
    ["sha512", "hex"],
    ["sha512", "base64"],
  ] as const)("%s, %s: method, path and query as sent, timestamp, nonce and body", async (algorithm, encoding) => {
    const path = `/every/${algorithm}-${encoding}`;
    await run("httpPut", {
      url: `${api.url}${path}?b=2&a=x%20y&empty=`,
      data: { note: "ünïcode ✓", n: 1 },
      connection: hmac({ algorithm, encoding, stringToSign: EVERYTHING, signaturePrefix: `${algorithm}=` }),
    });
    const [request] = requestsTo(api, path);
    expect(request.url).toBe(`${path}?b=2&a=x%20y&empty=`);
    expect(request.headers["x-signature"]).toBe(`${algorithm}=${recompute(request, { algorithm, encoding })}`);
  });

  it("a multipart upload is signed over the exact bytes sent", async () => {
    await run("httpFormData", {
      url: `${api.url}/upload`,
      formData: [{ key: "title", value: "invoice" }],
      fileData: [{ key: "pdf", value: { data: randomBytes(32 * 1024), contentType: "application/pdf" } }],
      connection: hmac({ stringToSign: EVERYTHING }),
    });
    const [request] = requestsTo(api, "/upload");
    expect(request.body.length).toBeGreaterThan(32 * 1024);
    expect(request.headers["x-signature"]).toBe(recompute(request));
  });

  it("a retry is signed again: a new nonce and signature, both valid", async () => {
    await run("httpGet", {
      url: `${api.url}/flaky`,
      maxRetries: "1",
      retryDelayMS: "10",
      connection: hmac({ stringToSign: EVERYTHING }),
    });
    const sent = requestsTo(api, "/flaky");
    expect(sent).toHaveLength(2);
    expect(sent[0].headers["x-nonce"]).not.toBe(sent[1].headers["x-nonce"]);
    expect(sent[0].headers["x-signature"]).not.toBe(sent[1].headers["x-signature"]);
    for (const request of sent) expect(request.headers["x-signature"]).toBe(recompute(request));
  });

  it("a same-origin redirect is signed for its own path", async () => {
    await run("httpGet", { url: `${api.url}/hop`, connection: hmac({ stringToSign: EVERYTHING }) });
    const [request] = requestsTo(api, "/landed");
    expect(request.url).toBe("/landed?after=hop");
    expect(request.headers["x-signature"]).toBe(recompute(request));
  });

  it("a redirect to another origin is not signed", async () => {
    await run("httpGet", { url: `${api.url}/cross`, connection: hmac({ stringToSign: EVERYTHING }) });
    const [request] = requestsTo(other, "/landed");
    expect(request.headers["x-signature"]).toBeUndefined();
    expect(request.headers["x-timestamp"]).toBeUndefined();
    expect(request.headers["x-nonce"]).toBeUndefined();
    expect(requestsTo(api, "/cross")[0].headers["x-signature"]).toBe(recompute(requestsTo(api, "/cross")[0]));
  });
});

describe("what the HMAC Signature connection shows", () => {
  it("an error quoting the signature masks it, and the debug cURL command shows placeholders", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      {
        url: `${api.url}/refuse`,
        debugRequest: "true",
        connection: hmac({ stringToSign: EVERYTHING, signaturePrefix: "v1=" }),
      },
      logs,
    );
    const signature = String(requestsTo(api, "/refuse")[0].headers["x-signature"]);
    expect(signature).toMatch(/^v1=[0-9a-f]{64}$/);
    const shown = `${error.message}\n${JSON.stringify(error)}\n${logs.text()}`;
    expect(error.message).toContain("bad signature [REDACTED]");
    expect(shown).not.toContain(signature.slice("v1=".length));
    expect(shown).not.toContain(SECRET);
    expect(logs.text()).toContain("-H 'X-Signature: v1=<HMAC-SHA256 hex signature>'");
    expect(logs.text()).toContain("-H 'X-Timestamp: <Unix timestamp>'");
    expect(logs.text()).toContain("-H 'X-Nonce: <nonce>'");
  });
});

describe("bad configuration, refused before anything is sent", () => {
  it.each([
    [
      { stringToSign: "{timestamp}.{payload}" },
      /\(hmacSignature\) field "String to Sign" has an unknown placeholder \{payload\}/,
    ],
    [{ signatureHeader: "X Signature" }, /\(hmacSignature\) field "Signature Header" is not a valid header name/],
    [{ timestampHeader: "X-Time:stamp" }, /\(hmacSignature\) field "Timestamp Header" is not a valid header name/],
    [
      { signatureHeader: "__proto__" },
      /\(hmacSignature\) field "Signature Header" is __proto__, a header name the HTTP client cannot send/,
    ],
    [{ signaturePrefix: "sha256✓=" }, /\(hmacSignature\) field "Signature Prefix" has a character outside Latin-1/],
    [{ algorithm: "md5" }, /\(hmacSignature\) field "Algorithm" must be one of sha256, sha1, sha512/],
    [{ encoding: "base32" }, /\(hmacSignature\) field "Encoding" must be one of hex, base64/],
    [{ signatureHeader: "X-Timestamp" }, /\(hmacSignature\) names one header for two of/],
    [{ secret: "" }, /\(hmacSignature\) has no Secret/],
  ])("%j", async (fields, message) => {
    const before = api.requests.length;
    const error = await runFailing("httpGet", { url: `${api.url}/never`, connection: hmac(fields) });
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(SECRET);
    expect(api.requests.length).toBe(before);
  });
});
