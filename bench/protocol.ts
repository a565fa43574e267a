/** What the benchmark server and its clients agree on: paths, bodies and the checks on answers. */

export const PATHS = {
  small: "/small",
  json: "/json",
  download: "/download",
  upload: "/upload",
  form: "/form",
  pages: "/pages",
  /** `?format=csv|xml|json&bytes=N`: a table of rows in that format (bench/rows.ts). */
  rows: "/rows",
} as const;

/** Fetch All Pages walks this many pages of one item each, then an empty one. */
export const PAGE_COUNT = 1000;

/**
 * Page `page` (1-based) of the paged list: one item while pages last, none after.
 * @example JSON.parse(pageBody(1).toString()) // { items: [{ id: 1 }] }
 */
export const pageBody = (page: number): Buffer =>
  Buffer.from(JSON.stringify({ items: page >= 1 && page <= PAGE_COUNT ? [{ id: page }] : [] }));

export const SMALL_ITEMS = 4;

/** The small JSON GET's answer, about the size of a typical API item list. */
export const SMALL_BODY = Buffer.from(
  JSON.stringify({
    ok: true,
    items: Array.from({ length: SMALL_ITEMS }, (_, id) => ({ id, name: `item ${id}`, tags: ["a", "b"] })),
  }),
);

export const JSON_POST_BYTES = 64 * 1024;

/**
 * The 64 KB JSON POST's body as a previous step would hand it over: an object, which every
 * client serializes itself on every request. Its JSON text is exactly JSON_POST_BYTES long.
 * @example JSON.stringify(jsonPostBody()).length // 65536
 */
export const jsonPostBody = (): Record<string, unknown> => {
  const row = { id: 0, name: "customer name", email: "someone@example.com", active: true };
  const rows = Array.from({ length: 640 }, (_, id) => ({ ...row, id }));
  const body: Record<string, unknown> = { rows, pad: "" };
  const missing = JSON_POST_BYTES - JSON.stringify(body).length;
  if (missing < 0) throw new Error("the JSON POST body template is larger than 64 KB");
  body.pad = "x".repeat(missing);
  return body;
};

/**
 * Fails unless the small GET's answer arrived whole.
 * @example checkSmall(JSON.parse(SMALL_BODY.toString())) // passes
 */
export const checkSmall = (data: unknown): void => {
  const body = data as { ok?: boolean; items?: unknown[] };
  if (body?.ok !== true || body.items?.length !== SMALL_ITEMS)
    throw new Error(`unexpected answer: ${JSON.stringify(data)}`);
};

/**
 * Fails unless the server counted every byte of the JSON POST.
 * @example checkJsonPost({ received: 65536 }, JSON_POST_BYTES) // passes
 */
export const checkJsonPost = (data: unknown, sentBytes: number): void => {
  const { received } = data as { received?: number };
  if (received !== sentBytes) throw new Error(`the server received ${received} bytes of ${sentBytes}`);
};

/** What the server reports for an upload; the client compares it with what it sent. */
export interface UploadReport {
  bytes: number;
  sha256: string;
  contentType?: string;
  headers?: string;
}
