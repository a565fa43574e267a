/** Where the walk stands after reading one page. */
export interface WalkPosition {
  /** Items on the page just read. */
  pageItems: number;
  /** Items collected before it. */
  collected: number;
  maxItems: number | undefined;
  /** The page just read, 1 for the first. */
  page: number;
  maxPages: number;
  /** Whether the page pointed to another one. */
  hasNext: boolean;
}

/** How many of the page's items to keep, whether to stop, and whether a limit cut the walk short. */
export interface WalkStep {
  take: number;
  stop: boolean;
  truncated: boolean;
}

/**
 * Applies Max Items and Max Pages to one page. `truncated` is true only when a limit stopped the
 * walk while more items or pages existed: a walk that ends exactly at a limit is complete.
 * @example applyLimits({ pageItems: 10, collected: 20, maxItems: 25, page: 3, maxPages: 100, hasNext: true })
 * // { take: 5, stop: true, truncated: true }
 */
export const applyLimits = (position: WalkPosition): WalkStep => {
  const { pageItems, collected, maxItems, page, maxPages, hasNext } = position;
  const room = maxItems === undefined ? pageItems : Math.max(0, maxItems - collected);
  const take = Math.min(pageItems, room);
  if (pageItems > room) return { take, stop: true, truncated: true };
  if (!hasNext) return { take, stop: true, truncated: false };
  const full = maxItems !== undefined && collected + take >= maxItems;
  if (full || page >= maxPages) return { take, stop: true, truncated: true };
  return { take, stop: false, truncated: false };
};
