/**
 * `npm run bench:instructions`: the per-request cost counted in instructions instead of CPU time.
 * CPU time on a shared 2-core machine moves ±20 % between rounds; valgrind's callgrind counts the
 * instructions a process executes (every thread, the garbage collector's too), which barely
 * moves with what else the machine is doing. Each client sends a small and a large number of
 * sequential requests in fresh processes under callgrind; the difference over the difference in
 * requests is the cost of one request, with start-up, loading and warm-up cancelled out.
 *
 * Instructions are not cycles: a path that touches more code and memory per instruction (a
 * bigger working set) costs more CPU time than its count says. Read it beside `npm run bench`,
 * which measures time; together they tell work done from how fast the machine runs it.
 *
 *   npx tsx bench/instructions.ts                 small JSON GET, sequential
 *   npx tsx bench/instructions.ts --all           also the 64 KB JSON POST and the HTTPS GET
 *   npx tsx bench/instructions.ts --bundle FILE   another build of the connector as (a)
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { CLIENT_LABELS, type ClientName } from "./clients";
import type { InstructionsArgs } from "./instructionsChild";
import { startServer, writeCaFile } from "./serverProcess";
import { table } from "./table";

const REPO = path.resolve(__dirname, "..");
const CLIENTS: ClientName[] = ["action", "spectral", "axios"];
const KINDS = [
  { request: "getSmall", label: "small JSON GET, sequential" },
  { request: "postJson", label: "64 KB JSON POST, sequential" },
  { request: "getHttps", label: "small JSON GET over HTTPS, sequential" },
] as const;
/** Enough requests past warm-up that a major garbage collection more or less moves the slope little. */
const FEW = 500;
const MANY = 2500;
const COLLECTED = /Collected\s*:\s*([\d,]+)/;

const hasValgrind = (): boolean => spawnSync("valgrind", ["--version"]).status === 0;

/** Instructions of one child process sending `requests` requests. */
const countInstructions = (args: InstructionsArgs, caFile: string): Promise<number> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      "valgrind",
      [
        "--tool=callgrind",
        "--callgrind-out-file=/dev/null",
        process.execPath,
        "--import",
        "tsx",
        path.join(__dirname, "instructionsChild.ts"),
        JSON.stringify(args),
      ],
      { cwd: REPO, env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile }, stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      const collected = COLLECTED.exec(stderr)?.[1];
      if (code !== 0 || collected === undefined) {
        return reject(
          new Error(`${args.client} ${args.request} under valgrind exited ${code}:\n${stderr.slice(-2000)}`),
        );
      }
      resolve(Number(collected.replaceAll(",", "")));
    });
  });

const main = async (): Promise<void> => {
  if (!hasValgrind()) {
    console.error("valgrind is not installed (Debian: apt-get install valgrind); it counts the instructions");
    process.exit(2);
  }
  const argv = process.argv.slice(2);
  const bundleAt = argv.indexOf("--bundle");
  const bundlePath = path.resolve(bundleAt >= 0 ? argv[bundleAt + 1] : path.join(REPO, "dist", "index.js"));
  if (!fs.existsSync(bundlePath)) {
    console.error(`${bundlePath} does not exist: run npm run build first`);
    process.exit(2);
  }
  const kinds = argv.includes("--all") ? KINDS : KINDS.slice(0, 1);
  const { server, baseUrl, httpsUrl, ca } = await startServer();
  const caFile = writeCaFile(ca);
  try {
    const rows: string[][] = [];
    for (const { request, label } of kinds) {
      const perRequest = {} as Record<ClientName, number>;
      for (const client of CLIENTS) {
        const args = (requests: number): InstructionsArgs => ({
          client,
          request,
          requests,
          bundlePath,
          baseUrl,
          httpsUrl,
        });
        // Two processes at once: one per core.
        const [few, many] = await Promise.all([
          countInstructions(args(FEW), caFile),
          countInstructions(args(MANY), caFile),
        ]);
        perRequest[client] = (many - few) / (MANY - FEW);
      }
      for (const client of CLIENTS) {
        rows.push([
          label,
          CLIENT_LABELS[client],
          (perRequest[client] / 1e6).toFixed(2),
          (perRequest[client] / perRequest.spectral).toFixed(2),
          (perRequest[client] / perRequest.axios).toFixed(2),
        ]);
      }
    }
    console.log(`Instructions per request (valgrind callgrind, ${MANY} minus ${FEW} requests):\n`);
    console.log(table(["scenario", "client", "M instructions", "× (b)", "× (c)"], rows));
  } finally {
    server.kill();
  }
};

main().catch((error: Error) => {
  console.error(error.stack ?? String(error));
  process.exit(1);
});
