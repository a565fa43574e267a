import { createHmac } from "node:crypto";
import type { ServerResponse } from "node:http";
import { parse as parseQuery } from "node:querystring";
import { sign as oauthSign } from "oauth-sign";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { baseString, type Oauth1Keys, oauth1Signature } from "../src/connections/schemes/oauth1";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { echo, type Recorded, startServer, type TestServer } from "./helpers/servers";

/**
 * OAuth 1.0a against the specifications' worked examples, and on loopback against a server that
 * recomputes every signature with another implementation (oauth-sign), from what arrived: the
 * query and form body as Node's querystring reads them, the protocol parameters from the header.
 */

const EMPTY_BODY = { length: 0, open: () => undefined };
const textBody = (text: string) => ({ length: Buffer.byteLength(text), open: () => Buffer.from(text) });

/** The photo-sharing example of OAuth Core 1.0 (Appendix A) and RFC 5849 (section 1.2). */
const PHOTOS_KEYS: Oauth1Keys = {
  consumerKey: "dpf43f3p2l4k3l03",
  consumerSecret: "kd94hf93k423kf44",
  token: "nnch734d00sl2jdk",
  tokenSecret: "pfkkdhi9sl3r4s00",
  signatureMethod: "HMAC-SHA1",
};
const PHOTOS_REQUEST = {
  method: "GET",
  url: new URL("http://photos.example.net/photos?file=vacation.jpg&size=original"),
  headers: {},
  body: EMPTY_BODY,
};

