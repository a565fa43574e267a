import net, { type AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
const timers = new Set<NodeJS.Timeout>();
/** When the server saw each request's connection close, by the request's `id` query parameter. */
const closedAt = new Map<string, number>();
beforeAll(async () => {
  server = await startServer((request, response, raw) => {
    const id = request.query.get("id");
    if (id) raw.socket.once("close", () => closedAt.set(id, Date.now()));
    if (request.path === "/trickle-gzip") {
      // A compressed body trickled a flushed block at a time: read through the decoding pipeline.
      response.writeHead(200, { "content-type": "text/plain", "content-encoding": "gzip" });
      const gzip = zlib.createGzip();
      gzip.pipe(response);
      const timer = setInterval(() => gzip.write(".", () => gzip.flush()), 100);
      timers.add(timer);
      response.on("close", () => clearInterval(timer));
      return;
    }
    if (request.path === "/trickle") {
      // One byte every 100 ms: never idle long enough for an idle timeout to fire.
      response.writeHead(200, { "content-type": "text/plain" });
      const timer = setInterval(() => response.write("."), 100);
      timers.add(timer);
      response.on("close", () => clearInterval(timer));
      return;
    }
    if (request.path === "/slow-headers") {
      const timer = setTimeout(() => response.end("late"), 3000);
      timers.add(timer);
      return;
    }
    response.end("quick");
  });
});
afterAll(async () => {
  for (const timer of timers) clearInterval(timer);
  await server.close();
});

describe("timeout bounds the whole request", () => {
  it("stops a server that trickles bytes forever", async () => {
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${server.url}/trickle`, responseType: "text", timeout: "700" });
    const elapsed = Date.now() - started;
    expect(error.message).toBe(`GET ${server.url}/trickle failed: no complete response within the 700 ms timeout`);
    expect(elapsed).toBeGreaterThanOrEqual(650);
    expect(elapsed).toBeLessThan(2500);
  });

  it("stops a server that does not answer", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/slow-headers`, timeout: "300" });
    expect(error.message).toBe(`GET ${server.url}/slow-headers failed: no complete response within the 300 ms timeout`);
    expect(error.code).toBe("ETIMEDOUT");
  });

  it("stops a request waiting for a proxy that accepts and never answers, before its Connect Timeout", async () => {
    const sockets = new Set<net.Socket>();
    const silent = net.createServer((socket) => sockets.add(socket.on("error", () => undefined)));
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const proxyUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    try {
      // https asks the proxy for a tunnel (CONNECT), http forwards; neither answer comes.
      for (const url of ["https://api.example.test/tunnel", "http://api.example.test/forward"]) {
        const started = Date.now();
        const error = await runFailing("httpGet", { url, proxyUrl, timeout: "500", connectTimeout: "60000" });
        expect(error.message).toBe(
          `GET ${url} (through proxy ${proxyUrl}/) failed: no complete response within the 500 ms timeout`,
        );
        expect(Date.now() - started).toBeLessThan(5000);
      }
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it("lets a request finish within its timeout", async () => {
    const result = await run("httpGet", { url: `${server.url}/fast`, responseType: "text", timeout: "5000" });
    expect(result.data).toBe("quick");
  });
});

describe("the timeout closes the connection", () => {
  // Checked on the server: a request given up on must not stay open on the wire (or in the pool).
  const closesWithin = async (path: string, inputs: Record<string, string>) => {
    const id = `${path}-${Object.keys(inputs).join("-")}-${Math.random()}`;
    const started = Date.now();
    const error = await runFailing("httpGet", { url: `${server.url}${path}?id=${id}`, timeout: "400", ...inputs });
    expect(error.message).toMatch(/no complete response within the 400 ms timeout$/);
    await expect.poll(() => closedAt.get(id), { timeout: 2000 }).toBeDefined();
    const closed = (closedAt.get(id) as number) - started;
    expect(closed).toBeGreaterThanOrEqual(350);
    expect(closed).toBeLessThan(2000);
  };

  it("while waiting for the headers, without retries (axios's http adapter called directly)", async () => {
    await closesWithin("/slow-headers", {});
  });

  it("while waiting for the headers, with retries left (the retrying client)", async () => {
    await closesWithin("/slow-headers", { maxRetries: "3", retryDelayMS: "50" });
  });

  it("while reading a plain body", async () => {
    await closesWithin("/trickle", { responseType: "text" });
  });

  it("while reading a compressed body", async () => {
    await closesWithin("/trickle-gzip", { responseType: "text" });
  });
});
