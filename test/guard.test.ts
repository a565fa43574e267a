import type dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestFailedError } from "../src/request/errors";
import {
  blockedError,
  checkHop,
  checkLiteralHost,
  checkProxiedTarget,
  classifyAddress,
  GUARD_ENV_VAR,
  guardedLookup,
  isGuardOn,
  PRIVATE_NETWORK_BLOCKED,
  type Resolver,
} from "../src/request/guard";
import { startHttpsServer, startServer, type TestServer, testCertificate } from "./helpers/servers";

/** A resolver with a fixed answer per name that records every name it was asked for. */
const fakeResolver = (answers: Record<string, string[]>) => {
  const asked: { hostname: string; options: dns.LookupAllOptions }[] = [];
  const resolve: Resolver = (hostname, options, callback) => {
    asked.push({ hostname, options });
    const found = answers[hostname];
    if (!found) return callback(Object.assign(new Error(`no answer for ${hostname}`), { code: "ENOTFOUND" }), []);
    callback(
      null,
      found.map((address) => ({ address, family: address.includes(":") ? 6 : 4 })),
    );
  };
  return { resolve, asked };
};

/** Calls a lookup function the way `net` does and hands back what it answered. */
const lookUp = (lookup: ReturnType<typeof guardedLookup>, hostname: string, all: boolean) =>
  new Promise<{ error: (Error & { code?: string }) | null; address: unknown; family?: number }>((resolve) => {
    lookup(hostname, { all }, (error, address, family) => resolve({ error, address, family }));
  });

describe("classifyAddress", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.255.254", "loopback"],
    ["::1", "loopback"],
    ["169.254.169.254", "linkLocal"],
    ["fe80::1", "linkLocal"],
    ["fe80::1%eth0", "linkLocal"],
    ["10.0.0.7", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["fc00::1", "uniqueLocal"],
    ["fd00::2", "uniqueLocal"],
    ["0.0.0.0", "unspecified"],
    ["0.1.2.3", "unspecified"],
    ["::", "unspecified"],
    ["100.64.0.1", "carrierGradeNat"],
    ["100.127.255.255", "carrierGradeNat"],
    ["192.0.2.2", "reserved"],
    ["240.0.0.1", "reserved"],
    ["255.255.255.255", "broadcast"],
    ["224.0.0.1", "multicast"],
    ["ff02::1", "multicast"],
    ["2001:db8::1", "reserved"],
    ["2002:7f00:1::1", "6to4"],
    ["2001::1", "teredo"],
    ["::ffff:0:7f00:1", "rfc6145"],
  ])("refuses %s (%s)", (ip, range) => {
    expect(classifyAddress(ip)).toEqual({ blocked: true, range });
  });

  it.each([
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:7f00:1", "loopback"],
    ["::ffff:169.254.169.254", "linkLocal"],
    ["::ffff:a00:7", "private"],
    ["64:ff9b::a00:7", "private"],
    ["64:ff9b::7f00:1", "loopback"],
  ])("judges %s by the IPv4 address it carries (%s)", (ip, range) => {
    expect(classifyAddress(ip)).toEqual({ blocked: true, range });
  });

  it("refuses deprecated IPv4-compatible addresses, which ipaddr.js calls unicast", () => {
    expect(classifyAddress("::7f00:1")).toEqual({ blocked: true, range: "ipv4Compatible" });
    expect(classifyAddress("::5db8:d822")).toEqual({ blocked: true, range: "ipv4Compatible" });
  });

  it.each([
    "93.184.216.34",
    "8.8.8.8",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700::1111",
    "::ffff:93.184.216.34",
    "64:ff9b::5db8:d822",
  ])("allows the public address %s", (ip) => {
    expect(classifyAddress(ip)).toEqual({ blocked: false, range: "unicast" });
  });

  it("refuses text that is not an address rather than guess", () => {
    expect(classifyAddress("localhost").blocked).toBe(true);
  });
});

describe("isGuardOn", () => {
  it.each([
    [false, undefined, false],
    [true, undefined, true],
    [false, "false", false],
    [true, "false", true],
    [false, "0", false],
    [false, "", false],
    [false, "true", true],
    [false, "TRUE", true],
    [false, "1", true],
    [false, " yes ", true],
    [false, "enabled", true],
  ])("input %s with %s=%s gives %s", (input, value, expected) => {
    const env = value === undefined ? {} : { [GUARD_ENV_VAR]: value };
    expect(isGuardOn(input, env)).toBe(expected);
  });
});

