import type { ServerResponse } from "node:http";
import { buildSchema, graphql } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateJmesPath, isTruthy, toJmesPath } from "../src/request/jmespath";
import { nextPage } from "../src/request/paginate/next";
import { paginate, paginateFailing } from "./helpers/paginate";
import { type Recorded, startServer, type TestServer } from "./helpers/servers";

/**
 * Fetch All Pages' parallel pages, Stop When, GraphQL connections and partial results, against
 * real loopback servers. Concurrency is measured where it happens: on the server.
 */

const TOKEN = "walk-token-9d41e7";
const connection = { key: "bearerToken", configVarKey: "t", fields: { token: TOKEN } };

const json = (response: ServerResponse, body: unknown, status = 200) =>
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Items named after their page, so order is visible in every assertion. */
const itemsOf = (page: number, count = 2) => Array.from({ length: count }, (_, i) => `p${page}-${i + 1}`);
const itemsUpTo = (last: number, count = 2) => Array.from({ length: last }, (_, i) => itemsOf(i + 1, count)).flat();

/**
 * What one run of a numbered route does: how many pages have items, how long each page takes to
 * answer, and which pages fail. Set per test through the `run` query parameter.
 */
interface Script {
  /** Pages 1..filled have items; the one after is empty. */
  filled: number;
  /** Pages after the empty one that have items again: the walk must never return them. */
  beyond?: number;
  delayMs?: (page: number) => number;
  /** A page that fails with 500, its body quoting the request's Authorization header. */
  failing?: number;
  /** A page whose connection is dropped without an answer. */
  dropped?: number;
  /** A page whose body says the walk is done. */
  last?: number;
  /** A page answered 429 with Retry-After the first time it is asked for. */
  throttledOnce?: number;
}

/** What the server measured for one run. */
interface Measured {
  inFlight: number;
  maxInFlight: number;
  /** Page numbers in the order their answers were sent. */
  answered: number[];
}

const scripts = new Map<string, Script>();
const measured = new Map<string, Measured>();
let runs = 0;

/** Registers a script and returns its run id and what the server will measure for it. */
const script = (value: Script) => {
  const run = `r${runs++}`;
  scripts.set(run, value);
  const measure: Measured = { inFlight: 0, maxInFlight: 0, answered: [] };
  measured.set(run, measure);
  return { run, measure };
};

/** The page a request asks for, in page mode (`page`) or offset mode (`offset`, 2 items a page). */
const pageAsked = ({ query }: Recorded): number =>
  query.has("offset") ? Number(query.get("offset")) / 2 + 1 : Number(query.get("page"));

const answerNumbered = async (request: Recorded, response: ServerResponse) => {
  const run = request.query.get("run") ?? "";
  const plan = scripts.get(run);
  const measure = measured.get(run);
  if (!plan || !measure) return json(response, { error: "no script" }, 404);
  const page = pageAsked(request);
  measure.inFlight += 1;
  measure.maxInFlight = Math.max(measure.maxInFlight, measure.inFlight);
  try {
    await sleep(plan.delayMs?.(page) ?? 0);
  } finally {
    measure.inFlight -= 1;
  }
  measure.answered.push(page);
  if (page === plan.throttledOnce && requestsOf(run).filter((seen) => pageAsked(seen) === page).length === 1) {
    return response.writeHead(429, { "retry-after": "1", "content-type": "application/json" }).end("{}");
  }
  if (page === plan.dropped) return response.socket?.destroy();
  if (page === plan.failing) {
    return json(response, { error: "database busy", echo: request.headers.authorization }, 500);
  }
  const hasItems = page <= plan.filled || (page > plan.filled + 1 && page <= plan.filled + 1 + (plan.beyond ?? 0));
  return json(response, { data: hasItems ? itemsOf(page) : [], meta: { last: page === plan.last, page } });
};

// ---------------------------------------------------------------------------------------------
// A GraphQL server: graphql-js executes a real schema with a Relay-style connection, so the query,
// its variable types and the cursor the walk sends are checked by the reference implementation.

