import type { PaginatedData } from "../../src/request/paginate/paginate";
import { harness, type LogRecorder, recordLogs } from "./harness";

/** Runs Fetch All Pages through the harness and returns its data. */
export const paginate = async (
  params: Record<string, unknown>,
  logs: LogRecorder = recordLogs(),
): Promise<PaginatedData> => {
  const result = (await harness.action("httpPaginate", params, { logger: logs.logger })) as { data: PaginatedData };
  return result.data;
};

/** Runs Fetch All Pages expecting it to fail, and returns the error. */
export const paginateFailing = async (params: Record<string, unknown>): Promise<Error> => {
  try {
    await paginate(params);
  } catch (error) {
    return error as Error;
  }
  throw new Error("httpPaginate was expected to fail but succeeded");
};
