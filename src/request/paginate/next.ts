import LinkHeader from "http-link-header";
import type { ArrayFormat } from "../../inputs/shared";
import { ResponseFormatError } from "../errors";
import { excerpt } from "../excerpt";
import { overlay } from "../overlay";
import { withoutUserInfo, withQuery } from "../target";
import { PaginationError } from "./errors";
import { describeValue, valueAt } from "./items";
import type { Limit, NumberedPaging, Paging } from "./plan";
import { type PageRequest, withParams } from "./query";

/** A page to fetch, and what identifies it when it must not come twice (a URL, a cursor). */
export interface NextPage {
  request: PageRequest;
  repeatKey?: { what: "url" | "cursor"; value: string };
}

/** What the next page is computed from: one page, read and parsed. */
export interface PageRead {
  /** 1 for the first page. */
  number: number;
  /** The URL that answered, after redirects: relative next URLs resolve against it. */
  url: URL;
  headers: Record<string, unknown>;
  body: unknown;
  items: readonly unknown[];
}

/** How much of a server-given URL or cursor an error shows. */
const SHOWN_CHARS = 120;

const limitParams = (limit: Limit | undefined) => (limit ? [{ key: limit.param, value: String(limit.pageSize) }] : []);

/**
 * The request of page `number` (1 for the first) in the modes that count pages: known without
 * reading the page before, so pages can be fetched ahead.
 * @example pageAt({ mode: "offset", offsetParam: "offset", limit: { param: "limit", pageSize: 50 } }, first, 3).queryParams
 * // [{ key: "offset", value: "100" }, { key: "limit", value: "50" }]
 */
export const pageAt = (paging: NumberedPaging, first: PageRequest, number: number): PageRequest => {
  const position =
    paging.mode === "offset"
      ? { key: paging.offsetParam, value: String((number - 1) * paging.limit.pageSize) }
      : { key: paging.pageParam, value: String(paging.startPage + number - 1) };
  return withParams(first, [position, ...limitParams(paging.limit)]);
};

/** The GraphQL body with the cursor in its variables, over any value the step's variables gave it. */
const withCursor = (paging: Extract<Paging, { mode: "graphqlCursor" }>, cursor: string): Record<string, unknown> => {
  const variables = (paging.body.variables ?? {}) as Record<string, unknown>;
  return { ...paging.body, variables: { ...variables, [paging.cursorVariable]: cursor } };
};

/**
 * The first page: the step's own request, with the offset, page or limit parameter set.
 * @example firstPage({ mode: "page", pageParam: "p", startPage: 1 }, { url, queryParams: [] }, "repeat").request.queryParams
 * // [{ key: "p", value: "1" }]
 */
export const firstPage = (paging: Paging, first: PageRequest, arrayFormat: ArrayFormat): NextPage => {
  switch (paging.mode) {
    case "linkHeader":
    case "nextUrl": {
      const href = withoutUserInfo(withQuery(first.url, first.queryParams, arrayFormat)).href;
      return { request: first, repeatKey: { what: "url", value: href } };
    }
    case "cursor":
      return { request: withParams(first, limitParams(paging.limit)) };
    case "offset":
    case "page":
      return { request: pageAt(paging, first, 1) };
    case "graphqlCursor":
      return { request: overlay(first, { graphqlBody: paging.body }) };
    default: {
      const unknownMode: never = paging;
      throw new Error(`Unhandled pagination mode: ${JSON.stringify(unknownMode)}`);
    }
  }
};

/**
 * The `rel="next"` target of the Link headers (RFC 8288), however many links, rels or repeated
 * headers carry it; undefined when there is none.
 * @example nextLink({ link: '</items?page=2>; rel="next last"' }) // "/items?page=2"
 */
export const nextLink = (headers: Record<string, unknown>): string | undefined => {
  const values = [headers.link].flat().filter((value): value is string => typeof value === "string");
  for (const value of values) {
    let parsed: LinkHeader;
    try {
      parsed = LinkHeader.parse(value);
    } catch (error) {
      throw new ResponseFormatError(`has a Link header that cannot be read (${(error as Error).message})`);
    }
    const [next] = parsed.rel("next");
    if (next) return next.uri;
  }
  return undefined;
};