const SCHEMA = buildSchema(`
  type Item { id: ID! name: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type ItemEdge { cursor: String! node: Item! }
  type ItemConnection { edges: [ItemEdge!]! pageInfo: PageInfo! }
  type Query { items(first: Int!, after: String, failAfter: String): ItemConnection! }
`);
const CATALOGUE = Array.from({ length: 7 }, (_, i) => ({ id: String(i + 1), name: `item ${i + 1}` }));
const cursorOf = (index: number) => Buffer.from(`cursor:${index}`).toString("base64");

const ROOT = {
  items: ({ first, after, failAfter }: { first: number; after?: string; failAfter?: string }) => {
    if (after !== undefined && after === failAfter) throw new Error(`backend timeout reading after ${after}`);
    const start = after === undefined || after === null ? 0 : CATALOGUE.findIndex((_, i) => cursorOf(i) === after) + 1;
    const slice = CATALOGUE.slice(start, start + first);
    return {
      edges: slice.map((node, i) => ({ cursor: cursorOf(start + i), node })),
      pageInfo: {
        hasNextPage: start + first < CATALOGUE.length,
        endCursor: slice.length > 0 ? cursorOf(start + slice.length - 1) : null,
      },
    };
  },
};

/** The schema of the reference page's example: a project's issues, 100 at a time. */
const ISSUES_SCHEMA = buildSchema(`
  type Issue { id: ID! title: String! }
  type PageInfo { hasNextPage: Boolean! endCursor: String }
  type IssueConnection { nodes: [Issue!]! pageInfo: PageInfo! }
  type Query { issues(project: ID!, first: Int!, after: String): IssueConnection! }
`);
const ISSUES = Array.from({ length: 250 }, (_, i) => ({ id: `I-${i + 1}`, title: `issue ${i + 1}` }));
const ISSUES_ROOT = {
  issues: ({ project, first, after }: { project: string; first: number; after?: string }) => {
    const start = after ? Number(after) : 0;
    const nodes = project === "P-42" ? ISSUES.slice(start, start + first) : [];
    return { nodes, pageInfo: { hasNextPage: start + first < ISSUES.length, endCursor: String(start + nodes.length) } };
  },
};

const answerGraphql = async (
  request: Recorded,
  response: ServerResponse,
  schema = SCHEMA,
  rootValue: object = ROOT,
) => {
  if (request.method !== "POST") return json(response, { errors: [{ message: "POST only" }] }, 405);
  const { query, variables, operationName } = JSON.parse(request.body.toString("utf8"));
  const result = await graphql({ schema, source: query, rootValue, variableValues: variables, operationName });
  return json(response, result);
};

