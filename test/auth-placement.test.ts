import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { echo, type Recorded, startServer, type TestServer } from "./helpers/servers";

/** Where each connection puts its credentials, and that they arrive there and nowhere else. */

/** Characters that must be percent-encoded in a query, to see the key is encoded exactly once. */
const KEY = "sk_live/K+y=&v alue~é";
const ENCODED_KEY = encodeURIComponent(KEY);

/**
 * A body that quotes the key across the points where an error's excerpt (200 characters) and a
 * debug log's preview (2,000) are cut, so a cut falls inside the key.
 */
const padded = (key: string) =>
  `${"p".repeat(190)}${key}${"p".repeat(1_990 - 190 - key.length)}${key}${"p".repeat(100)}`;

let origin: TestServer;
let other: TestServer;
beforeAll(async () => {
  other = await startServer(echo);
  origin = await startServer((request, response, raw) => {
    const to = request.query.get("to");
    if (request.path === "/redirect" && to)
      return response.writeHead(Number(request.query.get("status")), { location: to }).end();
    // Servers do quote what they got: the rejection echoes the credentials, near its start.
    const quoted = {
      url: request.url,
      authorization: request.headers.authorization,
      "x-api-key": request.headers["x-api-key"],
    };
    if (request.path === "/reject")
      return response.writeHead(401, { "content-type": "application/json" }).end(JSON.stringify(quoted));
    if (request.path === "/reject-padded")
      return response.writeHead(401, { "content-type": "text/plain" }).end(padded(String(quoted["x-api-key"])));
    echo(request, response, raw);
  });
});
afterAll(() => Promise.all([origin.close(), other.close()]));

const apiKey = (fields: Record<string, unknown>) => ({
  key: "apiKey",
  configVarKey: "k",
  fields: { apiKey: KEY, ...fields },
});
const PLACED = {
  authorization: apiKey({ authScheme: "Bearer" }),
  header: apiKey({ keyPlacement: "header", keyName: "X-API-Key" }),
  query: apiKey({ keyPlacement: "query", keyName: "api_key" }),
};

const last = (server: TestServer): Recorded => {
  const request = server.requests.at(-1);
  if (!request) throw new Error("the server got no request");
  return request;
};
/** The header names as sent, for one name in any case: shows a header went out once, and how it was spelled. */
const namesIn = (request: Recorded, name: string) =>
  request.rawHeaders.filter((entry, index) => index % 2 === 0 && entry.toLowerCase() === name.toLowerCase());

/** Where each placement puts the key, read on the server side. */
const KEY_AS_RECEIVED: Record<keyof typeof PLACED, (request: Recorded) => string | null | undefined> = {
  authorization: (request) => request.headers.authorization?.replace(/^Bearer /, ""),
  header: (request) => request.headers["x-api-key"] as string | undefined,
  query: (request) => request.query.get("api_key"),
};

/** Asserts a request carried the key nowhere: no credential header, nothing in the URL, no header value. */
const expectNoKey = (request: Recorded) => {
  expect(request.headers.authorization).toBeUndefined();
  expect(request.headers["x-api-key"]).toBeUndefined();
  expect(request.query.has("api_key")).toBe(false);
  expect(request.url).not.toContain(ENCODED_KEY);
  expect(request.url).not.toContain("sk_live");
  expect(request.rawHeaders.join("\n")).not.toContain("sk_live");
};

