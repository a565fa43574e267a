/**
 * Writes src/actions/examples.json, the payloads the designer shows for each action before a
 * step has run, from real runs of the source component against the demo API (the requests are
 * in scripts/examples/runs.ts). `--check` writes nothing and fails when the committed file is
 * stale (the test suite checks the same).
 *
 * Usage: npm run examples [-- --check]
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import component from "../src";
import { captureExamples } from "./examples/capture";

/** The generated file; src/actions/examples.ts types it and the actions import it from there. */
export const EXAMPLES_PATH = path.resolve(__dirname, "..", "src", "actions", "examples.json");

export const STALE_EXAMPLES_MESSAGE = "src/actions/examples.json is stale: run npm run examples";

/**
 * The file as a run now writes it: JSON, two-space indented, as Biome formats it.
 * @example JSON.parse(await currentExamples()).deleted // { data: null }
 */
export const currentExamples = async (): Promise<string> =>
  `${JSON.stringify(await captureExamples(component), null, 2)}\n`;

/**
 * Whether the committed file is what a run gives now (false when it is missing).
 * @example await examplesAreFresh() // false after the demo API's seed items change
 */
export const examplesAreFresh = async (): Promise<boolean> =>
  existsSync(EXAMPLES_PATH) && readFileSync(EXAMPLES_PATH, "utf8") === (await currentExamples());

const main = async (args: readonly string[]): Promise<void> => {
  const relative = path.relative(process.cwd(), EXAMPLES_PATH);
  if (args.includes("--check")) {
    if (await examplesAreFresh()) return void process.stdout.write(`${relative} is up to date\n`);
    process.stderr.write(`${STALE_EXAMPLES_MESSAGE}\n`);
    process.exitCode = 1;
    return;
  }
  writeFileSync(EXAMPLES_PATH, await currentExamples());
  process.stdout.write(`${relative}\n`);
};

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    process.stderr.write(`${error.stack ?? error.message}\n`);
    process.exitCode = 1;
  });
}
