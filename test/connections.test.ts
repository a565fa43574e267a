import { afterAll, beforeAll, describe, expect, it } from "vitest";
import component from "../src";
import { run, runFailing } from "./helpers/harness";
import { echo, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];
const call = (connection: unknown, extra: Record<string, unknown> = {}) =>
  run("httpGet", { url: `${server.url}/secure`, connection, ...extra });

const apiKey = (fields: Record<string, unknown>) => ({ key: "apiKey", configVarKey: "API", fields });

describe("apiKey connection", () => {
  it.each([
    ["Basic", "Basic k-123"],
    ["Bearer", "Bearer k-123"],
    ["Token", "Token k-123"],
    ["none", "k-123"],
  ])("with scheme %s sends Authorization: %s", async (authScheme, header) => {
    await call(apiKey({ apiKey: "k-123", authScheme }));
    expect(lastRequest().headers.authorization).toBe(header);
  });

  it("uses Basic when no scheme is chosen, as the platform's default", async () => {
    await call(apiKey({ apiKey: "k-123" }));
    expect(lastRequest().headers.authorization).toBe("Basic k-123");
  });

  it("refuses a key with a line break, without quoting it", async () => {
    const error = await runFailing("httpGet", {
      url: `${server.url}/x`,
      connection: apiKey({ apiKey: "k\r\nX-Evil: 1" }),
    });
    expect(error.message).toBe(
      'Input "Connection" (connection) (apiKey) field "API Key" has a line break or NUL character (U+000D at position 2).',
    );
    expect(error.message).not.toContain("X-Evil");
  });
});

describe("apiKey connection choices", () => {
  it("reads a choice whatever its case, and sends what the choice means", async () => {
    await call(apiKey({ apiKey: "k-9", keyPlacement: "Header", keyName: "X-API-Key" }));
    expect(lastRequest().headers["x-api-key"]).toBe("k-9");
    expect(lastRequest().headers.authorization).toBeUndefined();
  });

  it.each(["querystring", "cookie"])(
    "refuses Key Placement %s, naming the valid ones, before sending",
    async (keyPlacement) => {
      const before = server.requests.length;
      const error = await runFailing("httpGet", {
        url: `${server.url}/x`,
        connection: apiKey({ apiKey: "k-9", keyPlacement, keyName: "k" }),
      });
      expect(error.message).toBe(
        'Input "Connection" (connection) (apiKey) field "Key Placement" must be one of authorization, header, query.',
      );
      expect(server.requests.length).toBe(before);
    },
  );

  it("does not require an Authentication Scheme, which a header or query placement does not use", async () => {
    const definition = (
      component as unknown as { connections: { key: string; inputs: { key: string; required?: boolean }[] }[] }
    ).connections.find((connection) => connection.key === "apiKey");
    expect(definition?.inputs.find((input) => input.key === "authScheme")?.required).toBe(false);
    await call(apiKey({ apiKey: "k-9", keyPlacement: "query", keyName: "key" }));
    expect(lastRequest().query.get("key")).toBe("k-9");
  });
});

describe("basicAuth connection", () => {
  it("sends the username and password as Basic credentials", async () => {
    await call({ key: "basicAuth", configVarKey: "B", fields: { username: "ops", password: "p@ss:wörd" } });
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from("ops:p@ss:wörd").toString("base64")}`);
  });

  it("says which field is missing", async () => {
    const error = await runFailing("httpGet", {
      url: `${server.url}/x`,
      connection: { key: "basicAuth", configVarKey: "B", fields: { username: "ops" } },
    });
    expect(error.message).toBe('Input "Connection" (connection) (basicAuth) has no Password.');
  });
});

describe("OAuth 2.0 connections", () => {
  const oauth = (key: string, token: Record<string, unknown>) => ({
    key,
    configVarKey: "O",
    fields: { clientId: "cid", clientSecret: "cs-secret", tokenUrl: "https://auth.test/token" },
    token,
  });

  it.each(["oauth2AuthCode", "oauth2AuthCodePkce", "oauth2ClientCredentials"])(
    "%s sends the access token as a bearer token",
    async (key) => {
      await call(oauth(key, { access_token: "at-42", token_type: "bearer", refresh_token: "rt-1" }));
      expect(lastRequest().headers.authorization).toBe("Bearer at-42");
    },
  );

  it("asks for re-authorization when the platform has no token", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/x`, connection: oauth("oauth2AuthCode", {}) });
    expect(error.message).toBe(
      'Input "Connection" (connection) (oauth2AuthCode) has no access token; re-authorize the connection.',
    );
  });
});

describe("precedence", () => {
  it("lets the connection win over a user header of the same name", async () => {
    await call(apiKey({ apiKey: "from-connection", authScheme: "Bearer" }), {
      headers: [{ key: "authorization", value: "Bearer from-user" }],
    });
    expect(lastRequest().headers.authorization).toBe("Bearer from-connection");
    expect(lastRequest().rawHeaders.filter((name) => /^authorization$/i.test(name))).toHaveLength(1);
  });

  it("sends no Authorization at all without a connection", async () => {
    await run("httpGet", { url: `${server.url}/open` });
    expect(lastRequest().headers.authorization).toBeUndefined();
  });

  it("turns user:password in the URL into Basic credentials, not part of the request line", async () => {
    const url = new URL(`${server.url}/userinfo`);
    url.username = "me";
    url.password = "pa ss";
    await run("httpGet", { url: url.href });
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from("me:pa ss").toString("base64")}`);
    expect(lastRequest().url).toBe("/userinfo");
  });

  it("refuses a connection type it does not know, listing the known ones", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/x`, connection: { key: "ldap", fields: {} } });
    expect(error.message).toBe(
      'Input "Connection" (connection) has a type this component does not know; use one of apiKey, basicAuth, bearerToken, oauth2AuthCode, oauth2AuthCodePkce, oauth2ClientCredentials, oauth2Password, oauth2RefreshToken, jwtBearer, clientCertificate, awsSignatureV4, oauth1, digestAuth, hmacSignature.',
    );
  });
});
