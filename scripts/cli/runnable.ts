import { mustBeGiven, type RuntimeConnection } from "./component";
import type { ConnectionChoice } from "./connectionArgs";
import { UsageError } from "./errors";
import { tokenSourceOf } from "./tokenSource";

/**
 * Whether a connection given on the command line has what a local run needs, checked before
 * anything is sent so that a missing field is named by the flag that gives it, rather than by
 * the connector's "has no API Key" after the fact.
 */

const isBlank = (value: unknown): boolean => value === undefined || (typeof value === "string" && value.trim() === "");

/** "a", "a and b", "a, b and c". */
const listed = (items: readonly string[]): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;

/**
 * The fields that must be given and were not. A token given by flag stands for every field that
 * only serves to get one; a token that comes from a browser sign-in is checked on its own.
 * @example missingFields({ inputKey: "connection", key: "apiKey", fields: {}, token: {} }, apiKeyDefinition)
 * // [{ key: "apiKey", label: "API Key", type: "password", required: true, default: "" }]
 */
export const missingFields = (choice: ConnectionChoice, connection: RuntimeConnection) => {
  const source = tokenSourceOf(connection);
  const tokenGiven = choice.token.access_token !== undefined;
  if (source === "user" || (source === "runner" && tokenGiven)) return [];
  return connection.inputs.filter((input) => mustBeGiven(input) && isBlank(choice.fields[input.key]));
};

/**
 * Refuses a connection a local run cannot use: one whose token only a browser sign-in could get,
 * given without `--<input>.accessToken`, or one missing a required field, named by its flag.
 * @example assertRunnable({ inputKey: "connection", key: "basicAuth", fields: { username: "u" }, token: {} }, basicAuth)
 * // throws 'Connection basicAuth needs --connection.password <Password>'
 */
export const assertRunnable = (choice: ConnectionChoice, connection: RuntimeConnection): void => {
  const flag = (name: string) => `--${choice.inputKey}.${name}`;
  if (tokenSourceOf(connection) === "user" && choice.token.access_token === undefined) {
    throw new UsageError(
      `Connection ${connection.key} needs ${flag("accessToken")} <token>: on the platform its token comes from a sign-in in a browser, which a local run cannot do`,
    );
  }
  const missing = missingFields(choice, connection);
  if (missing.length === 0) return;
  const needed = listed(missing.map((input) => `${flag(input.key)} <${input.label}>`));
  const instead =
    tokenSourceOf(connection) === "runner" ? ` (or ${flag("accessToken")} <token>, to skip fetching one)` : "";
  throw new UsageError(`Connection ${connection.key} needs ${needed}${instead}`);
};
