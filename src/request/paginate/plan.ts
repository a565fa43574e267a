import type { ActionInputParameters } from "@prismatic-io/spectral";
import { paginationInputs } from "../../inputs/pagination";
import { InputError } from "../errors";

export type PaginationValues = ActionInputParameters<typeof paginationInputs>;

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
  | { mode: "page"; pageParam: string; startPage: number; limit?: Limit };

type InputKey = keyof typeof paginationInputs;

/** The value of an input the chosen mode cannot do without; refused before anything is sent. */
const required = <K extends InputKey>(values: PaginationValues, key: K): NonNullable<PaginationValues[K]> => {
  const value = values[key];
  if (value === undefined || value === null) {
    throw new InputError(
      paginationInputs[key].label,
      key,
      `is required when Pagination Mode is ${values.paginationMode}`,
    );
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
    default: {
      const unknownMode: never = mode;
      throw new Error(`Unhandled pagination mode: ${String(unknownMode)}`);
    }
  }
};
