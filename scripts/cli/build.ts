import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync, utimesSync } from "node:fs";
import path from "node:path";

/** The repository root: scripts/cli/ is two levels below it. */
export const ROOT = path.resolve(__dirname, "..", "..");
/** The bundle the platform runtime loads. */
export const BUNDLE_PATH = path.join(ROOT, "dist", "index.js");
/**
 * Everything the bundle is made from. Beyond the sources and build config, the lock file and
 * tsconfig.json count too: a dependency upgrade or a compiler option changes the bundle.
 */
export const BUILD_INPUTS = [
  "src",
  "assets",
  "package.json",
  "package-lock.json",
  "webpack.config.js",
  "tsconfig.json",
];

const WEBPACK_BIN = path.join("node_modules", ".bin", "webpack");

/**
 * The newest modification time (ms) among files under the given paths; 0 when none exist.
 * @example newestMtime(["/repo/src", "/repo/package.json"]) // 1763910743000
 */
export const newestMtime = (paths: readonly string[]): number => {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stats = statSync(entry);
    const mtime = stats.isDirectory()
      ? newestMtime(readdirSync(entry).map((name) => path.join(entry, name)))
      : stats.mtimeMs;
    newest = Math.max(newest, mtime);
  }
  return newest;
};

/**
 * A bundle is stale when it is missing or older than anything it is built from.
 * @example isStale(undefined, 1000) // true
 * @example isStale(2000, 1000) // false
 */
export const isStale = (bundleMtime: number | undefined, newestInput: number): boolean =>
  bundleMtime === undefined || bundleMtime < newestInput;

/**
 * Whether `dist/index.js` under `root` needs building.
 * @example if (bundleIsStale()) await runWebpack();
 */
export const bundleIsStale = (root = ROOT): boolean => {
  const bundle = path.join(root, "dist", "index.js");
  const bundleMtime = existsSync(bundle) ? statSync(bundle).mtimeMs : undefined;
  return isStale(bundleMtime, newestMtime(BUILD_INPUTS.map((entry) => path.join(root, entry))));
};

/**
 * Runs the webpack build. Its report goes to stdout, which the runner keeps for results, so it
 * is captured and shown on stderr only when the build fails.
 * @example await runWebpack("/work/main");
 */
export const runWebpack = (root = ROOT): Promise<void> =>
  new Promise((resolve, reject) => {
    const child = spawn(path.join(root, WEBPACK_BIN), [], { cwd: root, stdio: ["ignore", "pipe", "inherit"] });
    const report: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => report.push(chunk));
    child.on("error", (error) =>
      reject(new Error(`Cannot start the webpack build (${WEBPACK_BIN}): ${error.message}`)),
    );
    child.on("close", (code) => {
      if (code === 0) return resolve();
      process.stderr.write(Buffer.concat(report));
      reject(new Error(`The webpack build failed (exit code ${code}); its report is above`));
    });
  });

/**
 * Builds `dist/index.js` when it is missing or older than its sources; otherwise does nothing.
 * @example await ensureBuilt(); // then require(BUNDLE_PATH)
 */
export const ensureBuilt = async (
  root = ROOT,
  note: (line: string) => void = (line) => process.stderr.write(line),
): Promise<boolean> => {
  if (!bundleIsStale(root)) return false;
  note("Building dist/index.js (webpack)...\n");
  const startedAt = new Date();
  await runWebpack(root);
  // Dated to when webpack started reading: a source saved during the build is then newer, so the next run rebuilds.
  utimesSync(path.join(root, "dist", "index.js"), startedAt, startedAt);
  note("Built dist/index.js\n");
  return true;
};
