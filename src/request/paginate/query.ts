import type { KeyValue, TextValue } from "../../inputs/keyValues";
import { withoutParams } from "../target";

/** What one page is fetched with: the URL and the query parameters added to it. */
export interface PageRequest {
  url: URL;
  queryParams: KeyValue<TextValue>[];
  /** A JSON body of the page's own (GraphQL cursor mode); otherwise every page sends the step's body. */
  graphqlBody?: Record<string, unknown>;
}

/**
 * The first request with the pagination parameters set: each one replaces any parameter of the
 * same name in the URL or the query list, so a cursor or offset is never sent twice.
 * @example withParams({ url: new URL("https://x.test/a?offset=5"), queryParams: [] }, [{ key: "offset", value: "10" }])
 * // { url: https://x.test/a, queryParams: [{ key: "offset", value: "10" }] }
 */
export const withParams = (first: PageRequest, params: KeyValue<TextValue>[]): PageRequest => {
  const names = new Set(params.map(({ key }) => key));
  return {
    url: withoutParams(first.url, names),
    queryParams: [...first.queryParams.filter(({ key }) => !names.has(key)), ...params],
  };
};
