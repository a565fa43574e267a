/**
 * One large response parsed in a process of its own (issue 13): the action GETs a table of rows
 * as CSV, XML or JSON with the matching Response Type and returns the parsed rows. The figure is
 * peak RSS growth over the warmed-up process, as in memoryChild.ts; the body itself, the text
 * decoded from it and the parsed rows all count. Every row must come back.
 */
import { childMain } from "./child";
import { PATHS } from "./protocol";
import { type RowFormat, rowCount } from "./rows";
import { actionRunner, loadBundle } from "./runtime";

export interface ParsingArgs {
  format: RowFormat;
  bytes: number;
  baseUrl: string;
  bundlePath: string;
}

export interface ParsingResult {
  growthBytes?: number;
  elapsedMs?: number;
  error?: string;
}

const WARM_UP_BYTES = 1024 * 1024;
const KIB = 1024;

const maxRssBytes = (): number => process.resourceUsage().maxRSS * KIB;

/** The rows of a parsed body: XML's are the repeated `row` elements under the root. */
const rowsOf = (format: RowFormat, data: unknown): unknown[] =>
  (format === "xml" ? (data as { rows: { row: unknown[] } }).rows.row : data) as unknown[];

const measure = async ({ format, bytes, baseUrl, bundlePath }: ParsingArgs): Promise<ParsingResult> => {
  const get = actionRunner(loadBundle(bundlePath), "httpGet");
  const parse = async (size: number) => {
    const { data } = await get({
      url: `${baseUrl}${PATHS.rows}?format=${format}&bytes=${size}`,
      responseType: format,
      maxResponseBytes: String(2 * size),
    });
    const rows = rowsOf(format, data);
    if (rows.length !== rowCount(format, size)) throw new Error(`${rows.length} rows of ${rowCount(format, size)}`);
  };
  for (let round = 0; round < 2; round += 1) await parse(WARM_UP_BYTES);
  global.gc?.();
  const baseline = maxRssBytes();
  const started = Date.now();
  try {
    await parse(bytes);
  } catch (error) {
    return { error: (error as Error).message };
  }
  return { growthBytes: maxRssBytes() - baseline, elapsedMs: Date.now() - started };
};

if (require.main === module) childMain(measure);
