/**
 * Writes docs/http.md, the connector's reference page, from the component definition itself,
 * so the page cannot drift from the inputs the designer shows, and the platform comparison
 * into README.md between its markers. `--check` writes nothing and fails when either is stale
 * (the test suite checks the same).
 *
 * Usage: npm run docs [-- --check]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import component from "../src";
import { sharedInputs, urlInputs } from "../src/inputs/shared";
import { ACTION_NOTES } from "./docs/notes";
import { renderPlatformDifferences } from "./docs/platform";
import { labelsOf, resolveLabels } from "./docs/prose";
import { withGeneratedBlock } from "./docs/readme";
import { renderComponentDocs } from "./docs/render";
import type { DocAction } from "./docs/types";

const ROOT = path.resolve(__dirname, "..");

/** The generated page. */
export const DOCS_PATH = path.join(ROOT, "docs", "http.md");
export const README_PATH = path.join(ROOT, "README.md");

/** The icon the bundle ships (assets/icon.png), as linked from docs/. */
const ICON_PATH = "../assets/icon.png";

export const PLATFORM_TITLE = "Coming from the platform's HTTP component";

export const STALE_MESSAGE = "docs/http.md or README.md is stale: run npm run docs";

/** The version printed on the page; package.json is its one source. */
const packageVersion = (): string => JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version;

const actions: DocAction[] = Object.values(component.actions);

/** The URL and the shared inputs, in designer order: the same modules every action spreads in. */
const SHARED_INPUT_KEYS = [...Object.keys(urlInputs), ...Object.keys(sharedInputs)];

/** Each note with its `{{key}}` references resolved against its own action's inputs. */
const actionNotes = (): Record<string, string> =>
  Object.fromEntries(
    Object.entries(ACTION_NOTES).map(([key, note]) => {
      const action = component.actions[key];
      if (!action) throw new Error(`scripts/docs/notes.ts has a note for "${key}", which is not an action`);
      return [key, resolveLabels(note, labelsOf([action]), `The note on ${key} (scripts/docs/notes.ts)`)];
    }),
  );

/**
 * The page as the current code renders it.
 * @example readFileSync(DOCS_PATH, "utf8") === currentDocs() // true when the committed page is fresh
 */
export const currentDocs = (): string =>
  renderComponentDocs(component, {
    version: packageVersion(),
    iconPath: ICON_PATH,
    sharedInputKeys: SHARED_INPUT_KEYS,
    sections: [{ title: PLATFORM_TITLE, body: renderPlatformDifferences(labelsOf(actions)) }],
    actionNotes: actionNotes(),
  });

/**
 * The README with the current platform comparison between its markers.
 * @example currentReadme().includes("Exponential backoff starts from Retry Delay") // true
 */
export const currentReadme = (): string =>
  withGeneratedBlock(readFileSync(README_PATH, "utf8"), renderPlatformDifferences(labelsOf(actions)));

const isSame = (file: string, text: string): boolean => existsSync(file) && readFileSync(file, "utf8") === text;

/**
 * Whether the page and the README are what the code renders now (false when the page is missing).
 * @example isFresh() // false right after an input's label changes
 */
export const isFresh = (): boolean => isSame(DOCS_PATH, currentDocs()) && isSame(README_PATH, currentReadme());

const relative = (file: string): string => path.relative(process.cwd(), file) || file;

const main = (args: readonly string[]): void => {
  if (args.includes("--check")) {
    if (!isFresh()) {
      process.stderr.write(`${STALE_MESSAGE}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${relative(DOCS_PATH)} and ${relative(README_PATH)} are up to date\n`);
    return;
  }
  mkdirSync(path.dirname(DOCS_PATH), { recursive: true });
  writeFileSync(DOCS_PATH, currentDocs());
  writeFileSync(README_PATH, currentReadme());
  process.stdout.write(`${relative(DOCS_PATH)}\n${relative(README_PATH)}\n`);
};

if (require.main === module) main(process.argv.slice(2));
