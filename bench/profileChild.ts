/**
 * The profiled run, in a process of its own: loads the unminified bundle, warms up, then records
 * a CPU profile (node:inspector, sampling every 100 µs) over sequential small JSON GETs, and
 * hands the profile back. Only the measured window is sampled.
 */
import { Session } from "node:inspector/promises";
import { childMain } from "./child";
import { checkSmall, PAGE_COUNT, PATHS } from "./protocol";
import { actionRunner, loadBundle } from "./runtime";

export interface ProfileArgs {
  baseUrl: string;
  bundlePath: string;
  warmup: number;
  requests: number;
  /** What is profiled: single GETs (the default), or Fetch All Pages walks of PAGE_COUNT pages. */
  scenario?: "get" | "pages";
}

const SAMPLING_INTERVAL_US = 100;

/** One unit of the profiled work: a GET, or a walk over every page (PAGE_COUNT requests). */
const workOf = (args: ProfileArgs): { run: () => Promise<void>; requests: number } => {
  const component = loadBundle(args.bundlePath);
  if (args.scenario === "pages") {
    const paginate = actionRunner(component, "httpPaginate");
    const url = `${args.baseUrl}${PATHS.pages}`;
    const inputs = { url, paginationMode: "page", pageParam: "page", itemsPath: "items", maxPages: "10000" };
    return { run: async () => void (await paginate(inputs)), requests: PAGE_COUNT };
  }
  const get = actionRunner(component, "httpGet");
  const url = `${args.baseUrl}${PATHS.small}`;
  return { run: async () => checkSmall((await get({ url })).data), requests: 1 };
};

const profile = async (args: ProfileArgs): Promise<unknown> => {
  const work = workOf(args);
  const times = (requests: number) => Math.max(1, Math.round(requests / work.requests));
  for (let index = 0; index < times(args.warmup); index += 1) await work.run();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  await session.post("Profiler.start");
  for (let index = 0; index < times(args.requests); index += 1) await work.run();
  const { profile: recorded } = await session.post("Profiler.stop");
  session.disconnect();
  return recorded;
};

if (require.main === module) childMain(profile);