const ITEMS_QUERY = `query Items($first: Int!, $after: String, $failAfter: String) {
  items(first: $first, after: $after, failAfter: $failAfter) {
    edges { node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const graphqlStep = (extra: Record<string, unknown> = {}) => ({
  url: `${server.url}/graphql`,
  paginationMode: "graphqlCursor",
  query: ITEMS_QUERY,
  variablesObject: '{"first": 3}',
  itemsPath: "data.items.edges",
  cursorPath: "data.items.pageInfo.endCursor",
  hasNextPagePath: "data.items.pageInfo.hasNextPage",
  connection,
  ...extra,
});

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    if (request.path === "/numbered") return answerNumbered(request, response);
    if (request.path === "/graphql") return answerGraphql(request, response);
    if (request.path === "/doc-graphql") return answerGraphql(request, response, ISSUES_SCHEMA, ISSUES_ROOT);
    // A connection whose every page ends at the same cursor: a walk that followed it would loop.
    if (request.path === "/graphql-loop") {
      return json(response, { data: { items: { nodes: [1], pageInfo: { hasNextPage: true, endCursor: "same" } } } });
    }
    return json(response, { error: "no route" }, 404);
  });
});
afterAll(() => server.close());

/** The requests of one run, as the server got them. */
const requestsOf = (run: string) => server.requests.filter((request) => request.query.get("run") === run);
const pagesAsked = (run: string) => requestsOf(run).map(pageAsked);

const numbered = (run: string, extra: Record<string, unknown> = {}) => ({
  url: `${server.url}/numbered?run=${run}`,
  paginationMode: "page",
  itemsPath: "data",
  connection,
  ...extra,
});

describe("Page Concurrency", () => {
  it("keeps at most N pages in flight, and exactly N when there are enough pages", async () => {
    const { run, measure } = script({ filled: 12, delayMs: () => 40 });
    const data = await paginate(numbered(run, { pageConcurrency: "4" }));
    expect(data).toEqual({ items: itemsUpTo(12), pages: 13, truncated: false });
    expect(measure.maxInFlight).toBe(4);
    for (const request of requestsOf(run)) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("sends one page at a time by default", async () => {
    const { run, measure } = script({ filled: 5, delayMs: () => 20 });
    const data = await paginate(numbered(run));
    expect(data.items).toEqual(itemsUpTo(5));
    expect(measure.maxInFlight).toBe(1);
    expect(pagesAsked(run)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("fetches the first page alone, then fans out", async () => {
    const { run } = script({ filled: 6, delayMs: () => 30 });
    await paginate(numbered(run, { pageConcurrency: "3" }));
    const [first, ...rest] = requestsOf(run);
    expect(pageAsked(first)).toBe(1);
    // Page 2 is only asked for once page 1 has answered.
    expect(rest[0].at).toBeGreaterThanOrEqual(first.at + 30);
  });

  it("keeps page order when later pages answer first", async () => {
    // Page 2 is the slowest, page 5 the fastest: answers arrive out of order.
    const { run, measure } = script({ filled: 5, delayMs: (page) => (page === 1 ? 0 : (7 - page) * 40) });
    const data = await paginate(numbered(run, { pageConcurrency: "5" }));
    expect(data.items).toEqual(itemsUpTo(5));
    const answeredAfterFirst = measure.answered.slice(1, 5);
    expect(answeredAfterFirst).not.toEqual([2, 3, 4, 5]);
    expect(answeredAfterFirst[0]).toBeGreaterThan(2);
  });

  it("stops the pages fetched ahead once the walk has its answer, instead of waiting for them", async () => {
    // Pages 1 and 2 have items, page 3 ends the walk; the pages fetched ahead of it would answer after the Timeout.
    const { run } = script({ filled: 2, delayMs: (page) => (page > 3 ? 25_000 : 0) });
    const started = Date.now();
    const data = await paginate(numbered(run, { pageConcurrency: "4", timeout: "20000" }));
    expect(data).toEqual({ items: itemsUpTo(2), pages: 3, truncated: false });
    expect(Math.max(...pagesAsked(run))).toBeGreaterThan(3);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("stops at the first empty page and returns nothing from beyond it, even pages fetched ahead", async () => {
    const { run } = script({ filled: 3, beyond: 4, delayMs: () => 10 });
    const data = await paginate(numbered(run, { pageConcurrency: "4" }));
    expect(data).toEqual({ items: itemsUpTo(3), pages: 4, truncated: false });
    // Pages after the empty page 4 were asked for (they have items), and none of them came back.
    expect(Math.max(...pagesAsked(run))).toBeGreaterThan(4);
  });

  it("stops at a short page in offset mode, in order", async () => {
    const { run, measure } = script({ filled: 5, delayMs: (page) => (page % 2) * 30 });
    const data = await paginate({
      ...numbered(run, { pageConcurrency: "3" }),
      paginationMode: "offset",
      pageSize: "3",
      offsetParam: "offset",
    });
    // Each page has 2 items, fewer than Page Size 3: the first page is already the last.
    expect(data).toEqual({ items: itemsOf(1), pages: 1, truncated: false });
    expect(measure.maxInFlight).toBe(1);
  });

  it("walks offset mode with full pages in parallel", async () => {
    const { run, measure } = script({ filled: 6, delayMs: () => 20 });
    const data = await paginate({
      ...numbered(run, { pageConcurrency: "3" }),
      paginationMode: "offset",
      pageSize: "2",
    });
    expect(data).toEqual({ items: itemsUpTo(6), pages: 7, truncated: false });
    expect(measure.maxInFlight).toBe(3);
    const offsets = requestsOf(run).map((request) => request.query.get("offset"));
    expect(new Set(offsets)).toEqual(
      new Set(["0", "2", "4", "6", "8", "10", "12", "14", "16"].slice(0, offsets.length)),
    );
  });

  it("honours Max Pages and Max Items exactly as one page at a time does, asking for no page beyond Max Pages", async () => {
    for (const limits of [{ maxPages: "3" }, { maxItems: "5" }, { maxItems: "4", pageSize: "2" }]) {
      const one = script({ filled: 10 });
      const many = script({ filled: 10, delayMs: () => 10 });
      const sequential = await paginate(numbered(one.run, limits));
      const parallel = await paginate(numbered(many.run, { ...limits, pageConcurrency: "4" }));
      expect(parallel, JSON.stringify(limits)).toEqual(sequential);
      expect(parallel.truncated).toBe(true);
    }
    const capped = script({ filled: 10, delayMs: () => 10 });
    await paginate(numbered(capped.run, { maxPages: "3", pageConcurrency: "8" }));
    expect(pagesAsked(capped.run).sort()).toEqual([1, 2, 3]);
    // With Page Size, Max Items 4 needs 2 full pages: no third is asked for.
    const filled = script({ filled: 10, delayMs: () => 10 });
    await paginate(numbered(filled.run, { maxItems: "4", pageSize: "2", pageConcurrency: "8" }));
    expect(pagesAsked(filled.run).sort()).toEqual([1, 2]);
  });

  it("retries a throttled page after its Retry-After while the pages after it go on, keeping order", async () => {
    const { run } = script({ filled: 6, throttledOnce: 2, delayMs: () => 10 });
    const data = await paginate(numbered(run, { pageConcurrency: "3", maxRetries: "1" }));
    expect(data).toEqual({ items: itemsUpTo(6), pages: 7, truncated: false });
    const [first, retry] = requestsOf(run).filter((request) => pageAsked(request) === 2);
    // The retry waited the second the server asked for.
    expect(retry.at - first.at).toBeGreaterThanOrEqual(1000);
    // Page 3 was asked for before the retry of page 2: the pages in flight did not wait on it.
    expect(requestsOf(run).findIndex((request) => pageAsked(request) === 3)).toBeLessThan(
      requestsOf(run).indexOf(retry),
    );
  });

  it("returns a failing page as data in its place, ignoring pages fetched after it", async () => {
    const { run } = script({ filled: 8, failing: 3, delayMs: () => 10 });
    const data = await paginate(numbered(run, { pageConcurrency: "4", failOnErrorStatus: "false" }));
    expect(data.items).toEqual(itemsUpTo(2));
    expect(data).toMatchObject({ pages: 3, truncated: true, lastResponse: { status: 500 } });
  });

  it("does not fail on a page fetched ahead that fails beyond the end of the walk", async () => {
    const { run } = script({ filled: 2, failing: 4, delayMs: () => 10 });
    const data = await paginate(numbered(run, { pageConcurrency: "4" }));
    expect(data).toEqual({ items: itemsUpTo(2), pages: 3, truncated: false });
    expect(pagesAsked(run)).toContain(4);
  });

  it("fails on a failing page within the walk, as one page at a time does", async () => {
    const { run } = script({ filled: 8, failing: 3, delayMs: () => 10 });
    const error = await paginateFailing(numbered(run, { pageConcurrency: "4" }));
    expect(error.message).toContain("failed with status 500");
    expect(error.message).toContain("page=3");
    expect(error.message).not.toContain(TOKEN);
  });

  it("refuses concurrency where each page's address comes from the page before, before sending anything", async () => {
    const before = server.requests.length;
    for (const paginationMode of ["linkHeader", "nextUrl", "cursor", "graphqlCursor"]) {
      const error = await paginateFailing({
        ...graphqlStep(),
        nextUrlPath: "next",
        paginationMode,
        pageConcurrency: "2",
      });
      expect(error.message).toBe(
        `Input "Page Concurrency" (pageConcurrency) must be 1 when Pagination Mode is ${paginationMode}: each page's address comes from the page before, so pages cannot be fetched ahead (only offset and page modes can).`,
      );
    }
    expect(server.requests.length).toBe(before);
  });

  it.each([
    ["0", "must be at least 1; got 0"],
    ["17", "must be at most 16; got 17"],
    ["two", 'must be a whole number; got "two"'],
  ])("refuses Page Concurrency %s", async (value, reason) => {
    const error = await paginateFailing(numbered("none", { pageConcurrency: value }));
    expect(error.message).toBe(`Input "Page Concurrency" (pageConcurrency) ${reason}.`);
  });
});

