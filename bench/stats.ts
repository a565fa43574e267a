/** A figure measured several times: its median and spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/**
 * Summarizes repeated measurements; the median resists the odd slow run on a shared machine.
 * @example spread([3, 1, 2]) // { median: 2, min: 1, max: 3, runs: [3, 1, 2] }
 */
export const spread = (runs: number[]): Spread => {
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { median, min: sorted[0], max: sorted[sorted.length - 1], runs };
};

/**
 * Ratios of two figures measured side by side in the same rounds, round by round: absolute
 * times drift between machines and minutes, a ratio taken in one round much less.
 * @example ratioSpread([2, 4], [4, 4]) // median 0.75 of [0.5, 1]
 */
export const ratioSpread = (numerators: number[], denominators: number[]): Spread =>
  spread(numerators.map((value, index) => value / denominators[index]));
