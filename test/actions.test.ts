import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { version } from "../package.json";
import component, { version as reportedVersion } from "../src";
import { run } from "./helpers/harness";
import { echo, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];

describe("the component contract", () => {
  it("is the HTTP component with a real description", () => {
    expect(component.key).toBe("http");
    expect(component.display.label).toBe("HTTP");
    expect(component.display.description.length).toBeGreaterThan(40);
  });

  it("offers one action per verb under the fixed keys, and the generic, branching, GraphQL and pagination actions", () => {
    expect(Object.keys(component.actions).sort()).toEqual(
      [
        "httpDelete",
        "httpFormData",
        "httpGet",
        "httpPatch",
        "httpPost",
        "httpPut",
        "httpRequest",
        "httpRequestBranching",
        "httpGraphql",
        "httpPaginate",
        "httpCurl",
      ].sort(),
    );
  });

  it("shares one input schema, with data only on POST, PUT and PATCH", () => {
    const shared = [
      "connection",
      "url",
      "responseType",
      "headers",
      "queryParams",
      "maxRetries",
      "retryDelayMS",
      "useExponentialBackoff",
      "retryAllErrors",
      "timeout",
      "includeFullResponse",
      "debugRequest",
      "ignoreSslErrors",
      "proxyUrl",
    ];
    const keysOf = (action: string) => component.actions[action].inputs.map((input) => input.key);
    // GraphQL and pagination always read JSON, so they do not offer a response type.
    const jsonOnly = ["httpGraphql", "httpPaginate"];
    const requestActions = Object.keys(component.actions).filter(
      (key) => !jsonOnly.includes(key) && key !== "httpCurl",
    );
    for (const action of requestActions) expect(keysOf(action)).toEqual(expect.arrayContaining(shared));
    for (const action of jsonOnly) {
      expect(keysOf(action)).toEqual(expect.arrayContaining(shared.filter((key) => key !== "responseType")));
    }
    // The cURL command stands for the URL, query, headers, body and transport inputs.
    expect(keysOf("httpCurl")).toEqual(
      expect.arrayContaining([
        "curlCommand",
        "connection",
        "responseType",
        "maxRetries",
        "includeFullResponse",
        "debugRequest",
      ]),
    );
    // Reading the body as data: every action that returns a body; GraphQL and pages read JSON.
    for (const action of requestActions) {
      expect(keysOf(action)).toEqual(expect.arrayContaining(["csvHeader", "responseCharset", "select"]));
    }
    expect(keysOf("httpCurl")).toEqual(expect.arrayContaining(["csvHeader", "responseCharset", "select"]));
    expect(keysOf("httpGraphql")).toEqual(expect.arrayContaining(["responseCharset", "select"]));
    expect(keysOf("httpGraphql")).not.toContain("csvHeader");
    expect(keysOf("httpPaginate")).toContain("responseCharset");
    expect(keysOf("httpPaginate")).not.toEqual(expect.arrayContaining(["csvHeader"]));
    expect(keysOf("httpPaginate")).not.toContain("select");
    for (const action of ["httpPost", "httpPut", "httpPatch", "httpRequest"]) expect(keysOf(action)).toContain("data");
    for (const action of ["httpGet", "httpDelete", "httpFormData"]) expect(keysOf(action)).not.toContain("data");
    expect(keysOf("httpFormData")).toEqual(
      expect.arrayContaining(["httpMethod", "formData", "fileData", "fileDataFileNames"]),
    );
  });

  it("gives every input a comment, an example and (where one is typed in) a placeholder, and the documented defaults", () => {
    const typedIn = (type: string) => !["boolean", "connection"].includes(type);
    for (const action of Object.values(component.actions)) {
      for (const input of action.inputs) {
        expect(input.comments, `${action.key}.${input.key}`).toBeTruthy();
        if (input.type !== "connection") expect(input.example, `${action.key}.${input.key}`).toBeTruthy();
        if (typedIn(input.type)) expect(input.placeholder, `${action.key}.${input.key} placeholder`).toBeTruthy();
      }
    }
    for (const connection of component.connections ?? []) {
      for (const input of connection.inputs) {
        expect(input.comments, `${connection.key}.${input.key}`).toBeTruthy();
        if (typedIn(input.type)) expect(input.placeholder, `${connection.key}.${input.key} placeholder`).toBeTruthy();
      }
    }
    const defaults = Object.fromEntries(component.actions.httpGet.inputs.map((input) => [input.key, input.default]));
    expect(defaults).toMatchObject({
      responseType: "json",
      maxRetries: "0",
      retryDelayMS: "0",
      useExponentialBackoff: "false",
      retryAllErrors: "false",
      includeFullResponse: "false",
      debugRequest: "false",
      ignoreSslErrors: "false",
    });
    const formDefaults = Object.fromEntries(
      component.actions.httpFormData.inputs.map((input) => [input.key, input.default]),
    );
    expect(formDefaults.httpMethod).toBe("post");
  });

  it("declares the connections with their fields", () => {
    const fields = Object.fromEntries(
      (component.connections ?? []).map((connection) => [connection.key, connection.inputs.map((input) => input.key)]),
    );
    expect(fields.apiKey).toEqual(["apiKey", "authScheme", "keyPlacement", "keyName"]);
    expect(fields.bearerToken).toEqual(["token"]);
    expect(fields.basicAuth).toEqual(["username", "password"]);
    expect(fields.clientCertificate).toEqual([
      "certificate",
      "privateKey",
      "passphrase",
      "caCertificates",
      "apiKeyHeader",
      "apiKey",
    ]);
    expect(fields.oauth2AuthCode).toEqual(
      expect.arrayContaining([
        "authorizeUrl",
        "tokenUrl",
        "refreshUrl",
        "scopes",
        "clientId",
        "clientSecret",
        "headers",
      ]),
    );
    expect(fields.oauth2ClientCredentials).toEqual(
      expect.arrayContaining(["tokenUrl", "scopes", "clientId", "clientSecret", "headers"]),
    );
    const secretTypes = (component.connections ?? []).flatMap((connection) =>
      connection.inputs
        .filter(
          (input) => /secret|password|apiKey|privateKey|passphrase/i.test(input.key) && input.key !== "apiKeyHeader",
        )
        .map((input) => input.type),
    );
    expect(new Set(secretTypes)).toEqual(new Set(["password"]));
  });
});

