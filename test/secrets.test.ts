import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MASK } from "../src/request/masking/redactor";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { describeLeak, findLeaks, shownBy } from "./helpers/leaks";
import { startProxy, type TestProxy } from "./helpers/proxy";
import { echo, startServer, type TestServer } from "./helpers/servers";

const SECRETS = {
  apiKey: "sk_live_APIKEY_0123456789",
  password: "hunter2-PASSWORD-xyz",
  accessToken: "ya29.ACCESS-TOKEN-abcdef",
  refreshToken: "1//REFRESH-TOKEN-ghijkl",
  clientSecret: "CLIENT-SECRET-mnopqr",
  userHeader: "USER-HEADER-KEY-stuvwx",
  proxyPassword: "PROXY-PASSWORD-yz0123",
  queryKey: "QUERY-KEY-456789",
  urlPassword: "URL-PASSWORD-abc999",
};

let server: TestServer;
let proxy: TestProxy;
beforeAll(async () => {
  // Echoes the request back, in the body of a 401 when asked to: servers do quote credentials.
  server = await startServer((request, response, raw) => {
    if (request.path === "/reject") response.statusCode = 401;
    echo(request, response, raw);
  });
  proxy = await startProxy({ username: "proxy-user", password: SECRETS.proxyPassword });
});
afterAll(() => Promise.all([server.close(), proxy.close()]));

const connections = {
  apiKey: { key: "apiKey", configVarKey: "c", fields: { apiKey: SECRETS.apiKey, authScheme: "Bearer" } },
  basicAuth: { key: "basicAuth", configVarKey: "c", fields: { username: "svc", password: SECRETS.password } },
  oauth2AuthCode: {
    key: "oauth2AuthCode",
    configVarKey: "c",
    fields: { clientId: "id", clientSecret: SECRETS.clientSecret, tokenUrl: "https://auth.test/token" },
    token: { access_token: SECRETS.accessToken, refresh_token: SECRETS.refreshToken, token_type: "Bearer" },
  },
};

const expectNoSecret = (text: string) => {
  for (const [name, secret] of Object.entries(SECRETS)) expect(text, `${name} leaked`).not.toContain(secret);
  expect(text).not.toContain(Buffer.from(`svc:${SECRETS.password}`).toString("base64"));
};

const everySecretInput = (connection: unknown, path = "/ok") => {
  const url = new URL(`${server.url}${path}?api_key=${SECRETS.queryKey}&page=2`);
  return {
    url: url.href,
    connection,
    headers: [{ key: "X-API-Key", value: SECRETS.userHeader }],
    proxyUrl: proxy.url.replace("http://", `http://proxy-user:${SECRETS.proxyPassword}@`),
    data: { note: "payload" },
    debugRequest: "true",
  };
};

describe.each(Object.entries(connections))("with the %s connection", (_name, connection) => {
  it("masks every secret in the debug log, which still shows the request and response", async () => {
    const logs = recordLogs();
    await run("httpPost", everySecretInput(connection), logs);
    const text = logs.text();
    expectNoSecret(text);
    expect(text).toContain("HTTP request");
    expect(text).toContain("HTTP response");
    expect(text).toContain('"Authorization":"[REDACTED]"');
    expect(text).toContain('"X-API-Key":"[REDACTED]"');
    expect(text).toContain("page=2");
    expect(text).toContain('{\\"note\\":\\"payload\\"}');
  });

  it("masks every secret in the error, even when the server echoes them", async () => {
    const logs = recordLogs();
    const error = await runFailing("httpPost", everySecretInput(connection, "/reject"), logs);
    expect(error.message).toMatch(/failed with status 401 Unauthorized/);
    expect(error.message).toContain("[REDACTED]");
    expectNoSecret(error.message);
    expectNoSecret(JSON.stringify(error));
    expectNoSecret(String(error.stack));
    expectNoSecret(logs.text());
  });
});

