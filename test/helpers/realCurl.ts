import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { ensureCurl } from "./debian";

/** What the real curl is told before the pasted options: no ~/.curlrc, no progress, output to nowhere. */
const QUIET = "-q -s -o /dev/null --max-time 10";
/** A line that starts with `curl` (any leading spaces kept): the program word of the command. */
const PROGRAM = /^(\s*)curl\b/;

/**
 * Runs a pasted command with the real curl, through bash, as a user would in a terminal: the
 * shell does the quoting, `$'…'`, continuations and heredocs. It runs in an empty folder of its
 * own with no proxy variables, so options that save files (-O, -D, -c) and the environment
 * change nothing the comparison sees. Resolves when curl exits, whatever its status.
 * @example await runRealCurl(`curl -H 'X-A: 1' ${server.url}/x`)
 */
export const runRealCurl = (command: string): Promise<void> => {
  const curl = ensureCurl();
  const folder = mkdtempSync(path.join(tmpdir(), "curl-diff-"));
  const script = command.replace(PROGRAM, `$1${curl} ${QUIET}`);
  return new Promise((resolve) => {
    execFile(
      "bash",
      ["--noprofile", "--norc", "-c", script],
      { cwd: folder, env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: folder }, timeout: 20_000 },
      () => {
        rmSync(folder, { recursive: true, force: true });
        resolve();
      },
    );
  });
};
