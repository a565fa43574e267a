import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { toJsonPath } from "../src/inputs/pagination";
import { itemsAt } from "../src/request/paginate/items";
import { applyLimits } from "../src/request/paginate/limits";
import { nextLink } from "../src/request/paginate/next";
import { withParams } from "../src/request/paginate/query";
import { recordLogs } from "./helpers/harness";
import { paginate, paginateFailing } from "./helpers/paginate";
import { type Recorded, startHttpsServer, startServer, type TestServer } from "./helpers/servers";

const TOKEN = "page-token-5f2c";
const connection = { key: "bearerToken", configVarKey: "t", fields: { token: TOKEN } };

/** Items named after the route and page, so order and origin are visible in every assertion. */
const itemsFor = (prefix: string, page: number, count = 2) =>
  Array.from({ length: count }, (_, i) => `${prefix}${page}-${i + 1}`);
const OFFSET_DATA = Array.from({ length: 7 }, (_, i) => ({ id: i + 1 }));
const PAGE_DATA = Array.from({ length: 6 }, (_, i) => i + 1);
const PAGE_DATA_SIZE = 2;

const json = (response: ServerResponse, body: unknown, status = 200) =>
  response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));

let server: TestServer;
let other: TestServer;
/** Per-path hit counts, for a page that fails only the first time. */
const hits = new Map<string, number>();

const CURSOR_ENDS: Record<string, unknown> = { null: { next_cursor: null }, empty: { next_cursor: "" }, missing: {} };
const LOOPING_CURSORS: Record<string, string> = { "": "abc", abc: "def", def: "abc" };

const routes: Record<string, (request: Recorded, response: ServerResponse) => unknown> = {
  "/link": ({ query }, response) => {
    const page = Number(query.get("page") ?? 1);
    const links: Record<number, string | string[]> = {
      1: `<${server.url}/link?page=2>; rel="next", <${server.url}/link?page=3>; rel="last"`,
      // Two Link headers, one with two rels, the next target relative to this page.
      2: ['</link?page=1>; rel="prev"', '<link?page=3>; rel="next last"'],
      3: '</link?page=2>; rel="prev"',
    };
    response.setHeader("link", links[page]);
    json(response, itemsFor("l", page));
  },
  "/endless": ({ query }, response) => {
    const page = Number(query.get("page") ?? 1);
    response.setHeader("link", `</endless?page=${page + 1}>; rel="next"`);
    json(response, itemsFor("e", page, 10));
  },
  "/next": ({ query }, response) => {
    const page = Number(query.get("p") ?? 1);
    const next = { 1: `${server.url}/next?p=2`, 2: "?p=3", 3: null }[page];
    json(response, { data: { items: itemsFor("n", page) }, links: { next } });
  },
  "/cursor": ({ query }, response) => {
    const cursor = query.get("cursor");
    const page = cursor === "c2" ? 2 : cursor === "c3" ? 3 : 1;
    const meta = page === 3 ? CURSOR_ENDS[query.get("end") ?? "null"] : { next_cursor: `c${page + 1}` };
    json(response, { items: itemsFor("c", page), meta });
  },
  "/loop-cursor": ({ query }, response) =>
    json(response, { items: [query.get("cursor")], meta: { next_cursor: LOOPING_CURSORS[query.get("cursor") ?? ""] } }),
  "/loop-next": ({ query }, response) =>
    json(response, { items: [query.get("p")], next: query.get("p") === "2" ? "/loop-next?p=1" : "/loop-next?p=2" }),
  "/offset": ({ query }, response) => {
    const offset = Number(query.get("offset"));
    json(response, { results: OFFSET_DATA.slice(offset, offset + Number(query.get("limit"))) });
  },
  "/page": ({ query }, response) => {
    const start = (Number(query.get("page")) - 1) * PAGE_DATA_SIZE;
    json(response, PAGE_DATA.slice(start, start + PAGE_DATA_SIZE));
  },
  "/cross": ({ query }, response) => {
    const target = query.get("to") === "js" ? "javascript:alert(1)" : `${other.url}/cross?p=2`;
    json(response, { items: ["here"], next: target });
  },
  "/flaky": ({ query, url }, response) => {
    const page = Number(query.get("page") ?? 1);
    const count = (hits.get(url) ?? 0) + 1;
    hits.set(url, count);
    if (page === 2 && count === 1) return json(response, { error: "database busy" }, 500);
    response.setHeader("link", page < 3 ? `</flaky?run=${query.get("run")}&page=${page + 1}>; rel="next"` : "");
    json(response, itemsFor("f", page));
  },
  "/shapes": ({ query }, response) => json(response, JSON.parse(query.get("body") ?? "null")),
};

