import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Issued, issue } from "./helpers/pki";
import { startTlsServer, type TestServer } from "./helpers/servers";

/**
 * NODE_EXTRA_CA_CERTS is read by Node at startup, so the steps run in a child process started
 * with it. CA Certificates add to the roots; they must not drop the extra ones on the way.
 */

const ROOT = path.resolve(import.meta.dirname, "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const CHILD = path.join(ROOT, "test", "helpers", "stepsChild.ts");

let corporateCa: Issued;
let privateCa: Issued;
let corporate: TestServer;
let internal: TestServer;
let folder: string;

beforeAll(async () => {
  [corporateCa, privateCa] = await Promise.all([
    issue({ subject: "CN=Corporate CA (NODE_EXTRA_CA_CERTS)", ca: true }),
    issue({ subject: "CN=Private CA (CA Certificates)", ca: true }),
  ]);
  const [corporateCert, internalCert] = await Promise.all([
    issue({ subject: "CN=127.0.0.1", issuer: corporateCa, hosts: ["127.0.0.1"] }),
    issue({ subject: "CN=127.0.0.1", issuer: privateCa, hosts: ["127.0.0.1"] }),
  ]);
  corporate = await startTlsServer({ key: corporateCert.key, cert: corporateCert.cert });
  internal = await startTlsServer({ key: internalCert.key, cert: internalCert.cert });
  folder = mkdtempSync(path.join(tmpdir(), "http-connector-extra-ca-"));
});
afterAll(async () => {
  await Promise.all([corporate?.close(), internal?.close()]);
  if (folder) rmSync(folder, { recursive: true, force: true });
});

interface Outcome {
  data?: { url?: string };
  error?: string;
}

/** Runs GETs in a child whose NODE_EXTRA_CA_CERTS is `extraCaFile`; the servers stay in this process. */
const stepsInChild = (extraCaFile: string, steps: Array<Record<string, unknown>>): Promise<Outcome[]> =>
  new Promise((resolve, reject) => {
    const payload = JSON.stringify(steps.map((params) => ({ key: "httpGet", params })));
    const child = spawn(TSX, [CHILD, payload], { env: { ...process.env, NODE_EXTRA_CA_CERTS: extraCaFile } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(stdout)) : reject(new Error(stderr))));
  });

describe("CA Certificates with NODE_EXTRA_CA_CERTS set", () => {
  it("trusts both: the extra roots stay, verification stays on", async () => {
    const extraCaFile = path.join(folder, "corporate.pem");
    writeFileSync(extraCaFile, corporateCa.cert);
    const outcomes = await stepsInChild(extraCaFile, [
      // Node's own store holds the extra root, as the platform's would.
      { url: `${corporate.url}/without-cas` },
      { url: `${corporate.url}/with-cas`, caCertificates: privateCa.cert },
      { url: `${internal.url}/with-cas`, caCertificates: privateCa.cert },
      // Trusting more is not trusting all: the private CA's server without it is still refused.
      { url: `${internal.url}/without-cas` },
    ]);
    expect(outcomes.slice(0, 3).map((outcome) => outcome.error)).toEqual([undefined, undefined, undefined]);
    expect(outcomes[3].error).toMatch(/the server's TLS certificate was not accepted/);
    expect(corporate.requests.map((request) => request.path)).toEqual(["/without-cas", "/with-cas"]);
    expect(internal.requests.map((request) => request.path)).toEqual(["/with-cas"]);
  });

  it("ignores a file it cannot read, as Node does, and still trusts CA Certificates", async () => {
    const before = internal.requests.length;
    const outcomes = await stepsInChild(path.join(folder, "missing.pem"), [
      { url: `${internal.url}/missing-extra`, caCertificates: privateCa.cert },
      { url: `${corporate.url}/missing-extra`, caCertificates: privateCa.cert },
    ]);
    expect(outcomes[0].error).toBeUndefined();
    expect(outcomes[1].error).toMatch(/the server's TLS certificate was not accepted/);
    expect(internal.requests.slice(before).map((request) => request.path)).toEqual(["/missing-extra"]);
  });
});
