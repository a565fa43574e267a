/**
 * One client's per-request measurement, in a process of its own: for each scenario it warms up,
 * then counts requests completed in a fixed window with the process's CPU time (user + system,
 * all threads) over that window. The server runs in another process, so none of its work counts.
 */
import { performance } from "node:perf_hooks";
import { childMain } from "./child";
import { type BenchUrls, type ClientName, makeClient, type PerRequestClient } from "./clients";

export interface PerRequestArgs extends BenchUrls {
  client: ClientName;
  bundlePath: string;
  warmupMs: number;
  measureMs: number;
}

export const SCENARIOS = [
  { key: "get-seq", request: "getSmall", concurrency: 1, label: "small JSON GET, sequential" },
  { key: "get-c32", request: "getSmall", concurrency: 32, label: "small JSON GET, 32 concurrent" },
  { key: "post-seq", request: "postJson", concurrency: 1, label: "64 KB JSON POST, sequential" },
  { key: "post-c32", request: "postJson", concurrency: 32, label: "64 KB JSON POST, 32 concurrent" },
  { key: "https-seq", request: "getHttps", concurrency: 1, label: "small JSON GET over HTTPS, sequential" },
  { key: "https-c32", request: "getHttps", concurrency: 32, label: "small JSON GET over HTTPS, 32 concurrent" },
] as const;

export interface WindowResult {
  scenario: string;
  requests: number;
  wallMs: number;
  cpuMicros: number;
}

/** Keeps `concurrency` requests in flight until the window closes; counts those that completed. */
const runWindow = async (send: () => Promise<void>, concurrency: number, durationMs: number) => {
  const closesAt = performance.now() + durationMs;
  let requests = 0;
  const worker = async () => {
    while (performance.now() < closesAt) {
      await send();
      requests += 1;
    }
  };
  const cpuBefore = process.cpuUsage();
  const startedAt = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const wallMs = performance.now() - startedAt;
  const cpu = process.cpuUsage(cpuBefore);
  return { requests, wallMs, cpuMicros: cpu.user + cpu.system };
};

const measureAll = async (args: PerRequestArgs): Promise<WindowResult[]> => {
  const client: PerRequestClient = makeClient(args.client, args, args.bundlePath);
  const results: WindowResult[] = [];
  for (const scenario of SCENARIOS) {
    const send = client[scenario.request];
    await runWindow(send, scenario.concurrency, args.warmupMs);
    results.push({ scenario: scenario.key, ...(await runWindow(send, scenario.concurrency, args.measureMs)) });
  }
  return results;
};

if (require.main === module) childMain(measureAll);
