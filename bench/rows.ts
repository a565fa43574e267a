/**
 * Issue 13's parsing bench data: one table of rows written as CSV, XML or JSON, streamed by the
 * bench server in chunks so it never holds the body, and counted by the client afterwards.
 */
export const ROW_FORMATS = ["json", "xml", "csv"] as const;
export type RowFormat = (typeof ROW_FORMATS)[number];

/** Rows per chunk the server writes. */
const ROWS_PER_CHUNK = 2_000;

const FRAME: Record<RowFormat, { open: string; close: string; row: (id: number) => string }> = {
  csv: { open: "id,name,city,amount\r\n", close: "", row: (id) => `${id},"Customer ${id}, Ltd",Paris,${id}.50\r\n` },
  xml: {
    open: '<?xml version="1.0"?>\n<rows>\n',
    close: "</rows>\n",
    row: (id) => `<row id="${id}"><name>Customer ${id}, Ltd</name><city>Paris</city><amount>${id}.50</amount></row>\n`,
  },
  json: {
    open: "[",
    close: "]",
    row: (id) => `${id === 0 ? "" : ","}{"id":"${id}","name":"Customer ${id}, Ltd","city":"Paris","amount":"${id}.50"}`,
  },
};

/** The body's chunks: rows until it is at least `bytes` long, then the document's end. */
export function* rowChunks(format: RowFormat, bytes: number): Generator<Buffer> {
  const { open, close, row } = FRAME[format];
  let written = open.length;
  let id = 0;
  yield Buffer.from(open);
  while (written < bytes) {
    const parts: string[] = [];
    for (let index = 0; index < ROWS_PER_CHUNK && written < bytes; index += 1, id += 1) {
      const text = row(id);
      parts.push(text);
      written += text.length;
    }
    yield Buffer.from(parts.join(""));
  }
  yield Buffer.from(close);
}

/**
 * How many rows a body of at least `bytes` holds, to check a parse returned all of them.
 * @example rowCount("csv", 1) // 1
 */
export const rowCount = (format: RowFormat, bytes: number): number => {
  let count = 0;
  const { open, row } = FRAME[format];
  let written = open.length;
  while (written < bytes) {
    written += row(count).length;
    count += 1;
  }
  return count;
};
