import type { CheckedConnection } from "./fields";
import { connectionProblem, textField } from "./read";

/**
 * Reads Token Expired Statuses (`tokenExpiredStatuses` in oauth2Grants.ts): statuses besides 401
 * with which an API says a fetched token has expired.
 */

/** Only an error status can mean "this token is no longer good". */
const LOWEST_ERROR_STATUS = 400;
const HIGHEST_STATUS = 599;

const STATUS = /^\d{3}$/;

/**
 * The statuses the field lists; an entry that is not an error status fails, naming the field
 * and the entry's place, never its text.
 * @example expiredStatusesOf(checkConnection({ key: "oauth2Password", fields: { tokenExpiredStatuses: "403, 419" } })) // Set {403, 419}
 */
export const expiredStatusesOf = (connection: CheckedConnection): ReadonlySet<number> | undefined => {
  const text = textField(connection, "tokenExpiredStatuses");
  if (text === "") return undefined;
  const entries = text.split(",").map((entry) => entry.trim());
  const statuses = entries.map(Number);
  const bad = entries.findIndex(
    (entry, index) => !STATUS.test(entry) || statuses[index] < LOWEST_ERROR_STATUS || statuses[index] > HIGHEST_STATUS,
  );
  if (bad === -1) return new Set(statuses);
  throw connectionProblem(
    connection,
    `field "Token Expired Statuses" must list HTTP error statuses from ${LOWEST_ERROR_STATUS} to ${HIGHEST_STATUS} separated by commas, e.g. 403; entry ${bad + 1} is not one`,
  );
};
