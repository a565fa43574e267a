import { ALLOWED_PROTOCOLS } from "../../inputs/url";
import { excerpt } from "../excerpt";
import { dropsToPlainHttp } from "../exchange";
import { PaginationError } from "./errors";
import type { NextPage } from "./next";

/** What the walk remembers to refuse a next page: where it started and what it has fetched. */
export interface WalkGuard {
  /** The step's URL: its origin is the one its credentials belong to. */
  start: URL;
  allowCrossOrigin: boolean;
  /** Allow HTTPS to HTTP Redirects: whether a walk that began on https may go on over http. */
  allowInsecure: boolean;
  /** Repeat keys of the pages fetched so far. */
  seen: Set<string>;
}

/** How much of a cursor an error shows. */
const SHOWN_CHARS = 120;

/**
 * Refuses a next page the walk must not fetch, and remembers the ones it will: a URL that is not
 * http(s), one on another origin (unless allowed), or a URL or cursor already used, which would
 * loop until Max Pages. `showUrl` masks credentials in a URL quoted in the error.
 * @example checkNext(next, { start: new URL("https://api.test"), allowCrossOrigin: false, allowInsecure: false, seen: new Set() }, (url) => url.href)
 */
export const checkNext = (next: NextPage, guard: WalkGuard, showUrl: (url: URL) => string): void => {
  const { url } = next.request;
  if (!(ALLOWED_PROTOCOLS as readonly string[]).includes(url.protocol)) {
    throw new PaginationError(
      `returned a next page URL with protocol "${url.protocol}"; only http and https pages are followed`,
    );
  }
  if (url.origin !== guard.start.origin && !guard.allowCrossOrigin) {
    throw new PaginationError(
      `returned a next page on another origin, ${url.origin}; turn on Allow Cross-Origin Pages (allowCrossOriginPages) to follow it (without the connection's credentials)`,
    );
  }
  if (dropsToPlainHttp(guard.start, url) && !guard.allowInsecure) {
    throw new PaginationError(
      `returned a next page over plain http, ${url.origin}; turn on Allow HTTPS to HTTP Redirects (allowInsecureRedirects) to follow it`,
    );
  }
  if (!next.repeatKey) return;
  const { what, value } = next.repeatKey;
  const key = `${what}\n${value}`;
  if (guard.seen.has(key)) {
    const shown =
      what === "url" ? `the next URL ${showUrl(url)}` : `the cursor ${JSON.stringify(excerpt(value, SHOWN_CHARS))}`;
    throw new PaginationError(`returned ${shown} again; stopping instead of looping`);
  }
  guard.seen.add(key);
};
