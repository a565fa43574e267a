import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { parse as parseContentType } from "content-type";
import { MultipartError, parseMultipart } from "./cli/multipart";

/**
 * A small, realistic API on loopback for `npm start`, for tests and for the designer's example
 * payloads (`npm run examples`): an item store with the usual verbs and offset paging, a
 * multipart upload, a GraphQL endpoint, a CSV report and a PNG. Every server starts from the same
 * seed data and answers without timestamps or random ids, so results are stable.
 */

/** Credentials the demo API accepts. Requests without an Authorization header are accepted too. */
export const DEMO_CREDENTIALS = { apiKey: "demo-key", username: "demo", password: "demo-key" } as const;

export interface DemoApi {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  close: () => Promise<void>;
}

export interface Item {
  id: number;
  [field: string]: unknown;
}

export const SEED_ITEMS: readonly Item[] = [
  { id: 1, name: "Widget", price: 9.5, inStock: true },
  { id: 2, name: "Gadget", price: 24, inStock: true },
  { id: 3, name: "Gizmo", price: 3.75, inStock: false },
];

export const REPORT_CSV = "id,name,price\n1,Widget,9.50\n2,Gadget,24.00\n3,Gizmo,3.75\n";
const LOGO_PATH = path.resolve(__dirname, "..", "assets", "icon.png");
/** Larger bodies are refused: the demo API keeps whole bodies in memory. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const JSON_TYPE = "application/json; charset=utf-8";
const CSV_TYPE = "text/csv; charset=utf-8";
const STATUS = {
  ok: 200,
  created: 201,
  noContent: 204,
  badRequest: 400,
  unauthorized: 401,
  notFound: 404,
  methodNotAllowed: 405,
  tooLarge: 413,
  unsupportedType: 415,
  serverError: 500,
} as const;

interface DemoRequest {
  method: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** The `:id` of item routes. */
  id?: number;
}

interface Reply {
  status: number;
  type?: string;
  body?: Buffer | string;
}

const json = (status: number, value: unknown): Reply => ({ status, type: JSON_TYPE, body: JSON.stringify(value) });
const problem = (status: number, error: string): Reply => json(status, { error });

/** Accepts the demo key under any scheme (Bearer, Token, Basic or bare) and Basic demo:demo-key. */
const isAuthorized = (header: string | undefined): boolean => {
  if (header === undefined) return true;
  const credential = header.trim().split(/\s+/).pop() ?? "";
  const basic = Buffer.from(credential, "base64").toString("utf8");
  return (
    credential === DEMO_CREDENTIALS.apiKey || basic === `${DEMO_CREDENTIALS.username}:${DEMO_CREDENTIALS.password}`
  );
};

const readJsonObject = (body: Buffer): Record<string, unknown> | undefined => {
  try {
    const value: unknown = JSON.parse(body.toString("utf8"));
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // not JSON: the caller answers 400
  }
};

/** A client may not choose an item's id: the store assigns it. */
const withoutId = ({ id: _id, ...fields }: Record<string, unknown>): Record<string, unknown> => fields;

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

const boundaryOf = (contentType: string | undefined): string | undefined => {
  try {
    const type = parseContentType(contentType ?? "");
    return type.type === "multipart/form-data" ? type.parameters.boundary : undefined;
  } catch {
    return undefined; // an unparseable Content-Type is answered like a missing one
  }
};

/** Lists the parts of a multipart upload with their sizes and digests, so a client can check the bytes arrived. */
const upload = (request: DemoRequest): Reply => {
  const boundary = boundaryOf(request.headers["content-type"]);
  if (!boundary) return problem(STATUS.unsupportedType, "send multipart/form-data with a boundary");
  try {
    const parts = parseMultipart(request.body, boundary).map((part) => ({
      name: part.name,
      fileName: part.fileName ?? null,
      contentType: part.contentType ?? null,
      size: part.body.length,
      sha256: sha256(part.body),
    }));
    return json(STATUS.ok, { method: request.method, parts });
  } catch (error) {
    if (error instanceof MultipartError)
      return problem(STATUS.badRequest, `malformed multipart body: ${error.message}`);
    throw error;
  }
};

