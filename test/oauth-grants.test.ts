import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, onTestFinished } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { type ProtectedApi, startProtectedApi, startTokenServer, type TokenServer } from "./helpers/oauth";

/**
 * The password and refresh-token grants, against a real OAuth 2.0 authorization server and an
 * API that accepts only the tokens it issued. Fetched tokens are cached per process, so every
 * test uses its own servers (its own token URL) and its own credentials.
 */

const withServers = async (): Promise<{ tokens: TokenServer; api: ProtectedApi }> => {
  const tokens = await startTokenServer();
  const api = await startProtectedApi(tokens);
  onTestFinished(() => Promise.all([tokens.close(), api.close()]).then(() => undefined));
  return { tokens, api };
};

const passwordConnection = (tokenUrl: string, fields: Record<string, unknown> = {}) => ({
  key: "oauth2Password",
  configVarKey: "c",
  fields: {
    tokenUrl,
    username: "integration-bot@example.com",
    password: "correct-horse-PASSWORD",
    clientId: "client-pw",
    clientSecret: "CLIENT-SECRET-pw",
    scopes: "items:read items:write",
    ...fields,
  },
});

const refreshConnection = (tokenUrl: string, fields: Record<string, unknown> = {}) => ({
  key: "oauth2RefreshToken",
  configVarKey: "c",
  fields: {
    tokenUrl,
    refreshToken: "1//REFRESH-TOKEN-rt",
    clientId: "client-rt",
    clientSecret: "CLIENT-SECRET-rt",
    ...fields,
  },
});

const get = (api: ProtectedApi, connection: unknown, extra: Record<string, unknown> = {}) =>
  run("httpGet", { url: `${api.url}/items`, connection, ...extra });

