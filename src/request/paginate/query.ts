import type { KeyValue } from "../../inputs/keyValues";

/** What one page is fetched with: the URL and the query parameters added to it. */
export interface PageRequest {
  url: URL;
  queryParams: KeyValue[];
}

/** The decoded name of one `name=value` part of a query string. */
const nameOf = (part: string): string => {
  const raw = part.split("=", 1)[0].replace(/\+/g, " ");
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

/**
 * A copy of the URL without the named query parameters; every other part stays as written.
 * @example withoutParams(new URL("https://x.test/a?cursor=1&q=a%20b"), new Set(["cursor"])).href
 * // "https://x.test/a?q=a%20b"
 */
export const withoutParams = (url: URL, names: ReadonlySet<string>): URL => {
  if (url.search === "") return url;
  const result = new URL(url.href);
  result.search = url.search
    .slice(1)
    .split("&")
    .filter((part) => part !== "" && !names.has(nameOf(part)))
    .join("&");
  return result;
};

/**
 * The first request with the pagination parameters set: each one replaces any parameter of the
 * same name in the URL or the query list, so a cursor or offset is never sent twice.
 * @example withParams({ url: new URL("https://x.test/a?offset=5"), queryParams: [] }, [{ key: "offset", value: "10" }])
 * // { url: https://x.test/a, queryParams: [{ key: "offset", value: "10" }] }
 */
export const withParams = (first: PageRequest, params: KeyValue[]): PageRequest => {
  const names = new Set(params.map(({ key }) => key));
  return {
    url: withoutParams(first.url, names),
    queryParams: [...first.queryParams.filter(({ key }) => !names.has(key)), ...params],
  };
};
