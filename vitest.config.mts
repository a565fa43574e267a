import path from "node:path";
import { defineConfig } from "vitest/config";

const MANIFEST_SOURCE = path.resolve(import.meta.dirname, ".spectral/manifest/src");
const SPECTRAL = path.resolve(import.meta.dirname, "node_modules/@prismatic-io/spectral");

export default defineConfig({
  resolve: {
    // The example integration (examples/cni) imports the manifest by its package name, as a
    // builder's would; in the repository that is its source, run with the one spectral in node_modules
    // (even when examples/cni has a node_modules of its own: two copies would not share the integration).
    alias: [
      { find: /^@prismatic-io\/spectral(\/.*)?$/, replacement: `${SPECTRAL}$1` },
      { find: /^@component-manifests\/http\/dist\/(.*)$/, replacement: `${MANIFEST_SOURCE}/$1` },
      { find: /^@component-manifests\/http$/, replacement: `${MANIFEST_SOURCE}/index.ts` },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each file runs in its own process, so a test that sets HTTP_PROXY cannot leak into another.
    pool: "forks",
  },
});