describe("oauth2Password", () => {
  it("exchanges the username and password, with the client in the body, and sends the token it got", async () => {
    const { tokens, api } = await withServers();
    const { data } = await get(api, passwordConnection(tokens.tokenUrl));
    expect(data).toEqual({ ok: true });
    expect(tokens.requests).toHaveLength(1);
    const [request] = tokens.requests;
    expect(request.fields).toEqual({
      grant_type: "password",
      username: "integration-bot@example.com",
      password: "correct-horse-PASSWORD",
      scope: "items:read items:write",
      client_id: "client-pw",
      client_secret: "CLIENT-SECRET-pw",
    });
    expect(request.basic).toBeUndefined();
    expect(request.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(api.requests.map((seen) => seen.headers.authorization)).toEqual([`Bearer ${tokens.issued[0]}`]);
  });

  it("authenticates the client with a Basic header, keeping it out of the body, when asked to", async () => {
    const { tokens, api } = await withServers();
    await get(api, passwordConnection(tokens.tokenUrl, { clientId: "client-basic", clientAuthentication: "basic" }));
    const [request] = tokens.requests;
    expect(request.basic).toEqual({ clientId: "client-basic", clientSecret: "CLIENT-SECRET-pw" });
    expect(request.fields).toEqual({
      grant_type: "password",
      username: "integration-bot@example.com",
      password: "correct-horse-PASSWORD",
      scope: "items:read items:write",
    });
    expect(api.tokensSeen()).toEqual([tokens.issued[0]]);
  });

  it("sends no scope when the connection has none", async () => {
    const { tokens, api } = await withServers();
    await get(api, passwordConnection(tokens.tokenUrl, { scopes: "", clientId: "client-noscope" }));
    expect(tokens.requests[0].fields).not.toHaveProperty("scope");
    expect(api.tokensSeen()).toEqual([tokens.issued[0]]);
  });
});

describe("oauth2RefreshToken", () => {
  it("exchanges the refresh token and sends the new access token", async () => {
    const { tokens, api } = await withServers();
    const { data } = await get(api, refreshConnection(tokens.tokenUrl));
    expect(data).toEqual({ ok: true });
    expect(tokens.requests.map((request) => request.fields)).toEqual([
      {
        grant_type: "refresh_token",
        refresh_token: "1//REFRESH-TOKEN-rt",
        client_id: "client-rt",
        client_secret: "CLIENT-SECRET-rt",
      },
    ]);
    expect(api.tokensSeen()).toEqual([tokens.issued[0]]);
  });
});

describe("token caching", () => {
  it("fetches the token once for consecutive steps with the same connection", async () => {
    const { tokens, api } = await withServers();
    const connection = passwordConnection(tokens.tokenUrl, { username: "cache-same" });
    await get(api, connection);
    await get(api, connection);
    expect(tokens.requests).toHaveLength(1);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[0]]);
  });

  it("shares one fetch between concurrent steps", async () => {
    const { tokens, api } = await withServers();
    const connection = passwordConnection(tokens.tokenUrl, { username: "cache-concurrent" });
    await Promise.all([get(api, connection), get(api, connection), get(api, connection)]);
    expect(tokens.requests).toHaveLength(1);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[0], tokens.issued[0]]);
  });

  it("fetches again when the connection changes", async () => {
    const { tokens, api } = await withServers();
    await get(api, passwordConnection(tokens.tokenUrl, { username: "cache-changed", password: "first-PASSWORD" }));
    await get(api, passwordConnection(tokens.tokenUrl, { username: "cache-changed", password: "second-PASSWORD" }));
    expect(tokens.requests.map((request) => request.fields.password)).toEqual(["first-PASSWORD", "second-PASSWORD"]);
    expect(api.tokensSeen()).toEqual(tokens.issued);
    expect(new Set(tokens.issued).size).toBe(2);
  });

  it("renews a token that expires within the safety margin on every step", async () => {
    const { tokens, api } = await withServers();
    tokens.answerWith((response) => {
      if (response.body !== "") response.body.expires_in = 30;
    });
    const connection = refreshConnection(tokens.tokenUrl, { refreshToken: "1//REFRESH-short-lived" });
    await get(api, connection);
    await get(api, connection);
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it("reuses a token while it lives and fetches a new one once it has expired", async () => {
    const { tokens, api } = await withServers();
    // 62 s: two seconds beyond the 60 s renewal margin.
    tokens.answerWith((response) => {
      if (response.body !== "") response.body.expires_in = 62;
    });
    const connection = passwordConnection(tokens.tokenUrl, { username: "cache-expiring" });
    await get(api, connection);
    await get(api, connection);
    expect(tokens.requests).toHaveLength(1);
    await sleep(2_500);
    await get(api, connection);
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[0], tokens.issued[1]]);
  });
});

describe("a token the API refuses", () => {
  it("is dropped, fetched again and the request retried once", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0]);
    const { data } = await get(api, passwordConnection(tokens.tokenUrl, { username: "revoked-once" }));
    expect(data).toEqual({ ok: true });
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[1]]);
    expect(tokens.issued[0]).not.toBe(tokens.issued[1]);
  });

  it("fails the step with the 401 after exactly one new token", async () => {
    const { tokens, api } = await withServers();
    api.refuse(() => true);
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: refreshConnection(tokens.tokenUrl, { refreshToken: "1//REFRESH-always-refused" }),
    });
    expect(error.message).toBe(`GET ${api.url}/items failed with status 401 Unauthorized: {"error":"invalid_token"}`);
    expect(error.status).toBe(401);
    expect(tokens.requests).toHaveLength(2);
    expect(api.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it("is not kept for the next step either", async () => {
    const { tokens, api } = await withServers();
    const connection = passwordConnection(tokens.tokenUrl, { username: "refused-then-fine" });
    api.refuse(() => true);
    await runFailing("httpGet", { url: `${api.url}/items`, connection });
    api.refuse(() => false);
    await get(api, connection);
    expect(tokens.requests).toHaveLength(3);
    expect(api.tokensSeen().at(-1)).toBe(tokens.issued[2]);
  });
});

