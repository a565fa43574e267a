/** Exit codes of `npm start`, so scripts calling it can tell a typo from a failed request. */
export const EXIT = {
  ok: 0,
  /** The action ran and failed, or a demo request did not succeed. */
  failed: 1,
  /** The command line is wrong: unknown action, input or connection, or a missing value. */
  usage: 2,
} as const;

/** A mistake on the command line; the message says what is wrong and what is valid. */
export class UsageError extends Error {
  override name = "UsageError";
}

/**
 * Lists the valid names after a message, so a typo is fixed without opening the docs.
 * @example unknownName("action", "httpGot", ["httpGet", "httpPost"])
 * // 'Unknown action "httpGot". Valid actions: httpGet, httpPost'
 */
export const unknownName = (kind: string, given: string, valid: readonly string[]): UsageError =>
  new UsageError(`Unknown ${kind} "${given}". Valid ${kind}s: ${valid.length > 0 ? valid.join(", ") : "(none)"}`);
