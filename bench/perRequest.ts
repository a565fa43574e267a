/**
 * Per-request cost, parent side. Every round starts each client in a fresh child process
 * (perRequestChild.ts) and keeps all four alive; for each scenario the clients warm up together
 * (the same number of requests each), then take turns measuring short slices of it, and each
 * client's slices are summed. So the clients are compared over the same stretch of time: on a
 * shared machine whose speed drifts by tens of percent between seconds, measuring one client
 * after another (as this bench first did, each client's scenarios seconds apart) put that drift
 * straight into the ratios. The ratios are taken round by round.
 * The warm-up is long enough to measure the steady state: with 300 ms of it, the 64 KB POST's
 * ratio moved by a quarter with the order of the scenarios (1.13–1.23× after the GETs, 0.93×
 * first), as the JIT was still compiling the code only the POST runs.
 */
import { startWorker, type Worker } from "./child";
import { type BenchUrls, CLIENT_LABELS, CLIENT_NAMES, type ClientName } from "./clients";
import { type PerRequestArgs, SCENARIOS, type WindowRequest, type WindowResult } from "./perRequestChild";
import { ratioSpread, type Spread, spread } from "./stats";
import { formatSpread, table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

export interface PerRequestSettings {
  rounds: number;
  /** Requests each client sends of a scenario before it is measured. */
  warmupRequests: number;
  measureMs: number;
}

interface ClientFigures {
  cpuMicrosPerRequest: Spread;
  requestsPerSecond: Spread;
}

export interface ScenarioFigures {
  label: string;
  concurrency: number;
  clients: Record<ClientName, ClientFigures>;
  /** (a) over (b) and (a) over (c), per round. */
  ratios: {
    cpuActionVsSpectral: Spread;
    cpuActionVsAxios: Spread;
    rpsActionVsSpectral: Spread;
    rpsActionVsAxios: Spread;
  };
}

export type PerRequestFigures = Record<string, ScenarioFigures>;

type Rounds = Record<ClientName, WindowResult[][]>;

const cpuPerRequest = (window: WindowResult) => window.cpuMicros / window.requests;
const requestsPerSecond = (window: WindowResult) => (window.requests * 1000) / window.wallMs;

const figuresFor = (rounds: Rounds, scenario: string, label: string, concurrency: number): ScenarioFigures => {
  const windows = (client: ClientName) =>
    rounds[client].map((round) => round.find((window) => window.scenario === scenario) as WindowResult);
  const series = (client: ClientName, of: (window: WindowResult) => number) => windows(client).map(of);
  const clients = Object.fromEntries(
    CLIENT_NAMES.map((client) => [
      client,
      {
        cpuMicrosPerRequest: spread(series(client, cpuPerRequest)),
        requestsPerSecond: spread(series(client, requestsPerSecond)),
      },
    ]),
  ) as Record<ClientName, ClientFigures>;
  return {
    label,
    concurrency,
    clients,
    ratios: {
      cpuActionVsSpectral: ratioSpread(series("action", cpuPerRequest), series("spectral", cpuPerRequest)),
      cpuActionVsAxios: ratioSpread(series("action", cpuPerRequest), series("axios", cpuPerRequest)),
      rpsActionVsSpectral: ratioSpread(series("action", requestsPerSecond), series("spectral", requestsPerSecond)),
      rpsActionVsAxios: ratioSpread(series("action", requestsPerSecond), series("axios", requestsPerSecond)),
    },
  };
};

/** How many turns each client takes in a scenario's measured time, per round. */
const SLICES = 5;

const sumOf = (scenario: string, windows: WindowResult[]): WindowResult => ({
  scenario,
  requests: windows.reduce((sum, window) => sum + window.requests, 0),
  wallMs: windows.reduce((sum, window) => sum + window.wallMs, 0),
  cpuMicros: windows.reduce((sum, window) => sum + window.cpuMicros, 0),
});

type Workers = Array<[ClientName, Worker<WindowRequest, WindowResult>]>;

/** One round: every scenario, warmed up by each client, then measured in turns (the order rotates). */
const measureRound = async (workers: Workers, settings: PerRequestSettings) => {
  const round = Object.fromEntries(CLIENT_NAMES.map((client) => [client, [] as WindowResult[]])) as Record<
    ClientName,
    WindowResult[]
  >;
  for (const { key } of SCENARIOS) {
    // Together: a warm-up's figures are not used, so the clients may share the cores for it.
    await Promise.all(workers.map(([, worker]) => worker.ask({ scenario: key, requests: settings.warmupRequests })));
    const slices = Object.fromEntries(CLIENT_NAMES.map((client) => [client, [] as WindowResult[]]));
    for (let slice = 0; slice < SLICES; slice += 1) {
      for (let turn = 0; turn < workers.length; turn += 1) {
        const [client, worker] = workers[(turn + slice) % workers.length];
        slices[client].push(await worker.ask({ scenario: key, durationMs: settings.measureMs / SLICES }));
      }
    }
    for (const client of CLIENT_NAMES) round[client].push(sumOf(key, slices[client]));
  }
  return round;
};

/**
 * Runs every client `rounds` times against the server; every child trusts the server's CA through
 * NODE_EXTRA_CA_CERTS (`caFile`), as a process trusts the system's roots.
 * @example const figures = await measurePerRequest({ baseUrl, httpsUrl }, caFile, bundlePath, settings)
 */
export const measurePerRequest = async (
  urls: BenchUrls,
  caFile: string,
  bundlePath: string,
  settings: PerRequestSettings,
): Promise<PerRequestFigures> => {
  const rounds = Object.fromEntries(CLIENT_NAMES.map((client) => [client, [] as WindowResult[][]])) as Rounds;
  for (let round = 0; round < settings.rounds; round += 1) {
    const workers: Workers = CLIENT_NAMES.map((client) => {
      const args: PerRequestArgs = { client, ...urls, bundlePath };
      return [
        client,
        startWorker<WindowRequest, WindowResult>("perRequestChild.ts", args, { NODE_EXTRA_CA_CERTS: caFile }),
      ];
    });
    try {
      const measured = await measureRound(workers, settings);
      for (const client of CLIENT_NAMES) rounds[client].push(measured[client]);
    } finally {
      await Promise.all(workers.map(([, worker]) => worker.close()));
    }
  }
  return Object.fromEntries(
    SCENARIOS.map(({ key, label, concurrency }) => [key, figuresFor(rounds, key, label, concurrency)]),
  );
};

/**
 * Each client's CPU per request and requests per second, per scenario.
 * @example console.log(perRequestTable(figures))
 */
export const perRequestTable = (figures: PerRequestFigures): string => {
  const rows = Object.values(figures).flatMap((scenario) =>
    CLIENT_NAMES.map((client) => [
      scenario.label,
      CLIENT_LABELS[client],
      formatSpread(scenario.clients[client].cpuMicrosPerRequest, 0),
      formatSpread(scenario.clients[client].requestsPerSecond, 0),
    ]),
  );
  return table(["scenario", "client", "CPU µs/request", "requests/s"], rows);
};

/**
 * The action's figures over (b) and (c), taken round by round.
 * @example console.log(perRequestRatioTable(figures))
 */
export const perRequestRatioTable = (figures: PerRequestFigures): string => {
  const rows = Object.values(figures).map(({ label, ratios }) => [
    label,
    formatSpread(ratios.cpuActionVsSpectral, 2),
    formatSpread(ratios.cpuActionVsAxios, 2),
    formatSpread(ratios.rpsActionVsSpectral, 2),
    formatSpread(ratios.rpsActionVsAxios, 2),
  ]);
  return table(["scenario", "CPU a/b", "CPU a/c", "req/s a/b", "req/s a/c"], rows);
};

/**
 * The per-request targets against the medians of the ratios: against (b) in every scenario,
 * against (c) in the sequential ones.
 * @example perRequestChecks(figures).every((check) => check.met)
 */
export const perRequestChecks = (figures: PerRequestFigures): TargetCheck[] =>
  Object.values(figures).flatMap(({ label, ratios, concurrency }) => [
    {
      target: `${label}: CPU a ≤ ${TARGETS.cpuVsSpectral} × b`,
      measured: `${ratios.cpuActionVsSpectral.median.toFixed(2)} × b`,
      met: ratios.cpuActionVsSpectral.median <= TARGETS.cpuVsSpectral,
    },
    ...(concurrency === 1
      ? [
          {
            target: `${label}: CPU a ≤ ${TARGETS.cpuVsAxios} × c`,
            measured: `${ratios.cpuActionVsAxios.median.toFixed(2)} × c`,
            met: ratios.cpuActionVsAxios.median <= TARGETS.cpuVsAxios,
          },
        ]
      : []),
  ]);
