import type { LookupFunction } from "node:net";
import net from "node:net";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONNECT_TIMEOUT, connectTimingTransport } from "../src/request/connect";
import { run, runFailing } from "./helpers/harness";
import { startProxy } from "./helpers/proxy";
import { startHttpsServer, startServer, type TestServer } from "./helpers/servers";

const MB = 1024 * 1024;
/** 64 MB of zeros gzip to about 64 KB: a small download that expands a thousand times. */
const bomb = gzipSync(Buffer.alloc(64 * MB));

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.path === "/bomb") {
      return response
        .writeHead(200, { "content-type": "application/octet-stream", "content-encoding": "gzip" })
        .end(bomb);
    }
    if (request.path === "/declared-large") {
      response.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(50 * MB) });
      return response.write(Buffer.alloc(1024));
    }
    if (request.path === "/chunked") {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      for (let i = 0; i < 5; i += 1) response.write(Buffer.alloc(MB, i));
      return response.end();
    }
    response.end("ok");
  });
});
afterAll(() => server.close());

describe("Max Response Size", () => {
  it("stops a gzip bomb at the limit, counting decompressed bytes", async () => {
    expect(bomb.length).toBeLessThan(MB);
    const error = await runFailing("httpGet", {
      url: `${server.url}/bomb`,
      responseType: "binary",
      maxResponseBytes: String(8 * MB),
    });
    expect(error.message).toBe(
      `GET ${server.url}/bomb failed: the response body is larger than ${8 * MB} bytes ("Max Response Size (bytes)"); raise it or request less data`,
    );
    expect(error.code).toBe("ERR_RESPONSE_TOO_LARGE");
  });

  it("refuses a declared length over the limit before reading it", async () => {
    const started = Date.now();
    const error = await runFailing("httpGet", {
      url: `${server.url}/declared-large`,
      responseType: "binary",
      maxResponseBytes: String(MB),
    });
    expect(error.code).toBe("ERR_RESPONSE_TOO_LARGE");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops a chunked body of unknown length once it passes the limit", async () => {
    const error = await runFailing("httpGet", {
      url: `${server.url}/chunked`,
      responseType: "binary",
      maxResponseBytes: String(2 * MB),
    });
    expect(error.code).toBe("ERR_RESPONSE_TOO_LARGE");
  });

  it("accepts a body up to the limit, byte for byte", async () => {
    const result = await run("httpGet", {
      url: `${server.url}/chunked`,
      responseType: "binary",
      maxResponseBytes: String(5 * MB),
    });
    expect(result.data.length).toBe(5 * MB);
    expect(result.data[4 * MB]).toBe(4);
  });

  it("lets a raised limit through a body the default would allow too", async () => {
    const result = await run("httpGet", {
      url: `${server.url}/bomb`,
      responseType: "binary",
      maxResponseBytes: String(65 * MB),
    });
    expect(result.data.length).toBe(64 * MB);
  });

  it("refuses a limit that is not a positive number", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/ok`, maxResponseBytes: "0" });
    expect(error.message).toBe('Input "Max Response Size (bytes)" (maxResponseBytes) must be at least 1; got 0.');
  });
});

describe("Connect Timeout", () => {
  it("stops a connection whose name never resolves, separate from the total timeout", async () => {
    const neverAnswers: LookupFunction = () => undefined;
    const started = Date.now();
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => {
      const request = connectTimingTransport(150).request({
        protocol: "http:",
        host: "hangs.test",
        port: 80,
        lookup: neverAnswers,
      });
      request.on("error", resolve);
      request.end();
    });
    expect(error.code).toBe(CONNECT_TIMEOUT);
    expect(error.message).toBe("no connection within the 150 ms connect timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("stops a proxy that never opens the tunnel", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const target = await startHttpsServer();
    try {
      const { port } = silent.address() as net.AddressInfo;
      const error = await runFailing("httpGet", {
        url: `${target.url}/x`,
        proxyUrl: `http://127.0.0.1:${port}`,
        connectTimeout: "300",
        timeout: "10000",
      });
      expect(error.message).toMatch(/failed: no connection within the 300 ms connect timeout/);
      expect(target.requests).toHaveLength(0);
    } finally {
      await target.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("covers the TLS handshake: a server that accepts and never says hello is stopped at the connect timeout", async () => {
    const sockets = new Set<net.Socket>();
    let helloBytes = 0;
    const mute = net.createServer((socket) => {
      sockets.add(socket);
      socket.on("data", (chunk) => {
        helloBytes += chunk.length;
      });
    });
    await new Promise<void>((resolve) => mute.listen(0, "127.0.0.1", resolve));
    const proxy = await startProxy();
    try {
      const { port } = mute.address() as net.AddressInfo;
      // Directly, and through a CONNECT tunnel, which the proxy opens at once.
      for (const proxyUrl of ["", proxy.url]) {
        helloBytes = 0;
        const started = Date.now();
        const error = await runFailing("httpGet", {
          url: `https://127.0.0.1:${port}/x`,
          connectTimeout: "300",
          timeout: "10000",
          maxRetries: "0",
          proxyUrl,
        });
        expect(error.message).toMatch(/failed: no connection within the 300 ms connect timeout/);
        expect(Date.now() - started).toBeLessThan(5000);
        // The client did reach the server and sent its hello: the wait was the handshake's.
        expect(helloBytes).toBeGreaterThan(0);
      }
      expect(proxy.tunnels).toEqual([`127.0.0.1:${port}`]);
    } finally {
      await proxy.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => mute.close(resolve));
    }
  });

  it("does not cut a connected request that takes longer than the connect timeout", async () => {
    const slow = await startServer((_request, response) => {
      setTimeout(() => response.end("late but fine"), 400);
    });
    try {
      const result = await run("httpGet", { url: `${slow.url}/slow`, responseType: "text", connectTimeout: "100" });
      expect(result.data).toBe("late but fine");
    } finally {
      await slow.close();
    }
  });
});
