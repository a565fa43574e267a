import { HttpConnectorError } from "../errors";

/**
 * The walk over pages cannot go on safely: a next page that repeats one already fetched, or one
 * the step may not follow (another origin, not http or https).
 */
export class PaginationError extends HttpConnectorError {
  override name = "PaginationError";
}
