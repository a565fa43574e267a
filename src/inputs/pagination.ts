import { input } from "@prismatic-io/spectral";
import { MAX_EXPRESSION_CHARS, MAX_NAME_CHARS, MAX_PAGE_CONCURRENCY, MAX_PAGES_LIMIT } from "../limits";
import { toJmesPath } from "../request/jmespath";
import { withInputNames } from "./named";
import {
  CONTROL_CHARACTER,
  describeAt,
  InvalidValue,
  isBlank,
  toBoolean,
  toChoice,
  toText,
  toWholeNumber,
} from "./values";

export const PAGINATION_MODES = ["linkHeader", "nextUrl", "cursor", "offset", "page", "graphqlCursor"] as const;
export type PaginationMode = (typeof PAGINATION_MODES)[number];

/** What an empty pagination input means. */
export const PAGINATION_DEFAULTS = {
  mode: "linkHeader",
  cursorParam: "cursor",
  offsetParam: "offset",
  limitParam: "limit",
  pageParam: "page",
  startPage: 1,
  maxPages: 100,
  cursorVariable: "after",
  pageConcurrency: 1,
} as const;

/** A GraphQL variable name (the spec's Name); a leading `$`, as written in the query, is dropped. */
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** Reads the GraphQL variable the cursor is sent in; blank takes the default. */
const toVariableName = (value: unknown): string => {
  if (isBlank(value)) return PAGINATION_DEFAULTS.cursorVariable;
  const name = toText(value).trim().replace(/^\$/, "");
  if (!GRAPHQL_NAME.test(name) || name.length > MAX_NAME_CHARS) {
    throw new InvalidValue(
      "must be a GraphQL variable name (letters, digits and _, not starting with a digit), e.g. after",
    );
  }
  return name;
};

/** A JSONPath-style prefix users paste from other tools; lodash paths start after it. */
const JSONPATH_ROOT = /^\$\.?/;

/**
 * Reads a path into a JSON body, as lodash `get` understands it: `data.items`, `links[0].href`.
 * A leading `$.` is accepted; blank (or `$` alone) means "not set".
 * @example toJsonPath("$.meta.next_cursor") // "meta.next_cursor"
 */
export const toJsonPath = (value: unknown): string | undefined => {
  if (isBlank(value)) return undefined;
  const path = toText(value).trim().replace(JSONPATH_ROOT, "");
  if (path.length > MAX_EXPRESSION_CHARS) {
    throw new InvalidValue(`is ${path.length} characters long, more than the ${MAX_EXPRESSION_CHARS} accepted`);
  }
  const control = CONTROL_CHARACTER.exec(path);
  if (control) {
    throw new InvalidValue(
      `has a control character (${describeAt(path, control.index)}), which no field name in a body has`,
    );
  }
  return path === "" ? undefined : path;
};

/** Reads a query parameter name; blank takes the default. */
const toParamName =
  (fallback: string) =>
  (value: unknown): string => {
    if (isBlank(value)) return fallback;
    const name = toText(value).trim();
    if (name.length > MAX_NAME_CHARS) {
      throw new InvalidValue(
        `is ${name.length} characters long, more than the ${MAX_NAME_CHARS} a parameter name may have`,
      );
    }
    return name;
  };