describe("apiKey placement", () => {
  it("header: sends the bare key in the named header and no Authorization", async () => {
    await run("httpGet", { url: `${origin.url}/items`, connection: PLACED.header });
    const request = last(origin);
    expect(request.headers["x-api-key"]).toBe(KEY);
    expect(namesIn(request, "x-api-key")).toEqual(["X-API-Key"]);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.url).toBe("/items");
  });

  it("query: appends the key, encoded once, to the URL's own query, with no credential header", async () => {
    await run("httpGet", { url: `${origin.url}/items?page=2&tag=a%20b`, connection: PLACED.query });
    const request = last(origin);
    expect(request.url).toBe(`/items?page=2&tag=a%20b&api_key=${ENCODED_KEY}`);
    expect(request.query.getAll("api_key")).toEqual([KEY]);
    expect(request.headers.authorization).toBeUndefined();
    expect(request.headers["x-api-key"]).toBeUndefined();
  });

  it("query: comes after the step's own query parameters", async () => {
    await run("httpGet", {
      url: `${origin.url}/items`,
      connection: PLACED.query,
      queryParams: [{ key: "q", value: "x y" }],
    });
    expect(last(origin).url).toBe(`/items?q=x%20y&api_key=${ENCODED_KEY}`);
  });

  it.each([
    ["no placement", apiKey({ authScheme: "Token" }), `Token ${KEY}`],
    ["an empty placement", apiKey({ authScheme: "Token", keyPlacement: "" }), `Token ${KEY}`],
    [
      "placement authorization",
      apiKey({ authScheme: "Bearer", keyPlacement: "authorization", keyName: "X-Ignored" }),
      `Bearer ${KEY}`,
    ],
    ["no placement and no scheme", apiKey({}), `Basic ${KEY}`],
  ])("with %s, sends the key in Authorization as before", async (_case, connection, expected) => {
    await run("httpGet", { url: `${origin.url}/items?page=1`, connection });
    const request = last(origin);
    expect(request.headers.authorization).toBe(expected);
    expect(request.headers["x-ignored"]).toBeUndefined();
    expect(request.url).toBe("/items?page=1");
  });

  it.each(["header", "query"])(
    "%s placement without a Key Name fails naming the connection, sending nothing",
    async (keyPlacement) => {
      const before = origin.requests.length;
      const error = await runFailing("httpGet", {
        url: `${origin.url}/items`,
        connection: apiKey({ keyPlacement, keyName: " " }),
      });
      expect(error.message).toBe(
        `Input "Connection" (connection) (apiKey) has Key Placement "${keyPlacement}" but no Key Name.`,
      );
      expect(origin.requests.length).toBe(before);
    },
  );

  it.each(["X API Key", "X-Key:", "Ключ"])("refuses %j as a header name, sending nothing", async (keyName) => {
    const before = origin.requests.length;
    const error = await runFailing("httpGet", {
      url: `${origin.url}/items`,
      connection: apiKey({ keyPlacement: "header", keyName }),
    });
    expect(error.message).toBe(
      'Input "Connection" (connection) (apiKey) has a Key Name that is not a valid header name.',
    );
    expect(error.message).not.toContain(KEY);
    expect(origin.requests.length).toBe(before);
  });

  // Valid tokens, but a header of that name is lost on the way (plain objects, axios): the key would not be sent.
  it.each(["__proto__", "constructor", "prototype"])(
    "refuses %s as a header name, sending nothing",
    async (keyName) => {
      const before = origin.requests.length;
      const error = await runFailing("httpGet", {
        url: `${origin.url}/items`,
        connection: apiKey({ keyPlacement: "header", keyName }),
      });
      expect(error.message).toBe(
        `Input "Connection" (connection) (apiKey) has a Key Name that is ${keyName}, a header name the HTTP client cannot send.`,
      );
      expect(error.message).not.toContain(KEY);
      expect(origin.requests.length).toBe(before);
    },
  );
});