/**
 * A next URL or cursor from the body: text or a number; null, "", false or nothing ends the walk.
 * Anything else is a wrong path and fails rather than ending the walk early.
 */
const tokenAt = (body: unknown, path: string, label: string, key: string): string | undefined => {
  const value = valueAt(body, path);
  if (value === undefined || value === null || value === false || value === "") return undefined;
  if (typeof value === "string" || typeof value === "number") return String(value);
  throw new ResponseFormatError(`has ${describeValue(value)} at ${label} (${key}) "${path}", not text`);
};

/** A server-given URL, resolved against the page it came from. */
const nextUrlPage = (raw: string, page: PageRead): NextPage => {
  let url: URL;
  try {
    url = new URL(raw, page.url);
  } catch {
    throw new PaginationError(
      `returned a next page URL that is not a valid URL: ${JSON.stringify(excerpt(raw, SHOWN_CHARS))}`,
    );
  }
  return { request: { url, queryParams: [] }, repeatKey: { what: "url", value: url.href } };
};

const isShort = (page: PageRead, limit: Limit | undefined): boolean =>
  limit !== undefined && page.items.length < limit.pageSize;

/** Whether a GraphQL page says another follows: its Has Next Page Path, else whether it has a cursor. */
const hasNextPage = (body: unknown, path: string | undefined): boolean | undefined => {
  if (path === undefined) return undefined;
  const value = valueAt(body, path);
  if (typeof value === "boolean") return value;
  throw new ResponseFormatError(
    `has ${describeValue(value)} at Has Next Page Path (hasNextPagePath) "${path}", not true or false`,
  );
};

/** The page after a GraphQL connection's page: the same query with the cursor it ended at. */
const nextGraphqlPage = (paging: Extract<Paging, { mode: "graphqlCursor" }>, page: PageRead, first: PageRequest) => {
  const more = hasNextPage(page.body, paging.hasNextPagePath);
  if (more === false) return undefined;
  const cursor = tokenAt(page.body, paging.cursorPath, "Cursor Path", "cursorPath");
  if (cursor === undefined && more) {
    throw new ResponseFormatError(
      `says there is a next page (Has Next Page Path "${paging.hasNextPagePath}") but has no cursor at Cursor Path (cursorPath) "${paging.cursorPath}"`,
    );
  }
  if (cursor === undefined) return undefined;
  const next: NextPage = {
    request: overlay(first, { graphqlBody: withCursor(paging, cursor) }),
    repeatKey: { what: "cursor", value: cursor },
  };
  return next;
};

/**
 * The page after `page`, or undefined when it was the last: no next link or cursor, an empty
 * page, a GraphQL page whose hasNextPage is false, or (offset and page modes, where nothing else
 * tells) a page shorter than Page Size.
 * @example nextPage({ mode: "offset", offsetParam: "offset", limit: { param: "limit", pageSize: 2 } }, page1, first)
 * // { request: { url, queryParams: [{ key: "offset", value: "2" }, { key: "limit", value: "2" }] } }
 */
export const nextPage = (paging: Paging, page: PageRead, first: PageRequest): NextPage | undefined => {
  if (page.items.length === 0) return undefined;
  switch (paging.mode) {
    case "linkHeader": {
      const link = nextLink(page.headers);
      return link === undefined ? undefined : nextUrlPage(link, page);
    }
    case "nextUrl": {
      const url = tokenAt(page.body, paging.nextUrlPath, "Next URL Path", "nextUrlPath");
      return url === undefined ? undefined : nextUrlPage(url, page);
    }
    case "cursor": {
      const cursor = tokenAt(page.body, paging.cursorPath, "Cursor Path", "cursorPath");
      if (cursor === undefined) return undefined;
      const params = [{ key: paging.cursorParam, value: cursor }, ...limitParams(paging.limit)];
      return { request: withParams(first, params), repeatKey: { what: "cursor", value: cursor } };
    }
    case "offset":
    case "page":
      return isShort(page, paging.limit) ? undefined : { request: pageAt(paging, first, page.number + 1) };
    case "graphqlCursor":
      return nextGraphqlPage(paging, page, first);
    default: {
      const unknownMode: never = paging;
      throw new Error(`Unhandled pagination mode: ${JSON.stringify(unknownMode)}`);
    }
  }
};