describe("Stop When", () => {
  it("stops after the page where the expression is true, keeping its items", async () => {
    const { run } = script({ filled: 6, last: 2 });
    const data = await paginate(numbered(run, { stopWhen: "meta.last" }));
    expect(data).toEqual({ items: itemsUpTo(2), pages: 2, truncated: false });
    expect(pagesAsked(run)).toEqual([1, 2]);
  });

  it("stops in order with pages in flight, returning nothing from the pages after", async () => {
    const { run } = script({ filled: 10, last: 2, delayMs: (page) => (page === 2 ? 80 : 5) });
    const data = await paginate(numbered(run, { stopWhen: "meta.last", pageConcurrency: "4" }));
    expect(data).toEqual({ items: itemsUpTo(2), pages: 2, truncated: false });
  });

  it("uses JMESPath truthiness: 0 and a non-empty list stop, an empty list and false do not", async () => {
    const cases: Array<[string, number]> = [
      ["meta.page == `3`", 3],
      ["`0`", 1],
      ["data", 1],
      ["data[?contains(@, 'p9')]", 6],
      ["meta.last", 6],
    ];
    for (const [stopWhen, pages] of cases) {
      const { run } = script({ filled: 5 });
      const data = await paginate(numbered(run, { stopWhen }));
      expect(data.pages, stopWhen).toBe(pages);
    }
  });

  it("refuses an expression that is not JMESPath before sending anything", async () => {
    const { run } = script({ filled: 5 });
    const error = await paginateFailing(numbered(run, { stopWhen: "data[?" }));
    expect(error.message).toMatch(/^Input "Stop When" \(stopWhen\) is not a valid JMESPath expression: .+\.$/);
    expect(requestsOf(run)).toEqual([]);
  });

  it("fails clearly, naming the page, when the expression cannot be evaluated on a body", async () => {
    const { run } = script({ filled: 5 });
    const error = await paginateFailing(numbered(run, { stopWhen: "length(meta.page) > `1`" }));
    expect(error.message).toContain("(page 1) could not be checked with Stop When (stopWhen): the JMESPath expression");
    expect(error.message).toContain("length()");
  });

  it("is evaluated with JMESPath semantics, without a network", () => {
    const expression = toJmesPath("items[?price > `10`].id | length(@)");
    expect(
      expression &&
        evaluateJmesPath(expression, {
          items: [
            { id: 1, price: 5 },
            { id: 2, price: 20 },
          ],
        }),
    ).toBe(1);
    expect([null, false, "", [], {}].map(isTruthy)).toEqual([false, false, false, false, false]);
    expect([0, "x", [0], { a: null }, true].map(isTruthy)).toEqual([true, true, true, true, true]);
    expect(toJmesPath("  ")).toBeUndefined();
    expect(() => toJmesPath("(".repeat(5000))).toThrow(/more than the 4096 accepted/);
  });
});

