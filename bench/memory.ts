/**
 * Memory, parent side: each large transfer through the action and through spectral's raw
 * request, every run in a fresh child process (memoryChild.ts), the two clients taking turns.
 */
import { runChild } from "./child";
import type { MemoryArgs, MemoryCase, MemoryClient, MemoryResult } from "./memoryChild";
import { type Spread, spread } from "./stats";
import { formatSpread, MIB, table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

const PAYLOAD_BYTES = 256 * MIB;
/** Issue 3's large binary body: hundreds of MB handed to the socket, not copied. */
const LARGE_UPLOAD_BYTES = 300 * MIB;

export const MEMORY_RUNS = [
  { key: "download", case: "download", bytes: PAYLOAD_BYTES, label: "256 MB binary download" },
  { key: "upload", case: "upload", bytes: PAYLOAD_BYTES, label: "256 MB binary upload (data)" },
  { key: "form", case: "form", bytes: PAYLOAD_BYTES, label: "256 MB fileData form upload" },
  { key: "upload300", case: "upload", bytes: LARGE_UPLOAD_BYTES, label: "300 MB binary upload (data)" },
] as const satisfies readonly { key: string; case: MemoryCase; bytes: number; label: string }[];

const CLIENTS: MemoryClient[] = ["action", "spectral"];

export interface ClientMemory {
  growthBytes?: Spread;
  /** Growth over payload size, per run. */
  growthVsPayload?: Spread;
  error?: string;
}

export type MemoryFigures = Record<
  string,
  { label: string; bytes: number; clients: Record<MemoryClient, ClientMemory> }
>;

const summarize = (results: MemoryResult[], bytes: number): ClientMemory => {
  const failed = results.find((result) => result.error !== undefined);
  if (failed) return { error: failed.error };
  const growth = results.map((result) => result.growthBytes as number);
  return { growthBytes: spread(growth), growthVsPayload: spread(growth.map((value) => value / bytes)) };
};

/**
 * Runs every transfer `runs` times per client; a client that cannot make a transfer at all
 * (a size limit) is tried once and reported with its error.
 * @example const figures = await measureMemory(baseUrl, bundlePath, 3)
 */
export const measureMemory = async (baseUrl: string, bundlePath: string, runs: number): Promise<MemoryFigures> => {
  const figures: MemoryFigures = {};
  for (const run of MEMORY_RUNS) {
    const results: Record<MemoryClient, MemoryResult[]> = { action: [], spectral: [] };
    for (let round = 0; round < runs; round += 1) {
      for (const client of CLIENTS) {
        if (results[client].some((result) => result.error !== undefined)) continue;
        const args: MemoryArgs = { client, case: run.case, bytes: run.bytes, baseUrl, bundlePath };
        results[client].push(await runChild<MemoryResult>("memoryChild.ts", args, ["--expose-gc"]));
      }
    }
    const clients = { action: summarize(results.action, run.bytes), spectral: summarize(results.spectral, run.bytes) };
    figures[run.key] = { label: run.label, bytes: run.bytes, clients };
  }
  return figures;
};

const inMib = (figure: Spread): Spread => ({
  median: figure.median / MIB,
  min: figure.min / MIB,
  max: figure.max / MIB,
  runs: figure.runs.map((value) => value / MIB),
});

/** The growth and its multiple of the payload, or why the transfer failed. */
const describe = (figure: ClientMemory): [string, string] => {
  if (!figure.growthBytes || !figure.growthVsPayload)
    return [`fails: ${figure.error?.replace(/^\S+ \S+ failed: /, "")}`, "–"];
  return [formatSpread(inMib(figure.growthBytes), 0), formatSpread(figure.growthVsPayload, 2)];
};

/**
 * Peak RSS growth per transfer and client.
 * @example console.log(memoryTable(figures))
 */
export const memoryTable = (figures: MemoryFigures): string => {
  const rows = Object.values(figures).flatMap(({ label, clients }) =>
    CLIENTS.map((client) => [label, client === "action" ? "(a) action" : "(b) spectral", ...describe(clients[client])]),
  );
  return table(["transfer", "client", "peak RSS growth MB", "× payload"], rows);
};

/**
 * Issue 5's memory targets: at most 1.3 × the payload, and below spectral's path.
 * @example memoryChecks(figures).every((check) => check.met)
 */
export const memoryChecks = (figures: MemoryFigures): TargetCheck[] =>
  Object.values(figures).flatMap(({ label, clients }) => {
    const action = clients.action.growthVsPayload?.median;
    const spectral = clients.spectral.growthVsPayload?.median;
    const measured =
      action === undefined ? `not measurable: ${clients.action.error}` : `${action.toFixed(2)} × payload`;
    return [
      {
        target: `${label}: a ≤ ${TARGETS.memoryVsPayload} × payload`,
        measured,
        met: action !== undefined && action <= TARGETS.memoryVsPayload,
      },
      {
        target: `${label}: a below b`,
        measured:
          action === undefined || spectral === undefined
            ? measured
            : `${action.toFixed(2)} vs ${spectral.toFixed(2)} × payload`,
        met: action !== undefined && spectral !== undefined && action < spectral,
      },
    ];
  });
