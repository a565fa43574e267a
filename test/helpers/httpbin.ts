import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { ensureHttpbin } from "./debian";

/** Debian's httpbin on loopback, a reference server the tests compare the component against. */
export interface Httpbin {
  /** Base URL without a trailing slash. */
  url: string;
  close: () => Promise<void>;
}

/** How long httpbin (Flask's development server) may take to start listening. */
const START_TIMEOUT_MS = 20_000;
const POLL_MS = 100;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });

const stop = (child: ChildProcess): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

/**
 * Starts httpbin on a free loopback port and waits until it answers.
 * @example const bin = await startHttpbin(); await fetch(`${bin.url}/get`); await bin.close();
 */
export const startHttpbin = async (): Promise<Httpbin> => {
  const [python, ...args] = ensureHttpbin();
  const port = await freePort();
  const child = spawn(python, [...args, "--port", String(port), "--host", "127.0.0.1"], { stdio: "ignore" });
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  while (Date.now() - started < START_TIMEOUT_MS) {
    if (child.exitCode !== null) throw new Error(`httpbin exited with ${child.exitCode} before it answered`);
    const answered = await fetch(`${url}/get`).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return { url, close: () => stop(child) };
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  await stop(child);
  throw new Error(`httpbin did not answer on ${url} within ${START_TIMEOUT_MS} ms`);
};
