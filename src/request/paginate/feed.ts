import { pageAt } from "./next";
import type { NumberedPaging } from "./plan";
import type { PageRequest } from "./query";

/** Fetches one page: its number, 1 for the first, and its request. */
export type FetchPage<T> = (number: number, request: PageRequest) => Promise<T>;

/** Where the walk gets its pages, in order, one call per page. */
export interface PageFeed<T> {
  /** Page `number`, whose request the walk worked out from the page before. */
  fetch(number: number, request: PageRequest): Promise<T>;
  /** Waits for pages fetched ahead that the walk will not use (stopped by then), so no request outlives the step. */
  settle(): Promise<void>;
}

/**
 * One page at a time: each request is known only once the page before is read (a cursor, a
 * next link), or the step asked for no concurrency.
 * @example oneAtATime(fetchPage).fetch(1, first)
 */
export const oneAtATime = <T>(fetchPage: FetchPage<T>): PageFeed<T> => ({
  fetch: fetchPage,
  settle: async () => undefined,
});

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A page fetched ahead may fail before the walk reaches it: its failure waits for its turn. */
const settled = <T>(promise: Promise<T>): Promise<Settled<T>> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

export interface AheadPlan {
  paging: NumberedPaging;
  first: PageRequest;
  /** Pages in flight at most. */
  concurrency: number;
  /** The last page the walk could reach (Max Pages, or as many as Max Items can fill): none is fetched beyond it. */
  lastPage: number;
}

/**
 * Up to `concurrency` pages in flight, in the modes whose page addresses come from the page
 * number. The first page is fetched alone (it fetches any token, and may be the only page);
 * asking for page n starts pages up to n + concurrency - 1. Pages come back in order, however
 * their answers arrive; the walk decides where to stop exactly as it does one page at a time.
 * @example fetchedAhead(fetchPage, { paging, first, concurrency: 4, lastPage: 100 }).fetch(2, request)
 */
export const fetchedAhead = <T>(fetchPage: FetchPage<T>, plan: AheadPlan): PageFeed<T> => {
  const ahead = new Map<number, Promise<Settled<T>>>();
  let started = 1;
  const startUpTo = (last: number) => {
    for (; started < Math.min(last, plan.lastPage); started += 1) {
      const number = started + 1;
      ahead.set(number, settled(fetchPage(number, pageAt(plan.paging, plan.first, number))));
    }
  };
  return {
    fetch: async (number, request) => {
      if (number === 1) return fetchPage(number, request);
      startUpTo(number + plan.concurrency - 1);
      // Always started above; the walk never goes past lastPage, but a page is fetched anyway if it does.
      const pending = ahead.get(number) ?? settled(fetchPage(number, request));
      ahead.delete(number);
      const outcome = await pending;
      if (!outcome.ok) throw outcome.error;
      return outcome.value;
    },
    settle: async () => {
      await Promise.all(ahead.values());
      ahead.clear();
    },
  };
};
