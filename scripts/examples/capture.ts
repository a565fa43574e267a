/**
 * Runs the example requests against the demo API and makes their results fit to commit: the
 * loopback origin (a new port on every run) becomes a stable public-looking one, and headers
 * that describe the connection rather than the response are dropped.
 */

import { assertComponent } from "../cli/component";
import { toRuntimeParams } from "../cli/params";
import { invokeAction, type RuntimeLogger } from "../cli/runtime";
import { startDemoApi } from "../demo-api";
import { EXAMPLE_RUNS, type ExampleName, type ExampleRun } from "./runs";

/** The origin examples show instead of the demo API's loopback one. */
export const STABLE_ORIGIN = "https://api.example.com";

/**
 * Response headers left out of examples: `date` changes on every run, and `connection` and
 * `keep-alive` are how Node's server manages its sockets, not part of what the API answered.
 */
export const VOLATILE_HEADERS: ReadonlySet<string> = new Set(["date", "connection", "keep-alive"]);

/** A step's logger that keeps nothing: the examples are the results, not the logs. */
const QUIET: RuntimeLogger = { metric() {}, trace() {}, debug() {}, info() {}, log() {}, warn() {}, error() {} };

const withoutVolatile = (headers: object): Record<string, unknown> =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !VOLATILE_HEADERS.has(name.toLowerCase())));

/**
 * A result as an example: `origin` replaced by the stable one in every string, volatile
 * headers dropped from every `headers` object. Binary data is refused: examples are JSON.
 * @example stabilize({ url: "http://127.0.0.1:4000/items" }, "http://127.0.0.1:4000") // { url: "https://api.example.com/items" }
 */
export const stabilize = (value: unknown, origin: string, key?: string): unknown => {
  if (typeof value === "string") return value.replaceAll(origin, STABLE_ORIGIN);
  if (Buffer.isBuffer(value)) throw new Error("an example returned binary data; examples must be JSON");
  if (Array.isArray(value)) return value.map((entry) => stabilize(entry, origin));
  if (typeof value !== "object" || value === null) return value;
  const entries = Object.entries(key === "headers" ? withoutVolatile(value) : value);
  return Object.fromEntries(entries.map(([name, entry]) => [name, stabilize(entry, origin, name)]));
};

/**
 * Runs one example against a demo API of its own, so each starts from the same seed data.
 * @example await captureExample(component, EXAMPLE_RUNS.list) // { data: [{ id: 1, ... }, { id: 2, ... }] }
 */
export const captureExample = async (component: unknown, run: ExampleRun): Promise<unknown> => {
  assertComponent(component);
  const api = await startDemoApi();
  try {
    const params = toRuntimeParams(component.actions[run.action], run.inputs(api.url));
    return stabilize(await invokeAction(component, run.action, params, QUIET), api.url);
  } finally {
    await api.close();
  }
};

/**
 * Every example, by name, in the order of EXAMPLE_RUNS; one at a time, so the output is stable.
 * @example const { upload } = await captureExamples(component);
 */
export const captureExamples = async (component: unknown): Promise<Record<ExampleName, unknown>> => {
  const examples: Partial<Record<ExampleName, unknown>> = {};
  for (const [name, run] of Object.entries(EXAMPLE_RUNS) as [ExampleName, ExampleRun][]) {
    examples[name] = await captureExample(component, run);
  }
  return examples as Record<ExampleName, unknown>;
};
