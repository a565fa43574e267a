/**
 * `npm run bench`: issue 5's benchmark. Builds the connector and a reference component with the
 * project's webpack config, starts a loopback server in its own process, then measures
 * per-request cost, memory on 256 MB transfers, memory parsing a 100 MB CSV or XML response and
 * cold start, each client in fresh processes.
 * Prints the tables and the targets, and writes every figure to bench/results.json.
 *
 *   npx tsx bench/run.ts            the full run (about 5 minutes on 2 cores)
 *   npx tsx bench/run.ts --quick    fewer, shorter rounds, to try the harness
 *   npx tsx bench/run.ts --bundle /abs/index.js   measure another build of the connector as (a)
 *   npx tsx bench/run.ts --record   also write bench/results.json, the figures the README quotes
 *   npx tsx bench/run.ts --only perRequest,pages   measure only these parts (perRequest, pages,
 *                                   profile, memory, parsing, coldStart)
 *
 * Figures go to bench/.build/results.json (not tracked), so a trial run leaves the tree clean.
 * The process exits with 3 when a target is missed, so a script or CI can tell.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type BuiltBundle, compositionTable } from "./bundles";
import { runChild } from "./child";
import {
  type ColdStartFigures,
  coldStartChecks,
  coldStartRatios,
  coldStartRatioTable,
  coldStartTable,
  measureColdStarts,
} from "./coldStart";
import { measureMemory, memoryChecks, memoryTable } from "./memory";
import { measurePages, pagesChecks, pagesTable } from "./pages";
import { measureParsing, parsingTable } from "./parsing";
import { measurePerRequest, perRequestChecks, perRequestRatioTable, perRequestTable } from "./perRequest";
import { ownShare, profileShares, profileTables } from "./profile";
import { startServer, writeCaFile } from "./serverProcess";
import { table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

const SETTINGS = {
  full: {
    rounds: 5,
    warmupRequests: 2000,
    measureMs: 1000,
    memoryRuns: 3,
    parsingRuns: 1,
    spawns: 15,
    pageRounds: 6,
    profiled: 3000,
  },
  quick: {
    rounds: 2,
    warmupRequests: 300,
    measureMs: 400,
    memoryRuns: 1,
    parsingRuns: 1,
    spawns: 5,
    pageRounds: 1,
    profiled: 1000,
  },
} as const;

/** Every run's figures; untracked, like the rest of bench/.build/. */
const RUN_RESULTS_FILE = path.join(__dirname, ".build", "results.json");
/** The recorded figures the README quotes, written only with --record. */
const RECORDED_RESULTS_FILE = path.join(__dirname, "results.json");
/** The exit code of a run that missed a target; 1 stays for a run that failed. */
const TARGET_MISSED = 3;

const argValue = (name: string): string | undefined => {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
};

/** The parts a run measures: all, or those `--only perRequest,pages` names (such a run is never recorded). */
const PARTS = ["perRequest", "pages", "profile", "memory", "parsing", "coldStart"] as const;
const only = argValue("--only")?.split(",");
const unknownPart = only?.find((part) => !(PARTS as readonly string[]).includes(part));
if (unknownPart) throw new Error(`--only: unknown part "${unknownPart}"; the parts are ${PARTS.join(", ")}`);
const wants = (part: (typeof PARTS)[number]): boolean => only === undefined || only.includes(part);

/** Measures a part when the run wants it, saying what it does; undefined when it does not. */
const measured = async <T>(part: (typeof PARTS)[number], what: string, measure: () => Promise<T>) => {
  if (!wants(part)) return undefined;
  console.log(`${what} ...`);
  return measure();
};

const section = (title: string, ...blocks: string[]) => console.log(`\n## ${title}\n\n${blocks.join("\n\n")}`);

