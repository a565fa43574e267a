/**
 * Per-request cost, parent side: every round runs each client in a fresh child process
 * (perRequestChild.ts), one after another, and the ratios are taken round by round.
 */
import { runChild } from "./child";
import { type BenchUrls, CLIENT_LABELS, CLIENT_NAMES, type ClientName } from "./clients";
import { type PerRequestArgs, SCENARIOS, type WindowResult } from "./perRequestChild";
import { ratioSpread, type Spread, spread } from "./stats";
import { formatSpread, table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

export interface PerRequestSettings {
  rounds: number;
  warmupMs: number;
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
    for (const client of CLIENT_NAMES) {
      const args: PerRequestArgs = {
        client,
        ...urls,
        bundlePath,
        warmupMs: settings.warmupMs,
        measureMs: settings.measureMs,
      };
      rounds[client].push(
        await runChild<WindowResult[]>("perRequestChild.ts", args, [], { NODE_EXTRA_CA_CERTS: caFile }),
      );
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
