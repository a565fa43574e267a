import { type ChildProcess, fork } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/**
 * Starts bench/server.ts in its own process, so its work never counts as client CPU, and
 * resolves with its base URL (and, when it serves HTTPS too, that URL and the CA to trust).
 * @example const { server, baseUrl } = await startServer(); ...; server.kill()
 */
export const startServer = (): Promise<{ server: ChildProcess; baseUrl: string; httpsUrl: string; ca: string }> =>
  new Promise((resolve, reject) => {
    const server = fork(path.join(__dirname, "server.ts"), [], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    server.once("message", (message) => {
      const { port, httpsPort, ca } = message as { port: number; httpsPort: number; ca: string };
      resolve({ server, baseUrl: `http://127.0.0.1:${port}`, httpsUrl: `https://localhost:${httpsPort}`, ca });
    });
    server.once("error", reject);
    server.once("exit", (code) => reject(new Error(`the bench server exited (${code})`)));
  });

/**
 * Writes the bench server's CA where child processes can be pointed at it (NODE_EXTRA_CA_CERTS),
 * as a process trusts the system's roots; returns the file's path.
 * @example const caFile = writeCaFile(ca)
 */
export const writeCaFile = (ca: string): string => {
  const caFile = path.join(__dirname, ".build", "bench-ca.pem");
  fs.mkdirSync(path.dirname(caFile), { recursive: true });
  fs.writeFileSync(caFile, ca);
  return caFile;
};
