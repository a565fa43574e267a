/** Fetch All Pages' cost per page, parent side (pagesChild.ts measures). */
import { runChild } from "./child";
import type { PagesArgs, PagesResult } from "./pagesChild";
import { PAGE_COUNT } from "./protocol";
import { ratioSpread, type Spread, spread } from "./stats";
import { formatSpread, table } from "./table";
import { TARGETS, type TargetCheck } from "./targets";

export interface PagesFigures {
  pages: number;
  cpuMicrosPerPage: Spread;
  cpuMicrosPerGet: Spread;
  pageVsGet: Spread;
}

/**
 * Walks PAGE_COUNT pages `rounds` times in one warm process, beside as many single GETs.
 * @example const figures = await measurePages(baseUrl, bundlePath, 3)
 */
export const measurePages = async (baseUrl: string, bundlePath: string, rounds: number): Promise<PagesFigures> => {
  const args: PagesArgs = { baseUrl, bundlePath, rounds };
  const result = await runChild<PagesResult>("pagesChild.ts", args);
  return {
    pages: PAGE_COUNT,
    cpuMicrosPerPage: spread(result.perPage),
    cpuMicrosPerGet: spread(result.perGet),
    pageVsGet: ratioSpread(result.perPage, result.perGet),
  };
};

export const pagesTable = (figures: PagesFigures): string =>
  table(
    ["Fetch All Pages", "CPU µs/page", "single GET µs", "page / GET"],
    [
      [
        `${figures.pages} pages`,
        formatSpread(figures.cpuMicrosPerPage, 0),
        formatSpread(figures.cpuMicrosPerGet, 0),
        formatSpread(figures.pageVsGet, 2),
      ],
    ],
  );

export const pagesChecks = (figures: PagesFigures): TargetCheck[] => [
  {
    target: `Fetch All Pages: CPU per page ≤ ${TARGETS.pageVsGet} × a single GET's`,
    measured: `${figures.pageVsGet.median.toFixed(2)} ×`,
    met: figures.pageVsGet.median <= TARGETS.pageVsGet,
  },
];