describe("the specifications' worked examples", () => {
  it("signs OAuth Core 1.0's photos request (Appendix A.5, oauth_version 1.0 sent)", () => {
    const fresh = { nonce: "kllo9940pd9333jh", timestamp: "1191242096" };
    expect(oauth1Signature(PHOTOS_REQUEST, PHOTOS_KEYS, fresh)).toBe("tR3+Ty81lMeYAr/Fid0kMTYa/WM=");
  });

  it("builds RFC 5849's photos base string and signature (section 1.2, no oauth_version)", () => {
    const protocol: Array<[string, string]> = [
      ["oauth_consumer_key", "dpf43f3p2l4k3l03"],
      ["oauth_token", "nnch734d00sl2jdk"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131202"],
      ["oauth_nonce", "chapoH"],
    ];
    const base = baseString(PHOTOS_REQUEST, protocol);
    const signature = createHmac("sha1", "kd94hf93k423kf44&pfkkdhi9sl3r4s00").update(base).digest("base64");
    expect(signature).toBe("MdpQcU8iPSUjWoN/UDMsK2sui9I=");
  });

  it("builds RFC 5849's base string from query and form body parameters (section 3.4.1.1)", () => {
    const request = {
      method: "POST",
      url: new URL("http://example.com/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b"),
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: textBody("c2&a3=2+q"),
    };
    const protocol: Array<[string, string]> = [
      ["oauth_consumer_key", "9djdj82h48djs9d2"],
      ["oauth_token", "kkk9d7dh3k39sjv7"],
      ["oauth_signature_method", "HMAC-SHA1"],
      ["oauth_timestamp", "137131201"],
      ["oauth_nonce", "7d8f3e4a"],
    ];
    expect(baseString(request, protocol)).toBe(
      "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3Dkkk9d7dh3k39sjv7",
    );
  });
});

const KEYS = {
  consumerKey: "ef2b8d5c0a6a4b5e9c7d1f3a2b4c6d8e",
  consumerSecret: "consumer-secret/+= 7Qx",
  token: "4f1c2e3d5b6a7980",
  tokenSecret: "token-secret&% 9Rz",
};
/** How long a timestamp is accepted, as servers allow clock skew. */
const SKEW_SECONDS = 300;

/** The Authorization header's parameters, decoded (RFC 5849 section 3.5.1). */
const headerParameters = (header: string): Map<string, string> =>
  new Map(
    [...header.replace(/^OAuth\s+/, "").matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => [
      name,
      name === "realm" ? value : decodeURIComponent(value),
    ]),
  );

const nonces = new Set<string>();

/** Why a request's OAuth 1.0a signature does not hold, recomputed with oauth-sign; undefined when it holds. */
const verify = (request: Recorded): string | undefined => {
  const header = String(request.headers.authorization ?? "");
  if (!header.startsWith("OAuth ")) return "no OAuth Authorization header";
  const oauth = headerParameters(header);
  const method = String(oauth.get("oauth_signature_method"));
  const nonce = String(oauth.get("oauth_nonce"));
  if (nonces.has(nonce)) return "the nonce was used before";
  nonces.add(nonce);
  if (Math.abs(Number(oauth.get("oauth_timestamp")) - Date.now() / 1000) > SKEW_SECONDS) return "stale timestamp";
  const query = request.url.includes("?") ? parseQuery(request.url.slice(request.url.indexOf("?") + 1)) : {};
  const isForm = String(request.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
  const form = isForm ? parseQuery(request.body.toString("utf8")) : {};
  const params: Record<string, string | string[]> = {};
  for (const source of [query, form, Object.fromEntries(oauth)]) {
    for (const [name, value] of Object.entries(source)) {
      if (name === "oauth_signature" || name === "realm" || value === undefined) continue;
      const had = params[name];
      params[name] = had === undefined ? value : [had, value].flat();
    }
  }
  const baseUri = `http://${String(request.headers.host).toLowerCase()}${request.path}`;
  const expected = oauthSign(method, request.method, baseUri, params, KEYS.consumerSecret, KEYS.tokenSecret);
  return expected === oauth.get("oauth_signature") ? undefined : "the signature does not match";
};

let api: TestServer;
let other: TestServer;
let failuresLeft = 0;

const refuse = (response: ServerResponse, reason: string, request: Recorded) =>
  // Servers quote what they got back; the masking must hold even so.
  response.writeHead(401, { "content-type": "application/json" }).end(
    JSON.stringify({
      error: reason,
      header: request.headers.authorization,
      got: headerParameters(String(request.headers.authorization ?? "")).get("oauth_signature"),
    }),
  );

beforeAll(async () => {
  other = await startServer(echo);
  api = await startServer((request, response, raw) => {
    if (request.path === "/redirect") {
      return response.writeHead(302, { location: String(request.query.get("to")) }).end();
    }
    const problem = verify(request);
    if (problem) return refuse(response, problem, request);
    if (request.path === "/flaky" && failuresLeft-- > 0) return response.writeHead(503).end();
    echo(request, response, raw);
  });
});
afterAll(() => Promise.all([api.close(), other.close()]));

const oauth1 = (fields: Record<string, unknown> = {}) => ({
  key: "oauth1",
  configVarKey: "o",
  fields: { ...KEYS, ...fields },
});

const last = (server: TestServer): Recorded => {
  const request = server.requests.at(-1);
  if (!request) throw new Error("the server got no request");
  return request;
};
const oauthOf = (request: Recorded) => headerParameters(String(request.headers.authorization));

describe("signed requests, verified by an independent implementation", () => {
  it.each(["HMAC-SHA1", "HMAC-SHA256", "PLAINTEXT"])(
    "signs %s over a query with spaces, plus signs, encoded slashes, repeated keys and unicode",
    async (signatureMethod) => {
      await run("httpGet", {
        url: `${api.url}/records/caf%C3%A9?q=a+b&path=%2Fetc&tag=z&tag=a&empty=`,
        queryParams: [
          { key: "name", value: "Zoë & Ünal 100%" },
          { key: "tag", value: "m n" },
        ],
        connection: oauth1({ signatureMethod }),
      });
      expect(oauthOf(last(api)).get("oauth_signature_method")).toBe(signatureMethod);
      expect(last(api).query.getAll("tag")).toEqual(["z", "a", "m n"]);
    },
  );

  it("signs a form body's parameters, and not a JSON body's", async () => {
    await run("httpPost", {
      url: `${api.url}/forms?view=full`,
      bodyType: "form-urlencoded",
      formFields: [
        { key: "status", value: "Hello Ladies + Gentlemen, a signed OAuth request!" },
        { key: "include_entities", value: "true" },
        { key: "oauth_like", value: "ünï/?&=" },
      ],
      connection: oauth1({ signatureMethod: "HMAC-SHA256" }),
    });
    expect(last(api).body.toString()).toContain("status=Hello+Ladies+%2B+Gentlemen");
    await run("httpPost", { url: `${api.url}/json`, data: { status: "not a parameter" }, connection: oauth1() });
    expect(last(api).headers["content-type"]).toBe("application/json");
  });

  it("sends the realm first, unsigned, as NetSuite asks", async () => {
    await run("httpGet", {
      url: `${api.url}/services/rest/record/v1/customer`,
      connection: oauth1({ signatureMethod: "HMAC-SHA256", realm: "1234567_SB1" }),
    });
    expect(String(last(api).headers.authorization)).toMatch(/^OAuth realm="1234567_SB1", oauth_consumer_key="/);
    expect(oauthOf(last(api)).get("oauth_version")).toBe("1.0");
  });

  it("signs a retry again, with a fresh nonce", async () => {
    failuresLeft = 1;
    const before = api.requests.length;
    await run("httpGet", { url: `${api.url}/flaky`, maxRetries: "1", connection: oauth1() });
    const [first, second] = api.requests.slice(before);
    expect(oauthOf(second).get("oauth_nonce")).not.toBe(oauthOf(first).get("oauth_nonce"));
    expect(oauthOf(second).get("oauth_signature")).not.toBe(oauthOf(first).get("oauth_signature"));
  });

  it("signs a same-origin redirect for its new URL, and never signs for another origin", async () => {
    await run("httpGet", {
      url: `${api.url}/redirect?to=${encodeURIComponent("/landed?page=2")}`,
      connection: oauth1(),
    });
    expect(last(api).url).toBe("/landed?page=2");
    const before = other.requests.length;
    await run("httpGet", {
      url: `${api.url}/redirect?to=${encodeURIComponent(`${other.url}/away`)}`,
      connection: oauth1(),
    });
    expect(other.requests).toHaveLength(before + 1);
    expect(last(other).headers.authorization).toBeUndefined();
  });
});

describe("what is shown", () => {
  it("masks the signature and secrets in a refusal that quotes them, and shows a placeholder header", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      {
        url: `${api.url}/refused`,
        debugRequest: "true",
        connection: oauth1({ consumerSecret: "wrong-secret-4Kq", signatureMethod: "PLAINTEXT" }),
      },
      logs,
    );
    const signature = oauthOf(last(api)).get("oauth_signature");
    expect(signature).toContain("wrong-secret-4Kq");
    expect(error.message).toContain("the signature does not match");
    for (const shown of [error.message, JSON.stringify(error), logs.text()]) {
      expect(shown).not.toContain(String(signature));
      expect(shown).not.toContain(encodeURIComponent(String(signature)));
      expect(shown).not.toContain("wrong-secret-4Kq");
      expect(shown).not.toContain(KEYS.tokenSecret);
    }
    expect(logs.text()).toContain(
      `-H 'Authorization: OAuth oauth_consumer_key="<consumer-key>", oauth_token="<token>"`,
    );
  });

  it("masks an HMAC signature a server quotes back", async () => {
    const error = await runFailing("httpGet", {
      url: `${api.url}/refused`,
      connection: oauth1({ tokenSecret: "other" }),
    });
    const signature = String(oauthOf(last(api)).get("oauth_signature"));
    expect(signature).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(error.message).toContain("401");
    expect(error.message).not.toContain(signature);
  });
});

describe("bad configuration", () => {
  it.each([
    [{ realm: 'acme"; evil="1' }, 'field "Realm" must be printable ASCII without double quotes or backslashes'],
    [{ signatureMethod: "RSA-SHA1" }, 'field "Signature Method" must be one of HMAC-SHA1, HMAC-SHA256, PLAINTEXT'],
    [{ tokenSecret: "" }, "has no Token Secret"],
    [{ consumerKey: "" }, "has no Consumer Key"],
  ])("refuses %o before sending anything", async (fields, expected) => {
    const before = api.requests.length;
    const error = await runFailing("httpGet", { url: `${api.url}/never`, connection: oauth1(fields) });
    expect(error.message).toContain('Input "Connection" (connection) (oauth1)');
    expect(error.message).toContain(expected);
    expect(api.requests).toHaveLength(before);
  });
});
