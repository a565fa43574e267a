import type { ActionContext } from "@prismatic-io/spectral";
import { Deadline } from "../deadline";
import { parseJson } from "../decode/json";
import { ResponseFormatError } from "../errors";
import { isOriginBound } from "../exchange";
import { type Performed, performRequest, readResponse } from "../index";
import { type ActionResult, fullResponse, isRedirectAnswer, shapeResult, wantsFullResponse } from "../result";
import type { RequestSpec } from "../spec";
import { PaginationError } from "./errors";
import { checkNext, type WalkGuard } from "./guard";
import { itemsAt } from "./items";
import { applyLimits } from "./limits";
import { firstPage, type NextPage, nextPage, type PageRead } from "./next";
import { type PaginationValues, type Paging, pagingOf } from "./plan";
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
  /** True when Max Pages, Max Items or a failing page returned as data stopped the walk before its end. */
  truncated: boolean;
  /** Only with Include Full Response, or with Fail On Error Status off. */
  lastResponse?: LastResponse;
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
  const base: RequestSpec = { ...spec, responseType: "json", url: request.url, queryParams: request.queryParams };
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

/** Parses a page and takes its items; the parsed body is dropped with the page once the next one is known. */
const readPage = (
  performed: Performed,
  number: number,
  { itemsPath, responseCharset }: Pick<PaginateSpec, "itemsPath" | "responseCharset">,
): PageRead => {
  const { received } = performed;
  const body = readResponse(performed, () =>
    parseJson(received.body, received.headers["content-type"], responseCharset),
  );
  const items = onPage(performed, number, () => itemsAt(body, itemsPath));
  return { number, url: new URL(received.url), headers: received.headers, body, items };
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

/** What the walk carries from page to page. */
interface Walk {
  paging: Paging;
  first: PageRequest;
  guard: WalkGuard;
  deadline: Deadline;
}

/** Fetches pages from `next` on, collecting items, until the last page or a limit. */
const walk = async (context: Context, spec: PaginateSpec, state: Walk, start: NextPage) => {
  const { paging, first, guard, deadline } = state;
  const items: unknown[] = [];
  let next = start;
  for (let number = 1; ; number += 1) {
    const performed = await performRequest(context, pageSpec(spec, next.request), deadline);
    const finish = (truncated: boolean) => {
      const lastResponse = lastResponseOf(performed, spec);
      return { data: { items, pages: number, truncated, ...(lastResponse ? { lastResponse } : {}) } };
    };
    // Only reached with Fail On Error Status off: the walk stops and says where.
    if (performed.received.status >= 400) return finish(true);
    if (isRedirectAnswer(performed.received.status)) {
      throw new PaginationError(
        performed.redactor.text(
          `${performed.prefix} (page ${number}) answered ${performed.received.status}, a redirect, with Follow Redirects off; turn it on to follow it`,
        ),
      );
    }
    const page = readPage(performed, number, spec);
    const following = onPage(performed, number, () => nextPage(paging, page, first));
    const position = {
      pageItems: page.items.length,
      collected: items.length,
      page: number,
      hasNext: following !== undefined,
    };
    const step = applyLimits({ ...position, maxItems: spec.maxItems, maxPages: spec.maxPages });
    // One push per item: spreading a page of many thousands could overflow the call stack.
    for (const item of page.items.slice(0, step.take)) items.push(item);
    logPage(context, spec, performed, number, page.items.length, items.length);
    if (step.stop || following === undefined) return finish(step.truncated);
    onPage(performed, number, () => checkNext(following, guard, (url) => performed.redactor.url(url)));
    next = following;
  }
};

/**
 * Fetches every page through the request builder, one request per page, and returns the items
 * in order. Only the collected items stay in memory; each page's body is dropped once read.
 * One deadline covers the whole walk: Timeout bounds the step, not each page.
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
  try {
    return await walk(context, spec, { paging, first, guard, deadline }, start);
  } finally {
    deadline.dispose();
  }
};
