/**
 * The parts of a built component the runner reads, typed locally: the bundle is loaded with
 * `require`, so its shape is checked here rather than trusted from spectral's source types.
 */

/** One input as the platform sees it, e.g. `{ key: "headers", type: "string", collection: "keyvaluelist" }`. */
export interface RuntimeInput {
  key: string;
  label: string;
  type: string;
  collection?: string;
  default?: unknown;
  required?: boolean;
  comments?: string;
  /** The choices of a dropdown input. */
  model?: { label: string; value: string }[];
}

/** What the command line and the help are read against: an action without its code. */
export interface ActionDefinition {
  key: string;
  display: { label: string; description?: string };
  inputs: RuntimeInput[];
}

export interface RuntimeAction extends ActionDefinition {
  perform: (context: unknown, params: Record<string, unknown>) => Promise<unknown>;
}

export interface RuntimeConnection {
  key: string;
  label: string;
  /** Set for OAuth 2.0 connections, whose token the platform obtains and hands over. */
  oauth2Type?: string;
  inputs: RuntimeInput[];
}

/** A component's declarations: enough to parse a command line or print help. */
export interface ComponentDefinition {
  key: string;
  actions: Record<string, ActionDefinition>;
  connections?: RuntimeConnection[];
}

export interface RuntimeComponent extends ComponentDefinition {
  actions: Record<string, RuntimeAction>;
}

/** The value the platform hands an action for a connection input. */
export interface ConnectionValue {
  key: string;
  configVarKey: string;
  fields: Record<string, unknown>;
  token?: Record<string, unknown>;
}

/** A key/value list input as the designer sends it: rows in order, repeated keys kept. */
export type KeyValueRows = { key: string; value: unknown }[];

export const KEY_VALUE_LIST = "keyvaluelist";
export const CONNECTION_TYPE = "connection";
export const BOOLEAN_TYPE = "boolean";

/**
 * Key/value list inputs take repeated `Name: value` flags on the command line.
 * @example isKeyValueList({ key: "headers", label: "Header", type: "string", collection: "keyvaluelist" }) // true
 */
export const isKeyValueList = (input: RuntimeInput): boolean => input.collection === KEY_VALUE_LIST;

/**
 * A required input without a default to fill it: the user has to give it, as the platform's
 * configuration page would insist.
 * @example mustBeGiven({ key: "apiKey", label: "API Key", type: "password", required: true, default: "" }) // true
 * @example mustBeGiven({ key: "authScheme", label: "Auth Scheme", type: "string", required: true, default: "Basic" }) // false
 */
export const mustBeGiven = (input: RuntimeInput): boolean =>
  input.required === true && (input.default === undefined || input.default === "");

/**
 * Checks that a loaded module is a component the runner can drive, so a broken bundle fails
 * with a reason instead of a `TypeError` deep inside the runner.
 * @example assertComponent(require("./dist/index.js").default)
 */
export function assertComponent(value: unknown): asserts value is RuntimeComponent {
  const candidate = value as Partial<RuntimeComponent> | undefined;
  if (!candidate || typeof candidate.actions !== "object" || candidate.actions === null) {
    throw new Error("the bundle's default export is not a component (it has no actions)");
  }
  for (const [key, action] of Object.entries(candidate.actions)) {
    if (typeof action?.perform !== "function" || !Array.isArray(action.inputs)) {
      throw new Error(`the bundle's action "${key}" has no perform function or inputs`);
    }
  }
}
