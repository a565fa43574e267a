import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GUARD_ENV_VAR } from "../src/request/guard";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { startProxy, type TestProxy } from "./helpers/proxy";
import { echo, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
let proxy: TestProxy;
beforeAll(async () => {
  [server, proxy] = await Promise.all([startServer(echo), startProxy()]);
});
afterAll(() => Promise.all([server.close(), proxy.close()]));
afterEach(() => {
  delete process.env[GUARD_ENV_VAR];
});

const refusedWithGuard = async (url: string, extra: Record<string, unknown> = {}) => {
  const before = server.requests.length;
  const error = await runFailing("httpGet", { url, blockPrivateNetworks: "true", ...extra });
  expect(error.code).toBe("ERR_PRIVATE_NETWORK_BLOCKED");
  expect(server.requests.length).toBe(before);
  return error.message;
};

describe("Block Private Networks", () => {
  it("refuses a name that resolves to loopback, on the address connected to", async () => {
    const message = await refusedWithGuard(`http://localhost:${server.port}/admin`);
    expect(message).toMatch(
      /^GET http:\/\/localhost:\d+\/admin failed: localhost resolves to (127\.0\.0\.1|::1) \(loopback\), an address on a private or reserved network/,
    );
    expect(message).toContain("turn it off to allow it");
  });

  it.each([
    ["dotted", (port: number) => `http://127.0.0.1:${port}/`],
    ["decimal", (port: number) => `http://2130706433:${port}/`],
    ["hex", (port: number) => `http://0x7f.0.0.1:${port}/`],
    ["octal", (port: number) => `http://0177.0.0.1:${port}/`],
    ["short", (port: number) => `http://127.1:${port}/`],
    ["IPv4-mapped IPv6", (port: number) => `http://[::ffff:127.0.0.1]:${port}/`],
    ["IPv6 loopback", (port: number) => `http://[::1]:${port}/`],
  ])("refuses a %s loopback literal", async (_form, url) => {
    expect(await refusedWithGuard(url(server.port))).toMatch(/\(loopback\)/);
  });

  it.each([
    ["http://169.254.169.254/latest/meta-data/", "linkLocal"],
    ["http://10.0.0.7/", "private"],
    ["http://192.168.1.1/", "private"],
    ["http://[fd00::1]/", "uniqueLocal"],
    ["http://0.0.0.0/", "unspecified"],
  ])("refuses %s (%s)", async (url, range) => {
    expect(await refusedWithGuard(url)).toContain(`(${range})`);
  });

  it("does not retry a refusal", async () => {
    const logs = recordLogs();
    await runFailing(
      "httpGet",
      { url: `http://127.0.0.1:${server.port}/`, blockPrivateNetworks: "true", maxRetries: "3" },
      logs,
    );
    expect(logs.lines.filter((line) => line.startsWith("Retry "))).toHaveLength(0);
  });

  it("refuses a private target reached through a proxy named in the step", async () => {
    const before = proxy.tunnels.length + proxy.forwarded.length;
    await refusedWithGuard(`http://localhost:${server.port}/via-proxy`, { proxyUrl: "http://93.184.216.34:3128" });
    expect(proxy.tunnels.length + proxy.forwarded.length).toBe(before);
  });

  it("allows private addresses when off, the default", async () => {
    await run("httpGet", { url: `http://localhost:${server.port}/allowed` });
    expect(server.requests.at(-1)?.path).toBe("/allowed");
  });

  it("is forced on by the operator's environment variable, whatever the input says", async () => {
    process.env[GUARD_ENV_VAR] = "true";
    const error = await runFailing("httpGet", {
      url: `http://127.0.0.1:${server.port}/`,
      blockPrivateNetworks: "false",
    });
    expect(error.code).toBe("ERR_PRIVATE_NETWORK_BLOCKED");
    expect(error.message).toContain(GUARD_ENV_VAR);
  });

  it("leaves the decision to the input when the variable says false", async () => {
    process.env[GUARD_ENV_VAR] = "false";
    await run("httpGet", { url: `http://127.0.0.1:${server.port}/env-off` });
    expect(server.requests.at(-1)?.path).toBe("/env-off");
  });
});
