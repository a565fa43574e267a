import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface OpensslServer {
  /** e.g. https://127.0.0.1:40123 */
  url: string;
  /** What s_server wrote to stderr so far: the certificates it was given and why it refused them. */
  log: () => string;
  close: () => Promise<void>;
}

interface OpensslServerOptions {
  cert: string;
  key: string;
  /** The CA client certificates must chain to. */
  clientCa: string;
  version: "TLSv1.2" | "TLSv1.3";
}

const VERSION_FLAGS = { "TLSv1.2": "-tls1_2", "TLSv1.3": "-tls1_3" } as const;
const ACCEPT_LINE = /ACCEPT \S+:(\d+)/;

const stopped = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill();
  });

/**
 * `openssl s_server` demanding a client certificate it verifies during the handshake, so a
 * refusal is a real TLS alert (Node's own server checks afterwards and just closes).
 * @example const server = await startOpensslServer({ cert, key, clientCa: ca.cert, version: "TLSv1.2" });
 */
export const startOpensslServer = async (options: OpensslServerOptions): Promise<OpensslServer> => {
  const folder = mkdtempSync(path.join(tmpdir(), "http-connector-s_server-"));
  const file = (name: string, text: string) => {
    writeFileSync(path.join(folder, name), text);
    return path.join(folder, name);
  };
  const child = spawn(
    "openssl",
    [
      "s_server",
      "-accept",
      "127.0.0.1:0",
      "-cert",
      file("cert.pem", options.cert),
      "-key",
      file("key.pem", options.key),
      "-CAfile",
      file("ca.pem", options.clientCa),
      "-Verify",
      "1",
      "-verify_return_error",
      VERSION_FLAGS[options.version],
      "-www",
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const port = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const accepted = ACCEPT_LINE.exec(stdout);
      if (accepted) resolve(accepted[1]);
    });
    child.once("error", reject);
    child.once("exit", () => reject(new Error(`openssl s_server exited: ${stderr}`)));
  });
  return {
    url: `https://127.0.0.1:${port}`,
    log: () => stderr,
    close: async () => {
      await stopped(child);
      rmSync(folder, { recursive: true, force: true });
    },
  };
};