describe("a token endpoint that refuses", () => {
  const SECRETS = {
    password: "PASSWORD-never-shown",
    clientSecret: "CLIENT-SECRET-never-shown",
    refreshToken: "1//REFRESH-never-shown",
  };
  const refuse = (tokens: TokenServer) =>
    tokens.answerWith((response) => {
      response.statusCode = 400;
      response.body = { error: "invalid_grant" };
    });

  it.each([
    [
      "oauth2Password",
      (tokenUrl: string) =>
        passwordConnection(tokenUrl, { password: SECRETS.password, clientSecret: SECRETS.clientSecret }),
    ],
    [
      "oauth2RefreshToken",
      (tokenUrl: string) =>
        refreshConnection(tokenUrl, { refreshToken: SECRETS.refreshToken, clientSecret: SECRETS.clientSecret }),
    ],
  ])("fails %s with a clear error that shows no credential, and calls no API", async (_key, connectionFor) => {
    const { tokens, api } = await withServers();
    refuse(tokens);
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      { url: `${api.url}/items`, connection: connectionFor(tokens.tokenUrl), debugRequest: "true" },
      logs,
    );
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${api.url}/items failed: the connection could not get an access token: POST ${tokens.tokenUrl} failed with status 400`,
      ),
    );
    expect(error.message).toContain("invalid_grant");
    expect(tokens.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(0);
    for (const text of [error.message, JSON.stringify(error), String(error.stack), logs.text()]) {
      for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
    }
    // The debug log still shows the token request, so the failure can be diagnosed.
    expect(logs.text()).toContain(tokens.tokenUrl);
  });

  it("with clientAuthentication basic, shows neither the secret nor its Basic encoding", async () => {
    const { tokens, api } = await withServers();
    refuse(tokens);
    const logs = recordLogs();
    const connection = passwordConnection(tokens.tokenUrl, {
      clientAuthentication: "basic",
      password: SECRETS.password,
      clientSecret: SECRETS.clientSecret,
    });
    const error = await runFailing("httpGet", { url: `${api.url}/items`, connection, debugRequest: "true" }, logs);
    const basic = tokens.requests[0].headers.authorization?.replace(/^Basic /, "") ?? "missing";
    expect(tokens.requests[0].basic?.clientSecret).toBe(SECRETS.clientSecret);
    for (const text of [error.message, JSON.stringify(error), logs.text()]) {
      for (const secret of [...Object.values(SECRETS), basic]) expect(text).not.toContain(secret);
    }
  });
});

describe("secrets of a successful grant", () => {
  it("never show the access, ID or refresh token the server returned in the debug log", async () => {
    const { tokens, api } = await withServers();
    let answer: Record<string, unknown> = {};
    tokens.answerWith((response) => {
      if (response.body !== "") answer = { ...response.body };
    });
    const logs = recordLogs();
    const connection = passwordConnection(tokens.tokenUrl, { username: "debug-logged" });
    await run("httpGet", { url: `${api.url}/items`, connection, debugRequest: "true" }, logs);
    expect(api.tokensSeen()).toEqual([answer.access_token]);
    expect(logs.text()).toContain(`"url":"${tokens.tokenUrl}"`);
    expect(logs.text()).toContain("HTTP response");
    for (const name of ["access_token", "id_token", "refresh_token"]) {
      expect(typeof answer[name]).toBe("string");
      expect(logs.text(), `${name} leaked`).not.toContain(answer[name]);
    }
  });
});

describe("missing connection fields", () => {
  it.each([
    ["oauth2Password", "tokenUrl", "Token URL"],
    ["oauth2Password", "username", "Username"],
    ["oauth2Password", "password", "Password"],
    ["oauth2Password", "clientId", "Client ID"],
    ["oauth2RefreshToken", "tokenUrl", "Token URL"],
    ["oauth2RefreshToken", "refreshToken", "Refresh Token"],
  ])("%s without %s fails before anything is sent", async (key, field, label) => {
    const { tokens, api } = await withServers();
    const connection =
      key === "oauth2Password" ? passwordConnection(tokens.tokenUrl) : refreshConnection(tokens.tokenUrl);
    delete (connection.fields as Record<string, unknown>)[field];
    const error = await runFailing("httpGet", { url: `${api.url}/items`, connection });
    expect(error.message).toBe(`Input "Connection" (connection) (${key}) has no ${label}.`);
    expect(tokens.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });

  it("refuses a Token URL that is not an absolute http(s) URL", async () => {
    const { tokens, api } = await withServers();
    const error = await runFailing("httpGet", { url: `${api.url}/items`, connection: passwordConnection("/token") });
    expect(error.message).toBe(
      'Input "Connection" (connection) (oauth2Password) has a Token URL that has no http:// or https:// at its start; write the scheme before the host, e.g. https://api.example.com/path.',
    );
    expect(tokens.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});

describe("Token Expired Statuses", () => {
  it("treats a listed status like a 401: the token is dropped, fetched once more and the request retried once", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0], 403);
    const connection = passwordConnection(tokens.tokenUrl, { username: "expired-403", tokenExpiredStatuses: "403" });
    const { data } = await get(api, connection);
    expect(data).toEqual({ ok: true });
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[1]]);
  });

  it("reads a list with spaces, for the refresh-token grant too", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0], 419);
    const connection = refreshConnection(tokens.tokenUrl, {
      refreshToken: "1//REFRESH-expired-419",
      tokenExpiredStatuses: " 403 , 419 ",
    });
    await get(api, connection);
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it("leaves a 403 alone when it is not listed: no new token, the step fails with it", async () => {
    const { tokens, api } = await withServers();
    api.refuse(() => true, 403);
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: passwordConnection(tokens.tokenUrl, { username: "403-not-listed" }),
    });
    expect(error.status).toBe(403);
    expect(tokens.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(1);
  });

  it("never loops: a second listed status after the new token fails the step", async () => {
    const { tokens, api } = await withServers();
    api.refuse(() => true, 403);
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: passwordConnection(tokens.tokenUrl, { username: "403-always", tokenExpiredStatuses: "403" }),
    });
    expect(error.status).toBe(403);
    expect(tokens.requests).toHaveLength(2);
    expect(api.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it.each([
    ["abc", 1],
    ["99", 1],
    ["700", 1],
    ["403, 200", 2],
    ["403,,419", 2],
    ["4O3", 1],
  ])("refuses %j naming the field and the entry, before anything is sent", async (value, entry) => {
    const { tokens, api } = await withServers();
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: passwordConnection(tokens.tokenUrl, { tokenExpiredStatuses: value }),
    });
    expect(error.message).toBe(
      `Input "Connection" (connection) (oauth2Password) field "Token Expired Statuses" must list HTTP error statuses from 400 to 599 separated by commas, e.g. 403; entry ${entry} is not one.`,
    );
    expect(tokens.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
  });
});

describe("single flight", () => {
  it("concurrent steps refused together share one new token: two token requests in all, one retry each", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0]);
    const connection = passwordConnection(tokens.tokenUrl, { username: "concurrent-refused" });
    const results = await Promise.all(Array.from({ length: 5 }, () => get(api, connection)));
    expect(results.map(({ data }) => data)).toEqual(Array(5).fill({ ok: true }));
    expect(tokens.requests).toHaveLength(2);
    expect(api.requests).toHaveLength(10);
    expect(api.tokensSeen().filter((token) => token === tokens.issued[1])).toHaveLength(5);
  });

  it("a failed fetch is shared by the steps that waited on it, and not kept for the next step", async () => {
    const { tokens, api } = await withServers();
    let refusals = 1;
    tokens.answerWith((response) => {
      if (refusals-- <= 0) return;
      response.statusCode = 503;
      response.body = { error: "temporarily_unavailable" };
    });
    const connection = refreshConnection(tokens.tokenUrl, { refreshToken: "1//REFRESH-fails-once" });
    const url = `${api.url}/items`;
    const errors = await Promise.all(Array.from({ length: 4 }, () => runFailing("httpGet", { url, connection })));
    expect(errors.map((error) => error.message)).toEqual(Array(4).fill(errors[0].message));
    expect(errors[0].message).toContain("could not get an access token");
    expect(tokens.requests).toHaveLength(1);
    expect(api.requests).toHaveLength(0);
    const { data } = await get(api, connection);
    expect(data).toEqual({ ok: true });
    expect(tokens.requests).toHaveLength(2);
    expect(api.tokensSeen()).toEqual([tokens.issued[0]]);
  });
});
