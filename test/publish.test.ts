import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { version } from "../package.json";
import { BUNDLE_PATH, ROOT } from "../scripts/cli/build";
import { generateManifest, MANIFEST_DIR } from "../scripts/manifest";
import { withPrivateTemp } from "../scripts/privateTemp";

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BIN = path.join(ROOT, "node_modules", ".bin");

/** Every file under a folder, as relative paths, sorted. */
const filesUnder = (dir: string, prefix = ""): string[] =>
  readdirSync(dir)
    .flatMap((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    })
    .sort();

const scratch = mkdtempSync(path.join(tmpdir(), "http-manifest-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe("the built bundle (dist/, built by the test setup)", () => {
  it("default-exports the component and reports the package version", () => {
    // Loaded the way the platform runtime loads it.
    const bundle = require(BUNDLE_PATH);
    expect(bundle.default.key).toBe("http");
    expect(Object.keys(bundle.default.actions)).toContain("httpGet");
    expect(bundle.version).toBe(version);
  });

  it("ships the icon as a real PNG next to the bundle", () => {
    const icon = readFileSync(path.join(ROOT, "dist", "icon.png"));
    expect(icon.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(icon.equals(readFileSync(path.join(ROOT, "assets", "icon.png")))).toBe(true);
  });

  it("is accepted by Prismatic's prism CLI, offline", () => {
    // components:signature loads dist/, validates the definition and its icon, then signs it.
    const before = readdirSync(tmpdir());
    const signature = withPrivateTemp((env) =>
      execFileSync(path.join(BIN, "prism"), ["components:signature", "--skip-signature-verify"], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...env, PRISM_SKIP_UPDATE_CHECK: "1" },
      }),
    ).trim();
    expect(signature).toMatch(/^[0-9a-f]{40}$/);
    // Nothing prism made is left in the system temp folder.
    expect(readdirSync(tmpdir()).filter((name) => !before.includes(name) && name.endsWith(".zip"))).toEqual([]);
  });
});

describe(".spectral/manifest", () => {
  it("is what spectral's component-manifest generates from the current bundle (run npm run manifest when stale)", async () => {
    await generateManifest(scratch);
    const committed = filesUnder(MANIFEST_DIR);
    expect(filesUnder(scratch), "run npm run manifest").toEqual(committed);
    for (const file of committed) {
      const fresh = readFileSync(path.join(scratch, file), "utf8");
      expect(fresh, `.spectral/manifest/${file} is stale: run npm run manifest`).toBe(
        readFileSync(path.join(MANIFEST_DIR, file), "utf8"),
      );
    }
  }, 120_000);
});
