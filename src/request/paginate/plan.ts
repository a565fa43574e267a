import type { ActionInputParameters } from "@prismatic-io/spectral";
import { graphqlPageInputs } from "../../inputs/graphql";
import { paginationInputs } from "../../inputs/pagination";
import { InputError } from "../errors";
import { graphqlBody } from "../graphql";

const PAGING_INPUTS = { ...paginationInputs, ...graphqlPageInputs };

export type PaginationValues = ActionInputParameters<typeof PAGING_INPUTS>;

/** The page size and the query parameter it is sent in. */
export interface Limit {
  param: string;
  pageSize: number;
}

/** One mode with exactly the settings it needs, all present: what the walk runs on. */
export type Paging =
  | { mode: "linkHeader" }
  | { mode: "nextUrl"; nextUrlPath: string }
  | { mode: "cursor"; cursorPath: string; cursorParam: string; limit?: Limit }
  | { mode: "offset"; offsetParam: string; limit: Limit }
  | { mode: "page"; pageParam: string; startPage: number; limit?: Limit }
  | {
      mode: "graphqlCursor";
      /** The GraphQL request body of the first page; later pages set the cursor variable in it. */
      body: Record<string, unknown>;
      cursorPath: string;
      hasNextPagePath?: string;
      cursorVariable: string;
    };

/** The modes whose page addresses are known in advance (from the page number), so pages can be fetched ahead. */
export const NUMBERED_MODES = ["offset", "page"] as const;
export type NumberedPaging = Extract<Paging, { mode: (typeof NUMBERED_MODES)[number] }>;

export const isNumbered = (paging: Paging): paging is NumberedPaging =>
  (NUMBERED_MODES as readonly string[]).includes(paging.mode);

type InputKey = keyof typeof PAGING_INPUTS;

/** The value of an input the chosen mode cannot do without; refused before anything is sent. */
const required = <K extends InputKey>(values: PaginationValues, key: K): NonNullable<PaginationValues[K]> => {
  const value = values[key];
  if (value === undefined || value === null) {
    throw new InputError(PAGING_INPUTS[key].label, key, `is required when Pagination Mode is ${values.paginationMode}`);
  }
  return value as NonNullable<PaginationValues[K]>;
};

/**
 * Checks that the chosen mode has every input it needs and keeps only those.
 * @example pagingOf({ ...values, paginationMode: "cursor", cursorPath: "meta.next" })
 * // { mode: "cursor", cursorPath: "meta.next", cursorParam: "cursor", limit: undefined }
 */
export const pagingOf = (values: PaginationValues): Paging => {
  const limit = values.pageSize === undefined ? undefined : { param: values.limitParam, pageSize: values.pageSize };
  const mode = values.paginationMode;
  switch (mode) {
    case "linkHeader":
      return { mode };
    case "nextUrl":
      return { mode, nextUrlPath: required(values, "nextUrlPath") };
    case "cursor":
      return { mode, cursorPath: required(values, "cursorPath"), cursorParam: values.cursorParam, limit };
    case "offset":
      return {
        mode,
        offsetParam: values.offsetParam,
        limit: { param: values.limitParam, pageSize: required(values, "pageSize") },
      };
    case "page":
      return { mode, pageParam: values.pageParam, startPage: values.startPage, limit };
    case "graphqlCursor":
      return graphqlPagingOf(values);
    default: {
      const unknownMode: never = mode;
      throw new Error(`Unhandled pagination mode: ${String(unknownMode)}`);
    }
  }
};

/** GraphQL cursor mode: the operation's body, built as the GraphQL action builds it, and where its cursor is. */
const graphqlPagingOf = (values: PaginationValues & { data?: unknown }): Paging => {
  if (values.data !== undefined) {
    throw new InputError(
      "Data",
      "data",
      "is not sent when Pagination Mode is graphqlCursor: each page's body is the Query and its Variables; leave Data empty",
    );
  }
  const body = graphqlBody({ ...values, query: required(values, "query"), allowPartialData: false });
  return {
    mode: "graphqlCursor",
    body,
    cursorPath: required(values, "cursorPath"),
    hasNextPagePath: values.hasNextPagePath,
    cursorVariable: values.cursorVariable,
  };
};

/**
 * How many pages the walk keeps in flight. Above 1 only where page addresses come from the page
 * number: elsewhere each address is in the page before, so there is nothing to fetch ahead.
 * @example concurrencyOf({ pageConcurrency: 4 }, { mode: "cursor", cursorPath: "next", cursorParam: "c" }) // throws InputError
 */
export const concurrencyOf = (values: Pick<PaginationValues, "pageConcurrency">, paging: Paging): number => {
  const concurrency = values.pageConcurrency;
  if (concurrency <= 1 || isNumbered(paging)) return concurrency;
  throw new InputError(
    PAGING_INPUTS.pageConcurrency.label,
    "pageConcurrency",
    `must be 1 when Pagination Mode is ${paging.mode}: each page's address comes from the page before, so pages cannot be fetched ahead (only offset and page modes can)`,
  );
};
