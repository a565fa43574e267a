/**
 * One action's section of the page: what it is, which of the shared inputs it takes, the inputs
 * it adds, its example output and any notes.
 */
import { inputTable } from "./inputs";
import { code, escapeInline } from "./markdown";
import { renderPayload } from "./payload";
import type { ActionInputs } from "./shared";
import type { DocAction, DocInput } from "./types";

type HeadingFn = (level: number, text: string) => string;

/** Where the action's section links to for the shared inputs. */
export interface SharedLink {
  anchor: string;
  /** How many inputs the shared table has, to tell "some" from "all" omitted. */
  count: number;
}

/** How an action's branches are chosen, when it branches at all. */
const branchesOf = (action: DocAction): string[] => {
  if (!action.allowsBranching) return [];
  if (action.staticBranchNames && action.staticBranchNames.length > 0) {
    return [`Branches: ${action.staticBranchNames.map(code).join(", ")}`];
  }
  if (action.dynamicBranchInput) return [`Branches: named by the ${code(action.dynamicBranchInput)} input`];
  return ["Branches: chosen at run time"];
};

/** "A", "A and B", "A, B and C". */
const listOf = (inputs: readonly DocInput[]): string => {
  const labels = inputs.map((input) => escapeInline(input.label));
  return labels.length <= 1 ? labels.join("") : `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
};

/**
 * The sentence that says which shared inputs the action takes, then its own inputs' table.
 * @example sharedSentence({ own: [], omitted: [] }, { anchor: "shared-inputs", count: 3 })
 * // "Inputs: the [shared inputs](#shared-inputs), and no others."
 */
export const sharedSentence = ({ own, omitted }: ActionInputs, shared: SharedLink): string => {
  const link = `[shared inputs](#${shared.anchor})`;
  const which =
    omitted.length === 0
      ? `the ${link}`
      : omitted.length === shared.count
        ? `none of the ${link}`
        : `the ${link} except ${listOf(omitted)}`;
  return `Inputs: ${which}${own.length > 0 ? ", and these:" : ", and no others."}`;
};

/** The inputs part: everything in one table, or the shared sentence and the action's own table. */
const renderInputs = (action: DocAction, split: ActionInputs | undefined, shared: SharedLink | undefined) => {
  if (!split || !shared) return [action.inputs.length > 0 ? inputTable(action.inputs) : "This action has no inputs."];
  return [sharedSentence(split, shared), ...(split.own.length > 0 ? [inputTable(split.own)] : [])];
};

export interface ActionParts {
  heading: HeadingFn;
  /** The action's inputs split against the shared ones; absent when the page lists no shared inputs. */
  split?: ActionInputs;
  shared?: SharedLink;
  /** Markdown shown after the example output. */
  notes?: string;
}

/**
 * The action's section, as blocks to join with blank lines.
 * @example renderAction(component.actions.httpGet, { heading }) // ["### GET Request", "Key: `httpGet`", ...]
 */
export const renderAction = (action: DocAction, { heading, split, shared, notes }: ActionParts): string[] => [
  heading(3, action.display.label),
  `Key: ${code(action.key)}`,
  escapeInline(action.display.description),
  ...branchesOf(action),
  ...renderInputs(action, split, shared),
  ...(action.examplePayload === undefined ? [] : [heading(4, "Example output"), renderPayload(action.examplePayload)]),
  ...(notes ? [heading(4, "Notes"), notes] : []),
];
