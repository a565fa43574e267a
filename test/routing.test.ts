import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { startProxy, type TestProxy } from "./helpers/proxy";
import { echo, startServer, type TestServer } from "./helpers/servers";

/**
 * Nowhere it should not go: no header chooses where a proxied request goes, a Host the user set
 * never follows a redirect to another origin, and a token request never leaves its Token URL's
 * origin, whatever the server answers.
 */

let api: TestServer;
let other: TestServer;
let proxy: TestProxy;
beforeAll(async () => {
  other = await startServer(echo);
  api = await startServer((request, response, raw) => {
    if (request.path === "/elsewhere") {
      return response.writeHead(307, { location: `${other.url}/landed` }).end();
    }
    if (request.path === "/token-redirect") {
      return response.writeHead(307, { location: `${other.url}/token` }).end();
    }
    echo(request, response, raw);
  });
  proxy = await startProxy();
});
afterAll(() => Promise.all([api.close(), other.close(), proxy.close()]));

describe("a Host header through an HTTP proxy", () => {
  it("is refused when it names another host than the URL, before the proxy hears of it", async () => {
    const before = proxy.forwarded.length;
    const error = await runFailing("httpGet", {
      url: `${api.url}/latest/meta-data/`,
      headers: [{ key: "Host", value: "10.1.2.3" }],
      proxyUrl: proxy.url,
      blockPrivateNetworks: "true",
    });
    expect(error.message).toBe(
      'Input "Header" (headers) sets a Host other than the URL\'s host, and the request goes through an HTTP proxy, which could send it to that host; put the host in the URL instead.',
    );
    expect(proxy.forwarded.length).toBe(before);
  });

  it("is refused in a cURL command with -x too", async () => {
    const error = await runFailing("httpCurl", {
      curlCommand: `curl -x ${proxy.url} -H 'Host: 169.254.169.254' ${api.url}/x`,
    });
    expect(error.message).toMatch(/^Input "Header" \(headers\) sets a Host other than the URL's host/);
  });

  it("is sent when it names the URL's own host", async () => {
    const host = new URL(api.url).host;
    await run("httpGet", { url: `${api.url}/same`, headers: [{ key: "Host", value: host }], proxyUrl: proxy.url });
    expect(proxy.forwarded.at(-1)).toBe(`${api.url}/same`);
    expect(api.requests.at(-1)?.headers.host).toBe(host);
  });

  it("is refused when it is given twice", async () => {
    const error = await runFailing("httpGet", {
      url: `${api.url}/twice`,
      headers: [
        { key: "Host", value: "a.test" },
        { key: "host", value: "b.test" },
      ],
    });
    expect(error.message).toBe('Input "Header" (headers) sets Host more than once; a request has one Host.');
  });

  it("is sent as set on a direct request (virtual hosting), and dropped on a redirect to another origin", async () => {
    const { data } = await run("httpGet", {
      url: `${api.url}/elsewhere`,
      headers: [
        { key: "Host", value: "virtual.example" },
        { key: "X-Vault-Token", value: "vault-secret-1" },
      ],
    });
    expect(api.requests.at(-1)?.headers.host).toBe("virtual.example");
    const landed = other.requests.at(-1);
    expect(landed?.path).toBe("/landed");
    expect(landed?.headers.host).toBe(new URL(other.url).host);
    expect(landed?.headers["x-vault-token"]).toBeUndefined();
    expect(data.url).toBe("/landed");
  });
});

describe("a token request", () => {
  it("never follows a redirect to another origin with its credentials", async () => {
    const before = other.requests.length;
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: {
        key: "oauth2Password",
        fields: {
          tokenUrl: `${api.url}/token-redirect`,
          username: "ada",
          password: "pw-never-elsewhere",
          clientId: "app",
          clientSecret: "cs-never-elsewhere",
        },
      },
    });
    expect(error.message).toContain(
      `the server redirected to another origin (${other.url}); a token request is never sent anywhere but its Token URL's origin`,
    );
    expect(other.requests.length).toBe(before);
    expect(error.message).not.toContain("pw-never-elsewhere");
  });
});
