import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import type { ServerResponse } from "node:http";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChallenges } from "../src/connections/schemes/digestChallenge";
import { DIGEST_ALGORITHMS, digestResponse } from "../src/connections/schemes/digestMath";
import { ensureCurl } from "./helpers/debian";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { type Httpbin, startHttpbin } from "./helpers/httpbin";
import { echo, type Recorded, sha256, startServer, type TestServer } from "./helpers/servers";

/**
 * HTTP Digest against three references: the RFC 7616 worked example, Debian's httpbin (a
 * Python implementation) and a verifier here written from the RFC's formulas, itself checked
 * against the real curl before the component is judged by it.
 */

const USER = "Mufasa";
/** A username outside ASCII, which goes as username* (RFC 7616 section 3.4.4). */
const UNICODE_USER = "Jürgen Čapek";
const PASSWORD = "Circle of Life";
const digest = (fields: Record<string, unknown> = {}) => ({
  key: "digestAuth",
  configVarKey: "d",
  fields: { username: USER, password: PASSWORD, ...fields },
});

describe("the digest computation (RFC 7616 section 3.9.1)", () => {
  const example = {
    username: "Mufasa",
    password: "Circle of Life",
    realm: "http-auth@example.org",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    method: "GET",
    uri: "/dir/index.html",
    qop: "auth" as const,
    nc: "00000001",
    cnonce: "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
  };
  it.each([
    ["SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"],
    ["MD5", "8ca523f5e9506fed4657c9700eebdbec"],
  ])("%s gives the RFC's response", (name, expected) => {
    const algorithm = DIGEST_ALGORITHMS.get(name);
    if (!algorithm) throw new Error(`no ${name}`);
    expect(digestResponse({ ...example, algorithm })).toBe(expected);
  });

  it("reads the RFC's challenge among others, quoted commas and escapes included", () => {
    const header = [
      'Basic realm="legacy, old"',
      'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm=SHA-256, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"',
      'Negotiate abc==, Digest realm="a \\"quoted\\" realm", nonce=plain',
    ].join(", ");
    const challenges = parseChallenges(header);
    expect(challenges.map(({ scheme }) => scheme)).toEqual(["Basic", "Digest", "Negotiate", "Digest"]);
    expect(Object.fromEntries(challenges[1].params)).toEqual({
      realm: "http-auth@example.org",
      qop: "auth, auth-int",
      algorithm: "SHA-256",
      nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
      opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
    });
    expect(Object.fromEntries(challenges[3].params)).toEqual({ realm: 'a "quoted" realm', nonce: "plain" });
  });
});

// ---------------------------------------------------------------------------------------------
// httpbin: its /digest-auth endpoint checks the response itself (with Python's hashlib). It needs
// no cookies sent back unless ?require-cookie=1 is asked for or a stale_after is in the path, and
// it answers 500 to any request with a query string (it joins bytes to text), so none is used.
// It also checks the uri against the decoded path, so its password needs no percent-encoding.

describe("against httpbin's /digest-auth", () => {
  let bin: Httpbin;
  beforeAll(async () => {
    bin = await startHttpbin();
  }, 60_000);
  afterAll(() => bin?.close());

  const password = "Circle-of-Life";
  it.each(["MD5", "SHA-256"])("%s: httpbin accepts the answer to its challenge", async (algorithm) => {
    const result = await run("httpGet", {
      url: `${bin.url}/digest-auth/auth/${USER}/${password}/${algorithm}`,
      connection: digest({ password }),
    });
    expect(result.data).toEqual({ authenticated: true, user: USER });
  });

  it("a wrong password ends in httpbin's 401, answered once", async () => {
    const error = await runFailing("httpGet", {
      url: `${bin.url}/digest-auth/auth/${USER}/other/SHA-256`,
      connection: digest({ password }),
    });
    expect(error.message).toMatch(/failed with status 401/);
  });

  it("an algorithm it does not offer (httpbin's SHA-512) is an error saying so", async () => {
    const error = await runFailing("httpGet", {
      url: `${bin.url}/digest-auth/auth/${USER}/${password}/SHA-512`,
      connection: digest({ password }),
    });
    expect(error.message).toMatch(/asks for algorithm SHA-512, which the Digest connection does not offer/);
  });
});

