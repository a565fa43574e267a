import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LogRecorder, recordLogs, run } from "./helpers/harness";
import { type Recorder, startRecorder, type WireRequest } from "./helpers/recorder";
import { startServer } from "./helpers/servers";

/**
 * The other way round: the debug log's equivalent cURL command, pasted into httpCurl, sends the
 * same request again, on the wire (request line, header lines, body bytes), for each body kind
 * the command can carry and with each kind of connection (given to both runs: the command shows
 * its secrets masked). Binary bodies and files appear as placeholders and cannot be pasted.
 */

let server: Recorder;
beforeAll(async () => {
  server = await startRecorder();
});
afterAll(() => server.close());

const commandIn = (logs: LogRecorder): string => {
  const line = logs.lines.find((entry) => entry.startsWith("Equivalent cURL command:"));
  if (!line) throw new Error("no cURL command was logged");
  return line.split("\n").slice(1).join("\n");
};

/**
 * The same request again: the request line, the header lines (as a set: for the other actions
 * axios moves Accept and Content-Type to the front) and the body bytes, the multipart boundary
 * aside.
 */
const onTheWire = (request: WireRequest | undefined): string => {
  if (!request) return "(nothing arrived)";
  const boundary = request.headerLines.map((line) => /boundary=([^\s;]+)/.exec(line)?.[1]).find(Boolean);
  const headers = [...request.headerLines].sort();
  const text = [request.requestLine, ...headers, "", request.body.toString("latin1")].join("\n");
  return boundary ? text.replaceAll(boundary, "BOUNDARY") : text;
};

const CONNECTIONS = {
  none: undefined,
  bearer: { key: "bearerToken", configVarKey: "c", fields: { token: "rt-b3arer" } },
  basic: { key: "basicAuth", configVarKey: "c", fields: { username: "ada", password: "rt-pa55" } },
  apiKey: { key: "apiKey", configVarKey: "c", fields: { apiKey: "rt-k3y", authScheme: "Bearer" } },
};

const STEPS: Array<[string, string, Record<string, unknown>]> = [
  [
    "GET with query and headers",
    "httpGet",
    { queryParams: [{ key: "q", value: "a b" }], headers: [{ key: "X-A", value: "1" }] },
  ],
  ["JSON body", "httpPost", { data: { name: "Acme", tags: ["a", "b"] } }],
  ["raw XML body", "httpPut", { data: "<a x='1'/>", bodyType: "raw", contentType: "application/xml" }],
  [
    "text body with shell characters",
    "httpPatch",
    { data: "it's $HOME `id` & | ;\nline 2", bodyType: "raw", contentType: "text/plain" },
  ],
  [
    "form URL-encoded",
    "httpPost",
    {
      bodyType: "form-urlencoded",
      formFields: [
        { key: "name", value: "Ada L" },
        { key: "n", value: "1&2" },
      ],
    },
  ],
  [
    "multipart fields",
    "httpFormData",
    {
      formData: [
        { key: "title", value: "Q3; report" },
        { key: "tag", value: "@x" },
      ],
    },
  ],
  ["DELETE without a body", "httpDelete", { headers: [{ key: "Accept", value: "application/json" }] }],
];

describe("the debug cURL command, pasted into httpCurl, sends the same request", () => {
  for (const [name, connection] of Object.entries(CONNECTIONS)) {
    it.each(STEPS)(`%s (connection: ${name})`, async (_label, action, inputs) => {
      const logs = recordLogs();
      const extra = { connection, debugRequest: true, responseType: "text" };
      await run(action, { url: `${server.url}/rt/items`, ...inputs, ...extra }, logs);
      const first = server.requests.at(-1);
      const command = commandIn(logs);
      for (const secret of ["rt-b3arer", "rt-pa55", "rt-k3y"]) expect(command).not.toContain(secret);
      await run("httpCurl", { curlCommand: command, ...extra });
      expect(onTheWire(server.requests.at(-1))).toBe(onTheWire(first));
    });
  }
});

describe("Include Full Response's curlCommand, pasted into httpCurl, sends the same request", () => {
  for (const [name, connection] of Object.entries(CONNECTIONS)) {
    it.each(STEPS)(`%s (connection: ${name})`, async (_label, action, inputs) => {
      const logs = recordLogs();
      const extra = { connection, responseType: "text" };
      const result = await run(
        action,
        { url: `${server.url}/rt/full`, ...inputs, ...extra, includeFullResponse: true },
        logs,
      );
      const first = server.requests.at(-1);
      const { curlCommand } = result.data as { curlCommand: string };
      expect(curlCommand).toMatch(/^curl /);
      for (const secret of ["rt-b3arer", "rt-pa55", "rt-k3y"]) expect(curlCommand).not.toContain(secret);
      // The same command the debug log would show, without Debug Request.
      expect(logs.lines).toEqual([]);
      await run("httpCurl", { curlCommand, ...extra });
      expect(onTheWire(server.requests.at(-1))).toBe(onTheWire(first));
    });
  }

  it("is there only with Include Full Response, not with Fail On Error Status off alone", async () => {
    const result = await run("httpGet", {
      url: `${server.url}/rt/plain`,
      failOnErrorStatus: false,
      responseType: "text",
    });
    expect(result.data).not.toHaveProperty("curlCommand");
    expect(result.data).toHaveProperty("status");
  });

  it("is given by the GraphQL action too", async () => {
    const graphql = await startServer((_request, response) =>
      response.writeHead(200, { "content-type": "application/json" }).end('{"data":{"a":1}}'),
    );
    try {
      const result = await run("httpGraphql", {
        url: `${graphql.url}/graphql`,
        query: "{ a }",
        includeFullResponse: true,
      });
      expect(result.data).toMatchObject({ data: { a: 1 }, status: 200 });
      expect((result.data as { curlCommand: string }).curlCommand).toContain('{"query":"{ a }"}');
    } finally {
      await graphql.close();
    }
  });
});
