import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ProxyEnvironment } from "../src/request/transport";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { describeLeak, findLeaks, shownBy } from "./helpers/leaks";
import { issue } from "./helpers/pki";
import { startProxy, type TestProxy } from "./helpers/proxy";
import { basic, derivedSecret, makeSecret } from "./helpers/secretForms";
import { echo, startHttpsServer, startServer, startTlsServer, type TestServer } from "./helpers/servers";

let plain: TestServer;
let secure: TestServer;
let open: TestProxy;
let guarded: TestProxy;
const credentials = { username: "proxy-user", password: "pr0xy-s3cret" };

beforeAll(async () => {
  [plain, secure, open, guarded] = await Promise.all([
    startServer(echo),
    startHttpsServer(echo),
    startProxy(),
    startProxy(credentials),
  ]);
});
afterAll(() => Promise.all([plain.close(), secure.close(), open.close(), guarded.close()]));

const PROXY_VARIABLES = ["HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "no_proxy"];
afterEach(() => {
  for (const name of PROXY_VARIABLES) delete process.env[name];
});

const withCredentials = (proxy: TestProxy, user = credentials.username, password = credentials.password) =>
  proxy.url.replace("http://", `http://${user}:${password}@`);

describe("proxyUrl", () => {
  it("forwards a plain HTTP request through the proxy", async () => {
    await run("httpGet", { url: `${plain.url}/via-proxy?x=1`, proxyUrl: open.url });
    expect(open.forwarded).toContain(`${plain.url}/via-proxy?x=1`);
    expect(plain.requests.at(-1)?.url).toBe("/via-proxy?x=1");
  });

  it("tunnels HTTPS with CONNECT, so the proxy sees only the host", async () => {
    await run("httpPost", { url: `${secure.url}/tunnel`, data: { a: 1 }, proxyUrl: open.url, ignoreSslErrors: "true" });
    expect(open.tunnels).toContain(`127.0.0.1:${secure.port}`);
    expect(open.forwarded.some((url) => url.includes("/tunnel"))).toBe(false);
    expect(secure.requests.at(-1)?.body.toString()).toBe('{"a":1}');
  });

  it("still verifies the target's certificate through the tunnel", async () => {
    const error = await runFailing("httpGet", { url: `${secure.url}/verify`, proxyUrl: open.url });
    expect(error.message).toMatch(/TLS certificate was not accepted/);
  });

  it("checks the certificate of a target given by IP address against that address", async () => {
    const ca = await issue({ subject: "CN=Tunnel CA", ca: true });
    const [forIp, forLocalhost] = await Promise.all([
      issue({ subject: "CN=127.0.0.1", issuer: ca, hosts: ["127.0.0.1"] }),
      issue({ subject: "CN=localhost", issuer: ca, hosts: ["localhost"] }),
    ]);
    const [ipServer, localhostServer] = await Promise.all([
      startTlsServer({ key: forIp.key, cert: forIp.cert }),
      startTlsServer({ key: forLocalhost.key, cert: forLocalhost.cert }),
    ]);
    try {
      await run("httpGet", { url: `${ipServer.url}/by-ip`, proxyUrl: open.url, caCertificates: ca.cert });
      expect(ipServer.requests.map((request) => request.path)).toEqual(["/by-ip"]);
      expect(open.tunnels).toContain(`127.0.0.1:${ipServer.port}`);
      // A certificate for another name is refused, "localhost" (what Node checks when told no name) included.
      const error = await runFailing("httpGet", {
        url: `${localhostServer.url}/by-ip`,
        proxyUrl: open.url,
        caCertificates: ca.cert,
      });
      expect(error.message).toMatch(
        /TLS certificate was not accepted \(ERR_TLS_CERT_ALTNAME_INVALID: .*IP: 127\.0\.0\.1/,
      );
      expect(localhostServer.requests).toHaveLength(0);
    } finally {
      await Promise.all([ipServer.close(), localhostServer.close()]);
    }
  });

  it("names the URL's own host in the request line: a path that begins with // is no host", async () => {
    const path = `//127.0.0.1:${secure.port}/elsewhere?x=1`;
    await run("httpGet", { url: `${plain.url}${path}`, proxyUrl: open.url });
    expect(open.forwarded).toContain(`${plain.url}${path}`);
    expect(plain.requests.at(-1)?.url).toBe(path);
    expect(secure.requests.some((request) => request.path.includes("elsewhere"))).toBe(false);
  });

  it("sends the proxy credentials from the URL to the proxy only", async () => {
    const proxyUrl = withCredentials(guarded);
    await run("httpGet", { url: `${plain.url}/authed`, proxyUrl });
    await run("httpGet", { url: `${secure.url}/authed-tls`, proxyUrl, ignoreSslErrors: "true" });
    const expected = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`;
    expect(guarded.authorizations.filter((value) => value === expected).length).toBeGreaterThanOrEqual(2);
    expect(plain.requests.at(-1)?.headers["proxy-authorization"]).toBeUndefined();
    expect(secure.requests.at(-1)?.headers["proxy-authorization"]).toBeUndefined();
  });

  it("fails clearly on wrong proxy credentials without revealing them", async () => {
    const logs = recordLogs();
    const wrong = "wr0ng-pa55";
    const error = await runFailing(
      "httpGet",
      { url: `${plain.url}/denied`, proxyUrl: withCredentials(guarded, "proxy-user", wrong), debugRequest: "true" },
      logs,
    );
    expect(error.message).toMatch(/407/);
    expect(error.message).not.toContain(wrong);
    expect(logs.text()).not.toContain(wrong);
  });

  it("refuses a proxy URL that is not http(s)", async () => {
    const error = await runFailing("httpGet", { url: `${plain.url}/x`, proxyUrl: "socks5://127.0.0.1:1080" });
    expect(error.message).toBe(
      'Input "Proxy URL" (proxyUrl) uses "socks5:", but only http and https URLs are allowed.',
    );
  });
});

describe("proxy environment variables, when no proxyUrl is given", () => {
  it("uses HTTP_PROXY for http URLs", async () => {
    process.env.HTTP_PROXY = open.url;
    await run("httpGet", { url: `${plain.url}/env-proxy` });
    expect(open.forwarded).toContain(`${plain.url}/env-proxy`);
  });

  it("uses HTTPS_PROXY for https URLs", async () => {
    process.env.HTTPS_PROXY = open.url;
    const before = open.tunnels.length;
    await run("httpGet", { url: `${secure.url}/env-tunnel`, ignoreSslErrors: "true" });
    expect(open.tunnels.length).toBe(before + 1);
  });

  it("sees a change to the environment on the next request, though each origin's proxy is remembered", async () => {
    await run("httpGet", { url: `${plain.url}/before-proxy` });
    expect(plain.requests.at(-1)?.url).toBe("/before-proxy");
    process.env.http_proxy = open.url;
    await run("httpGet", { url: `${plain.url}/with-proxy` });
    expect(open.forwarded).toContain(`${plain.url}/with-proxy`);
    process.env.no_proxy = "*";
    await run("httpGet", { url: `${plain.url}/excepted` });
    expect(open.forwarded).not.toContain(`${plain.url}/excepted`);
    delete process.env.no_proxy;
    delete process.env.http_proxy;
    await run("httpGet", { url: `${plain.url}/after-proxy` });
    expect(open.forwarded).not.toContain(`${plain.url}/after-proxy`);
    expect(plain.requests.at(-1)?.url).toBe("/after-proxy");
  });

  it("goes direct for hosts in NO_PROXY", async () => {
    process.env.HTTP_PROXY = open.url;
    process.env.NO_PROXY = "127.0.0.1";
    await run("httpGet", { url: `${plain.url}/no-proxy` });
    expect(open.forwarded).not.toContain(`${plain.url}/no-proxy`);
    expect(plain.requests.at(-1)?.url).toBe("/no-proxy");
  });

  it("cannot be steered past the private-network guard by a path that begins with //host", async () => {
    process.env.HTTP_PROXY = open.url;
    // 8.8.8.8 is public, so the guard lets the step ask the operator's proxy for it; the path names a private host.
    const url = `http://8.8.8.8//127.0.0.1:${plain.port}/metadata`;
    const before = plain.requests.length;
    await run("httpGet", { url, blockPrivateNetworks: "true", timeout: "3000", maxRetries: "0" }).catch(
      () => undefined,
    );
    expect(open.forwarded).toContain(url);
    expect(plain.requests.slice(before).map((request) => request.url)).toEqual([]);
  });

  it("lets proxyUrl win over the environment", async () => {
    process.env.HTTP_PROXY = "http://127.0.0.1:9";
    await run("httpGet", { url: `${plain.url}/explicit`, proxyUrl: open.url });
    expect(open.forwarded).toContain(`${plain.url}/explicit`);
  });

  it.each(["HTTP_PROXY", "http_proxy"])(
    "masks the credentials of %s when only a redirect out of NO_PROXY goes through it",
    async (variable) => {
      const password = makeSecret("HTTP_PROXY password", "-_.~");
      // A proxy that refuses with 407 and quotes what it was sent, decoded and as sent.
      const quoting = await startServer((request, response) => {
        const sent = String(request.headers["proxy-authorization"] ?? "");
        const decoded = Buffer.from(sent.replace(/^Basic /i, ""), "base64").toString();
        response.writeHead(407, { "proxy-authenticate": 'Basic realm="p"', "content-type": "text/plain" });
        response.end(`proxy refused ${decoded} (${sent})`);
      });
      const direct = await startServer((_request, response) => {
        response.writeHead(302, { location: `http://localhost:${quoting.port}/next` });
        response.end();
      });
      try {
        process.env[variable] = quoting.url.replace("http://", `http://puser:${password.value}@`);
        process.env.NO_PROXY = "127.0.0.1";
        const logs = recordLogs();
        const error = await runFailing("httpGet", { url: `${direct.url}/start`, debugRequest: "true" }, logs);
        // The hop did go through the proxy, which saw the credentials.
        expect(quoting.requests.map((request) => request.url)).toEqual([`http://localhost:${quoting.port}/next`]);
        expect(error.message).toMatch(/407/);
        const leaks = findLeaks(
          [...shownBy("error", error), ...shownBy("log", logs.lines)],
          [password, derivedSecret("Proxy-Authorization", basic("puser", password.value))],
        );
        expect(leaks.map(describeLeak)).toEqual([]);
      } finally {
        await Promise.all([quoting.close(), direct.close()]);
      }
    },
  );

  it("knows every proxy the environment names, in any variable and any case", () => {
    const names = ["Https_Proxy", "ALL_PROXY", "npm_config_proxy", "ftp_proxy"];
    try {
      names.forEach((name, index) => {
        process.env[name] = `http://u${index}:p${index}@proxy${index}.test:3128`;
      });
      process.env.no_proxy = "http://nouser:nopass@not-a-proxy.test";
      const proxies = ProxyEnvironment.read().allProxies();
      expect(proxies).toEqual(expect.arrayContaining(names.map((name) => process.env[name])));
      expect(proxies).not.toContain(process.env.no_proxy);
    } finally {
      for (const name of names) delete process.env[name];
    }
  });
});
