import type { ActionContext, ComponentRegistry } from "@prismatic-io/spectral";
import { createCNIContext } from "@prismatic-io/spectral/dist/serverTypes/context";
import { BUNDLE_PATH } from "../../scripts/cli/build";
import { createContext, loadComponent } from "../../scripts/cli/runtime";
import { type LogRecorder, recordLogs } from "./harness";

/** One call a code-native integration made to a component, as the runtime received it. */
export interface Invocation {
  component: string;
  action: string;
  /** The input values after spectral's CNI conversion: what the component's action was given. */
  values: Record<string, unknown>;
}

/**
 * `context.components` as a code-native integration has it at run time, backed by the built
 * bundle. spectral's own `createCNIContext` turns each call's values the way the platform gets
 * them (defaults filled in, the record form of key/value inputs made rows), then the bundle's
 * action runs them, with every `clean`, as the platform runs a component step.
 * @example await invokeFlow(myFlow, { context: { components: bundleComponents(componentRegistry).components } })
 */
export const bundleComponents = (registry: ComponentRegistry, logs: LogRecorder = recordLogs()) => {
  const component = loadComponent(BUNDLE_PATH);
  const invocations: Invocation[] = [];
  const invoke = (
    reference: { component: { key: string }; key: string },
    _: unknown,
    values: Record<string, unknown>,
  ) => {
    invocations.push({ component: reference.component.key, action: reference.key, values });
    if (reference.component.key !== component.key) throw new Error(`no component ${reference.component.key}`);
    return component.actions[reference.key].perform(createContext(logs.logger, reference.key), values);
  };
  // `_components` is how the runtime hands spectral its invoker; it is not in the public context type.
  const context = { ...createContext(logs.logger, "cni"), _components: { invoke } } as unknown as ActionContext;
  return { components: createCNIContext(context, registry).components, invocations };
};
