/**
 * The profiled run, in a process of its own: loads the unminified bundle, warms up, then records
 * a CPU profile (node:inspector, sampling every 100 µs) over sequential small JSON GETs, and
 * hands the profile back. Only the measured window is sampled.
 */
import { Session } from "node:inspector/promises";
import { childMain } from "./child";
import { checkSmall, PATHS } from "./protocol";
import { actionRunner, loadBundle } from "./runtime";

export interface ProfileArgs {
  baseUrl: string;
  bundlePath: string;
  warmup: number;
  requests: number;
}

const SAMPLING_INTERVAL_US = 100;

const profile = async (args: ProfileArgs): Promise<unknown> => {
  const get = actionRunner(loadBundle(args.bundlePath), "httpGet");
  const url = `${args.baseUrl}${PATHS.small}`;
  for (let index = 0; index < args.warmup; index += 1) checkSmall((await get({ url })).data);
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  await session.post("Profiler.start");
  for (let index = 0; index < args.requests; index += 1) checkSmall((await get({ url })).data);
  const { profile: recorded } = await session.post("Profiler.stop");
  session.disconnect();
  return recorded;
};

if (require.main === module) childMain(profile);
