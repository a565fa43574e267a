import { isOriginBound } from "./exchange";
import type { RequestSpec } from "./spec";

/** A URL from the server for the step's own origin gets the step URL's `user:password@` too. */
const withUserInfoOf = (source: URL, target: URL): URL => {
  if (target.username || target.password || (!source.username && !source.password)) return target;
  const url = new URL(target.href);
  url.username = source.username;
  url.password = source.password;
  return url;
};

/**
 * The step's request sent on to a URL the server gave (the next page, an operation to poll):
 * its connection, `user:password@` and credential headers go along only while the URL stays on
 * the step's origin, as on a redirect; to another origin it goes without them.
 * @example followUpSpec(spec, new URL("https://cdn.example.net/p/2")).connection // undefined
 */
export const followUpSpec = (spec: RequestSpec, url: URL): RequestSpec => {
  if (url.origin === spec.url.origin) return { ...spec, url: withUserInfoOf(spec.url, url) };
  const headers = spec.headers.filter(({ key }) => !isOriginBound(key.toLowerCase()));
  return { ...spec, url, connection: undefined, headers };
};