describe("the refusal", () => {
  it("names the address, its range and the input that allows it", () => {
    const error = blockedError("10.0.0.7", "private", undefined, {});
    expect(error).toBeInstanceOf(RequestFailedError);
    expect(error.code).toBe(PRIVATE_NETWORK_BLOCKED);
    expect(error.message).toBe(
      'the address 10.0.0.7 (private) is on a private or reserved network, which this step does not allow because "Block Private Networks" is on; turn it off to allow it',
    );
  });

  it("names the host name, and the operator's variable when that is what forbids", () => {
    const error = blockedError("127.0.0.1", "loopback", "localhost", { [GUARD_ENV_VAR]: "true" });
    expect(error.message).toBe(
      `localhost resolves to 127.0.0.1 (loopback), an address on a private or reserved network, which this platform does not allow (its operator set ${GUARD_ENV_VAR}); only the operator can allow it`,
    );
  });
});

describe("checkLiteralHost", () => {
  it.each([
    ["http://2130706433/", "127.0.0.1"],
    ["http://0x7f000001/", "127.0.0.1"],
    ["http://0x7f.0.0.1/", "127.0.0.1"],
    ["http://0x7f.1/", "127.0.0.1"],
    ["http://0177.0.0.1/", "127.0.0.1"],
    ["http://127.1/", "127.0.0.1"],
    ["http://127.0.0.1./", "127.0.0.1"],
    ["http://0/", "0.0.0.0"],
    ["http://0xa9fea9fe/latest/meta-data/", "169.254.169.254"],
  ])("the URL parser turns %s into the dotted %s, which is refused", (href, dotted) => {
    const url = new URL(href);
    expect(url.hostname).toBe(dotted);
    expect(() => checkLiteralHost(url, {})).toThrow(`the address ${dotted} (`);
  });

  it.each([
    ["http://[::1]/", "::1", "loopback"],
    ["http://[0:0:0:0:0:0:0:1]/", "::1", "loopback"],
    ["http://[::ffff:127.0.0.1]/", "::ffff:7f00:1", "loopback"],
    ["http://[::ffff:7f00:1]/", "::ffff:7f00:1", "loopback"],
    ["http://[::127.0.0.1]/", "::7f00:1", "ipv4Compatible"],
    ["https://[fd12:3456::1]:8443/", "fd12:3456::1", "uniqueLocal"],
    ["http://[::]/", "::", "unspecified"],
  ])("refuses the IPv6 literal %s", (href, address, range) => {
    expect(() => checkLiteralHost(new URL(href), {})).toThrow(`the address ${address} (${range})`);
  });

  it("gives the refusal its code", () => {
    expect(() => checkLiteralHost(new URL("http://10.1.2.3/"), {})).toThrow(
      expect.objectContaining({ code: PRIVATE_NETWORK_BLOCKED, name: "RequestFailedError" }),
    );
  });

  it("lets public literals and every host name through (names are judged by the lookup)", () => {
    for (const href of [
      "http://93.184.216.34/",
      "https://[2606:4700::1111]/",
      "http://localhost/",
      "http://0x7f.0.0.1.nip.io/",
    ]) {
      expect(() => checkLiteralHost(new URL(href), {})).not.toThrow();
    }
  });
});

describe("guardedLookup", () => {
  it("refuses a public-looking name whose answer is private, for single-address callers", async () => {
    const { resolve, asked } = fakeResolver({ "public.test": ["10.0.0.7"] });
    const { error } = await lookUp(guardedLookup(resolve, {}), "public.test", false);
    expect(error).toMatchObject({ code: PRIVATE_NETWORK_BLOCKED });
    expect(error?.message).toContain("public.test resolves to 10.0.0.7 (private)");
    // Every address is asked for even when the caller wants one, so none can slip past.
    expect(asked).toEqual([{ hostname: "public.test", options: { all: true } }]);
  });

  it("refuses when ANY address of the answer is blocked, for all-address callers", async () => {
    const { resolve } = fakeResolver({ "mixed.test": ["93.184.216.34", "2606:4700::1111", "fd00::7"] });
    const { error } = await lookUp(guardedLookup(resolve, {}), "mixed.test", true);
    expect(error?.message).toContain("mixed.test resolves to fd00::7 (uniqueLocal)");
  });

  it("refuses an IPv4-mapped answer by the address it carries", async () => {
    const { resolve } = fakeResolver({ "mapped.test": ["::ffff:169.254.169.254"] });
    const { error } = await lookUp(guardedLookup(resolve, {}), "mapped.test", false);
    expect(error?.message).toContain("(linkLocal)");
  });

  it("answers a public name in the form the caller asked for", async () => {
    const { resolve } = fakeResolver({ "public.test": ["2606:4700::1111", "93.184.216.34"] });
    const lookup = guardedLookup(resolve, {});
    expect(await lookUp(lookup, "public.test", false)).toEqual({ error: null, address: "2606:4700::1111", family: 6 });
    expect(await lookUp(lookup, "public.test", true)).toEqual({
      error: null,
      address: [
        { address: "2606:4700::1111", family: 6 },
        { address: "93.184.216.34", family: 4 },
      ],
      family: undefined,
    });
  });

  it("passes a resolver failure through unchanged", async () => {
    const { resolve } = fakeResolver({});
    const { error } = await lookUp(guardedLookup(resolve, {}), "missing.test", false);
    expect(error).toMatchObject({ code: "ENOTFOUND", message: "no answer for missing.test" });
  });

  it("refuses localhost with the system resolver", async () => {
    const { error } = await lookUp(guardedLookup(undefined, {}), "localhost", true);
    expect(error).toMatchObject({ code: PRIVATE_NETWORK_BLOCKED });
    expect(error?.message).toMatch(/^localhost resolves to (127\.0\.0\.1|::1) \(loopback\)/);
  });
});

