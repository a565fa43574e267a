import { isOriginBound } from "./exchange";
import { overlay } from "./overlay";
import type { RequestSpec } from "./spec";

/** A URL from the server for the step's own origin gets the step URL's `user:password@` too. */
const withUserInfoOf = (source: URL, target: URL): URL => {
  if (target.username || target.password || (!source.username && !source.password)) return target;
  const url = new URL(target.href);
  url.username = source.username;
  url.password = source.password;
  return url;
};

/** What a follow-up is made from: a step's request, whose Response Type the caller may set. */
type StepRequest = Omit<RequestSpec, "responseType"> & Partial<Pick<RequestSpec, "responseType">>;

/**
 * The step's request sent on to a URL the server gave (the next page, an operation to poll),
 * with `changes` on top: its connection, `user:password@` and credential headers go along only
 * while the URL stays on the step's origin, as on a redirect; to another origin it goes without
 * them. One copy of the step's request per follow-up: a walk may make thousands.
 * @example followUpSpec(spec, new URL("https://cdn.example.net/p/2"), { method: "GET" }).connection // undefined
 */
export const followUpSpec = (
  spec: StepRequest,
  url: URL,
  changes: Partial<RequestSpec> & Pick<RequestSpec, "responseType">,
): RequestSpec => {
  // Not spreads (see overlay.ts): the request builder reads this spec many times per request.
  if (url.origin === spec.url.origin) return overlay(spec, changes, { url: withUserInfoOf(spec.url, url) });
  const headers = (changes.headers ?? spec.headers).filter(({ key }) => !isOriginBound(key.toLowerCase()));
  return overlay(spec, changes, { url, connection: undefined, headers });
};