/** The fields a query selects on `items` (`items(limit: $limit) { id name }`), or undefined for all. */
const ITEMS_SELECTION = /\bitems\s*(?:\([^)]*\))?\s*\{([^{}]*)\}/;

const selectFields = (query: string, item: Item): Record<string, unknown> => {
  const selection = ITEMS_SELECTION.exec(query)?.[1]
    .split(/[\s,]+/)
    .filter(Boolean);
  if (!selection) return item;
  return Object.fromEntries(selection.filter((field) => field in item).map((field) => [field, item[field]]));
};

/**
 * A tiny GraphQL endpoint: `items(limit)` answers from the store with the fields the query
 * selects; a query that selects `missingField` gets a GraphQL error next to partial data, as
 * real servers answer.
 */
const graphql =
  (items: () => Item[]) =>
  (request: DemoRequest): Reply => {
    const operation = readJsonObject(request.body);
    const query = operation?.query;
    if (!operation || typeof query !== "string") return problem(STATUS.badRequest, "send { query, variables }");
    const variables = (operation.variables ?? {}) as Record<string, unknown>;
    const limit = Number(variables.limit ?? items().length);
    const data = {
      items: items()
        .slice(0, limit)
        .map((item) => selectFields(query, item)),
    };
    if (query.includes("missingField")) {
      return json(STATUS.ok, {
        data,
        errors: [
          { message: 'Cannot query field "missingField" on type "Item".', locations: [{ line: 1, column: 30 }] },
        ],
      });
    }
    return json(STATUS.ok, { data });
  };

/** The item store of one server; each server starts from the seed, so runs are repeatable. */
const itemRoutes = () => {
  const items = new Map<number, Item>(SEED_ITEMS.map((item) => [item.id, { ...item }]));
  let nextId = Math.max(...items.keys()) + 1;
  const found = (request: DemoRequest, answer: (item: Item) => Reply): Reply => {
    const item = request.id === undefined ? undefined : items.get(request.id);
    return item ? answer(item) : problem(STATUS.notFound, `no item with id ${request.id}`);
  };
  const withBody = (request: DemoRequest, answer: (fields: Record<string, unknown>) => Reply): Reply => {
    const fields = readJsonObject(request.body);
    return fields ? answer(fields) : problem(STATUS.badRequest, "the body must be a JSON object");
  };
  const save = (item: Item, status: number): Reply => {
    items.set(item.id, item);
    return json(status, item);
  };
  return {
    all: () => [...items.values()],
    // `offset` and `limit` make the list a paged one, for Fetch All Pages in offset mode.
    list: (request: DemoRequest): Reply => {
      const limit = request.query.get("limit");
      const offset = request.query.get("offset") ?? "0";
      if (limit !== null && !/^[1-9]\d*$/.test(limit))
        return problem(STATUS.badRequest, "limit must be a positive whole number");
      if (!/^\d+$/.test(offset)) return problem(STATUS.badRequest, "offset must be a whole number");
      const start = Number(offset);
      return json(STATUS.ok, [...items.values()].slice(start, limit === null ? undefined : start + Number(limit)));
    },
    get: (request: DemoRequest) => found(request, (item) => json(STATUS.ok, item)),
    create: (request: DemoRequest) =>
      withBody(request, (fields) => save({ id: nextId++, ...withoutId(fields) }, STATUS.created)),
    replace: (request: DemoRequest) =>
      found(request, (item) => withBody(request, (fields) => save({ id: item.id, ...withoutId(fields) }, STATUS.ok))),
    update: (request: DemoRequest) =>
      found(request, (item) => withBody(request, (fields) => save({ ...item, ...withoutId(fields) }, STATUS.ok))),
    remove: (request: DemoRequest) =>
      found(request, (item) => {
        items.delete(item.id);
        return { status: STATUS.noContent };
      }),
  };
};

