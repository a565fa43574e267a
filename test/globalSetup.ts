import { ensureBuilt } from "../scripts/cli/build";

/**
 * Builds dist/ once before any test file runs, when it is older than its sources, so tests that
 * load the bundle (the runner, prism validation, the manifest) share one build instead of racing
 * to write the same folder.
 */
export default async function setup(): Promise<void> {
  await ensureBuilt();
}
