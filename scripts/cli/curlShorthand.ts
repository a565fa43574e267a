import type { ActionDefinition, ComponentDefinition } from "./component";
import { UsageError } from "./errors";
import type { Flag } from "./flags";

/**
 * `npm start -s -- --curl "curl ..."` is short for `npm start -s -- httpCurl --curlCommand "curl ..."`:
 * a command copied from API docs is pasted as it is, and every other flag (a connection,
 * `--responseType`, `--debugRequest`) still applies to the cURL action.
 */

export const CURL_FLAG = "curl";
export const CURL_ACTION = "httpCurl";
export const CURL_INPUT = "curlCommand";
const EXAMPLE = `npm start -s -- --${CURL_FLAG} "curl -X POST https://api.example.com/items -H 'Content-Type: application/json' -d '{}'"`;

const isCurlToken = (token: string): boolean => token === `--${CURL_FLAG}` || token.startsWith(`--${CURL_FLAG}=`);

/**
 * True when the command line names no action but has a `--curl` flag.
 * @example usesCurlShorthand(["--curl", "curl https://x.test", "--responseType", "text"]) // true
 * @example usesCurlShorthand(["httpGet", "--url", "https://x.test"]) // false
 */
export const usesCurlShorthand = (argv: readonly string[]): boolean =>
  argv.length > 0 && argv[0].startsWith("-") && argv.some(isCurlToken);

/**
 * The action `--curl` runs; a component without it cannot take the shorthand.
 * @example curlAction(component).key // "httpCurl"
 */
export const curlAction = (component: ComponentDefinition): ActionDefinition => {
  const action = component.actions[CURL_ACTION];
  if (!action)
    throw new UsageError(`--${CURL_FLAG} runs the ${CURL_ACTION} action, which this component does not have`);
  return action;
};

/**
 * Turns `--curl <command>` into the cURL action's command input, refusing it without a command.
 * @example curlFlagsToInputs([{ name: "curl", value: "curl https://x.test" }]) // [{ name: "curlCommand", value: "curl https://x.test" }]
 */
export const curlFlagsToInputs = (flags: readonly Flag[]): Flag[] =>
  flags.map((flag) => {
    if (flag.name !== CURL_FLAG) return flag;
    if (flag.value === undefined || flag.value.trim() === "") {
      throw new UsageError(`--${CURL_FLAG} needs a cURL command as one quoted argument, e.g. ${EXAMPLE}`);
    }
    return { name: CURL_INPUT, value: flag.value };
  });

/**
 * Words left over after `--curl`: the command was not quoted, so the shell split it. They are
 * not quoted back, since one of them may be a credential (`-u user:password`).
 * @example throw strayCurlWords(3)
 */
export const strayCurlWords = (count: number): UsageError =>
  new UsageError(
    `${count} word(s) follow the cURL command unquoted: give the whole command as one quoted argument, e.g. ${EXAMPLE}`,
  );
