import { DEMO_CREDENTIALS, REPORT_CSV } from "../demo-api";
import type { ConnectionValue } from "./component";

/** One request of the demo run: raw inputs exactly as the designer would send them. */
export interface Sample {
  /** What the request does, shown in the table, e.g. "GET /items?limit=2 (API key)". */
  name: string;
  inputs: Record<string, unknown>;
}

type SampleFactory = (baseUrl: string) => Sample[];

const connection = (
  key: string,
  fields: Record<string, unknown>,
  token?: Record<string, unknown>,
): ConnectionValue => ({
  key,
  configVarKey: "",
  fields,
  ...(token ? { token } : {}),
});

const API_KEY = connection("apiKey", { apiKey: DEMO_CREDENTIALS.apiKey, authScheme: "Bearer" });
const BASIC = connection("basicAuth", { username: DEMO_CREDENTIALS.username, password: DEMO_CREDENTIALS.password });
const OAUTH = connection(
  "oauth2ClientCredentials",
  { tokenUrl: "http://127.0.0.1/token", clientId: "demo", clientSecret: "demo-secret" },
  { access_token: DEMO_CREDENTIALS.apiKey, token_type: "bearer" },
);

/** A file as a previous step hands it over. */
const REPORT_FILE = { data: Buffer.from(REPORT_CSV, "utf8"), contentType: "text/csv" };
const row = (key: string, value: unknown) => ({ key, value });

/**
 * Sample requests for every action, run by `npm start` with no arguments. A new action needs
 * an entry here: the demo run refuses to start without one, so no action goes unexercised.
 */
export const SAMPLES: Record<string, SampleFactory> = {
  httpGet: (base) => [
    {
      name: "GET /items?limit=2 (API key)",
      inputs: { url: `${base}/items`, queryParams: [row("limit", "2")], connection: API_KEY },
    },
    { name: "GET /items/1", inputs: { url: `${base}/items/1`, headers: [row("Accept", "application/json")] } },
    { name: "GET /report.csv as text", inputs: { url: `${base}/report.csv`, responseType: "text" } },
    { name: "GET /logo.png as binary", inputs: { url: `${base}/logo.png`, responseType: "binary" } },
  ],
  httpPost: (base) => [
    {
      name: "POST /items (Basic auth)",
      inputs: { url: `${base}/items`, data: '{"name":"Doohickey","price":12.25}', connection: BASIC },
    },
  ],
  httpPut: (base) => [
    {
      name: "PUT /items/2 (OAuth 2.0 token)",
      inputs: { url: `${base}/items/2`, data: '{"name":"Gadget Pro","price":29}', connection: OAUTH },
    },
  ],
  httpPatch: (base) => [{ name: "PATCH /items/1", inputs: { url: `${base}/items/1`, data: '{"price":8.75}' } }],
  httpDelete: (base) => [{ name: "DELETE /items/3", inputs: { url: `${base}/items/3` } }],
  httpFormData: (base) => [
    {
      name: "POST /upload (field + CSV file)",
      inputs: {
        url: `${base}/upload`,
        formData: [row("description", "Quarterly report")],
        fileData: [row("report", REPORT_FILE)],
        fileDataFileNames: [row("report", "report.csv")],
      },
    },
    {
      name: "PUT /upload (text as a file)",
      inputs: { url: `${base}/upload`, httpMethod: "put", fileData: [row("notes", "hello")] },
    },
  ],
  httpRequest: (base) => [
    {
      name: "POST /items (Body Type JSON)",
      inputs: { url: `${base}/items`, method: "POST", bodyType: "json", data: { name: "Sprocket", price: 3.5 } },
    },
    { name: "HEAD /items", inputs: { url: `${base}/items`, method: "HEAD" } },
  ],
  httpRequestBranching: (base) => [
    { name: "GET /items/1 (Success branch)", inputs: { url: `${base}/items/1`, method: "GET" } },
  ],
  httpPaginate: (base) => [
    {
      name: "GET /items, every page (offset)",
      inputs: { url: `${base}/items`, paginationMode: "offset", pageSize: "50", connection: API_KEY },
    },
  ],
  httpCurl: (base) => [
    {
      name: "curl -X POST /items -H ... -d {...}",
      inputs: {
        curlCommand: `curl -X POST '${base}/items' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"name":"Thingamajig","price":7}'`,
      },
    },
  ],
  httpGraphql: (base) => [
    {
      name: "POST /graphql items(limit: 2)",
      inputs: {
        url: `${base}/graphql`,
        query: "query Items($limit: Int) { items(limit: $limit) { id name } }",
        variablesObject: '{"limit": 2}',
      },
    },
  ],
};

/**
 * The demo requests for the given actions, in order. Fails when an action has no samples, or
 * samples name an action that no longer exists, so the table always covers exactly the component.
 * @example samplesFor(Object.keys(component.actions), "http://127.0.0.1:40123")
 */
export const samplesFor = (
  actionKeys: readonly string[],
  baseUrl: string,
  samples: Record<string, SampleFactory> = SAMPLES,
): { actionKey: string; sample: Sample }[] => {
  const missing = actionKeys.filter((key) => !samples[key] || samples[key](baseUrl).length === 0);
  if (missing.length > 0) {
    throw new Error(`No demo samples for action(s) ${missing.join(", ")}: add them to scripts/cli/samples.ts`);
  }
  const unknown = Object.keys(samples).filter((key) => !actionKeys.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `scripts/cli/samples.ts has samples for action(s) the component does not have: ${unknown.join(", ")}`,
    );
  }
  return actionKeys.flatMap((actionKey) => samples[actionKey](baseUrl).map((sample) => ({ actionKey, sample })));
};
