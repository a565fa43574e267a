import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * Runs a child tool with a temporary folder of its own, removed afterwards: prism (which
 * spectral's component-manifest calls to sign the bundle) zips dist/ into the system temp
 * folder and leaves the zip behind. Node's os.tmpdir() reads TMPDIR (TMP and TEMP on Windows).
 * @example withPrivateTemp((env) => execFileSync("prism", ["components:signature"], { env }))
 */
export const withPrivateTemp = <T>(run: (env: NodeJS.ProcessEnv) => T): T => {
  const folder = mkdtempSync(path.join(tmpdir(), "http-connector-tools-"));
  try {
    return run({ ...process.env, TMPDIR: folder, TMP: folder, TEMP: folder });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
