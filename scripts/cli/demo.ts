import { startDemoApi } from "../demo-api";
import type { RuntimeComponent } from "./component";
import { messageOf } from "./output";
import { toRuntimeParams } from "./params";
import { asFullResponse } from "./resultView";
import { invokeAction, type RuntimeLogger } from "./runtime";
import { type Sample, samplesFor } from "./samples";
import { summarize, type TableRow, truncate } from "./table";

export interface DemoOutcome {
  rows: TableRow[];
  /** True when every request answered 2xx. */
  ok: boolean;
}

const SUCCESS_MIN = 200;
const SUCCESS_MAX = 299;

/** Runs one sample, with the full response so the status is known, and turns it into a table row. */
const runSample = async (
  component: RuntimeComponent,
  actionKey: string,
  sample: Sample,
  logger: RuntimeLogger,
): Promise<{ row: TableRow; ok: boolean }> => {
  const base = { action: actionKey, sample: sample.name };
  const params = toRuntimeParams(component.actions[actionKey], { ...sample.inputs, includeFullResponse: "true" });
  try {
    const full = asFullResponse(await invokeAction(component, actionKey, params, logger));
    if (!full) return { row: { ...base, status: "?", result: "the action returned no full response" }, ok: false };
    const contentType = typeof full.headers["content-type"] === "string" ? full.headers["content-type"] : undefined;
    const ok = full.status >= SUCCESS_MIN && full.status <= SUCCESS_MAX;
    return { row: { ...base, status: String(full.status), result: summarize(full.data, contentType) }, ok };
  } catch (error) {
    return { row: { ...base, status: "failed", result: truncate(messageOf(error)) }, ok: false };
  }
};

/**
 * Starts the demo API, runs every action's samples against it one after another (the items
 * change as they go, so the order is part of the demo), and stops the API.
 * @example const { rows, ok } = await runDemo(component, stderrLogger("http"));
 */
export const runDemo = async (component: RuntimeComponent, logger: RuntimeLogger): Promise<DemoOutcome> => {
  const api = await startDemoApi();
  try {
    const rows: TableRow[] = [];
    let ok = true;
    for (const { actionKey, sample } of samplesFor(Object.keys(component.actions), api.url)) {
      const outcome = await runSample(component, actionKey, sample, logger);
      rows.push(outcome.row);
      ok &&= outcome.ok;
    }
    return { rows, ok };
  } finally {
    await api.close();
  }
};
