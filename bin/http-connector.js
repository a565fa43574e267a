#!/usr/bin/env node
/**
 * `npx http-connector <action> --<input> <value> ...` inside this repository: the same runner
 * as `npm start --`, without npm's banner on stdout, so a result can be piped (`| jq .`). The
 * TypeScript runner is loaded in this process through tsx, so the exit code, signals and the
 * terminal checks are the runner's own. npx starts it in the user's folder, which relative
 * `@path` and `-o` paths are read from.
 */
require("tsx/cjs/api").register();
require("../scripts/cli/main.ts").startCli(process.argv.slice(2), process.cwd());