// ---------------------------------------------------------------------------------------------
// The verifier: /<algorithm>/<behaviour>, algorithm one of MD5, MD5-sess, SHA-256, SHA-256-sess
// or "legacy" (RFC 2069: no qop, no algorithm). Nonces are bound to the path they were issued on.

const REALM = "verifier@loopback";
type Verdict = { path: string; nc?: string; cnonce?: string; response: string; nonce: string; sha256: string };

const hex = (hash: string, text: string) => createHash(hash).update(text, "utf8").digest("hex");

/** Authorization's parameters, read by a regular expression of its own (not the component's parser). */
const authParams = (header: string): Record<string, string> =>
  Object.fromEntries(
    [...header.replace(/^Digest\s+/i, "").matchAll(/([\w*]+)=(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))/g)].map((m) => [
      m[1].toLowerCase(),
      m[2] !== undefined ? m[2].replace(/\\(.)/g, "$1") : m[3],
    ]),
  );

/** The expected response, from RFC 7616 section 3.4.1 and RFC 2069 directly. */
const expectedResponse = (algorithm: string, method: string, params: Record<string, string>): string => {
  const hash = algorithm.startsWith("SHA-256") ? "sha256" : "md5";
  let ha1 = hex(hash, `${params.username}:${REALM}:${PASSWORD}`);
  if (algorithm.endsWith("-sess")) ha1 = hex(hash, `${ha1}:${params.nonce}:${params.cnonce}`);
  const ha2 = hex(hash, `${method}:${params.uri}`);
  if (algorithm === "legacy") return hex(hash, `${ha1}:${params.nonce}:${ha2}`);
  return hex(hash, `${ha1}:${params.nonce}:${params.nc}:${params.cnonce}:auth:${ha2}`);
};

interface Verifier extends TestServer {
  /** Every request that carried a valid answer. */
  valid: Verdict[];
}

const startVerifier = async (otherOrigin: () => string): Promise<Verifier> => {
  const issued = new Map<string, { path: string; lastNc: number }>();
  const valid: Verdict[] = [];
  const challenge = (response: ServerResponse, algorithm: string, path: string, body: string, stale = false) => {
    const nonce = randomBytes(12).toString("base64");
    issued.set(nonce, { path, lastNc: 0 });
    const params =
      algorithm === "legacy"
        ? `realm="${REALM}", nonce="${nonce}"`
        : `realm="${REALM}", qop="auth,auth-int", algorithm=${algorithm}, nonce="${nonce}", opaque="opaque-${path}"${stale ? ", stale=true" : ""}`;
    response.writeHead(401, { "www-authenticate": `Digest ${params}`, "content-type": "text/plain" }).end(body);
  };
  let flaky = 0;
  const server = await startServer((request: Recorded, response) => {
    const [, algorithm, behaviour] = request.path.split("/");
    const header = request.headers.authorization;
    if (!header?.startsWith("Digest ")) return challenge(response, algorithm, request.path, "who?");
    const params = authParams(header);
    if (params["username*"]) params.username = decodeURIComponent(params["username*"].replace(/^UTF-8''/i, ""));
    const nonce = issued.get(params.nonce);
    const nc = Number.parseInt(params.nc ?? "1", 16);
    const right =
      nonce !== undefined &&
      [USER, UNICODE_USER].includes(params.username) &&
      params.realm === REALM &&
      params.uri === request.url &&
      (algorithm === "legacy" || (params.qop === "auth" && /^[0-9a-f]{8}$/.test(params.nc) && nc > nonce.lastNc)) &&
      params.response === expectedResponse(algorithm, request.method, params);
    // A refusal quotes what it got, as servers do: the masking tests look for the response in it.
    if (!right || !nonce) return challenge(response, algorithm, request.path, `refused ${header}`);
    nonce.lastNc = nc;
    if (nonce.path !== request.path) return challenge(response, algorithm, request.path, "stale", true);
    valid.push({
      path: request.path,
      nc: params.nc,
      cnonce: params.cnonce,
      response: params.response,
      nonce: params.nonce,
      sha256: request.sha256,
    });
    if (behaviour === "flaky" && flaky++ % 2 === 0) return response.writeHead(503).end("try again");
    if (behaviour === "cross") return response.writeHead(307, { location: `${otherOrigin()}/challenge` }).end();
    if (behaviour === "hop") return response.writeHead(307, { location: `/${algorithm}/landing` }).end();
    echo(request, response, undefined as never);
  });
  return Object.assign(server, { valid });
};

