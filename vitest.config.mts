import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/globalSetup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Each file runs in its own process, so a test that sets HTTP_PROXY cannot leak into another.
    pool: "forks",
  },
});