/** How to walk the pages and when to stop. Which inputs a mode needs is checked before anything is sent. */
export const paginationInputs = withInputNames({
  paginationMode: input({
    label: "Pagination Mode",
    placeholder: "Pagination Mode",
    type: "string",
    required: true,
    default: PAGINATION_DEFAULTS.mode,
    model: [
      { label: 'Link header (rel="next")', value: "linkHeader" },
      { label: "Next URL in the body", value: "nextUrl" },
      { label: "Cursor in the body", value: "cursor" },
      { label: "Offset and limit", value: "offset" },
      { label: "Page number", value: "page" },
      { label: "GraphQL cursor (connections with pageInfo)", value: "graphqlCursor" },
    ],
    comments:
      'How the API points to the next page. Link header: the Link header\'s rel="next" URL (GitHub, Shopify). Next URL: a URL at Next URL Path in the body. Cursor: a token at Cursor Path in the body, sent back as Cursor Parameter. Offset: Offset Parameter 0, Page Size, 2×Page Size... Page: Page Parameter Start Page, Start Page+1... GraphQL cursor: the Query is POSTed with Cursor Variable set from Cursor Path while Has Next Page Path is true (Method, Body Type and Data are not used; GraphQL errors fail the page).',
    example: "cursor",
    clean: (value: unknown): PaginationMode => toChoice(value, PAGINATION_MODES, PAGINATION_DEFAULTS.mode),
  }),
  itemsPath: input({
    label: "Items Path",
    placeholder: "data.items",
    type: "string",
    required: false,
    comments:
      "Where the array of items is in each page's JSON body, e.g. data.items or $.results. Leave empty when the body itself is the array. A page without an array there fails the step.",
    example: "data.items",
    clean: toJsonPath,
  }),
  nextUrlPath: input({
    label: "Next URL Path",
    placeholder: "links.next",
    type: "string",
    required: false,
    comments:
      "Next URL mode: where the next page's URL is in the body, e.g. links.next or @odata.nextLink. A relative URL is resolved against the page it came from. Empty, null or missing ends the walk.",
    example: "links.next",
    clean: toJsonPath,
  }),
  cursorPath: input({
    label: "Cursor Path",
    placeholder: "meta.next_cursor",
    type: "string",
    required: false,
    comments:
      "Cursor and GraphQL cursor modes: where the next page's cursor is in the body, e.g. meta.next_cursor, or data.items.pageInfo.endCursor for a GraphQL connection. Empty, null or missing ends the walk.",
    example: "meta.next_cursor",
    clean: toJsonPath,
  }),
  hasNextPagePath: input({
    label: "Has Next Page Path",
    placeholder: "data.items.pageInfo.hasNextPage",
    type: "string",
    required: false,
    comments:
      "GraphQL cursor mode: where the body says whether another page exists, e.g. data.items.pageInfo.hasNextPage. The walk goes on while it is true and ends when it is false; anything else there fails the page. Leave empty to go on while there is a cursor.",
    example: "data.items.pageInfo.hasNextPage",
    clean: toJsonPath,
  }),
  cursorVariable: input({
    label: "Cursor Variable",
    placeholder: PAGINATION_DEFAULTS.cursorVariable,
    type: "string",
    required: false,
    default: PAGINATION_DEFAULTS.cursorVariable,
    comments:
      "GraphQL cursor mode: the query variable each page's cursor is sent in, replacing any value Variables give it; left out on the first page.",
    example: "after",
    clean: toVariableName,
  }),
  cursorParam: input({
    label: "Cursor Parameter",
    placeholder: PAGINATION_DEFAULTS.cursorParam,
    type: "string",
    required: false,
    default: PAGINATION_DEFAULTS.cursorParam,
    comments: "Cursor mode: the query parameter the cursor is sent back in, replacing any earlier value of it.",
    example: "starting_after",
    clean: toParamName(PAGINATION_DEFAULTS.cursorParam),
  }),
  offsetParam: input({
    label: "Offset Parameter",
    placeholder: PAGINATION_DEFAULTS.offsetParam,
    type: "string",
    required: false,
    default: PAGINATION_DEFAULTS.offsetParam,
    comments: "Offset mode: the query parameter holding how many items to skip.",
    example: "skip",
    clean: toParamName(PAGINATION_DEFAULTS.offsetParam),
  }),
  limitParam: input({
    label: "Limit Parameter",
    placeholder: PAGINATION_DEFAULTS.limitParam,
    type: "string",
    required: false,
    default: PAGINATION_DEFAULTS.limitParam,
    comments:
      "Offset, page and cursor modes: the query parameter Page Size is sent in. Sent only when Page Size is set.",
    example: "per_page",
    clean: toParamName(PAGINATION_DEFAULTS.limitParam),
  }),
  pageSize: input({
    label: "Page Size",
    placeholder: "100",
    type: "string",
    required: false,
    comments:
      "How many items to ask for per page (sent as Limit Parameter). Required in offset mode. In offset and page modes a page with fewer items than this is the last one.",
    example: "100",
    clean: (value: unknown) => toWholeNumber(value, { fallback: undefined, min: 1 }),
  }),
  pageParam: input({
    label: "Page Parameter",
    placeholder: PAGINATION_DEFAULTS.pageParam,
    type: "string",
    required: false,
    default: PAGINATION_DEFAULTS.pageParam,
    comments: "Page mode: the query parameter holding the page number.",
    example: "page",
    clean: toParamName(PAGINATION_DEFAULTS.pageParam),
  }),
  startPage: input({
    label: "Start Page",
    placeholder: String(PAGINATION_DEFAULTS.startPage),
    type: "string",
    required: false,
    default: String(PAGINATION_DEFAULTS.startPage),
    comments: "Page mode: the number of the first page; 0 for APIs that count from zero.",
    example: "1",
    clean: (value: unknown) => toWholeNumber(value, { fallback: PAGINATION_DEFAULTS.startPage }) as number,
  }),
  stopWhen: input({
    label: "Stop When",
    placeholder: "length(data.items) < `100`",
    type: "string",
    required: false,
    comments:
      "A JMESPath expression (jmespath.org) evaluated on each page's parsed body; when it is true (anything but false, null, an empty text, list or object) the walk stops after that page, keeping its items. A syntax error fails the step before anything is sent.",
    example: "meta.last_page",
    clean: toJmesPath,
  }),
  maxPages: input({
    label: "Max Pages",
    placeholder: String(PAGINATION_DEFAULTS.maxPages),
    type: "string",
    required: false,
    default: String(PAGINATION_DEFAULTS.maxPages),
    comments: `The most pages to fetch, at most ${MAX_PAGES_LIMIT}. When it stops the walk while more pages exist, the result says truncated: true.`,
    example: "100",
    clean: (value: unknown) =>
      toWholeNumber(value, { fallback: PAGINATION_DEFAULTS.maxPages, min: 1, max: MAX_PAGES_LIMIT }) as number,
  }),
  maxItems: input({
    label: "Max Items",
    placeholder: "1000",
    type: "string",
    required: false,
    comments:
      "The most items to return; the walk stops once it has them and the result says truncated: true when more existed. Leave empty for no limit.",
    example: "1000",
    clean: (value: unknown) => toWholeNumber(value, { fallback: undefined, min: 1 }),
  }),
  pageConcurrency: input({
    label: "Page Concurrency",
    placeholder: String(PAGINATION_DEFAULTS.pageConcurrency),
    type: "string",
    required: false,
    default: String(PAGINATION_DEFAULTS.pageConcurrency),
    comments: `Offset and page modes: how many pages may be in flight at once, at most ${MAX_PAGE_CONCURRENCY}. The first page is fetched alone; then pages ahead are fetched while earlier ones are read. Items keep page order, and the walk ends at the first empty (or short) page with nothing from beyond it; pages fetched ahead of the end are discarded. The other modes learn each page's address from the one before, so there it must be 1.`,
    example: "4",
    clean: (value: unknown) =>
      toWholeNumber(value, {
        fallback: PAGINATION_DEFAULTS.pageConcurrency,
        min: 1,
        max: MAX_PAGE_CONCURRENCY,
      }) as number,
  }),
  partialResults: input({
    label: "Return Partial Results",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "When on, a page that fails (an error status, a network error, a body that cannot be read, GraphQL errors) ends the walk without failing the step: it returns the items so far with truncated: true, error (the failure's message, credentials masked) and failedPage (its number). Invalid inputs still fail the step.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  allowCrossOriginPages: input({
    label: "Allow Cross-Origin Pages",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "When off, a next page on another scheme, host or port than the URL above fails the step. When on, it is followed, but without the connection's credentials or credential headers: those only go to the URL's own origin.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
});
