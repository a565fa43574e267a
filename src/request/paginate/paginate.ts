import type { ActionContext } from "@prismatic-io/spectral";
import { Deadline } from "../deadline";
import { HttpConnectorError, InputError } from "../errors";
import type { Performed } from "../index";
import { type ActionResult, fullResponse, shapeResult, wantsFullResponse } from "../result";
import { fetchedAhead, oneAtATime, type PageFeed } from "./feed";
import { checkNext, type WalkGuard } from "./guard";
import { applyLimits } from "./limits";
import { firstPage, nextPage } from "./next";
import { type Fetched, fetchPage, onPage, type PaginateSpec, stopsHere } from "./page";
import { concurrencyOf, isNumbered, type Paging, pagingOf } from "./plan";
import type { PageRequest } from "./query";

type Context = Pick<ActionContext, "logger">;

export type { PaginateSpec };

/** The last page's status line and headers; with its decoded body when it is a failing page returned as data. */
export interface LastResponse {
  status: number;
  statusText: string;
  headers: Record<string, unknown>;
  url: string;
  data?: unknown;
}

/** What the action returns as `data`. */
export interface PaginatedData {
  items: unknown[];
  /** How many pages the walk read; pages fetched ahead of its end (Page Concurrency) are not counted. */
  pages: number;
  /** True when Max Pages, Max Items or a failing page (returned as data, or with Return Partial Results) stopped the walk before its end. */
  truncated: boolean;
  /** Only with Include Full Response, or with Fail On Error Status off. */
  lastResponse?: LastResponse;
  /** Return Partial Results only: the message the step would have failed with, credentials masked. */
  error?: string;
  /** Return Partial Results only: the page that failed (`pages` + 1). */
  failedPage?: number;
}

const lastResponseOf = ({ received, redactor }: Performed, spec: PaginateSpec): LastResponse | undefined => {
  const options = { ...spec, responseType: "json" as const };
  if (!wantsFullResponse(options)) return undefined;
  const full = fullResponse(received, undefined, redactor);
  // A failing page returned as data carries its body, shaped like any other action's.
  if (received.status >= 400)
    return shapeResult(received, { ...options, includeFullResponse: true }, redactor).data as LastResponse;
  const { status, statusText, headers, url } = full;
  return { status, statusText, headers, url };
};

const logPage = (
  context: Context,
  spec: PaginateSpec,
  performed: Performed,
  number: number,
  pageItems: number,
  total: number,
) => {
  if (!spec.debugRequest) return;
  context.logger.info(
    `Page ${number} of at most ${spec.maxPages}: ${performed.prefix} returned ${pageItems} items; ${total} collected`,
  );
};

/** What the walk carries from page to page. */
interface Walk {
  paging: Paging;
  first: PageRequest;
  guard: WalkGuard;
  deadline: Deadline;
}

/** The items kept so far and how many pages they came from: what partial results return. */
interface Collected {
  items: unknown[];
  pages: number;
}

/** Reads pages from the feed in order, collecting items, until the last page, Stop When or a limit. */
const walkPages = async (
  context: Context,
  spec: PaginateSpec,
  state: Walk & { feed: PageFeed<Fetched>; start: PageRequest },
  collected: Collected,
) => {
  const { paging, first, guard, feed } = state;
  const { items } = collected;
  let request = state.start;
  for (let number = 1; ; number += 1) {
    const { performed, page } = await feed.fetch(number, request);
    const finish = (truncated: boolean) => {
      const lastResponse = lastResponseOf(performed, spec);
      return { data: { items, pages: number, truncated, ...(lastResponse ? { lastResponse } : {}) } };
    };
    // Only reached with Fail On Error Status off: the walk stops and says where.
    if (!page) return finish(true);
    const following = onPage(performed, number, () => nextPage(paging, page, first));
    const stopped = onPage(performed, number, () => stopsHere(spec.stopWhen, page.body));
    const hasNext = following !== undefined && !stopped;
    const step = applyLimits({
      pageItems: page.items.length,
      collected: items.length,
      page: number,
      hasNext,
      maxItems: spec.maxItems,
      maxPages: spec.maxPages,
    });
    // One push per item: spreading a page of many thousands could overflow the call stack.
    for (const item of page.items.slice(0, step.take)) items.push(item);
    collected.pages = number;
    logPage(context, spec, performed, number, page.items.length, items.length);
    if (step.stop || !hasNext) return finish(step.truncated);
    onPage(performed, number, () => checkNext(following, guard, (url) => performed.redactor.url(url)));
    request = following.request;
  }
};

