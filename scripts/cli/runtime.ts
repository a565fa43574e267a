import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { assertComponent, type RuntimeComponent } from "./component";

/** The logger methods the platform gives an action. */
const LOG_LEVELS = ["metric", "trace", "debug", "info", "log", "warn", "error"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];
export type RuntimeLogger = Record<LogLevel, (...args: unknown[]) => void>;

const describe = (value: unknown): string => {
  if (typeof value === "string") return value;
  if (value instanceof Error) return value.message;
  try {
    return JSON.stringify(value);
  } catch {
    return String(value); // a circular object still gets logged, just less precisely
  }
};

/**
 * A logger that writes each line to stderr as `[http] <level> ...`, so stdout stays the result.
 * @example stderrLogger("http").info("sending") // stderr: "[http] info sending"
 */
export const stderrLogger = (
  prefix: string,
  write: (line: string) => void = (line) => process.stderr.write(line),
): RuntimeLogger =>
  Object.fromEntries(
    LOG_LEVELS.map((level) => [
      level,
      (...args: unknown[]) => write(`[${prefix}] ${level} ${args.map(describe).join(" ")}\n`),
    ]),
  ) as RuntimeLogger;

/**
 * Loads a built bundle the way the runtime does: `require` it and take the default export.
 * @example const component = loadComponent("/work/main/dist/index.js");
 */
export const loadComponent = (bundlePath: string): RuntimeComponent => {
  const loaded = createRequire(bundlePath)(bundlePath) as { default?: unknown };
  assertComponent(loaded.default);
  return loaded.default;
};

/**
 * An action context shaped like the platform's (the fields spectral's `createActionContext`
 * fills in for tests), with a real logger and empty state. spectral's wrapper adds `debug`
 * and `invokeFlow` itself when `perform` is called with a context.
 * @example await action.perform(createContext(stderrLogger("http"), "httpGet"), params)
 */
export const createContext = (logger: RuntimeLogger, actionKey: string): Record<string, unknown> => {
  const executionId = randomUUID();
  return {
    logger,
    instanceState: {},
    crossFlowState: {},
    executionState: {},
    integrationState: {},
    configVars: {},
    components: {},
    stepId: "local-step",
    executionId,
    webhookUrls: {},
    webhookApiKeys: {},
    invokeUrl: "http://127.0.0.1/local-invoke",
    customer: { id: "local-customer", name: "Local customer", externalId: "local" },
    instance: { id: "local-instance", name: "Local run" },
    user: { id: "local-user", email: "local@example.com", name: "Local user", externalId: "local" },
    integration: { id: "local-integration", name: "Local run", versionSequenceId: "1", externalVersion: "local" },
    flow: { id: "local-flow", name: "Local run", stableId: "local-flow" },
    startedAt: new Date().toISOString(),
    executionFrame: {
      invokedByExecutionJWT: "",
      invokedByExecutionStartedAt: "",
      componentActionKey: actionKey,
      executionId,
      executionStartedAt: new Date().toISOString(),
      stepName: "local-step",
      loopPath: "",
    },
    flowSchemas: {},
    globalDebug: false,
  };
};

/**
 * Calls an action as the runtime does: `perform(context, rawParams)`, so spectral's wrapper runs
 * every input's `clean` and the component's error hook.
 * @example const result = await invokeAction(component, "httpGet", { url: "https://x.test" }, stderrLogger("http"));
 */
export const invokeAction = (
  component: RuntimeComponent,
  actionKey: string,
  params: Record<string, unknown>,
  logger: RuntimeLogger,
): Promise<unknown> => component.actions[actionKey].perform(createContext(logger, actionKey), params);