describe("checks before a hop", () => {
  it("resolves a proxied target here and refuses a private answer", async () => {
    const { resolve, asked } = fakeResolver({ "internal.test": ["192.168.0.10"], "public.test": ["93.184.216.34"] });
    await expect(checkProxiedTarget(new URL("http://internal.test/"), resolve, {})).rejects.toThrow(
      "internal.test resolves to 192.168.0.10 (private)",
    );
    await expect(checkProxiedTarget(new URL("https://public.test/"), resolve, {})).resolves.toBeUndefined();
    expect(asked.map(({ hostname }) => hostname)).toEqual(["internal.test", "public.test"]);
  });

  it("refuses a proxied target whose name cannot be checked", async () => {
    const { resolve } = fakeResolver({});
    await expect(checkProxiedTarget(new URL("http://only-the-proxy-knows.test/"), resolve, {})).rejects.toMatchObject({
      code: PRIVATE_NETWORK_BLOCKED,
      message: expect.stringContaining("only-the-proxy-knows.test could not be resolved (ENOTFOUND)"),
    });
  });

  it("refuses a proxied literal without resolving anything", async () => {
    const { resolve, asked } = fakeResolver({});
    await expect(checkProxiedTarget(new URL("http://[::1]/"), resolve, {})).rejects.toThrow(
      "the address ::1 (loopback)",
    );
    expect(asked).toEqual([]);
  });

  it("checks the literal on a direct hop, and leaves names to the agent's lookup", async () => {
    const { resolve, asked } = fakeResolver({});
    await expect(checkHop(new URL("http://169.254.169.254/"), {}, resolve)).rejects.toThrow("(linkLocal)");
    await expect(checkHop(new URL("http://localhost/"), {}, resolve)).resolves.toBeUndefined();
    expect(asked).toEqual([]);
  });

  it("checks a proxy the step named, but trusts the operator's proxy from the environment", async () => {
    const { resolve } = fakeResolver({ "public.test": ["93.184.216.34"] });
    const target = new URL("http://public.test/");
    const proxy = new URL("http://10.0.0.5:3128");
    await expect(checkHop(target, { proxy, proxyFromInput: true }, resolve)).rejects.toThrow(
      "the address 10.0.0.5 (private)",
    );
    await expect(checkHop(target, { proxy, proxyFromInput: false }, resolve)).resolves.toBeUndefined();
  });
});

/** A server on every loopback address (`::` also takes IPv4 and IPv4-mapped connections). */
const startDualStackServer = async () => {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(request.url ?? "");
    response.end("reached");
  });
  await new Promise<void>((resolve) => server.listen(0, "::", resolve));
  return { server, hits, port: (server.address() as AddressInfo).port };
};

/** One GET through `agent`, drained; resolves with the status, rejects with the connection's error. */
const get = (url: string, agent: http.Agent): Promise<number | undefined> =>
  new Promise((resolve, reject) => {
    const client = url.startsWith("https:") ? https : http;
    const request = client.get(url, { agent }, (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode));
    });
    request.on("error", reject);
  });

