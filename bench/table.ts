import type { Spread } from "./stats";

/**
 * A plain-text table with aligned columns, for the terminal and for pasting into Markdown.
 * @example console.log(table(["a", "b"], [["1", "2"]]))
 */
export const table = (header: string[], rows: string[][]): string => {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(" | ")} |`;
  const rule = `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`;
  return [line(header), rule, ...rows.map(line)].join("\n");
};

/**
 * A spread as "median (min–max)" with the given decimals.
 * @example formatSpread({ median: 2, min: 1, max: 3, runs: [] }, 0) // "2 (1–3)"
 */
export const formatSpread = (figure: Spread, decimals: number): string =>
  `${figure.median.toFixed(decimals)} (${figure.min.toFixed(decimals)}–${figure.max.toFixed(decimals)})`;

export const MIB = 1024 * 1024;