beforeAll(async () => {
  server = await startServer((request, response) => {
    const route = routes[request.path];
    if (!route) return json(response, { error: "no route" }, 404);
    return route(request, response);
  });
  other = await startServer((_request, response) => json(response, { items: ["there"], next: null }));
});
afterAll(async () => {
  await server.close();
  await other.close();
});

/** The requests a block of the test makes, as path and query on the request line. */
const watch = (target: TestServer = server) => {
  const start = target.requests.length;
  const requests = () => target.requests.slice(start);
  return { requests, urls: () => requests().map((request) => request.url) };
};

describe("httpPaginate modes", () => {
  it("follows Link rel=next over one header, repeated headers, several rels and a relative target", async () => {
    const sent = watch();
    const data = await paginate({ url: `${server.url}/link`, connection });
    expect(data).toEqual({
      items: [...itemsFor("l", 1), ...itemsFor("l", 2), ...itemsFor("l", 3)],
      pages: 3,
      truncated: false,
    });
    expect(sent.urls()).toEqual(["/link", "/link?page=2", "/link?page=3"]);
    for (const request of sent.requests()) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("keeps the URL's user:password@ credentials on the server's next links to the same origin", async () => {
    const sent = watch();
    await paginate({ url: `${server.url.replace("http://", "http://ops:s3cret@")}/link` });
    const basic = `Basic ${Buffer.from("ops:s3cret").toString("base64")}`;
    expect(sent.requests().map((request) => request.headers.authorization)).toEqual([basic, basic, basic]);
  });

  it("follows a next URL in the body, absolute then relative, with items at a nested $. path", async () => {
    const sent = watch();
    const data = await paginate({
      url: `${server.url}/next`,
      connection,
      paginationMode: "nextUrl",
      nextUrlPath: "$.links.next",
      itemsPath: "$.data.items",
    });
    expect(data.items).toEqual([...itemsFor("n", 1), ...itemsFor("n", 2), ...itemsFor("n", 3)]);
    expect(sent.urls()).toEqual(["/next", "/next?p=2", "/next?p=3"]);
    for (const request of sent.requests()) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("sends the cursor back in place of an earlier one, keeping the user's query, limit and POST body on every page", async () => {
    const sent = watch();
    const data = await paginate({
      url: `${server.url}/cursor?cursor=start&filter=open`,
      method: "POST",
      data: '{"search":"widgets"}',
      queryParams: [{ key: "sort", value: "name" }],
      connection,
      paginationMode: "cursor",
      cursorPath: "meta.next_cursor",
      itemsPath: "items",
      pageSize: "2",
    });
    expect(data).toEqual({
      items: [...itemsFor("c", 1), ...itemsFor("c", 2), ...itemsFor("c", 3)],
      pages: 3,
      truncated: false,
    });
    expect(sent.urls()).toEqual([
      "/cursor?cursor=start&filter=open&sort=name&limit=2",
      "/cursor?filter=open&sort=name&cursor=c2&limit=2",
      "/cursor?filter=open&sort=name&cursor=c3&limit=2",
    ]);
    for (const request of sent.requests()) {
      expect(request.method).toBe("POST");
      expect(request.body.toString()).toBe('{"search":"widgets"}');
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
    }
  });

  it("walks offset and limit, replacing the user's own limit, and stops on a short page", async () => {
    const sent = watch();
    const data = await paginate({
      url: `${server.url}/offset?limit=50`,
      queryParams: [{ key: "sort", value: "id" }],
      connection,
      paginationMode: "offset",
      itemsPath: "results",
      pageSize: "3",
    });
    expect(data).toEqual({ items: OFFSET_DATA, pages: 3, truncated: false });
    expect(sent.urls()).toEqual([
      "/offset?sort=id&offset=0&limit=3",
      "/offset?sort=id&offset=3&limit=3",
      "/offset?sort=id&offset=6&limit=3",
    ]);
    for (const request of sent.requests()) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("counts pages from Start Page and stops on an empty page", async () => {
    const sent = watch();
    const data = await paginate({ url: `${server.url}/page`, connection, paginationMode: "page", startPage: "1" });
    expect(data).toEqual({ items: PAGE_DATA, pages: 4, truncated: false });
    expect(sent.urls()).toEqual(["/page?page=1", "/page?page=2", "/page?page=3", "/page?page=4"]);
    for (const request of sent.requests()) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("sends Page Size in page mode and stops on the short page without asking for another", async () => {
    const sent = watch();
    const data = await paginate({
      url: `${server.url}/page`,
      paginationMode: "page",
      pageSize: "2",
      limitParam: "per_page",
    });
    expect(data.items).toEqual(PAGE_DATA);
    // Page 3 is full (2 of 2), so page 4 is asked for and comes back empty.
    expect(sent.urls()).toEqual([
      "/page?page=1&per_page=2",
      "/page?page=2&per_page=2",
      "/page?page=3&per_page=2",
      "/page?page=4&per_page=2",
    ]);
  });
});

describe("httpPaginate stop conditions", () => {
  it.each(["null", "empty", "missing"])("stops when the cursor is %s", async (end) => {
    const sent = watch();
    const data = await paginate({
      url: `${server.url}/cursor?end=${end}`,
      paginationMode: "cursor",
      cursorPath: "meta.next_cursor",
      itemsPath: "items",
    });
    expect(data.pages).toBe(3);
    expect(sent.requests()).toHaveLength(3);
  });

  it("stops at Max Pages and says the result is truncated", async () => {
    const sent = watch();
    const data = await paginate({ url: `${server.url}/endless`, maxPages: "3" });
    expect(data).toEqual({
      items: [...itemsFor("e", 1, 10), ...itemsFor("e", 2, 10), ...itemsFor("e", 3, 10)],
      pages: 3,
      truncated: true,
    });
    expect(sent.requests()).toHaveLength(3);
  });

  it("is not truncated when Max Pages is reached on the last page", async () => {
    expect(await paginate({ url: `${server.url}/link`, maxPages: "3" })).toMatchObject({ pages: 3, truncated: false });
  });

  it("cuts to exactly Max Items, truncated, without fetching further pages", async () => {
    const sent = watch();
    const data = await paginate({ url: `${server.url}/endless`, maxItems: "25" });
    expect(data.items).toEqual([...itemsFor("e", 1, 10), ...itemsFor("e", 2, 10), ...itemsFor("e", 3, 5)]);
    expect(data).toMatchObject({ pages: 3, truncated: true });
    expect(sent.requests()).toHaveLength(3);
  });

  it("is not truncated when Max Items equals everything there is", async () => {
    expect(await paginate({ url: `${server.url}/link`, maxItems: "6" })).toMatchObject({ pages: 3, truncated: false });
  });

  it("fails clearly on a cursor that comes back, instead of looping", async () => {
    const sent = watch();
    const error = await paginateFailing({
      url: `${server.url}/loop-cursor`,
      paginationMode: "cursor",
      cursorPath: "meta.next_cursor",
      itemsPath: "items",
    });
    expect(error.message).toBe(
      `GET ${server.url}/loop-cursor?cursor=def (page 3) returned the cursor "abc" again; stopping instead of looping`,
    );
    expect(sent.requests()).toHaveLength(3);
  });

  it("fails clearly on a next URL that comes back, instead of looping", async () => {
    const sent = watch();
    const error = await paginateFailing({
      url: `${server.url}/loop-next?p=1`,
      paginationMode: "nextUrl",
      nextUrlPath: "next",
      itemsPath: "items",
    });
    expect(error.message).toBe(
      `GET ${server.url}/loop-next?p=2 (page 2) returned the next URL ${server.url}/loop-next?p=1 again; stopping instead of looping`,
    );
    expect(sent.requests()).toHaveLength(2);
  });
});

describe("httpPaginate origins", () => {
  const cross = { paginationMode: "nextUrl", nextUrlPath: "next", itemsPath: "items", connection };

  it("refuses a next page on another origin by default, before sending anything there", async () => {
    const there = watch(other);
    const error = await paginateFailing({ url: `${server.url}/cross`, ...cross });
    expect(error.message).toBe(
      `GET ${server.url}/cross (page 1) returned a next page on another origin, ${other.url}; turn on Allow Cross-Origin Pages (allowCrossOriginPages) to follow it (without the connection's credentials)`,
    );
    expect(there.requests()).toHaveLength(0);
  });

  it("follows it when allowed, without the connection's credentials or credential headers", async () => {
    const there = watch(other);
    const data = await paginate({
      url: `${server.url}/cross`,
      ...cross,
      headers: [
        { key: "X-Api-Key", value: "user-key-9" },
        { key: "Accept", value: "application/json" },
      ],
      allowCrossOriginPages: "true",
    });
    expect(data).toEqual({ items: ["here", "there"], pages: 2, truncated: false });
    expect(there.urls()).toEqual(["/cross?p=2"]);
    expect(there.requests()[0].headers.authorization).toBeUndefined();
    expect(there.requests()[0].headers["x-api-key"]).toBeUndefined();
    expect(there.requests()[0].headers.accept).toBe("application/json");
  });

  it("goes on from https over plain http only with Allow HTTPS to HTTP Redirects", async () => {
    const there = watch(other);
    const secure = await startHttpsServer((_request, response) =>
      response
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ items: ["secure"], next: `${other.url}/cross?p=2` })),
    );
    try {
      const inputs = { url: `${secure.url}/start`, ...cross, allowCrossOriginPages: "true", ignoreSslErrors: "true" };
      const error = await paginateFailing(inputs);
      expect(error.message).toBe(
        `GET ${secure.url}/start (page 1) returned a next page over plain http, ${other.url}; turn on Allow HTTPS to HTTP Redirects (allowInsecureRedirects) to follow it`,
      );
      expect(there.requests()).toHaveLength(0);
      const data = await paginate({ ...inputs, allowInsecureRedirects: "true" });
      expect(data).toEqual({ items: ["secure", "there"], pages: 2, truncated: false });
    } finally {
      await secure.close();
    }
  });

  it("never follows a next URL that is not http or https", async () => {
    const error = await paginateFailing({ url: `${server.url}/cross?to=js`, ...cross, allowCrossOriginPages: "true" });
    expect(error.message).toBe(
      `GET ${server.url}/cross?to=js (page 1) returned a next page URL with protocol "javascript:"; only http and https pages are followed`,
    );
  });
});

describe("httpPaginate items and inputs", () => {
  const shapes = (body: unknown) => `${server.url}/shapes?body=${encodeURIComponent(JSON.stringify(body))}`;

  it.each([
    [
      { data: { items: {} } },
      "data.items",
      'has no array of items at Items Path "data.items": found an empty object there',
    ],
    [{ data: { rows: [] } }, "data.items", 'has no array of items at Items Path "data.items": found nothing there'],
    [
      { data: { items: "none" } },
      "data.items",
      'has no array of items at Items Path "data.items": found a string there',
    ],
    [
      { data: [], meta: {} },
      "",
      "returned an object (keys: data, meta) as its body, not an array of items; set Items Path (itemsPath) to where the array is",
    ],
  ])("fails clearly when %j has no array at %j", async (body, itemsPath, reason) => {
    const error = await paginateFailing({ url: shapes(body), itemsPath });
    expect(error.message).toBe(`GET ${shapes(body)} (page 1) ${reason}`);
  });

  it.each([
    [{ paginationMode: "nextUrl" }, 'Input "Next URL Path" (nextUrlPath) is required when Pagination Mode is nextUrl.'],
    [{ paginationMode: "cursor" }, 'Input "Cursor Path" (cursorPath) is required when Pagination Mode is cursor.'],
    [{ paginationMode: "offset" }, 'Input "Page Size" (pageSize) is required when Pagination Mode is offset.'],
    [
      { paginationMode: "pages" },
      'Input "Pagination Mode" (paginationMode) must be one of linkHeader, nextUrl, cursor, offset, page, graphqlCursor; got "pages".',
    ],
    [{ maxPages: "0" }, 'Input "Max Pages" (maxPages) must be at least 1; got 0.'],
    [{ maxPages: "10001" }, 'Input "Max Pages" (maxPages) must be at most 10000; got 10001.'],
    [{ maxItems: "0" }, 'Input "Max Items" (maxItems) must be at least 1; got 0.'],
  ])("refuses %j before sending anything", async (inputs, message) => {
    const sent = watch();
    const error = await paginateFailing({ url: `${server.url}/link`, ...inputs });
    expect(error.message).toBe(message);
    expect(sent.requests()).toHaveLength(0);
  });
});

describe("httpPaginate failing pages", () => {
  it("fails with the page's status", async () => {
    const error = await paginateFailing({ url: `${server.url}/flaky?run=fail`, connection });
    expect(error.message).toBe(
      `GET ${server.url}/flaky?run=fail&page=2 failed with status 500 Internal Server Error: {"error":"database busy"}`,
    );
  });

  it("retries a failing page with Max Retry Count and goes on", async () => {
    const sent = watch();
    const data = await paginate({ url: `${server.url}/flaky?run=retry`, connection, maxRetries: "1" });
    expect(data).toEqual({
      items: [...itemsFor("f", 1), ...itemsFor("f", 2), ...itemsFor("f", 3)],
      pages: 3,
      truncated: false,
    });
    expect(sent.urls()).toEqual([
      "/flaky?run=retry",
      "/flaky?run=retry&page=2",
      "/flaky?run=retry&page=2",
      "/flaky?run=retry&page=3",
    ]);
    for (const request of sent.requests()) expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("returns what it has, truncated, with the failing response, when Fail On Error Status is off", async () => {
    const data = await paginate({ url: `${server.url}/flaky?run=data`, failOnErrorStatus: "false" });
    expect(data).toMatchObject({
      items: itemsFor("f", 1),
      pages: 2,
      truncated: true,
      lastResponse: { status: 500, data: { error: "database busy" }, url: `${server.url}/flaky?run=data&page=2` },
    });
  });

  it("returns the last page's status and headers with Include Full Response", async () => {
    const data = await paginate({ url: `${server.url}/link`, includeFullResponse: "true" });
    expect(data.lastResponse).toMatchObject({
      status: 200,
      url: `${server.url}/link?page=3`,
      headers: { link: '</link?page=2>; rel="prev"' },
    });
    expect(data.lastResponse).not.toHaveProperty("data");
  });

  it("logs one line per page with Debug Request, and none without", async () => {
    const logs = recordLogs();
    await paginate({ url: `${server.url}/link`, debugRequest: "true" }, logs);
    expect(logs.lines.filter((line) => line.startsWith("Page "))).toEqual([
      `Page 1 of at most 100: GET ${server.url}/link returned 2 items; 2 collected`,
      `Page 2 of at most 100: GET ${server.url}/link?page=2 returned 2 items; 4 collected`,
      `Page 3 of at most 100: GET ${server.url}/link?page=3 returned 2 items; 6 collected`,
    ]);
    const quiet = recordLogs();
    await paginate({ url: `${server.url}/link` }, quiet);
    expect(quiet.lines).toEqual([]);
  });
});

describe("httpPaginate methods", () => {
  it.each(["HEAD", "OPTIONS", "DELETE"])("does not offer %s, which has no items to walk", async (method) => {
    const error = await paginateFailing({ url: "http://127.0.0.1:9/items", method });
    expect(error.message).toBe(`Input "Method" (method) must be one of GET, POST; got "${method}".`);
  });
});

describe("pagination steps without a network", () => {
  it.each([
    ['<https://x.test/a?page=2>; rel="next"', "https://x.test/a?page=2"],
    ['<https://x.test/a?page=1>; rel="prev", </b?page=3>; rel="next last"', "/b?page=3"],
    [['</a?page=1>; rel="prev"', '</a?page=3>; rel="NEXT"'], "/a?page=3"],
    ['<https://x.test/a?page=1>; rel="prev"', undefined],
    [undefined, undefined],
  ])("reads the next link of %j", (link, next) => {
    expect(nextLink({ link })).toBe(next);
  });

  it("fails on a Link header it cannot read rather than stopping early", () => {
    expect(() => nextLink({ link: "not a link" })).toThrow(/has a Link header that cannot be read/);
  });

  it("replaces pagination parameters in the URL and the list, keeping the rest as written", () => {
    const request = withParams(
      {
        url: new URL("https://x.test/a?cursor=1&q=a%20b&cursor=2"),
        queryParams: [
          { key: "cursor", value: "0" },
          { key: "tag", value: "x" },
        ],
      },
      [{ key: "cursor", value: "c9" }],
    );
    expect(request.url.href).toBe("https://x.test/a?q=a%20b");
    expect(request.queryParams).toEqual([
      { key: "tag", value: "x" },
      { key: "cursor", value: "c9" },
    ]);
  });

  it.each([
    ["$.data.items", "data.items"],
    ["links[0].href", "links[0].href"],
    ["$", undefined],
    [" ", undefined],
  ])("reads the path %j as %j", (path, expected) => {
    expect(toJsonPath(path)).toBe(expected);
  });

  it("takes items from a path with an index", () => {
    expect(itemsAt({ pages: [{ rows: [1, 2] }] }, "pages[0].rows")).toEqual([1, 2]);
  });

  it.each([
    [
      { pageItems: 10, collected: 0, maxItems: undefined, page: 1, maxPages: 100, hasNext: true },
      { take: 10, stop: false, truncated: false },
    ],
    [
      { pageItems: 10, collected: 0, maxItems: undefined, page: 1, maxPages: 100, hasNext: false },
      { take: 10, stop: true, truncated: false },
    ],
    [
      { pageItems: 10, collected: 0, maxItems: undefined, page: 3, maxPages: 3, hasNext: true },
      { take: 10, stop: true, truncated: true },
    ],
    [
      { pageItems: 10, collected: 20, maxItems: 25, page: 3, maxPages: 100, hasNext: false },
      { take: 5, stop: true, truncated: true },
    ],
    [
      { pageItems: 5, collected: 20, maxItems: 25, page: 3, maxPages: 100, hasNext: true },
      { take: 5, stop: true, truncated: true },
    ],
    [
      { pageItems: 5, collected: 20, maxItems: 25, page: 3, maxPages: 100, hasNext: false },
      { take: 5, stop: true, truncated: false },
    ],
  ])("applies the limits to %j", (position, step) => {
    expect(applyLimits(position)).toEqual(step);
  });
});
