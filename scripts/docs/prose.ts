/**
 * Hand-written prose on the page (the platform comparison, notes on actions) names inputs as
 * `{{key}}`; each becomes the label the designer shows, so a renamed input is renamed in the
 * prose too, and a removed one fails the docs build instead of leaving a stale name behind.
 */
import { escapeInline } from "./markdown";
import type { DocAction } from "./types";

const REFERENCE = /\{\{(\w+)\}\}/g;

/**
 * The labels of the actions' inputs by key (the first action that has the key decides).
 * @example labelsOf(Object.values(component.actions)).get("retryDelayMS") // "Retry Delay (ms)"
 */
export const labelsOf = (actions: readonly DocAction[]): ReadonlyMap<string, string> => {
  const labels = new Map<string, string>();
  for (const input of actions.flatMap((action) => action.inputs)) {
    if (!labels.has(input.key)) labels.set(input.key, input.label);
  }
  return labels;
};

/**
 * Replaces each `{{key}}` with the input's label in bold; an unknown key throws, naming `where`.
 * @example resolveLabels("Set {{timeout}}.", new Map([["timeout", "Timeout"]]), "a note") // "Set **Timeout**."
 */
export const resolveLabels = (text: string, labels: ReadonlyMap<string, string>, where: string): string =>
  text.replace(REFERENCE, (_, key: string) => {
    const label = labels.get(key);
    if (label === undefined) throw new Error(`${where} names an input "${key}" that no action has`);
    return `**${escapeInline(label)}**`;
  });
