/**
 * Regenerates `.spectral/manifest/`: the component manifest that code-native integrations
 * import to call this component's actions with types. It is produced by spectral's own
 * `component-manifest` generator from the built bundle, offline (`--skip-signature-verify`
 * signs the local bundle with prism instead of asking the platform), never edited by hand.
 *
 * Usage: npm run manifest [-- --output-dir <dir>]
 */
import { spawnSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensureBuilt, ROOT } from "./cli/build";
import { withPrivateTemp } from "./privateTemp";

export const MANIFEST_DIR = path.join(ROOT, ".spectral", "manifest");

const BIN = path.join(ROOT, "node_modules", ".bin");

/**
 * The generator stamps the package with the time it ran; the component's own version is used
 * instead, so the same bundle always yields the same manifest and a stale one can be detected.
 */
const pinVersion = (outputDir: string): void => {
  const file = path.join(outputDir, "package.json");
  const manifest = JSON.parse(readFileSync(file, "utf8"));
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
  writeFileSync(file, `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
};

/**
 * Builds the bundle if needed, then writes the manifest into `outputDir`.
 * @example await generateManifest("/tmp/manifest") // then compare with .spectral/manifest
 */
export const generateManifest = async (outputDir = MANIFEST_DIR): Promise<void> => {
  await ensureBuilt();
  rmSync(outputDir, { recursive: true, force: true });
  const result = withPrivateTemp((env) =>
    spawnSync(
      path.join(BIN, "component-manifest"),
      ["--skip-signature-verify", "--output-dir", outputDir],
      // prism (which signs the bundle) is found on PATH, as npm scripts would provide it.
      { cwd: ROOT, encoding: "utf8", env: { ...env, PATH: `${BIN}${path.delimiter}${process.env.PATH}` } },
    ),
  );
  if (result.status !== 0) {
    throw new Error(`component-manifest failed (exit ${result.status}): ${result.stderr || result.stdout}`);
  }
  pinVersion(outputDir);
};

if (require.main === module) {
  const flag = process.argv.indexOf("--output-dir");
  const outputDir = flag > 0 ? path.resolve(process.argv[flag + 1]) : MANIFEST_DIR;
  generateManifest(outputDir).then(
    () => process.stdout.write(`Component manifest written to ${path.relative(ROOT, outputDir) || "."}\n`),
    (error: Error) => {
      process.stderr.write(`${error.message}\n`);
      process.exitCode = 1;
    },
  );
}
