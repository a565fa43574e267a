import { type ChildProcess, spawn } from "node:child_process";
import { afterEach } from "vitest";

/**
 * A server in its own Node process, so the time it records a request's arrival at is not held
 * up by the client's work on the same event loop. It answers every request with JSON: for
 * `?page=N`, `[N]` up to page 3 and `[]` after; for a path under `/fail-N/`, 503 to its first N
 * requests. `GET /__arrivals` lists when each other request arrived (epoch ms, on 'request'); `/__warm-up` is not listed.
 */
const SCRIPT = `
const http = require("node:http");
const arrivals = [];
const counts = new Map();
const server = http.createServer((request, response) => {
  const at = Date.now();
  const url = new URL(request.url, "http://x");
  if (url.pathname === "/__arrivals") return response.end(JSON.stringify(arrivals));
  if (url.pathname === "/__warm-up") return response.end("{}");
  arrivals.push({ path: url.pathname, at });
  request.resume();
  const fails = /^\\/fail-(\\d+)\\//.exec(url.pathname);
  const seen = (counts.get(url.pathname) ?? 0) + 1;
  counts.set(url.pathname, seen);
  if (fails && seen <= Number(fails[1])) return response.writeHead(503).end("{}");
  response.setHeader("content-type", "application/json");
  const page = url.searchParams.get("page");
  response.end(page === null ? '{"ok":true}' : JSON.stringify(Number(page) <= 3 ? [Number(page)] : []));
});
server.listen(0, "127.0.0.1", () => process.stdout.write(server.address().port + "\\n"));
`;

export interface ClockServer {
  url: string;
  /** When each request arrived, as the server's own clock saw it, in order of arrival. */
  arrivals: () => Promise<Array<{ path: string; at: number }>>;
}

/** Starts clock servers for a test file; each is stopped after its test. */
export const useClockServers = () => {
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });
  return async (): Promise<ClockServer> => {
    const child = spawn(process.execPath, ["-e", SCRIPT], { stdio: ["ignore", "pipe", "inherit"] });
    children.push(child);
    const port = await new Promise<string>((resolve, reject) => {
      child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
      child.once("exit", (code) => reject(new Error(`clock server exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}`;
    // A fresh process handles its first requests slowly (nothing compiled yet), which would
    // record them late; a few unrecorded requests first.
    for (let warm = 0; warm < 5; warm += 1) await (await fetch(`${url}/__warm-up`)).text();
    return {
      url,
      arrivals: async () => (await (await fetch(`${url}/__arrivals`)).json()) as Array<{ path: string; at: number }>,
    };
  };
};

/** The gaps between consecutive arrivals. */
export const gapsOf = (arrivals: Array<{ at: number }>): number[] =>
  arrivals.slice(1).map(({ at }, index) => at - arrivals[index].at);