describe("on real connections", () => {
  let plain: TestServer;
  let secure: TestServer;
  let dual: Awaited<ReturnType<typeof startDualStackServer>>;
  let ca: string;
  // Built the way transport.ts builds its agents, with and without the guard.
  const agents = { open: new http.Agent(), guarded: new http.Agent({ lookup: guardedLookup(undefined, {}) }) };

  beforeAll(async () => {
    [plain, secure, dual, { cert: ca }] = await Promise.all([
      startServer(),
      startHttpsServer(),
      startDualStackServer(),
      testCertificate(),
    ]);
  });
  afterAll(async () => {
    agents.open.destroy();
    agents.guarded.destroy();
    dual.server.closeAllConnections();
    await Promise.all([plain.close(), secure.close(), new Promise((resolve) => dual.server.close(resolve))]);
  });

  it("refuses http://localhost with the guard on, and reaches the server with it off", async () => {
    const url = `http://localhost:${plain.port}/off`;
    await expect(get(url, agents.open)).resolves.toBe(200);
    await expect(get(`http://localhost:${plain.port}/on`, agents.guarded)).rejects.toMatchObject({
      code: PRIVATE_NETWORK_BLOCKED,
    });
    expect(plain.requests.map((request) => request.path)).toEqual(["/off"]);
  });

  it("refuses https://localhost with the guard on, and reaches the server with it off", async () => {
    const open = new https.Agent({ ca });
    const guarded = new https.Agent({ ca, lookup: guardedLookup(undefined, {}) });
    try {
      await expect(get(`https://localhost:${secure.port}/off`, open)).resolves.toBe(200);
      await expect(get(`https://localhost:${secure.port}/on`, guarded)).rejects.toThrow(
        /^localhost resolves to .* \(loopback\)/,
      );
      expect(secure.requests.map((request) => request.path)).toEqual(["/off"]);
    } finally {
      open.destroy();
      guarded.destroy();
    }
  });

  it("depends on checkLiteralHost for literals: Node never looks an IP literal up", async () => {
    const { resolve, asked } = fakeResolver({});
    const agent = new http.Agent({ lookup: guardedLookup(resolve, {}) });
    try {
      await expect(get(`http://127.0.0.1:${plain.port}/literal`, agent)).resolves.toBe(200);
      expect(asked).toEqual([]);
    } finally {
      agent.destroy();
    }
  });

  it.each([
    "http://2130706433:PORT/",
    "http://0x7f.1:PORT/",
    "http://0177.0.0.1:PORT/",
    "http://[::ffff:127.0.0.1]:PORT/",
    "http://[::1]:PORT/",
  ])("refuses %s with the guard on, and reaches the server with it off", async (template) => {
    const url = template.replace("PORT", String(dual.port));
    const before = dual.hits.length;
    expect(() => checkLiteralHost(new URL(url), {})).toThrow(
      expect.objectContaining({ code: PRIVATE_NETWORK_BLOCKED }),
    );
    expect(dual.hits.length).toBe(before);
    await expect(get(url, agents.open)).resolves.toBe(200);
    expect(dual.hits.length).toBe(before + 1);
  });

  it("refuses a redirect hop whose host resolves to loopback, on the agent every hop shares", async () => {
    const target = await startServer();
    const { resolve, asked } = fakeResolver({ "internal.test": ["127.0.0.1"] });
    // The first hop is a literal, which the agent never looks up: it stands in for an allowed public host.
    const first = await startServer((_request, response) => {
      response.writeHead(302, { location: `http://internal.test:${target.port}/secret` }).end();
    });
    const agent = new http.Agent({ lookup: guardedLookup(resolve, {}) });
    try {
      const hop = await new Promise<string>((done, fail) => {
        http
          .get(`${first.url}/start`, { agent }, (response) => done(response.headers.location ?? ""))
          .on("error", fail);
      });
      await expect(get(hop, agent)).rejects.toThrow("internal.test resolves to 127.0.0.1 (loopback)");
      expect(asked.map(({ hostname }) => hostname)).toEqual(["internal.test"]);
      expect(target.requests).toEqual([]);
    } finally {
      agent.destroy();
      await Promise.all([first.close(), target.close()]);
    }
  });

  it.each([
    ["HttpProxyAgent", (proxy: string) => new HttpProxyAgent(proxy, { lookup: guardedLookup(undefined, {}) }), "http"],
    [
      "HttpsProxyAgent",
      (proxy: string) => new HttpsProxyAgent(proxy, { lookup: guardedLookup(undefined, {}) }),
      "https",
    ],
  ])("%s passes the guarded lookup to its connection to the proxy", async (_name, make, scheme) => {
    const agent = make(`http://localhost:${plain.port}`);
    try {
      await expect(get(`${scheme}://93.184.216.34/`, agent)).rejects.toThrow(/^localhost resolves to .* \(loopback\)/);
    } finally {
      agent.destroy();
    }
  });
});
