/**
 * Splits the actions' inputs into the ones they share, listed once on the page, and what each
 * action adds or leaves out. Which inputs are shared is given (the component's shared input
 * modules), and an action's input counts as the shared one only when its row on the page would
 * read the same, so an action that redefines a shared input shows its own version.
 */
import { inputRow } from "./inputs";
import type { DocAction, DocInput } from "./types";

/** What the page shows of one action's inputs besides the shared table. */
export interface ActionInputs {
  /** Inputs of this action alone (or redefined by it), in designer order. */
  own: DocInput[];
  /** Shared inputs this action does not take, in shared order. */
  omitted: DocInput[];
}

export interface SharedInputs {
  /** The shared inputs as the page lists them once, in the order the keys were given. */
  shared: DocInput[];
  of: (action: DocAction) => ActionInputs;
}

const rowText = (input: DocInput): string => inputRow(input).join("\u0000");

/**
 * The shared inputs, defined by the first action (in order) that takes each key; keys no action
 * takes are left out.
 * @example
 * const { shared, of } = splitShared(Object.values(component.actions), ["url", "timeout"]);
 * of(component.actions.httpCurl).omitted.map((input) => input.key) // ["url", "timeout"]
 */
export const splitShared = (actions: readonly DocAction[], sharedKeys: readonly string[]): SharedInputs => {
  const shared = sharedKeys.flatMap((key) => {
    const definition = actions.flatMap((action) => action.inputs).find((input) => input.key === key);
    return definition ? [definition] : [];
  });
  const sharedRows = new Map(shared.map((input) => [input.key, rowText(input)]));
  const isShared = (input: DocInput) => sharedRows.get(input.key) === rowText(input);
  const of = (action: DocAction): ActionInputs => {
    const keys = new Set(action.inputs.map((input) => input.key));
    return {
      own: action.inputs.filter((input) => !isShared(input)),
      omitted: shared.filter((input) => !keys.has(input.key)),
    };
  };
  return { shared, of };
};
