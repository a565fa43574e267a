import { closestName } from "./suggest";

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

/** How an unknown name is placed and shown: where it was looked up, and how a name is typed. */
export interface NameContext {
  /** Placed after the name, e.g. " for action httpGet". */
  where?: string;
  /** How a name is typed on the command line, e.g. `(name) => \`--${name}\``. */
  typed?: (name: string) => string;
}

/**
 * Says a name is unknown, suggests the valid name it most likely was, and lists the valid ones,
 * so a typo is fixed without opening the docs. Names are compared bare, so a shared `--connection.`
 * does not make every field look alike.
 * @example unknownName("action", "httpGot", ["httpGet", "httpPost"])
 * // 'Unknown action "httpGot". Did you mean httpGet? Valid actions: httpGet, httpPost'
 * @example unknownName("input", "urll", ["url"], { where: " for action httpGet", typed: (name) => `--${name}` })
 * // 'Unknown input "--urll" for action httpGet. Did you mean --url? Valid inputs: --url'
 */
export const unknownName = (
  kind: string,
  given: string,
  valid: readonly string[],
  { where = "", typed = (name: string) => name }: NameContext = {},
): UsageError => {
  const suggestion = closestName(given, valid);
  const hint = suggestion === undefined ? "" : ` Did you mean ${typed(suggestion)}?`;
  const list = valid.length > 0 ? valid.map(typed).join(", ") : "(none)";
  return new UsageError(`Unknown ${kind} "${typed(given)}"${where}.${hint} Valid ${kind}s: ${list}`);
};