describe("redirects", () => {
  const redirect = (status: number, to: string) =>
    `${origin.url}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

  describe.each(Object.entries(PLACED))("with the key placed in %s", (placement, connection) => {
    it.each([302, 307])("a %i to another origin carries the key nowhere", async (status) => {
      const before = other.requests.length;
      await run("httpGet", { url: redirect(status, `${other.url}/elsewhere?page=3`), connection });
      expect(other.requests.length).toBe(before + 1);
      const arrived = last(other);
      expect(arrived.url).toBe("/elsewhere?page=3");
      expectNoKey(arrived);
      // It did go with the first hop, to the origin it belongs to.
      expect(KEY_AS_RECEIVED[placement as keyof typeof PLACED](last(origin))).toBe(KEY);
    });

    it("a redirect on the same origin keeps the key where it was", async () => {
      await run("httpGet", { url: redirect(302, "/final?page=4"), connection });
      const landed = last(origin);
      expect(landed.path).toBe("/final");
      expect(landed.query.get("page")).toBe("4");
      expect(KEY_AS_RECEIVED[placement as keyof typeof PLACED](landed)).toBe(KEY);
    });
  });
});

describe("precedence", () => {
  it.each(["X-API-Key", "x-api-key"])(
    "the connection's %s wins over the user's, sent exactly once",
    async (userName) => {
      await run("httpGet", {
        url: `${origin.url}/items`,
        connection: PLACED.header,
        headers: [
          { key: userName, value: "user-value" },
          { key: "X-Other", value: "kept" },
        ],
      });
      const request = last(origin);
      expect(request.headers["x-api-key"]).toBe(KEY);
      expect(namesIn(request, "x-api-key")).toHaveLength(1);
      expect(request.rawHeaders).not.toContain("user-value");
      expect(request.headers["x-other"]).toBe("kept");
    },
  );

  it("the connection's Authorization wins over the user's with the header placement too", async () => {
    await run("httpGet", {
      url: `${origin.url}/items`,
      connection: apiKey({ keyPlacement: "header", keyName: "Authorization" }),
      headers: [{ key: "authorization", value: "Bearer user-value" }],
    });
    const request = last(origin);
    expect(request.headers.authorization).toBe(KEY);
    expect(namesIn(request, "authorization")).toHaveLength(1);
  });

  it("the connection's query key wins over a user parameter of the same name, sent exactly once", async () => {
    await run("httpGet", {
      url: `${origin.url}/items?api_key=from-url&page=6`,
      connection: PLACED.query,
      queryParams: [{ key: "api_key", value: "from-list" }],
    });
    const request = last(origin);
    expect(request.query.getAll("api_key")).toEqual([KEY]);
    expect(request.query.get("page")).toBe("6");
  });

  it("a request without a connection sends no credentials, even after one with a connection", async () => {
    for (const connection of Object.values(PLACED)) await run("httpGet", { url: `${origin.url}/items`, connection });
    await run("httpGet", { url: `${origin.url}/open?page=1` });
    const request = last(origin);
    expect(request.url).toBe("/open?page=1");
    expectNoKey(request);
  });
});

describe("bearerToken connection", () => {
  it("sends Authorization: Bearer <token>", async () => {
    await run("httpGet", {
      url: `${origin.url}/items`,
      connection: { key: "bearerToken", configVarKey: "t", fields: { token: "ghp_static-TOKEN" } },
    });
    expect(last(origin).headers.authorization).toBe("Bearer ghp_static-TOKEN");
    expect(namesIn(last(origin), "authorization")).toHaveLength(1);
  });

  it("says the token is missing, sending nothing", async () => {
    const before = origin.requests.length;
    const error = await runFailing("httpGet", {
      url: `${origin.url}/items`,
      connection: { key: "bearerToken", configVarKey: "t", fields: {} },
    });
    expect(error.message).toBe('Input "Connection" (connection) (bearerToken) has no Token.');
    expect(origin.requests.length).toBe(before);
  });
});

describe("the token type the server returned", () => {
  const platform = (key: string, token: Record<string, unknown>) => ({
    key,
    configVarKey: "o",
    fields: { clientId: "cid", clientSecret: "cs", tokenUrl: "https://auth.test/token" },
    token: { access_token: "at-77", ...token },
  });

  it.each([
    ["oauth2AuthCode", "MAC", "MAC at-77"],
    ["oauth2AuthCode", "bearer", "Bearer at-77"],
    ["oauth2AuthCode", "BEARER", "Bearer at-77"],
    ["oauth2AuthCode", undefined, "Bearer at-77"],
    ["oauth2ClientCredentials", "DPoP", "DPoP at-77"],
    ["oauth2ClientCredentials", "bearer", "Bearer at-77"],
  ])("%s with token_type %s sends Authorization: %s", async (key, tokenType, expected) => {
    await run("httpGet", { url: `${origin.url}/items`, connection: platform(key, { token_type: tokenType }) });
    expect(last(origin).headers.authorization).toBe(expected);
  });
});

describe("the key in logs and errors", () => {
  const placements = {
    header: PLACED.header,
    "query (a conventional name)": PLACED.query,
    "query (a name not known to carry credentials)": apiKey({ keyPlacement: "query", keyName: "partner" }),
  };

  /** Everything a person could see of a failed step. */
  const shown = (error: Error, logs: ReturnType<typeof recordLogs>) => [
    error.message,
    JSON.stringify(error),
    String(error.stack),
    logs.text(),
  ];

  it.each(Object.entries(placements))("with the %s placement, never shows the key", async (_placement, connection) => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      { url: `${origin.url}/reject?page=5`, connection, debugRequest: "true" },
      logs,
    );
    // The server did get the key, and echoed it back in its 401.
    const arrived = last(origin);
    expect([arrived.headers["x-api-key"], arrived.query.get("api_key"), arrived.query.get("partner")]).toContain(KEY);
    expect(error.message).toMatch(/^GET .*\/reject\?page=5 failed with status 401 Unauthorized: /);
    expect(error.message).toContain("[REDACTED]");
    expect(logs.text()).toContain("HTTP request");
    expect(logs.text()).toContain("page=5");
    for (const text of shown(error, logs)) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(ENCODED_KEY);
      expect(text).not.toContain("sk_live");
    }
  });

  it("never shows the start of a key that an error excerpt or a log preview cuts in two", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      { url: `${origin.url}/reject-padded`, connection: PLACED.header, debugRequest: "true" },
      logs,
    );
    expect(last(origin).headers["x-api-key"]).toBe(KEY);
    expect(error.message).toMatch(/failed with status 401 Unauthorized: p{190}/);
    expect(error.message).toContain("[REDACTED]");
    for (const text of shown(error, logs)) expect(text).not.toContain("sk_live");
  });

  it("never shows a query key in the percent-encoded forms it takes on the wire and in the log", async () => {
    const key = "sk_live'(K)!~";
    const logs = recordLogs();
    const connection = apiKey({ apiKey: key, keyPlacement: "query", keyName: "partner" });
    const error = await runFailing(
      "httpGet",
      { url: `${origin.url}/reject?token=t-123&page=5`, connection, debugRequest: "true" },
      logs,
    );
    const onTheWire = /[?&]partner=([^&]*)/.exec(last(origin).url)?.[1];
    expect(onTheWire).toBe("sk_live%27(K)!~");
    expect(last(origin).query.get("partner")).toBe(key);
    for (const text of shown(error, logs)) expect(text).not.toContain("sk_live");
  });
});
