/**
 * Where a request's CPU goes: builds the connector unminified with named modules and a source
 * map, profiles sequential small JSON GETs through the built bundle (profileChild.ts), and maps
 * every sample back to its source file, so the shares are by part: our src/, axios, spectral,
 * Node's own HTTP stack, garbage collection. `npm run bench:profile` prints them alone (with
 * `-- --pages`, for Fetch All Pages; with `-- --others`, the busiest functions of other parts
 * too); `npm run bench` prints them with the other figures.
 */
import fs from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map";
import webpack, { type Configuration } from "webpack";
import { BUILD_DIR } from "./bundles";
import { runChild } from "./child";
import type { ProfileArgs } from "./profileChild";
import { startServer } from "./serverProcess";
import { table } from "./table";

const REPO = path.resolve(__dirname, "..");
const PROFILE_BUILD = path.join(BUILD_DIR, "profile");

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

export interface ProfileShares {
  requests: number;
  /** Share of busy samples (idle excluded) by part, largest first. */
  parts: { part: string; share: number }[];
  /** Our own functions with the largest self time, as a share of busy samples. */
  ownFunctions: { name: string; share: number }[];
  /** Every other part's functions with the largest self time, to see what our calls cost there. */
  otherFunctions: { name: string; share: number }[];
}

/** The project's webpack config, unminified, with readable module ids and a source map. */
const profileConfig = (): Configuration => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const base = require(path.join(REPO, "webpack.config.js")) as Configuration;
  return {
    ...base,
    context: REPO,
    devtool: "source-map",
    output: { ...base.output, path: PROFILE_BUILD },
    optimization: { ...base.optimization, minimize: false, moduleIds: "named", concatenateModules: false },
  };
};

const buildUnminified = (): Promise<string> =>
  new Promise((resolve, reject) => {
    webpack(profileConfig(), (error, stats) => {
      if (error || !stats) return reject(error ?? new Error("webpack returned no stats"));
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve(path.join(PROFILE_BUILD, "index.js"));
    });
  });

/** Samples that are not a part's own work. */
const IDLE = new Set(["(idle)", "(program)", "(root)"]);

const packagePart = (source: string): string | undefined => {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return inPackage?.[1];
};

/** The part a source file belongs to. */
const partOf = (source: string): string => {
  const pkg = packagePart(source);
  if (pkg) return pkg;
  if (/(^|\/)src\//.test(source)) return "our src/";
  if (/(^|\/)(bench|scripts)\//.test(source)) return "bench harness";
  if (source.startsWith("webpack/")) return "webpack runtime";
  return "Node.js (its HTTP stack, streams, timers)";
};

/**
 * Profiles `requests` sequential GETs against `baseUrl` and returns each part's share.
 * @example const shares = await profileShares("http://127.0.0.1:8080", 3000)
 */
export const profileShares = async (
  baseUrl: string,
  requests = 3000,
  scenario: ProfileArgs["scenario"] = "get",
): Promise<ProfileShares> => {
  const bundlePath = await buildUnminified();
  const args: ProfileArgs = { baseUrl, bundlePath, warmup: 500, requests, scenario };
  const profile = await runChild<CpuProfile>("profileChild.ts", args);
  const bundleUrl = `file://${bundlePath}`;
  const map = await new SourceMapConsumer(JSON.parse(fs.readFileSync(`${bundlePath}.map`, "utf8")));
  try {
    const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
    const partCounts = new Map<string, number>();
    const ownCounts = new Map<string, number>();
    const otherCounts = new Map<string, number>();
    let busy = 0;
    for (const id of profile.samples) {
      const { callFrame } = nodes.get(id) as ProfileNode;
      if (IDLE.has(callFrame.functionName)) continue;
      busy += 1;
      let part: string;
      if (callFrame.functionName === "(garbage collector)") part = "garbage collection";
      else if (callFrame.url === bundleUrl) {
        const original = map.originalPositionFor({ line: callFrame.lineNumber + 1, column: callFrame.columnNumber });
        const source = original.source?.replace(/^webpack:\/\/[^/]*\//, "") ?? "webpack runtime";
        part = partOf(source);
        if (part === "our src/") {
          const name = `${source.replace(/^.*?src\//, "src/")}: ${callFrame.functionName || "(anonymous)"}`;
          ownCounts.set(name, (ownCounts.get(name) ?? 0) + 1);
        }
      } else if (callFrame.url.startsWith("file://")) part = partOf(callFrame.url);
      else part = "Node.js (its HTTP stack, streams, timers)";
      partCounts.set(part, (partCounts.get(part) ?? 0) + 1);
      if (part !== "our src/") {
        const name = `${part}: ${callFrame.functionName || "(anonymous)"} ${callFrame.url.replace(/^.*\//, "")}:${callFrame.lineNumber + 1}`;
        otherCounts.set(name, (otherCounts.get(name) ?? 0) + 1);
      }
    }
    const shares = (counts: Map<string, number>) =>
      [...counts].sort((a, b) => b[1] - a[1]).map(([name, count]) => ({ name, share: count / busy }));
    return {
      requests,
      parts: shares(partCounts).map(({ name, share }) => ({ part: name, share })),
      ownFunctions: shares(ownCounts).slice(0, process.argv.includes("--others") ? 60 : 15),
      otherFunctions: shares(otherCounts).slice(0, 40),
    };
  } finally {
    map.destroy();
  }
};

const percent = (share: number) => `${(share * 100).toFixed(1)} %`;

/** The share of each part, and our own busiest functions. */
export const profileTables = (shares: ProfileShares): string[] => [
  table(
    ["part", "share of busy CPU"],
    shares.parts.map(({ part, share }) => [part, percent(share)]),
  ),
  table(
    ["our busiest functions (self time)", "share"],
    shares.ownFunctions.map(({ name, share }) => [name, percent(share)]),
  ),
];

/** The share of busy CPU spent in our own src/. */
export const ownShare = (shares: ProfileShares): number =>
  shares.parts.find(({ part }) => part === "our src/")?.share ?? 0;

if (require.main === module) {
  void (async () => {
    const { server, baseUrl } = await startServer();
    try {
      const pages = process.argv.includes("--pages");
      const shares = await profileShares(baseUrl, 3000, pages ? "pages" : "get");
      const what = pages ? "Fetch All Pages walks" : "sequential small JSON GETs";
      console.log(`CPU profile of ${shares.requests} requests of ${what} (unminified bundle):\n`);
      console.log(profileTables(shares).join("\n\n"));
      if (process.argv.includes("--others")) {
        console.log(
          `\n${table(
            ["other busiest functions (self time)", "share"],
            shares.otherFunctions.map(({ name, share }) => [name, percent(share)]),
          )}`,
        );
      }
    } finally {
      server.kill();
    }
  })().catch((error: Error) => {
    console.error(error.stack ?? error);
    process.exit(1);
  });
}
