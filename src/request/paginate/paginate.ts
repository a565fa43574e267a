import type { ActionContext } from "@prismatic-io/spectral";
import { Deadline } from "../deadline";
import { parseJson } from "../decode/json";
import { HttpConnectorError, InputError, ResponseFormatError } from "../errors";
import { isOriginBound } from "../exchange";
import { graphqlOutcome } from "../graphql";
import { type Performed, performRequest, readResponse } from "../index";
import { evaluateJmesPath, isTruthy, type JmesPathExpression } from "../jmespath";
import { type ActionResult, fullResponse, isRedirectAnswer, shapeResult, wantsFullResponse } from "../result";
import type { RequestSpec } from "../spec";
import { PaginationError } from "./errors";
import { fetchedAhead, oneAtATime, type PageFeed } from "./feed";
import { checkNext, type WalkGuard } from "./guard";
import { itemsAt } from "./items";
import { applyLimits } from "./limits";
import { firstPage, nextPage, type PageRead } from "./next";
import { concurrencyOf, isNumbered, type PaginationValues, type Paging, pagingOf } from "./plan";
import type { PageRequest } from "./query";

type Context = Pick<ActionContext, "logger">;

/** Everything the paginating action hands over: a request (always read as JSON) and how to page it. */
export type PaginateSpec = Omit<RequestSpec, "responseType"> & PaginationValues;

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
  /** How many pages were fetched. */
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

/** A URL from the server for the step's own origin gets the step URL's `user:password@` too. */
const withUserInfoOf = (source: URL, target: URL): URL => {
  if (target.username || target.password || (!source.username && !source.password)) return target;
  const url = new URL(target.href);
  url.username = source.username;
  url.password = source.password;
  return url;
};

/**
 * The request of one page: the step's own (connection, headers, body, retries, timeout, TLS,
 * proxy) with that page's URL. Credentials stay with the step's origin, as on a redirect.
 */
const pageSpec = (spec: PaginateSpec, request: PageRequest): RequestSpec => {
  const body = request.graphqlBody && { method: "POST" as const, bodyType: "json" as const, data: request.graphqlBody };
  const base: RequestSpec = {
    ...spec,
    ...body,
    responseType: "json",
    url: request.url,
    queryParams: request.queryParams,
  };
  if (request.url.origin === spec.url.origin) return { ...base, url: withUserInfoOf(spec.url, request.url) };
  const headers = spec.headers.filter(({ key }) => !isOriginBound(key.toLowerCase()));
  return { ...base, connection: undefined, headers };
};

/** Runs a step on a fetched page; its errors start with the request and the page number. */
const onPage = <T>(performed: Performed, number: number, step: () => T): T => {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof PaginationError || error instanceof ResponseFormatError)) throw error;
    const message = performed.redactor.text(`${performed.prefix} (page ${number}) ${error.message}`);
    throw error instanceof PaginationError ? new PaginationError(message) : new ResponseFormatError(message);
  }
};

/**
 * Parses a page and takes its items; the parsed body is dropped with the page once the next one
 * is known. A GraphQL page with errors fails, as the GraphQL action does without partial data.
 */
const readPage = (performed: Performed, number: number, spec: PaginateSpec, paging: Paging): PageRead => {
  const { received, redactor } = performed;
  const body = readResponse(performed, () => parseJson(received.body, received.headers["content-type"]));
  if (paging.mode === "graphqlCursor") graphqlOutcome(body, false, `${performed.prefix} (page ${number})`, redactor);
  const items = onPage(performed, number, () => itemsAt(body, spec.itemsPath));
  return { number, url: new URL(received.url), headers: received.headers, body, items };
};

/** Whether Stop When holds on a page's body: JMESPath truthiness. */
const stopsHere = (stopWhen: JmesPathExpression | undefined, body: unknown): boolean => {
  if (!stopWhen) return false;
  try {
    return isTruthy(evaluateJmesPath(stopWhen, body));
  } catch (error) {
    throw new ResponseFormatError(`could not be checked with Stop When (stopWhen): ${(error as Error).message}`);
  }
};

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

/** One page fetched: its response and, unless it is a failing status returned as data, its items. */
interface Fetched {
  performed: Performed;
  page?: PageRead;
}

/** Fetches and reads one page; a failing status returned as data (Fail On Error Status off) has no items. */
const fetchPage = async (context: Context, spec: PaginateSpec, walk: Walk, number: number, request: PageRequest) => {
  const performed = await performRequest(context, pageSpec(spec, request), walk.deadline);
  const { status } = performed.received;
  if (status >= 400) return { performed };
  if (isRedirectAnswer(status)) {
    throw new PaginationError(
      performed.redactor.text(
        `${performed.prefix} (page ${number}) answered ${status}, a redirect, with Follow Redirects off; turn it on to follow it`,
      ),
    );
  }
  return { performed, page: readPage(performed, number, spec, walk.paging) };
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
    const position = { pageItems: page.items.length, collected: items.length, page: number, hasNext };
    const step = applyLimits({ ...position, maxItems: spec.maxItems, maxPages: spec.maxPages });
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
const feedOf = (context: Context, spec: PaginateSpec, walk: Walk): PageFeed<Fetched> => {
  const fetch = (number: number, request: PageRequest): Promise<Fetched> =>
    fetchPage(context, spec, walk, number, request);
  const concurrency = concurrencyOf(spec, walk.paging);
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
  const first: PageRequest = { url: spec.url, queryParams: spec.queryParams };
  const guard: WalkGuard = { origin: spec.url.origin, allowCrossOrigin: spec.allowCrossOriginPages, seen: new Set() };
  const start = firstPage(paging, first, spec.arrayFormat);
  checkNext(start, guard, (url) => url.href);
  const deadline = new Deadline(spec.timeout);
  const walk: Walk = { paging, first, guard, deadline };
  const feed = feedOf(context, spec, walk);
  const collected: Collected = { items: [], pages: 0 };
  try {
    return await walkPages(context, spec, { ...walk, feed, start: start.request }, collected);
  } catch (error) {
    return partialResult(spec, collected, error);
  } finally {
    await feed.settle();
    deadline.dispose();
  }
};
