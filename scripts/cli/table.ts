/** One line of the demo table. */
export interface TableRow {
  action: string;
  sample: string;
  status: string;
  result: string;
}

/** Result cells longer than this are cut: the table is a summary, one line per request. */
export const RESULT_WIDTH = 72;
const ELLIPSIS = "…";
const COLUMNS: { key: keyof TableRow; title: string }[] = [
  { key: "action", title: "ACTION" },
  { key: "sample", title: "REQUEST" },
  { key: "status", title: "STATUS" },
  { key: "result", title: "RESULT" },
];

/**
 * Cuts a text to one line of at most `width` characters.
 * @example truncate('{"id":4,"name":"Doohickey"}', 12) // '{"id":4,"na…'
 */
export const truncate = (text: string, width = RESULT_WIDTH): string => {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > width ? `${line.slice(0, width - ELLIPSIS.length)}${ELLIPSIS}` : line;
};

/**
 * A one-line summary of a response body: a count for lists, size and type for bytes, the start
 * of a text, compact JSON for anything else.
 * @example summarize([{ id: 1 }, { id: 2 }]) // "2 items"
 * @example summarize(Buffer.alloc(1234), "image/png") // "binary 1234 bytes image/png"
 */
export const summarize = (body: unknown, contentType?: string): string => {
  if (body instanceof Uint8Array) return `binary ${body.byteLength} bytes ${contentType ?? ""}`.trim();
  if (Array.isArray(body)) return `${body.length} ${body.length === 1 ? "item" : "items"}`;
  if (body === null || body === undefined || body === "") return "empty body";
  if (typeof body === "string") return truncate(`text ${body.length} chars: ${JSON.stringify(body)}`);
  return truncate(JSON.stringify(body) ?? String(body));
};

/**
 * Lays rows out in aligned columns under a header line.
 * @example formatTable([{ action: "httpGet", sample: "GET /items", status: "200", result: "3 items" }])
 */
export const formatTable = (rows: TableRow[]): string => {
  const widths = COLUMNS.map(({ key, title }) => Math.max(title.length, ...rows.map((row) => row[key].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (index === cells.length - 1 ? cell : cell.padEnd(widths[index])))
      .join("  ")
      .trimEnd();
  const header = line(COLUMNS.map((column) => column.title));
  const rule = line(widths.map((width) => "-".repeat(width)));
  return `${[header, rule, ...rows.map((row) => line(COLUMNS.map(({ key }) => row[key])))].join("\n")}\n`;
};