const ALGORITHMS = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "legacy"];

let verifier: Verifier;
/** Another origin, which challenges too: it must get no answer. */
let other: TestServer;
beforeAll(async () => {
  other = await startServer((_request, response) =>
    response.writeHead(401, { "www-authenticate": `Digest realm="${REALM}", qop="auth", nonce="other"` }).end(),
  );
  verifier = await startVerifier(() => other.url);
});
afterAll(() => Promise.all([verifier?.close(), other?.close()]));

const requestsTo = (path: string) => verifier.requests.filter((request) => request.path === path);

/** The status the real curl ends with, answering the verifier's challenge itself (run apart: the verifier shares this process). */
const curlStatus = async (password: string, url: string, extra: string[] = []): Promise<string> => {
  const { stdout } = await promisify(execFile)(
    ensureCurl(),
    ["-s", "-o", "/dev/null", "-w", "%{http_code}", "--digest", "-u", `${USER}:${password}`, ...extra, url],
    { encoding: "utf8", timeout: 10_000 },
  );
  return stdout;
};

describe("the verifier, checked against curl", () => {
  it.each(ALGORITHMS)("%s: accepts curl --digest, GET and POST", async (algorithm) => {
    expect(await curlStatus(PASSWORD, `${verifier.url}/${algorithm}/curl?q=1`)).toBe("200");
    expect(await curlStatus(PASSWORD, `${verifier.url}/${algorithm}/curl`, ["--data-binary", "curl's body"])).toBe(
      "200",
    );
  });

  it("refuses a wrong password from curl", async () => {
    expect(await curlStatus("wrong", `${verifier.url}/MD5/curl`)).toBe("401");
  });
});

