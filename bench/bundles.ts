/** The bundles the benchmark builds and compares (bench/buildChild.ts builds them). */
import path from "node:path";
import { table } from "./table";

/** Gitignored: the benchmark never writes into dist/, which others may be using. */
export const BUILD_DIR = path.join(__dirname, ".build");

export const BUNDLES = {
  component: "the connector (src/index.ts)",
  reference: "reference component, this webpack.config.js",
  referenceStock: "reference component, webpack.config.js without its cuts",
} as const;
export type BundleName = keyof typeof BUNDLES;

export interface BuiltBundle {
  name: BundleName;
  path: string;
  bytes: number;
  buildMs: number;
  /** Module bytes before minification, by npm package ("own code" for src/ or the reference). */
  packages: Record<string, number>;
}

/** How many packages the composition table lists, largest first. */
const COMPOSITION_ROWS = 12;

/**
 * What each bundle carries, by package: module bytes before minification.
 * @example console.log(compositionTable(built))
 */
export const compositionTable = (built: BuiltBundle[]): string => {
  const totals = new Map<string, number>();
  for (const bundle of built) {
    for (const [name, bytes] of Object.entries(bundle.packages))
      totals.set(name, Math.max(totals.get(name) ?? 0, bytes));
  }
  const largest = [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, COMPOSITION_ROWS)
    .map(([name]) => name);
  const rows = largest.map((name) => [
    name,
    ...built.map((bundle) => ((bundle.packages[name] ?? 0) / 1024).toFixed(0)),
  ]);
  return table(["package (KB before minifying)", ...built.map((bundle) => bundle.name)], rows);
};
