/**
 * Parsing memory, parent side (issue 13): a 100 MB table of rows read by the action as CSV, XML
 * and, for reference, JSON, each run in a fresh child process (parsingChild.ts). Reported as
 * peak RSS growth and its multiple of the body; JSON shows what the same rows cost as parsed
 * objects anyway, so CSV and XML are judged against it.
 */
import { runChild } from "./child";
import type { ParsingArgs, ParsingResult } from "./parsingChild";
import { ROW_FORMATS, type RowFormat } from "./rows";
import { type Spread, spread } from "./stats";
import { formatSpread, MIB, table } from "./table";

const BODY_BYTES = 100 * MIB;
/** Parsing 100 MB of XML takes a minute or more on a busy 2-core machine. */
const PARSING_TIMEOUT_MS = 300_000;
const MS_PER_SECOND = 1000;

const scaled = (figure: Spread, by: number): Spread => spread(figure.runs.map((value) => value / by));

export type ParsingFigures = Record<
  RowFormat,
  { bytes: number; growthVsBody?: Spread; growthBytes?: Spread; elapsedMs?: Spread; error?: string }
>;

/**
 * Parses each format's body `runs` times.
 * @example const figures = await measureParsing(baseUrl, bundlePath, 1)
 */
export const measureParsing = async (baseUrl: string, bundlePath: string, runs: number): Promise<ParsingFigures> => {
  const figures = {} as ParsingFigures;
  for (const format of ROW_FORMATS) {
    const results: ParsingResult[] = [];
    for (let round = 0; round < runs && !results.some((result) => result.error); round += 1) {
      const args: ParsingArgs = { format, bytes: BODY_BYTES, baseUrl, bundlePath };
      results.push(await runChild<ParsingResult>("parsingChild.ts", args, ["--expose-gc"], {}, PARSING_TIMEOUT_MS));
    }
    const failed = results.find((result) => result.error !== undefined);
    if (failed) {
      figures[format] = { bytes: BODY_BYTES, error: failed.error };
      continue;
    }
    const growth = results.map((result) => result.growthBytes as number);
    figures[format] = {
      bytes: BODY_BYTES,
      growthBytes: spread(growth),
      growthVsBody: spread(growth.map((value) => value / BODY_BYTES)),
      elapsedMs: spread(results.map((result) => result.elapsedMs as number)),
    };
  }
  return figures;
};

/**
 * Peak RSS growth per format.
 * @example console.log(parsingTable(figures))
 */
export const parsingTable = (figures: ParsingFigures): string =>
  table(
    ["100 MB body as", "peak RSS growth MB", "× body", "seconds"],
    ROW_FORMATS.map((format) => {
      const { growthBytes, growthVsBody, elapsedMs, error } = figures[format];
      if (!growthBytes || !growthVsBody || !elapsedMs) return [format, `fails: ${error}`, "–", "–"];
      return [
        format,
        formatSpread(scaled(growthBytes, MIB), 0),
        formatSpread(growthVsBody, 2),
        formatSpread(scaled(elapsedMs, MS_PER_SECOND), 1),
      ];
    }),
  );