/** The last page the walk can reach: Max Pages, or fewer when Max Items fills sooner with full pages. */
const lastPageOf = (spec: PaginateSpec, paging: Paging): number => {
  const pageSize = isNumbered(paging) ? paging.limit?.pageSize : undefined;
  const filled = spec.maxItems !== undefined && pageSize ? Math.ceil(spec.maxItems / pageSize) : spec.maxPages;
  return Math.min(spec.maxPages, filled);
};

/** Pages one at a time, or ahead by number when Page Concurrency allows it. */
const feedOf = (context: Context, spec: PaginateSpec, walk: Walk, concurrency: number): PageFeed<Fetched> => {
  const fetch = (number: number, request: PageRequest): Promise<Fetched> =>
    fetchPage(context, spec, walk, number, request);
  if (concurrency === 1 || !isNumbered(walk.paging)) return oneAtATime(fetch);
  if (spec.debugRequest) context.logger.info(`Fetching up to ${concurrency} pages at once after the first`);
  return fetchedAhead(fetch, {
    paging: walk.paging,
    first: walk.first,
    concurrency,
    lastPage: lastPageOf(spec, walk.paging),
  });
};

/**
 * With Return Partial Results, a failing page ends the walk with what it has. Input errors still
 * fail: they are about the step, not a page. The message was masked where it was made.
 */
const partialResult = (spec: PaginateSpec, collected: Collected, error: unknown) => {
  if (!spec.partialResults || error instanceof InputError || !(error instanceof HttpConnectorError)) throw error;
  const { items, pages } = collected;
  return { data: { items, pages, truncated: true, error: error.message, failedPage: pages + 1 } };
};

/**
 * Fetches every page through the request builder, one request per page (several at once with
 * Page Concurrency), and returns the items in page order. Only the collected items (and pages
 * fetched ahead) stay in memory; each page's body is dropped once read. One deadline covers the
 * whole walk: Timeout bounds the step, not each page.
 * @example await sendPaginated(context, { ...inputs, paginationMode: "cursor", cursorPath: "meta.next" })
 * // { data: { items: [...], pages: 3, truncated: false } }
 */
export const sendPaginated = async (
  context: Context,
  spec: PaginateSpec,
): Promise<ActionResult & { data: PaginatedData }> => {
  const paging = pagingOf(spec);
  const concurrency = concurrencyOf(spec, paging);
  const first: PageRequest = { url: spec.url, queryParams: spec.queryParams };
  const guard: WalkGuard = {
    start: spec.url,
    allowCrossOrigin: spec.allowCrossOriginPages,
    allowInsecure: spec.allowInsecureRedirects,
    seen: new Set(),
  };
  const start = firstPage(paging, first, spec.arrayFormat);
  checkNext(start, guard, (url) => url.href);
  const deadline = new Deadline(spec.timeout);
  const walk: Walk = { paging, first, guard, deadline };
  const feed = feedOf(context, spec, walk, concurrency);
  const collected: Collected = { items: [], pages: 0 };
  try {
    return await walkPages(context, spec, { ...walk, feed, start: start.request }, collected);
  } catch (error) {
    return partialResult(spec, collected, error);
  } finally {
    // The walk has its answer: pages still in flight are stopped, not waited for.
    deadline.stopNow();
    await feed.settle();
    deadline.dispose();
  }
};
