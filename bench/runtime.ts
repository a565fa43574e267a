/**
 * Runs a bundled component's action the way the platform runtime does, with the same loader and
 * context as `npm start` (scripts/cli/runtime.ts): `perform(context, rawInputs)`, where the raw
 * inputs are every input's default overlaid with the step's values, so spectral's wrapper applies
 * each `clean`. The logger is silent: a benchmark measures requests, not log lines.
 */
import type { RuntimeComponent } from "../scripts/cli/component";
import { createContext, loadComponent, type RuntimeLogger } from "../scripts/cli/runtime";

export type BundledComponent = RuntimeComponent;

const noop = (): void => undefined;
const silent: RuntimeLogger = {
  metric: noop,
  trace: noop,
  debug: noop,
  info: noop,
  log: noop,
  warn: noop,
  error: noop,
};

/**
 * Loads a built component with plain `require`, as the runtime does.
 * @example const component = loadBundle("/abs/path/dist/index.js")
 */
export const loadBundle = (bundlePath: string): BundledComponent => loadComponent(bundlePath);

/**
 * An action of a loaded component as a function of the step's raw values.
 * @example await actionRunner(component, "httpGet")({ url: "http://127.0.0.1:8080/small" })
 */
export const actionRunner = (component: BundledComponent, key: string) => {
  const action = component.actions[key];
  if (!action) throw new Error(`the component has no action "${key}"`);
  const defaults = Object.fromEntries(action.inputs.map((input) => [input.key, input.default ?? ""]));
  const context = createContext(silent, key);
  return (values: Record<string, unknown>) =>
    action.perform(context, { ...defaults, ...values }) as Promise<{ data: unknown; contentType?: string }>;
};