describe("secrets in URLs", () => {
  it("never shows the password of user:password@ in an error", async () => {
    const error = await runFailing("httpGet", { url: `http://me:${SECRETS.urlPassword}@127.0.0.1:9/closed` });
    expect(error.message).toBe(
      "GET http://127.0.0.1:9/closed failed: the connection was refused; is the server running and the port right? (ECONNREFUSED)",
    );
  });

  it("masks credential-like query parameters in errors", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/reject?token=${SECRETS.queryKey}` });
    expectNoSecret(error.message);
    expect(error.message).toContain("token=[REDACTED]");
  });
});

describe("secrets a request body carries, quoted back by a server that read them", () => {
  const SECRET = `Zq9Tok3n~Value&Mix/ed+9Kp"<'>`;
  const secret = { label: "body secret", value: SECRET, tag: "Zq9Tok3n" };
  let reader: TestServer;
  /** What the server found in the body, in the words its error uses. */
  const quoted = (request: { body: Buffer; headers: Record<string, unknown> }): string => {
    const text = request.body.toString("utf8");
    if (String(request.headers["content-type"]).includes("xml")) {
      return (text.match(/<Password>([^<]*)<\/Password>/)?.[1] ?? "").replace(/&amp;/g, "&").replace(/&lt;/g, "<");
    }
    const json = JSON.parse(text);
    return json.client_secret ?? json.variables?.password ?? json.variables?.input?.pin ?? "";
  };
  beforeAll(async () => {
    reader = await startServer((request, response) => {
      const value = quoted(request);
      response.setHeader("content-type", "application/json");
      if (request.path === "/graphql") {
        return response.end(JSON.stringify({ errors: [{ message: `Login failed for password ${value}` }] }));
      }
      response.statusCode = 401;
      response.end(JSON.stringify({ error: "invalid_client", message: `client secret ${value} is not valid` }));
    });
  });
  afterAll(() => reader.close());

  const expectNothingShown = async (action: string, inputs: Record<string, unknown>) => {
    for (const debugRequest of ["false", "true"]) {
      const logs = recordLogs();
      const error = await runFailing(action, { ...inputs, debugRequest }, logs);
      expect(reader.requests.at(-1)?.body.toString()).toContain(SECRET.slice(0, 8));
      const leaks = findLeaks([...shownBy("error", error), ...shownBy("log", logs.lines)], [secret]);
      expect(leaks.map(describeLeak).join("\n"), `debug ${debugRequest}`).toBe("");
      expect(error.message).toContain(MASK);
    }
  };

  it("a JSON Data field named client_secret", async () => {
    await expectNothingShown("httpPost", {
      url: `${reader.url}/oauth`,
      data: { client_id: "c", client_secret: SECRET },
    });
  });

  it("JSON Data text holding the field", async () => {
    await expectNothingShown("httpPut", {
      url: `${reader.url}/oauth`,
      data: JSON.stringify({ client_id: "c", client_secret: SECRET }),
    });
  });

  it("a GraphQL Variables Object password, quoted in the errors", async () => {
    await expectNothingShown("httpGraphql", {
      url: `${reader.url}/graphql`,
      query: "mutation($password: String!) { login(password: $password) }",
      variablesObject: JSON.stringify({ password: SECRET }),
    });
  });

  it("a GraphQL Variables password, quoted in the errors", async () => {
    await expectNothingShown("httpGraphql", {
      url: `${reader.url}/graphql`,
      query: "mutation($password: String!) { login(password: $password) }",
      variables: [{ key: "password", value: SECRET }],
    });
  });

  it("an XML raw body's Password element", async () => {
    const escaped = SECRET.replace(/&/g, "&amp;").replace(/</g, "&lt;");
    await expectNothingShown("httpPost", {
      url: `${reader.url}/soap`,
      bodyType: "raw",
      contentType: "application/xml",
      data: `<Login><User>ada</User><Password>${escaped}</Password></Login>`,
    });
  });

  it("leaves short values and other fields alone", async () => {
    const error = await runFailing("httpPost", {
      url: `${reader.url}/oauth`,
      data: { client_id: "client-42", client_secret: "1" },
    });
    expect(error.message).toContain("client secret 1 is not valid");
  });
});

describe("secrets in body fields of any shape, quoted by a server that knows them", () => {
  const SECRET = `Wq4Shape5~Value&Mix/ed+8Rt"<'>`;
  const secret = { label: "body secret", value: SECRET, tag: "Wq4Shape5" };
  const xmlText = SECRET.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const xml = (password: string) => ({
    bodyType: "raw",
    contentType: "application/xml",
    data: `<?xml version="1.0"?>\n<Login>\n  <User>bob</User>\n  <Password>${password}</Password>\n</Login>`,
  });
  const form = `grant_type=password&username=bob&password=${encodeURIComponent(SECRET)}&scope=read write`;
  const BODIES: Record<string, Record<string, unknown>> = {
    'JSON {"password": [secret]}': { data: { user: "bob", password: [SECRET] } },
    'JSON text {"api_keys": [secret]}': { data: JSON.stringify({ name: "svc", api_keys: ["other-key-1", SECRET] }) },
    'JSON {"apiKey": {"value": secret}}': { data: { apiKey: { value: SECRET, kind: "live" } } },
    "XML <Password> pretty-printed": xml(`\n    ${xmlText}\n  `),
    "XML <Password> CDATA with whitespace": xml(`\n    <![CDATA[${SECRET}]]>\n  `),
    "XML <Password> comment, then CDATA": xml(`<!-- the password --><![CDATA[${SECRET}]]>`),
    "form text with a space elsewhere, Content-Type form": {
      data: form,
      headers: [{ key: "Content-Type", value: "application/x-www-form-urlencoded" }],
    },
    "form text with a space elsewhere, Body Type form": { data: form, bodyType: "form-urlencoded" },
  };
  let rejecting: TestServer;
  beforeAll(async () => {
    rejecting = await startServer((_request, response) => {
      response.writeHead(400, { "content-type": "text/plain" });
      response.end(`credential ${SECRET} is not valid for this account`);
    });
  });
  afterAll(() => rejecting.close());

  it.each(Object.keys(BODIES))("%s", async (name) => {
    for (const debugRequest of ["false", "true"]) {
      const logs = recordLogs();
      const error = await runFailing(
        "httpPost",
        { url: `${rejecting.url}/login`, ...BODIES[name], debugRequest },
        logs,
      );
      expect(rejecting.requests.at(-1)?.body.toString()).toContain(secret.tag);
      const leaks = findLeaks([...shownBy("error", error), ...shownBy("log", logs.lines)], [secret]);
      expect(leaks.map(describeLeak).join("\n"), `debug ${debugRequest}`).toBe("");
      expect(error.message).toContain(`credential ${MASK} is not valid`);
      if (debugRequest === "true") expect(logs.text()).toContain("HTTP request");
    }
  });
});

describe("a secret that is one part of a credential header the user typed", () => {
  const SECRET = "Hd7Param9-XYZ-77Kq";
  const secret = { label: "header secret", value: SECRET, tag: "Hd7Param9" };
  const HEADERS: Record<string, { key: string; value: string }> = {
    "an auth-param, quoted": { key: "Authorization", value: `Token key="k1", secret="${SECRET}"` },
    "an auth-param, unquoted": { key: "Authorization", value: `Custom id=app-1, signature=${SECRET}` },
    "the part after a name: prefix": { key: "Authorization", value: `SharedKey myaccount:${SECRET}` },
    "a quoted cookie value": { key: "Cookie", value: `theme=dark; session="${SECRET}"` },
  };
  let revoking: TestServer;
  beforeAll(async () => {
    revoking = await startServer((_request, response) => {
      response.writeHead(401, { "content-type": "text/plain" });
      response.end(`credential ${SECRET} was revoked`);
    });
  });
  afterAll(() => revoking.close());

  it.each(Object.keys(HEADERS))("%s", async (name) => {
    for (const debugRequest of ["false", "true"]) {
      const logs = recordLogs();
      const inputs = { url: `${revoking.url}/x`, headers: [HEADERS[name]], debugRequest };
      const error = await runFailing("httpGet", inputs, logs);
      expect(JSON.stringify(revoking.requests.at(-1)?.headers)).toContain(secret.tag);
      const leaks = findLeaks([...shownBy("error", error), ...shownBy("log", logs.lines)], [secret]);
      expect(leaks.map(describeLeak).join("\n"), `debug ${debugRequest}`).toBe("");
      expect(error.message).toContain(`credential ${MASK} was revoked`);
    }
  });
});

describe("a secret a server echoes in an encoding of its own", () => {
  const TOKEN = "Zq9sk_live-AbC/d+e&f<g>h=iX7";
  const ECHOES: Record<string, (text: string) => string> = {
    "Go encoding/json": (text) => JSON.stringify(text).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`),
    "JSON \\u00XX of every non-alphanumeric": (text) =>
      text.replace(/[^A-Za-z0-9]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
    "HTML decimal references": (text) => text.replace(/[^A-Za-z0-9 ]/g, (c) => `&#${c.charCodeAt(0)};`),
    "HTML hex references, leading zeros": (text) =>
      text.replace(/[^A-Za-z0-9 ]/g, (c) => `&#x00${c.charCodeAt(0).toString(16)};`),
    "percent-encoding of unreserved characters": (text) =>
      encodeURIComponent(text).replace(/[-_.~!*'()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`),
    "percent-encoding of every byte": (text) =>
      [...Buffer.from(text)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""),
    base64: (text) => Buffer.from(text).toString("base64"),
    base64url: (text) => Buffer.from(text).toString("base64url"),
    hex: (text) => Buffer.from(text).toString("hex"),
    HEX: (text) => Buffer.from(text).toString("hex").toUpperCase(),
    "upper case": (text) => text.toUpperCase(),
  };
  let echoing: TestServer;
  beforeAll(async () => {
    // Quotes the request as it got it, head line and headers, encoded whole: the token sits at any offset.
    echoing = await startServer((request, response) => {
      const encode = ECHOES[decodeURIComponent(request.path.slice(1))];
      // The credential first, as servers that complain about it do: an error quotes only the start of a body.
      const head = [`authorization: ${request.headers.authorization}`, `${request.method} ${request.url}`];
      response.writeHead(401, { "content-type": "text/plain" });
      response.end(`rejected: ${encode(head.join("\r\n"))}`);
    });
  });
  afterAll(() => echoing.close());

  it.each(Object.keys(ECHOES))("%s", async (name) => {
    const connection = { key: "bearerToken", configVarKey: "c", fields: { token: TOKEN } };
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      { url: `${echoing.url}/${encodeURIComponent(name)}`, connection, debugRequest: "true" },
      logs,
    );
    expect(echoing.requests.at(-1)?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const shown = [...shownBy("error", error), ...shownBy("log", logs.lines)].map(({ text }) => text).join("\n");
    const encoded = ECHOES[name](`Bearer ${TOKEN}`);
    // The stable middle of the token's encoding: whatever the offset, it is there unless masked.
    const middle = ECHOES[name](TOKEN).slice(6, -6);
    expect(shown).not.toContain(middle);
    expect(shown).not.toContain(encoded.slice(10, -4));
    expect(error.message).toContain(MASK);
  });
});
