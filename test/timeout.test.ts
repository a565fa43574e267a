import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
const timers = new Set<NodeJS.Timeout>();
beforeAll(async () => {
  server = await startServer((request, response) => {
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

  it("lets a request finish within its timeout", async () => {
    const result = await run("httpGet", { url: `${server.url}/fast`, responseType: "text", timeout: "5000" });
    expect(result.data).toBe("quick");
  });
});
