const SECONDS = /^\d+(\.\d+)?$/;

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP-date. Returns the wait in milliseconds
 * from `now`, 0 for a date already past, and undefined for a missing or unreadable value.
 * @example parseRetryAfter("120", Date.now()) // 120000
 * @example parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT", Date.parse("Wed, 21 Oct 2015 07:27:00 GMT")) // 60000
 */
export const parseRetryAfter = (value: unknown, now: number): number | undefined => {
  if (typeof value !== "string") return undefined;
  const text = value.trim();
  if (text === "") return undefined;
  if (SECONDS.test(text)) return Math.round(Number(text) * 1000);
  // Only dates with a weekday and a zone, as HTTP-date requires; bare numbers or words are not dates.
  if (!/^[A-Za-z]{3},/.test(text) && !/GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
};
