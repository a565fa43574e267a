import { EXIT } from "./errors";
import { formatResult, messageOf } from "./output";
import { printBody } from "./print";
import { bodyOf, savedResponse } from "./resultView";
import { saveResponse } from "./save";

/** Where a result goes: stdout and stderr, and the file `-o` named (already checked), if any. */
export interface Delivery {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  json: boolean;
  saveTo?: string;
}

/**
 * The Response Type the action ran with, as its `clean` reads it; undefined for actions without one.
 * @example responseTypeOf({ responseType: " Text " }) // "text"
 */
export const responseTypeOf = (params: Record<string, unknown>): string | undefined =>
  typeof params.responseType === "string" ? params.responseType.trim().toLowerCase() : undefined;

/**
 * Delivers an action's result: with `--json` the whole result as the platform sees it; with
 * `-o` the body to the file and a summary to stderr; otherwise the body on stdout (see print.ts).
 * Returns the exit code: saving can still fail after the request succeeded.
 * @example return deliverResult(result, "text", { stdout: process.stdout, stderr: process.stderr, json: false });
 */
export const deliverResult = (result: unknown, responseType: string | undefined, delivery: Delivery): number => {
  const { stdout, stderr, json, saveTo } = delivery;
  if (json) {
    stdout.write(formatResult(result));
    return EXIT.ok;
  }
  if (saveTo === undefined) {
    printBody(bodyOf(result, responseType), stdout, stderr);
    return EXIT.ok;
  }
  try {
    stderr.write(`${saveResponse(savedResponse(result, responseType), saveTo)}\n`);
    return EXIT.ok;
  } catch (error) {
    stderr.write(`${messageOf(error)}\n`);
    return EXIT.failed;
  }
};