const main = async () => {
  const settings = process.argv.includes("--quick") ? SETTINGS.quick : SETTINGS.full;
  const startedAt = Date.now();
  console.log(`Building the bundles (bench/.build/) ...`);
  const built = await runChild<BuiltBundle[]>("buildChild.ts", {});
  const bundlePath = argValue("--bundle") ?? (built.find((bundle) => bundle.name === "component") as BuiltBundle).path;
  const bundles = Object.fromEntries(
    built.map((bundle) => [bundle.name, bundle.name === "component" ? bundlePath : bundle.path]),
  );

  const { server, baseUrl, httpsUrl, ca } = await startServer();
  const caFile = writeCaFile(ca);
  try {
    const perRequest = await measured("perRequest", `Per-request cost: ${settings.rounds} rounds of 4 clients`, () =>
      measurePerRequest({ baseUrl, httpsUrl }, caFile, bundlePath, settings),
    );
    const pages = await measured("pages", `Fetch All Pages: ${settings.pageRounds} rounds`, () =>
      measurePages(baseUrl, bundlePath, settings.pageRounds),
    );
    const profile = await measured("profile", `CPU profile: ${settings.profiled} sequential GETs, unminified`, () =>
      profileShares(baseUrl, settings.profiled),
    );
    const memory = await measured("memory", `Memory: ${settings.memoryRuns} runs per transfer and client`, () =>
      measureMemory(baseUrl, bundlePath, settings.memoryRuns),
    );
    const parsing = await measured(
      "parsing",
      `Parsing: ${settings.parsingRuns} runs per format of a 100 MB response`,
      () => measureParsing(baseUrl, bundlePath, settings.parsingRuns),
    );
    let coldStart: ColdStartFigures | undefined;
    if (wants("coldStart")) {
      console.log(`Cold start: ${settings.spawns} fresh processes per bundle ...`);
      const cold = await measureColdStarts(bundles as Record<BuiltBundle["name"], string>, settings.spawns);
      coldStart = Object.fromEntries(
        built.map((bundle) => [bundle.name, { ...cold[bundle.name], bytes: fs.statSync(bundles[bundle.name]).size }]),
      ) as ColdStartFigures;
    }

    const checks: TargetCheck[] = [
      ...(perRequest ? perRequestChecks(perRequest) : []),
      ...(pages ? pagesChecks(pages) : []),
      ...(profile
        ? [
            {
              target: `our src/ ≤ ${TARGETS.ownShareOfProfile * 100} % of the sequential GET's CPU profile`,
              measured: `${(ownShare(profile) * 100).toFixed(1)} %`,
              met: ownShare(profile) <= TARGETS.ownShareOfProfile,
            },
          ]
        : []),
      ...(memory ? memoryChecks(memory) : []),
      ...(coldStart ? coldStartChecks(coldStart) : []),
    ];
    if (perRequest) {
      section(
        "Per-request cost (client CPU per request, requests/s: median (min–max) of rounds)",
        perRequestTable(perRequest),
        perRequestRatioTable(perRequest),
      );
    }
    if (pages) section("Fetch All Pages (CPU per page against a single GET, same process)", pagesTable(pages));
    if (profile) section("Where the sequential GET's CPU goes (CPU profile, busy samples)", ...profileTables(profile));
    if (memory) section("Memory (peak RSS growth over the warmed-up idle process)", memoryTable(memory));
    if (parsing) {
      section(
        "Parsing a 100 MB response (peak RSS growth; JSON of the same rows for reference)",
        parsingTable(parsing),
      );
    }
    if (coldStart) {
      section(
        "Cold start (fresh node process per run)",
        coldStartTable(coldStart),
        coldStartRatioTable(coldStart),
        compositionTable(built),
      );
    }
    section(
      "Targets",
      table(
        ["target", "measured", "met"],
        checks.map((check) => [check.target, check.measured, check.met ? "yes" : "NO"]),
      ),
    );

    const environment = {
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      loadAverage: os.loadavg(),
    };
    const results = {
      generatedAt: new Date().toISOString(),
      environment,
      settings,
      bundlePath: path.relative(process.cwd(), bundlePath),
      perRequest,
      pages,
      profile,
      memory,
      parsing,
      coldStart,
      coldStartRatios: coldStart && coldStartRatios(coldStart),
      bundles: built.map((bundle) => ({ ...bundle, path: path.relative(process.cwd(), bundle.path) })),
      targets: checks,
    };
    const record = process.argv.includes("--record") && only === undefined;
    const files = record ? [RUN_RESULTS_FILE, RECORDED_RESULTS_FILE] : [RUN_RESULTS_FILE];
    fs.mkdirSync(path.dirname(RUN_RESULTS_FILE), { recursive: true });
    for (const file of files) fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
    const written = files.map((file) => path.relative(process.cwd(), file)).join(" and ");
    console.log(`\nWrote ${written} in ${((Date.now() - startedAt) / 1000).toFixed(0)} s.`);
    const missed = checks.filter((check) => !check.met).length;
    if (missed > 0) {
      console.log(`${missed} of ${checks.length} targets missed.`);
      process.exitCode = TARGET_MISSED;
    }
  } finally {
    server.kill();
  }
};

main().catch((error: Error) => {
  console.error(error.stack ?? error);
  process.exit(1);
});
