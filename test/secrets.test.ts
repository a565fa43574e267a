import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
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
