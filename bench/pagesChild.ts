/**
 * Fetch All Pages' cost per page, in a process of its own: the CPU of walking PAGE_COUNT pages
 * (one item each, then an empty page) with httpPaginate, over the CPU of as many single GETs of
 * the same page with httpGet, round by round in the same warm process, the two in turns.
 */
import { childMain } from "./child";
import { PAGE_COUNT, PATHS } from "./protocol";
import { actionRunner, loadBundle } from "./runtime";

export interface PagesArgs {
  baseUrl: string;
  bundlePath: string;
  rounds: number;
}

export interface PagesResult {
  /** CPU µs per page of the walk, per round. */
  perPage: number[];
  /** CPU µs per single GET, per round. */
  perGet: number[];
}

const cpuMicros = async (run: () => Promise<void>): Promise<number> => {
  const before = process.cpuUsage();
  await run();
  const used = process.cpuUsage(before);
  return used.user + used.system;
};

const measure = async (args: PagesArgs): Promise<PagesResult> => {
  const component = loadBundle(args.bundlePath);
  const paginate = actionRunner(component, "httpPaginate");
  const get = actionRunner(component, "httpGet");
  const url = `${args.baseUrl}${PATHS.pages}`;
  const walk = async () => {
    const { data } = await paginate({
      url,
      paginationMode: "page",
      pageParam: "page",
      itemsPath: "items",
      maxPages: String(PAGE_COUNT + 1),
    });
    const items = (data as { items?: unknown[] }).items ?? (data as unknown[]);
    if (!Array.isArray(items) || items.length !== PAGE_COUNT)
      throw new Error(`the walk returned ${JSON.stringify(data).slice(0, 200)}`);
  };
  const singles = async () => {
    for (let page = 1; page <= PAGE_COUNT; page += 1) await get({ url: `${url}?page=1` });
  };
  await walk();
  await singles();
  const result: PagesResult = { perPage: [], perGet: [] };
  // The order alternates: what one leaves to collect, or a drift of the machine's speed, does
  // not always fall on the same side of the ratio.
  for (let round = 0; round < args.rounds; round += 1) {
    const walkFirst = round % 2 === 0;
    if (walkFirst) result.perPage.push((await cpuMicros(walk)) / (PAGE_COUNT + 1));
    result.perGet.push((await cpuMicros(singles)) / PAGE_COUNT);
    if (!walkFirst) result.perPage.push((await cpuMicros(walk)) / (PAGE_COUNT + 1));
  }
  return result;
};

if (require.main === module) childMain(measure);
