/**
 * Runs a bundled component's action the way the platform runtime does: load the bundle, take its
 * default export (what spectral's `component()` returned) and call
 * `actions[key].perform(context, rawInputs)`, where the raw inputs are every input's default
 * overlaid with the step's values; spectral's wrapper then applies each `clean`.
 */

interface BundledInput {
  key: string;
  default?: unknown;
}

interface BundledAction {
  inputs: BundledInput[];
  perform: (context: unknown, params: Record<string, unknown>) => Promise<{ data: unknown; contentType?: string }>;
}

export interface BundledComponent {
  key: string;
  actions: Record<string, BundledAction>;
}

const noop = (): void => undefined;

/**
 * The context the runtime hands an action; spectral adds `debug` and `invokeFlow` to it.
 * @example actions.httpGet.perform(runtimeContext(), rawInputs)
 */
export const runtimeContext = () => ({
  logger: { metric: noop, trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop },
  instanceState: {},
  crossFlowState: {},
  executionState: {},
  integrationState: {},
  configVars: {},
  stepId: "bench-step",
  executionId: "bench-execution",
  webhookUrls: {},
  webhookApiKeys: {},
  invokeUrl: "http://127.0.0.1/invoke",
  customer: { id: "customer", name: "Customer", externalId: "customer" },
  instance: { id: "instance", name: "Instance" },
  user: { id: "user", name: "User", email: "user@example.com", externalId: "user" },
  integration: { id: "integration", name: "Integration", versionSequenceId: "1", externalVersion: "1" },
  flow: { id: "flow", name: "Flow" },
  startedAt: new Date().toISOString(),
  executionFrame: {},
  globalDebug: false,
  runnerAllocatedMemoryMb: 1024,
});

/**
 * Loads a built component with plain `require`, as the runtime does.
 * @example const component = loadBundle("/abs/path/dist/index.js")
 */
export const loadBundle = (bundlePath: string): BundledComponent => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const loaded = require(bundlePath) as { default?: BundledComponent };
  if (!loaded.default?.actions) throw new Error(`${bundlePath} has no component as its default export`);
  return loaded.default;
};

/**
 * An action of a loaded component as a function of the step's raw values.
 * @example await actionRunner(component, "httpGet")({ url: "http://127.0.0.1:8080/small" })
 */
export const actionRunner = (component: BundledComponent, key: string) => {
  const action = component.actions[key];
  if (!action) throw new Error(`the component has no action "${key}"`);
  const defaults = Object.fromEntries(action.inputs.map((input) => [input.key, input.default ?? ""]));
  const context = runtimeContext();
  return (values: Record<string, unknown>) => action.perform(context, { ...defaults, ...values });
};
