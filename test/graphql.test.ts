import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

const ITEMS = [
  { id: "1", name: "Widget" },
  { id: "2", name: "Gadget" },
];

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    const { query, variables } = JSON.parse(request.body.toString() || "{}");
    const reply = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (request.path === "/down") return reply(503, { errors: [{ message: "maintenance" }] });
    if (String(query).includes("secretField")) {
      return reply(200, {
        data: { items: ITEMS, secretField: null },
        errors: [
          { message: "Not authorized to read secretField", path: ["secretField"] },
          { message: "Rate limit near", extensions: { code: "WARN" } },
        ],
      });
    }
    if (String(query).includes("broken")) {
      return reply(200, {
        errors: [{ message: 'Syntax Error: Expected Name, found "}".', locations: [{ line: 1, column: 9 }] }],
      });
    }
    return reply(200, { data: { items: ITEMS.slice(0, variables?.limit ?? ITEMS.length) } });
  });
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];
const QUERY = "query Items($limit: Int) { items(limit: $limit) { id name } }";

describe("httpGraphql", () => {
  it("POSTs the query, variables and operation name as JSON and returns data", async () => {
    const result = await run("httpGraphql", {
      url: `${server.url}/graphql`,
      query: QUERY,
      variablesObject: '{"limit": 1, "deep": {"a": [1]}}',
      variables: [{ key: "tag", value: "x" }],
      operationName: "Items",
    });
    expect(lastRequest().method).toBe("POST");
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(JSON.parse(lastRequest().body.toString())).toEqual({
      query: QUERY,
      variables: { limit: 1, deep: { a: [1] }, tag: "x" },
      operationName: "Items",
    });
    expect(result.data).toEqual({ items: [ITEMS[0]] });
  });

  it("lets the variables list win over the object", async () => {
    await run("httpGraphql", {
      url: `${server.url}/graphql`,
      query: QUERY,
      variablesObject: { limit: 2, keep: true },
      variables: [{ key: "limit", value: 1 }],
    });
    expect(JSON.parse(lastRequest().body.toString()).variables).toEqual({ limit: 1, keep: true });
  });

  it("sends no variables or operation name when there are none", async () => {
    await run("httpGraphql", { url: `${server.url}/graphql`, query: "{ items { id } }" });
    expect(JSON.parse(lastRequest().body.toString())).toEqual({ query: "{ items { id } }" });
  });

  it("fails with the server's messages when errors come back", async () => {
    const error = await runFailing("httpGraphql", { url: `${server.url}/graphql`, query: "{ items { secretField } }" });
    expect(error.message).toBe(
      `POST ${server.url}/graphql returned GraphQL errors: Not authorized to read secretField (path secretField); Rate limit near`,
    );
    expect(error.errors).toHaveLength(2);
  });

  it("says where a syntax error is", async () => {
    const error = await runFailing("httpGraphql", { url: `${server.url}/graphql`, query: "{ broken }" });
    expect(error.message).toMatch(/Syntax Error: Expected Name, found "}". \(line 1, column 9\)$/);
  });

  it("returns data and errors together when partial data is allowed", async () => {
    const result = await run("httpGraphql", {
      url: `${server.url}/graphql`,
      query: "{ items { secretField } }",
      allowPartialData: "true",
    });
    expect(result.data.data).toEqual({ items: ITEMS, secretField: null });
    expect(result.data.errors.map((entry: { message: string }) => entry.message)).toEqual([
      "Not authorized to read secretField",
      "Rate limit near",
    ]);
  });

  it("returns an empty errors list with partial data allowed and no errors", async () => {
    const result = await run("httpGraphql", { url: `${server.url}/graphql`, query: QUERY, allowPartialData: true });
    expect(result.data).toEqual({ data: { items: ITEMS }, errors: [] });
  });

  it("includes status and headers around the GraphQL result when asked", async () => {
    const result = await run("httpGraphql", { url: `${server.url}/graphql`, query: QUERY, includeFullResponse: true });
    expect(result.data).toMatchObject({ status: 200, data: { items: ITEMS } });
  });

  it("fails on an HTTP error status with its body", async () => {
    const error = await runFailing("httpGraphql", { url: `${server.url}/down`, query: QUERY });
    expect(error.message).toBe(
      `POST ${server.url}/down failed with status 503 Service Unavailable: {"errors":[{"message":"maintenance"}]}`,
    );
  });

  it.each([
    [{ query: "" }, 'Input "Query" (query) is required.'],
    [{ query: QUERY, variablesObject: "{not json" }, 'Input "Variables Object" (variablesObject) is not valid JSON.'],
    [
      { query: QUERY, variablesObject: "[1,2]" },
      'Input "Variables Object" (variablesObject) must be a JSON object, e.g. {"id": 42}.',
    ],
  ])("refuses bad input %j before sending", async (inputs, message) => {
    const before = server.requests.length;
    const error = await runFailing("httpGraphql", { url: `${server.url}/graphql`, ...inputs });
    expect(error.message).toBe(message);
    expect(server.requests.length).toBe(before);
  });
});
