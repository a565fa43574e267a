import component from "../../src";

/**
 * The component's own definition, as the platform reads it: the adversarial suites enumerate
 * actions, inputs and connection fields from here, so a field added tomorrow is fuzzed and
 * masked-tested the day it lands, without anyone editing a list.
 */

export interface InputDefinition {
  key: string;
  label: string;
  type: string;
  collection?: string;
  required?: boolean;
  default?: unknown;
  example?: unknown;
  model?: { label: string; value: string }[];
}

export interface ConnectionDefinition {
  key: string;
  label: string;
  /** True for OAuth 2.0 connections whose token the platform obtains and hands over. */
  platformToken: boolean;
  inputs: InputDefinition[];
}

interface RawComponent {
  actions: Record<string, { inputs: InputDefinition[] }>;
  connections: Array<{
    key: string;
    label: string;
    oauth2Type?: string;
    inputs: InputDefinition[];
  }>;
}

const raw = component as unknown as RawComponent;

/** Every action key, in the order the component declares them. */
export const actionKeys: string[] = Object.keys(raw.actions);

/** The inputs of one action, in designer order. */
export const inputsOf = (actionKey: string): InputDefinition[] => raw.actions[actionKey].inputs;

/** Every connection the component offers, with its fields. */
export const connectionDefinitions: ConnectionDefinition[] = raw.connections.map((definition) => ({
  key: definition.key,
  label: definition.label,
  platformToken: definition.oauth2Type !== undefined,
  inputs: definition.inputs,
}));

/** The fields of a connection that hold secrets: those of the platform's password type. */
export const secretFieldsOf = (connection: ConnectionDefinition): InputDefinition[] =>
  connection.inputs.filter((input) => input.type === "password");
