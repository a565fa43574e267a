import type { InputFieldDefinition } from "@prismatic-io/spectral";
import { InputError } from "../request/errors";
import { InvalidValue } from "./values";

const labelOf = (definition: InputFieldDefinition): string =>
  typeof definition.label === "string" ? definition.label : definition.label.value;

/**
 * Wraps each input's `clean` so a value it refuses is reported with the input's label and key,
 * e.g. `Input "Timeout" (timeout) must be a whole number of milliseconds; got "soon".`
 * Cleaners stay pure functions of the value and need not know which input they serve.
 * @example export const sharedInputs = withInputNames({ url, timeout });
 */
export const withInputNames = <T extends Record<string, InputFieldDefinition>>(inputs: T): T => {
  const named = Object.entries(inputs).map(([key, definition]) => {
    const clean = "clean" in definition ? definition.clean : undefined;
    if (!clean) return [key, definition];
    const namedClean = (value: unknown) => {
      try {
        return (clean as (value: unknown) => unknown)(value);
      } catch (error) {
        if (error instanceof InvalidValue) throw new InputError(labelOf(definition), key, error.message);
        throw error;
      }
    };
    return [key, { ...definition, clean: namedClean }];
  });
  return Object.fromEntries(named) as T;
};