describe("GraphQL Cursor mode", () => {
  it("walks a connection to its end, sending each page's endCursor as $after, checked by graphql-js", async () => {
    const start = server.requests.length;
    const data = await paginate(graphqlStep());
    expect(data).toEqual({ items: CATALOGUE.map((node) => ({ node })), pages: 3, truncated: false });
    const sent = server.requests.slice(start);
    expect(sent.map((request) => request.method)).toEqual(["POST", "POST", "POST"]);
    const bodies = sent.map((request) => JSON.parse(request.body.toString("utf8")));
    expect(bodies.map((body) => body.variables)).toEqual([
      { first: 3 },
      { first: 3, after: cursorOf(2) },
      { first: 3, after: cursorOf(5) },
    ]);
    for (const body of bodies) expect(body.query).toBe(ITEMS_QUERY);
    for (const request of sent) {
      expect(request.headers["content-type"]).toMatch(/^application\/json/);
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("sends the cursor in Cursor Variable, over a value Variables give it, with the operation name", async () => {
    const start = server.requests.length;
    const query = ITEMS_QUERY.replace(/\$after/g, "$from").replace(
      "query Items",
      "query Other { __typename } query Items",
    );
    const data = await paginate(
      graphqlStep({
        query,
        cursorVariable: "$from",
        operationName: "Items",
        variables: [{ key: "from", value: cursorOf(0) }],
      }),
    );
    // The first page starts from the given variable; the next ones from the page before.
    expect(data.items).toEqual(CATALOGUE.slice(1).map((node) => ({ node })));
    const bodies = server.requests.slice(start).map((request) => JSON.parse(request.body.toString("utf8")));
    expect(bodies.map((body) => [body.operationName, body.variables.from])).toEqual([
      ["Items", cursorOf(0)],
      ["Items", cursorOf(3)],
    ]);
  });

  it("goes on while there is a cursor when Has Next Page Path is empty", async () => {
    const data = await paginate(graphqlStep({ hasNextPagePath: "" }));
    // The third page still has an endCursor; the fourth is empty and ends the walk.
    expect(data).toEqual({ items: CATALOGUE.map((node) => ({ node })), pages: 4, truncated: false });
  });

  it("fails the page on GraphQL errors in a 200, naming the page and the server's message", async () => {
    const error = await paginateFailing(graphqlStep({ variablesObject: { first: 3, failAfter: cursorOf(2) } }));
    expect(error.name).toBe("GraphqlError");
    expect(error.message).toBe(
      `POST ${server.url}/graphql (page 2) returned GraphQL errors: backend timeout reading after ${cursorOf(2)} (path items)`,
    );
  });

  it("refuses a cursor that comes back instead of looping", async () => {
    const start = server.requests.length;
    const error = await paginateFailing(
      graphqlStep({ url: `${server.url}/graphql-loop`, itemsPath: "data.items.nodes", variablesObject: "" }),
    );
    expect(error.message).toBe(
      `POST ${server.url}/graphql-loop (page 2) returned the cursor "same" again; stopping instead of looping`,
    );
    expect(server.requests.length - start).toBe(2);
  });

  it("fails when the page says there is a next page but gives no cursor", () => {
    const paging = {
      mode: "graphqlCursor",
      body: { query: "q" },
      cursorPath: "p.end",
      hasNextPagePath: "p.more",
      cursorVariable: "after",
    } as const;
    const page = {
      number: 1,
      url: new URL("http://x.test/graphql"),
      headers: {},
      items: [1],
      body: { p: { more: true, end: null } },
    };
    const first = { url: page.url, queryParams: [] };
    expect(() => nextPage(paging, page, first)).toThrow(
      'says there is a next page (Has Next Page Path "p.more") but has no cursor at Cursor Path (cursorPath) "p.end"',
    );
    expect(nextPage(paging, { ...page, body: { p: { more: true, end: "c2" } } }, first)).toEqual({
      request: { ...first, graphqlBody: { query: "q", variables: { after: "c2" } } },
      repeatKey: { what: "cursor", value: "c2" },
    });
    expect(nextPage(paging, { ...page, body: { p: { more: false, end: "c2" } } }, first)).toBeUndefined();
  });

  it("fails clearly when Has Next Page Path holds no boolean", async () => {
    const error = await paginateFailing(graphqlStep({ hasNextPagePath: "data.items.pageInfo" }));
    expect(error.message).toContain(
      '(page 1) has an object (keys: hasNextPage, endCursor) at Has Next Page Path (hasNextPagePath) "data.items.pageInfo", not true or false',
    );
  });

  it.each([
    [{ query: "" }, 'Input "Query" (query) is required when Pagination Mode is graphqlCursor.'],
    [{ cursorPath: "" }, 'Input "Cursor Path" (cursorPath) is required when Pagination Mode is graphqlCursor.'],
    [
      { data: '{"query": "{ a }"}' },
      'Input "Data" (data) is not sent when Pagination Mode is graphqlCursor: each page\'s body is the Query and its Variables; leave Data empty.',
    ],
    [
      { cursorVariable: "1after" },
      'Input "Cursor Variable" (cursorVariable) must be a GraphQL variable name (letters, digits and _, not starting with a digit), e.g. after.',
    ],
  ])("refuses %j before sending anything", async (inputs, message) => {
    const before = server.requests.length;
    const error = await paginateFailing(graphqlStep(inputs));
    expect(error.message).toBe(message);
    expect(server.requests.length).toBe(before);
  });
});

describe("the documented example", () => {
  it("walks a GraphQL connection to the end as the reference page and README example 12 say", async () => {
    const data = await paginate({
      url: `${server.url}/doc-graphql`,
      paginationMode: "graphqlCursor",
      query:
        "query Issues($project: ID!, $after: String) { issues(project: $project, first: 100, after: $after) { nodes { id title } pageInfo { hasNextPage endCursor } } }",
      variablesObject: '{"project": "P-42"}',
      itemsPath: "data.issues.nodes",
      cursorPath: "data.issues.pageInfo.endCursor",
      hasNextPagePath: "data.issues.pageInfo.hasNextPage",
      connection,
    });
    expect(data).toEqual({ items: ISSUES, pages: 3, truncated: false });
    const sent = server.requests.filter((request) => request.path === "/doc-graphql");
    expect(sent.map((request) => JSON.parse(request.body.toString("utf8")).variables)).toEqual([
      { project: "P-42" },
      { project: "P-42", after: "100" },
      { project: "P-42", after: "200" },
    ]);
  });
});

describe("Return Partial Results", () => {
  it("returns the items before a failing page, truncated, with the error masked", async () => {
    const { run } = script({ filled: 6, failing: 3 });
    const data = await paginate(numbered(run, { partialResults: "true" }));
    expect(data).toMatchObject({ items: itemsUpTo(2), pages: 2, truncated: true, failedPage: 3 });
    expect(data.error).toContain(`GET ${server.url}/numbered?run=${run}&page=3 failed with status 500`);
    // The server quoted the bearer token back in its body; the error shows it masked.
    expect(data.error).toContain("database busy");
    expect(JSON.stringify(data)).not.toContain(TOKEN);
    expect(requestsOf(run)[2].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("returns partial results on a dropped connection, and with pages in flight", async () => {
    const { run } = script({ filled: 8, dropped: 4, delayMs: () => 10 });
    const data = await paginate(numbered(run, { partialResults: "true", pageConcurrency: "3" }));
    expect(data).toMatchObject({ items: itemsUpTo(3), pages: 3, truncated: true, failedPage: 4 });
    expect(data.error).toMatch(/page=4 failed/);
  });

  it("returns partial results on GraphQL errors, with the first pages' items", async () => {
    const data = await paginate(
      graphqlStep({ partialResults: "true", variablesObject: { first: 3, failAfter: cursorOf(5) } }),
    );
    expect(data).toMatchObject({ items: CATALOGUE.slice(0, 6).map((node) => ({ node })), pages: 2, failedPage: 3 });
    expect(data.error).toContain("(page 3) returned GraphQL errors: backend timeout");
  });

  it("changes nothing when no page fails, and still fails on bad inputs", async () => {
    const { run } = script({ filled: 2 });
    expect(await paginate(numbered(run, { partialResults: "true" }))).toEqual({
      items: itemsUpTo(2),
      pages: 3,
      truncated: false,
    });
    const error = await paginateFailing(numbered(run, { partialResults: "true", stopWhen: "[" }));
    expect(error.name).toBe("InputError");
  });

  it("fails the step without it", async () => {
    const { run } = script({ filled: 6, failing: 3 });
    const error = await paginateFailing(numbered(run));
    expect(error.message).toContain("failed with status 500");
    expect(error.message).not.toContain(TOKEN);
  });
});
