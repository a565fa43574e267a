/**
 * The benchmark's loopback server, run in its own process (bench/run.ts forks it) so its work
 * never counts as client CPU. It answers small JSON, counts JSON bodies, streams downloads of
 * the deterministic pattern and tables of rows (CSV, XML, JSON), and hashes uploads as they
 * stream: it holds no large body, and it
 * reports byte counts and sha256 so a broken transfer cannot pass for a fast one.
 */
import { createHash } from "node:crypto";
import { once } from "node:events";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { issue } from "../test/helpers/pki";
import { SinglePartReader } from "./multipart";
import { patternChunks } from "./pattern";
import { pageBody, SMALL_BODY } from "./protocol";
import { ROW_FORMATS, type RowFormat, rowChunks } from "./rows";

/** Keep-alive sockets stay open between the warm-up and the measured window. */
const KEEP_ALIVE_MS = 120_000;

const sendJson = (response: ServerResponse, value: unknown): void => {
  const body = Buffer.from(JSON.stringify(value));
  response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
  response.end(body);
};

const countJson = (request: IncomingMessage, response: ServerResponse): void => {
  let received = 0;
  request.on("data", (chunk: Buffer) => {
    received += chunk.length;
  });
  request.on("end", () => sendJson(response, { received }));
};

const download = async (response: ServerResponse, size: number): Promise<void> => {
  response.writeHead(200, { "content-type": "application/octet-stream", "content-length": size });
  for (const chunk of patternChunks(size)) {
    if (!response.write(chunk)) await once(response, "drain");
  }
  response.end();
};

const ROW_TYPES: Record<RowFormat, string> = { csv: "text/csv", xml: "application/xml", json: "application/json" };

const rows = async (response: ServerResponse, format: RowFormat, size: number): Promise<void> => {
  if (!ROW_FORMATS.includes(format)) throw new Error(`no row format ${format}`);
  response.writeHead(200, { "content-type": ROW_TYPES[format] });
  for (const chunk of rowChunks(format, size)) {
    if (!response.write(chunk)) await once(response, "drain");
  }
  response.end();
};

const upload = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const hash = createHash("sha256");
  let bytes = 0;
  for await (const chunk of request) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  sendJson(response, { bytes, sha256: hash.digest("hex"), contentType: request.headers["content-type"] });
};

const form = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(request.headers["content-type"] ?? "");
  if (!boundary) throw new Error("no multipart boundary");
  const part = new SinglePartReader(boundary[1] ?? boundary[2]);
  for await (const chunk of request) part.write(chunk as Buffer);
  sendJson(response, part.end());
};

const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
  const url = new URL(request.url ?? "/", "http://bench.invalid");
  if (request.method === "GET" && url.pathname === "/small") {
    response.writeHead(200, { "content-type": "application/json", "content-length": SMALL_BODY.length });
    response.end(SMALL_BODY);
  } else if (request.method === "GET" && url.pathname === "/pages") {
    const body = pageBody(Number(url.searchParams.get("page")));
    response.writeHead(200, { "content-type": "application/json", "content-length": body.length });
    response.end(body);
  } else if (request.method === "POST" && url.pathname === "/json") {
    countJson(request, response);
  } else if (request.method === "GET" && url.pathname === "/download") {
    await download(response, Number(url.searchParams.get("bytes")));
  } else if (request.method === "GET" && url.pathname === "/rows") {
    await rows(response, url.searchParams.get("format") as RowFormat, Number(url.searchParams.get("bytes")));
  } else if (url.pathname === "/upload") {
    await upload(request, response);
  } else if (url.pathname === "/form") {
    await form(request, response);
  } else {
    response.writeHead(404).end();
  }
};

const handle = (request: IncomingMessage, response: ServerResponse): void => {
  route(request, response).catch((error: Error) => {
    if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
    response.end(error.message);
  });
};

const keepAlive = (server: http.Server): http.Server => {
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1000;
  return server;
};

const listen = (server: http.Server): Promise<number> =>
  new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port)));

/** Plain HTTP, and HTTPS with a certificate from a CA made now, which clients are told to trust. */
const main = async () => {
  const ca = await issue({ subject: "CN=Bench CA", ca: true });
  const leaf = await issue({ subject: "CN=localhost", issuer: ca, hosts: ["localhost", "127.0.0.1"] });
  const port = await listen(keepAlive(http.createServer(handle)));
  const httpsPort = await listen(keepAlive(https.createServer({ key: leaf.key, cert: leaf.cert }, handle)));
  process.send?.({ port, httpsPort, ca: ca.cert });
};

void main();
// The parent owns this process: when it goes, so does the server.
process.on("disconnect", () => process.exit(0));