describe("the Digest connection, judged by the verifier", () => {
  it.each(ALGORITHMS)("%s: a GET with a query string is answered and accepted", async (algorithm) => {
    const path = `/${algorithm}/get-${randomBytes(4).toString("hex")}`;
    const result = await run("httpGet", {
      url: `${verifier.url}${path}?a=1&b=x%20y`,
      connection: digest(),
    });
    expect(result.data.url).toBe(`${path}?a=1&b=x%20y`);
    const sent = requestsTo(path);
    expect(sent.map((request) => request.headers.authorization === undefined)).toEqual([true, false]);
    const answers = verifier.valid.filter((verdict) => verdict.path === path);
    expect(answers).toHaveLength(1);
    if (algorithm !== "legacy") expect(answers[0].nc).toBe("00000001");
  });

  it.each(["MD5-sess", "SHA-256-sess"])("%s: a POST body is sent again exactly as it was", async (algorithm) => {
    const path = `/${algorithm}/post`;
    const data = JSON.stringify({ reading: "ünïcode", at: Date.now() });
    await run("httpPost", { url: `${verifier.url}${path}`, data, connection: digest() });
    const sent = requestsTo(path);
    expect(sent).toHaveLength(2);
    expect(sent.map((request) => request.sha256)).toEqual([sha256(data), sha256(data)]);
    expect(verifier.valid.filter((verdict) => verdict.path === path)).toHaveLength(1);
  });

  it("a multipart upload goes out byte for byte the same on the answered attempt", async () => {
    const path = "/SHA-256/upload";
    await run("httpFormData", {
      url: `${verifier.url}${path}`,
      formData: [{ key: "camera", value: "front door" }],
      fileData: [{ key: "snapshot", value: { data: randomBytes(64 * 1024), contentType: "image/jpeg" } }],
      connection: digest(),
    });
    const [challenged, answered] = requestsTo(path);
    expect(answered.sha256).toBe(challenged.sha256);
    expect(answered.headers["content-type"]).toBe(challenged.headers["content-type"]);
    expect(verifier.valid.filter((verdict) => verdict.path === path)).toHaveLength(1);
  });

  it("a retry of the answered attempt is signed again with the next nonce count, and both are valid", async () => {
    const path = "/SHA-256/flaky";
    await run("httpGet", { url: `${verifier.url}${path}`, connection: digest(), maxRetries: "1", retryDelayMS: "10" });
    const answers = verifier.valid.filter((verdict) => verdict.path === path);
    expect(answers.map((verdict) => verdict.nc)).toEqual(["00000001", "00000002"]);
    expect(answers[0].response).not.toBe(answers[1].response);
    expect(answers[0].cnonce).toBe(answers[1].cnonce);
  });

  it("a stale nonce (stale=true) on a same-origin redirect is answered with the new one", async () => {
    await run("httpGet", { url: `${verifier.url}/MD5/hop`, connection: digest() });
    const landing = requestsTo("/MD5/landing");
    // Signed with the first nonce, found stale, answered with the new nonce from its first count.
    expect(landing).toHaveLength(2);
    const [first, second] = landing.map((request) => authParams(String(request.headers.authorization)));
    expect(second.nonce).not.toBe(first.nonce);
    expect(second.nc).toBe("00000001");
    expect(verifier.valid.filter((verdict) => verdict.path === "/MD5/landing")).toHaveLength(1);
  });

  it("a redirect to another origin carries no answer, and its challenge is not answered", async () => {
    const before = other.requests.length;
    const result = await run("httpGet", {
      url: `${verifier.url}/SHA-256/cross`,
      connection: digest(),
      failOnErrorStatus: "false",
      includeFullResponse: "true",
    });
    expect(result.data.status).toBe(401);
    const reached = other.requests.slice(before);
    expect(reached).toHaveLength(1);
    expect(reached[0].headers.authorization).toBeUndefined();
  });

  it("a username outside ASCII goes as username*, in UTF-8", async () => {
    await run("httpGet", { url: `${verifier.url}/SHA-256/unicode`, connection: digest({ username: UNICODE_USER }) });
    const answered = String(requestsTo("/SHA-256/unicode")[1].headers.authorization);
    expect(answered).toContain("username*=UTF-8''J%C3%BCrgen%20%C4%8Capek,");
    expect(verifier.valid.filter((verdict) => verdict.path === "/SHA-256/unicode")).toHaveLength(1);
  });

  it("a challenge offering only qop=auth-int is an error saying so", async () => {
    const intOnly = await startServer((_request, response) =>
      response.writeHead(401, { "www-authenticate": 'Digest realm="r", qop="auth-int", nonce="n"' }).end(),
    );
    try {
      const error = await runFailing("httpGet", { url: `${intOnly.url}/x`, connection: digest() });
      expect(error.message).toMatch(/asks for qop=auth-int, which the Digest connection does not offer/);
      expect(intOnly.requests).toHaveLength(1);
    } finally {
      await intOnly.close();
    }
  });

  it("a 401 without a Digest challenge is left as it is", async () => {
    const bearer = await startServer((_request, response) =>
      response.writeHead(401, { "www-authenticate": 'Bearer realm="api"' }).end(),
    );
    try {
      await runFailing("httpGet", { url: `${bearer.url}/x`, connection: digest() });
      expect(bearer.requests).toHaveLength(1);
    } finally {
      await bearer.close();
    }
  });
});

describe("what the Digest connection shows", () => {
  it("a refused answer shows neither the password nor the response, in the error or the debug log", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      {
        url: `${verifier.url}/SHA-256/refused`,
        connection: digest({ password: "not the password" }),
        debugRequest: "true",
      },
      logs,
    );
    const refused = requestsTo("/SHA-256/refused").at(-1);
    const response = authParams(String(refused?.headers.authorization)).response;
    expect(response).toMatch(/^[0-9a-f]{64}$/);
    const shown = `${error.message}\n${JSON.stringify(error)}\n${logs.text()}`;
    expect(error.message).toMatch(/status 401/);
    expect(shown).not.toContain(response);
    expect(shown).not.toContain("not the password");
    // The refusal quoted the header: what is left of it is masked.
    expect(error.message).toContain("refused Digest");
  });

  it("the debug cURL command asks curl for Digest, with a placeholder for the password", async () => {
    const logs = recordLogs();
    await run("httpGet", { url: `${verifier.url}/MD5/curl-debug`, connection: digest(), debugRequest: "true" }, logs);
    expect(logs.text()).toContain("--digest \\\n  -u 'Mufasa:<password>'");
    expect(logs.text()).not.toContain(PASSWORD);
  });

  it("a missing password is an error naming the field, before anything is sent", async () => {
    const before = verifier.requests.length;
    const error = await runFailing("httpGet", {
      url: `${verifier.url}/MD5/nothing`,
      connection: { key: "digestAuth", configVarKey: "d", fields: { username: USER } },
    });
    expect(error.message).toMatch(/\(digestAuth\) has no Password/);
    expect(verifier.requests.length).toBe(before);
  });
});
