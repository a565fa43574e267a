/**
 * Cold start: a fresh `node` process per measurement, as on the platform. Inside, the time to
 * `require` the bundle (process.hrtime around it); outside, the whole process from spawn to
 * exit. Bundles take turns, so a slow moment on a shared machine hits each of them alike.
 */
import { spawn } from "node:child_process";
import { BUNDLES, type BundleName } from "./bundles";
import { type Spread, spread } from "./stats";
import { formatSpread, table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

/** Runs in the fresh process: plain node, nothing preloaded, so the figure is the bundle's alone. */
const REQUIRE_ONCE = `
const startedAt = process.hrtime.bigint();
const loaded = require(process.argv[1]);
const requireMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
if (!loaded.default || !loaded.default.actions) throw new Error("no component in " + process.argv[1]);
process.stdout.write(JSON.stringify({ requireMs }));
`;

export interface ColdStart {
  requireMs: Spread;
  processMs: Spread;
}

const spawnOnce = (bundlePath: string): Promise<{ requireMs: number; processMs: number }> =>
  new Promise((resolve, reject) => {
    const startedAt = process.hrtime.bigint();
    const child = spawn(process.execPath, ["-e", REQUIRE_ONCE, bundlePath], { stdio: ["ignore", "pipe", "inherit"] });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString("utf8");
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const processMs = Number(process.hrtime.bigint() - startedAt) / 1e6;
      if (code !== 0) return reject(new Error(`requiring ${bundlePath} failed (exit ${code})`));
      resolve({ requireMs: (JSON.parse(output) as { requireMs: number }).requireMs, processMs });
    });
  });

/**
 * Measures every bundle `spawns` times, interleaved.
 * @example const figures = await measureColdStarts({ component: "/abs/dist/index.js" }, 15)
 */
export const measureColdStarts = async <K extends string>(
  bundles: Record<K, string>,
  spawns: number,
): Promise<Record<K, ColdStart>> => {
  const names = Object.keys(bundles) as K[];
  const runs = Object.fromEntries(
    names.map((name) => [name, { requireMs: [] as number[], processMs: [] as number[] }]),
  ) as Record<K, { requireMs: number[]; processMs: number[] }>;
  for (let round = 0; round < spawns; round += 1) {
    for (const name of names) {
      const { requireMs, processMs } = await spawnOnce(bundles[name]);
      runs[name].requireMs.push(requireMs);
      runs[name].processMs.push(processMs);
    }
  }
  return Object.fromEntries(
    names.map((name) => [name, { requireMs: spread(runs[name].requireMs), processMs: spread(runs[name].processMs) }]),
  ) as Record<K, ColdStart>;
};

export type ColdStartFigures = Record<BundleName, ColdStart & { bytes: number }>;

/**
 * The two references. "Same config" is the yardstick taken literally: the reference
 * built with this webpack.config.js, cuts included, so it holds spectral's runtime and axios as
 * the connector does. "Stock config" is the same reference built the way spectral components
 * are built today, without the cuts: what a user's smallest component costs.
 */
const REFERENCES = [
  ["reference", "reference (same config)"],
  ["referenceStock", "reference (stock config)"],
] as const;

/**
 * Size, require time and whole-process time per bundle.
 * @example console.log(coldStartTable(figures))
 */
export const coldStartTable = (figures: ColdStartFigures): string => {
  const rows = (Object.keys(BUNDLES) as BundleName[]).map((name) => [
    BUNDLES[name],
    (figures[name].bytes / 1024).toFixed(0),
    formatSpread(figures[name].requireMs, 1),
    formatSpread(figures[name].processMs, 1),
  ]);
  return table(["bundle", "size KB", "require ms", "whole process ms"], rows);
};

/**
 * Ratios of the component to each reference: size, and the medians of require and process time.
 * @example coldStartRatios(figures).reference.size // 1.25
 */
export const coldStartRatios = (figures: ColdStartFigures) =>
  Object.fromEntries(
    REFERENCES.map(([name, label]) => [
      name,
      {
        label,
        size: figures.component.bytes / figures[name].bytes,
        require: figures.component.requireMs.median / figures[name].requireMs.median,
        process: figures.component.processMs.median / figures[name].processMs.median,
      },
    ]),
  ) as Record<(typeof REFERENCES)[number][0], { label: string; size: number; require: number; process: number }>;

/**
 * The component over each reference.
 * @example console.log(coldStartRatioTable(figures))
 */
export const coldStartRatioTable = (figures: ColdStartFigures): string =>
  table(
    ["component vs", "size", "require", "whole process"],
    Object.values(coldStartRatios(figures)).map(({ label, size, require, process }) => [
      label,
      size.toFixed(2),
      require.toFixed(2),
      process.toFixed(2),
    ]),
  );

/**
 * Issue 5's cold-start targets, against both references.
 * @example coldStartChecks(figures).filter((check) => !check.met)
 */
export const coldStartChecks = (figures: ColdStartFigures): TargetCheck[] =>
  Object.values(coldStartRatios(figures)).flatMap(({ label, size, require }) => [
    {
      target: `size ≤ ${TARGETS.coldStartVsReference} × ${label}`,
      measured: `${size.toFixed(2)} ×`,
      met: size <= TARGETS.coldStartVsReference,
    },
    {
      target: `require time ≤ ${TARGETS.coldStartVsReference} × ${label}`,
      measured: `${require.toFixed(2)} ×`,
      met: require <= TARGETS.coldStartVsReference,
    },
  ]);