type Route = { methods: string[]; path: RegExp; handle: (request: DemoRequest) => Reply };

const routesFor = (items: ReturnType<typeof itemRoutes>, logo: () => Buffer): Route[] => [
  { methods: ["GET", "HEAD"], path: /^\/items$/, handle: items.list },
  { methods: ["POST"], path: /^\/items$/, handle: items.create },
  { methods: ["GET"], path: /^\/items\/(\d+)$/, handle: items.get },
  { methods: ["PUT"], path: /^\/items\/(\d+)$/, handle: items.replace },
  { methods: ["PATCH"], path: /^\/items\/(\d+)$/, handle: items.update },
  { methods: ["DELETE"], path: /^\/items\/(\d+)$/, handle: items.remove },
  { methods: ["POST", "PUT"], path: /^\/upload$/, handle: upload },
  { methods: ["POST"], path: /^\/graphql$/, handle: graphql(items.all) },
  {
    methods: ["GET"],
    path: /^\/report\.csv$/,
    handle: () => ({ status: STATUS.ok, type: CSV_TYPE, body: REPORT_CSV }),
  },
  { methods: ["GET"], path: /^\/logo\.png$/, handle: () => ({ status: STATUS.ok, type: "image/png", body: logo() }) },
];

/** Finds the route for a request: 404 for an unknown path, 405 for a known path and another verb. */
const dispatch = (routes: Route[], method: string, pathname: string, request: Omit<DemoRequest, "id">): Reply => {
  const matching = routes.filter((route) => route.path.test(pathname));
  if (matching.length === 0) return problem(STATUS.notFound, `no route ${pathname}`);
  const route = matching.find((candidate) => candidate.methods.includes(method));
  if (!route) return problem(STATUS.methodNotAllowed, `${method} is not allowed on ${pathname}`);
  const id = route.path.exec(pathname)?.[1];
  return route.handle({ ...request, id: id === undefined ? undefined : Number(id) });
};

const readBody = async (raw: IncomingMessage): Promise<Buffer | undefined> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
};

const send = (response: ServerResponse, reply: Reply): void => {
  // No Date header and a fixed length instead of chunks: the same request always gets the same bytes.
  response.sendDate = false;
  if (reply.body !== undefined) response.setHeader("content-length", Buffer.byteLength(reply.body));
  if (reply.type) response.setHeader("content-type", reply.type);
  if (reply.status === STATUS.unauthorized) response.setHeader("www-authenticate", 'Bearer realm="demo"');
  response.writeHead(reply.status);
  response.end(reply.body);
};

/** Reads, authenticates and routes one request. */
const answer = async (routes: Route[], raw: IncomingMessage): Promise<Reply> => {
  const body = await readBody(raw);
  if (body === undefined) return problem(STATUS.tooLarge, `bodies are limited to ${MAX_BODY_BYTES} bytes`);
  if (!isAuthorized(raw.headers.authorization)) {
    return problem(STATUS.unauthorized, "unknown credentials; use the demo key or no Authorization header");
  }
  const { pathname, searchParams } = new URL(raw.url ?? "/", "http://demo.invalid");
  const method = raw.method ?? "GET";
  return dispatch(routes, method, pathname, { method, query: searchParams, headers: raw.headers, body });
};

/**
 * Starts the demo API on a free loopback port.
 * @example const api = await startDemoApi(); await fetch(`${api.url}/items?limit=2`); await api.close();
 */
export const startDemoApi = async (): Promise<DemoApi> => {
  let logo: Buffer | undefined;
  const routes = routesFor(itemRoutes(), () => (logo ??= readFileSync(LOGO_PATH)));
  const server = http.createServer((raw, response) => {
    answer(routes, raw).then(
      (reply) => send(response, reply),
      (error: unknown) => send(response, problem(STATUS.serverError, `demo API error: ${(error as Error).message}`)),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
