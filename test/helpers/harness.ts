import { type ActionLogger, testing } from "@prismatic-io/spectral";
import component from "../../src";

/** The component as the platform sees it: every call applies `clean` and the error hook. */
export const harness = testing.createHarness(component);

export interface LogRecorder {
  logger: ActionLogger;
  lines: string[];
  /** Everything logged, as one text, for "never contains" checks. */
  text: () => string;
}

/** A logger that keeps every line, to check what a step wrote. */
export const recordLogs = (): LogRecorder => {
  const lines: string[] = [];
  const write = (...args: unknown[]) => {
    lines.push(args.map((arg) => (typeof arg === "string" ? arg : JSON.stringify(arg))).join(" "));
  };
  const logger: ActionLogger = {
    metric: write,
    trace: write,
    debug: write,
    info: write,
    log: write,
    warn: write,
    error: write,
  };
  return { logger, lines, text: () => lines.join("\n") };
};

/**
 * Runs an action by key with raw input values, as the runtime would, and returns its result.
 * @example const { data } = await run("httpGet", { url: `${server.url}/items` });
 */
/** What an action returned; tests read into it freely, so its data is untyped. */
// biome-ignore lint/suspicious/noExplicitAny: tests assert on whatever shape an action returns.
export type ActionOutput = { data: any; contentType?: string };

export const run = async (
  key: string,
  params: Record<string, unknown>,
  logs: LogRecorder = recordLogs(),
): Promise<ActionOutput> => {
  const result = await harness.action(key, params, { logger: logs.logger });
  if (!result) throw new Error(`${key} returned nothing`);
  return result as ActionOutput;
};

/** Runs an action that must fail and returns the error it failed with. */
export const runFailing = async (
  key: string,
  params: Record<string, unknown>,
  logs: LogRecorder = recordLogs(),
): Promise<Error & Record<string, unknown>> => {
  try {
    await run(key, params, logs);
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error(`${key} was expected to fail but succeeded`);
};
