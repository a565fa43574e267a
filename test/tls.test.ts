import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { echo, startHttpsServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startHttpsServer(echo);
});
afterAll(() => server.close());

describe("TLS verification", () => {
  it("refuses a certificate no trust store knows, saying how to proceed", async () => {
    const error = await runFailing("httpGet", { url: `${server.url}/secure` });
    expect(error.message).toMatch(
      new RegExp(
        `^GET ${server.url}/secure failed: the server's TLS certificate was not accepted \\((DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)`,
      ),
    );
    expect(error.message).toContain('turn on "Ignore SSL Errors"');
    expect(server.requests).toHaveLength(0);
  });

  it("accepts it with Ignore SSL Errors, for that request alone", async () => {
    const before = server.requests.length;
    const [insecure, secure] = await Promise.allSettled([
      run("httpGet", { url: `${server.url}/insecure`, ignoreSslErrors: "true" }),
      run("httpGet", { url: `${server.url}/concurrent` }),
    ]);
    expect(insecure.status).toBe("fulfilled");
    expect(secure.status).toBe("rejected");
    expect(server.requests.slice(before).map((request) => request.path)).toEqual(["/insecure"]);
  });

  it("changes nothing process-wide", async () => {
    await run("httpGet", { url: `${server.url}/insecure`, ignoreSslErrors: "true" });
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined();
    expect(https.globalAgent.options.rejectUnauthorized).not.toBe(false);
    const error = await runFailing("httpGet", { url: `${server.url}/after` });
    expect(error.message).toMatch(/TLS certificate was not accepted/);
  });
});
