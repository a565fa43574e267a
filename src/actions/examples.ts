/**
 * What each action returns, shown in the designer before a step has run. The payloads in
 * examples.json are written by `npm run examples` from real runs against the demo API (the
 * requests are in scripts/examples/runs.ts) and a test fails when a fresh run differs: change
 * the runs or the demo API and regenerate, never edit the JSON by hand.
 */
import type { BranchResult } from "../request/branch";
import type { ActionResult } from "../request/result";
import generated from "./examples.json";

type ResultExample = "list" | "created" | "replaced" | "item" | "deleted" | "upload" | "graphql" | "pages";

// JSON types `branch` as any string; the test compares it with what the branching action returned.
const { branch, ...results } = generated;

/** Typed as what the actions return (not as literals), so `perform` keeps its own return type. */
export const EXAMPLES: Record<ResultExample, ActionResult> & { branch: BranchResult } = {
  ...results,
  branch: branch as BranchResult,
};
