/**
 * Steps to the same origin share a pooled connection, and reusing it costs no reconfiguration.
 * Axios sets TCP keep-alive (one minute) on every request's socket, and the agent sets its own
 * when the socket goes back to the pool; Node only calls the system when the setting changes,
 * so two different settings would mean system calls on every request (see transport.ts). What
 * the socket is asked for is recorded at `net.Socket.prototype.setKeepAlive`, on the real
 * connection; which connection each request came on is read on the server.
 */
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { run } from "./helpers/harness";
import { type Handler, startHttpsServer, startServer, type TestServer } from "./helpers/servers";

const original = net.Socket.prototype.setKeepAlive;
let asked: Array<{ enable: boolean; delayMs: number | undefined }> = [];

let plain: TestServer;
let secure: TestServer;
/** The client port each request arrived from, by path: one port means one connection. */
const portsOf = new Map<string, number[]>();
const handler: Handler = (request, response, raw) => {
  const pool = request.path.split("/")[1];
  portsOf.set(pool, [...(portsOf.get(pool) ?? []), raw.socket.remotePort ?? -1]);
  response.setHeader("content-type", "application/json");
  response.end('{"ok":true}');
};

beforeAll(async () => {
  plain = await startServer(handler);
  secure = await startHttpsServer(handler);
  net.Socket.prototype.setKeepAlive = function (this: net.Socket, enable?: boolean, delayMs?: number) {
    asked.push({ enable: Boolean(enable), delayMs });
    return original.call(this, enable, delayMs);
  };
});

afterEach(() => {
  asked = [];
});

afterAll(async () => {
  net.Socket.prototype.setKeepAlive = original;
  await plain.close();
  await secure.close();
});

describe.each([
  { name: "http", server: () => plain, extra: {} },
  { name: "https", server: () => secure, extra: { ignoreSslErrors: "true" } },
])("a pooled $name connection", ({ name, server, extra }) => {
  it("carries every sequential step, and is asked for one keep-alive setting only", async () => {
    for (let step = 0; step < 5; step += 1) {
      const result = await run("httpGet", { url: `${server().url}/${name}-pool/${step}`, ...extra });
      expect(result.data).toEqual({ ok: true });
    }
    const ports = portsOf.get(`${name}-pool`) ?? [];
    expect(ports).toHaveLength(5);
    expect(new Set(ports).size).toBe(1);
    // Both askers (axios on each request, the agent on each return to the pool) asked, and agreed.
    expect(asked.length).toBeGreaterThanOrEqual(10);
    expect(new Set(asked.map(({ enable, delayMs }) => `${enable} ${delayMs}`))).toEqual(new Set(["true 60000"]));
  });
});