describe("each verb reaches the server as that verb", () => {
  it.each([
    ["httpGet", "GET"],
    ["httpDelete", "DELETE"],
    ["httpPost", "POST"],
    ["httpPut", "PUT"],
    ["httpPatch", "PATCH"],
  ])("%s sends %s", async (action, method) => {
    const result = await run(action, { url: `${server.url}/items/7?expand=owner` });
    expect(lastRequest().method).toBe(method);
    expect(lastRequest().url).toBe("/items/7?expand=owner");
    expect((result.data as { method: string }).method).toBe(method);
  });

  it.each([
    ["post", "POST"],
    ["put", "PUT"],
  ])("httpFormData with method %s sends %s multipart", async (httpMethod, method) => {
    await run("httpFormData", { url: `${server.url}/upload`, httpMethod, formData: [{ key: "a", value: "1" }] });
    expect(lastRequest().method).toBe(method);
    expect(lastRequest().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });

  it("identifies itself with its version, unless the user sets a User-Agent", async () => {
    expect(reportedVersion).toBe(version);
    await run("httpGet", { url: `${server.url}/ua` });
    expect(lastRequest().headers["user-agent"]).toBe(`prismatic-http-connector/${version}`);
    await run("httpGet", { url: `${server.url}/ua`, headers: [{ key: "User-Agent", value: "my-app/2" }] });
    expect(lastRequest().headers["user-agent"]).toBe("my-app/2");
  });

  it("sends no body and no content type on a GET", async () => {
    await run("httpGet", { url: `${server.url}/plain` });
    expect(lastRequest().body.length).toBe(0);
    expect(lastRequest().headers["content-type"]).toBeUndefined();
  });
});
