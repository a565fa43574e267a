/**
 * The requests the designer's example payloads come from: one per example, each run by
 * `npm run examples` against a fresh demo API, so every payload is what the action really
 * returned. `src/actions/examples.ts` names which example each action shows.
 */
import { REPORT_CSV } from "../demo-api";

/** One example: the action to run and its raw inputs, as the designer would send them. */
export interface ExampleRun {
  action: string;
  /** The inputs for a demo API at `base` (e.g. http://127.0.0.1:40123). */
  inputs: (base: string) => Record<string, unknown>;
}

const row = (key: string, value: unknown) => ({ key, value });

/** A file as a previous step hands it over. */
const REPORT_FILE = { data: Buffer.from(REPORT_CSV, "utf8"), contentType: "text/csv" };

/** Offset paging over the three seed items, two per page: two pages, the second one short. */
const pagedItems = (base: string) => ({ url: `${base}/items`, paginationMode: "offset", pageSize: "2" });

export const EXAMPLE_RUNS = {
  list: { action: "httpGet", inputs: (base) => ({ url: `${base}/items`, queryParams: [row("limit", "2")] }) },
  created: {
    action: "httpPost",
    inputs: (base) => ({ url: `${base}/items`, data: '{"name":"Doohickey","price":12.25}' }),
  },
  replaced: {
    action: "httpPut",
    inputs: (base) => ({ url: `${base}/items/2`, data: '{"name":"Gadget Pro","price":29}' }),
  },
  item: { action: "httpPatch", inputs: (base) => ({ url: `${base}/items/1`, data: '{"price":8.75}' }) },
  deleted: { action: "httpDelete", inputs: (base) => ({ url: `${base}/items/3` }) },
  upload: {
    action: "httpFormData",
    inputs: (base) => ({
      url: `${base}/upload`,
      formData: [row("description", "Quarterly report")],
      fileData: [row("report", REPORT_FILE)],
      fileDataFileNames: [row("report", "report.csv")],
    }),
  },
  branch: { action: "httpRequestBranching", inputs: (base) => ({ url: `${base}/items/1`, method: "GET" }) },
  graphql: {
    action: "httpGraphql",
    inputs: (base) => ({
      url: `${base}/graphql`,
      query: "query Items($limit: Int) { items(limit: $limit) { id name } }",
      variablesObject: '{"limit": 2}',
    }),
  },
  pages: { action: "httpPaginate", inputs: pagedItems },
  /** Shown on the reference page: what Include Full Response adds to Fetch All Pages. */
  pagesWithFullResponse: {
    action: "httpPaginate",
    inputs: (base) => ({ ...pagedItems(base), includeFullResponse: "true" }),
  },
} satisfies Record<string, ExampleRun>;

export type ExampleName = keyof typeof EXAMPLE_RUNS;
