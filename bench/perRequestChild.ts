/**
 * One client's per-request measurement, in a process of its own that the parent keeps alive and
 * asks for one window at a time (perRequest.ts interleaves the clients' windows): a window keeps
 * a scenario's requests in flight for a fixed time and counts those completed, with the
 * process's CPU time (user + system, all threads) over it. The server runs in another process,
 * so none of its work counts.
 */
import { performance } from "node:perf_hooks";
import { workerMain } from "./child";
import { type BenchUrls, type ClientName, makeClient, type PerRequestClient } from "./clients";

export interface PerRequestArgs extends BenchUrls {
  client: ClientName;
  bundlePath: string;
}

export const SCENARIOS = [
  { key: "get-seq", request: "getSmall", concurrency: 1, label: "small JSON GET, sequential" },
  { key: "get-c32", request: "getSmall", concurrency: 32, label: "small JSON GET, 32 concurrent" },
  { key: "post-seq", request: "postJson", concurrency: 1, label: "64 KB JSON POST, sequential" },
  { key: "post-c32", request: "postJson", concurrency: 32, label: "64 KB JSON POST, 32 concurrent" },
  { key: "https-seq", request: "getHttps", concurrency: 1, label: "small JSON GET over HTTPS, sequential" },
  { key: "https-c32", request: "getHttps", concurrency: 32, label: "small JSON GET over HTTPS, 32 concurrent" },
] as const;

/**
 * What the parent asks for: a measured window of one scenario, `durationMs` long, or a warm-up of
 * it, `requests` requests, whose figures are not used. A warm-up is a count, not a time: V8
 * compiles a function once it has run enough, so the same count brings every client's code to
 * the same point, however fast each is and however many share the cores while warming.
 */
export type WindowRequest =
  | { scenario: (typeof SCENARIOS)[number]["key"]; durationMs: number }
  | { scenario: (typeof SCENARIOS)[number]["key"]; requests: number };

export interface WindowResult {
  scenario: string;
  requests: number;
  wallMs: number;
  cpuMicros: number;
}

/**
 * Keeps `concurrency` requests in flight until the window closes (`durationMs`) or `count`
 * requests have started; counts those that completed.
 */
const runWindow = async (send: () => Promise<void>, concurrency: number, until: WindowRequest) => {
  const closesAt = "durationMs" in until ? performance.now() + until.durationMs : Number.POSITIVE_INFINITY;
  const count = "requests" in until ? until.requests : Number.POSITIVE_INFINITY;
  let started = 0;
  let requests = 0;
  const worker = async () => {
    while (performance.now() < closesAt && started < count) {
      started += 1;
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

const setUp = (args: PerRequestArgs) => {
  const client: PerRequestClient = makeClient(args.client, args, args.bundlePath);
  return async (window: WindowRequest): Promise<WindowResult> => {
    const { scenario } = window;
    const { request, concurrency } = SCENARIOS.find(({ key }) => key === scenario) as (typeof SCENARIOS)[number];
    return { scenario, ...(await runWindow(client[request], concurrency, window)) };
  };
};

if (require.main === module) workerMain(setUp);
