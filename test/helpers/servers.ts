import { createHash } from "node:crypto";
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import { generate } from "selfsigned";

/** What a test server saw of one request: checked on the server side, not by trusting the client. */
export interface Recorded {
  method: string;
  /** Path and query as sent on the request line. */
  url: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  rawHeaders: string[];
  body: Buffer;
  sha256: string;
  at: number;
}

export type Handler = (request: Recorded, response: ServerResponse, raw: IncomingMessage) => unknown;

export interface TestServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  requests: Recorded[];
  close: () => Promise<void>;
}

export const sha256 = (bytes: Buffer | string): string => createHash("sha256").update(bytes).digest("hex");

/** Answers with a JSON description of the request it got. */
export const echo: Handler = (request, response) => {
  response.setHeader("content-type", "application/json");
  response.end(
    JSON.stringify({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body.toString("utf8"),
      sha256: request.sha256,
    }),
  );
};

/**
 * The request target as a URL. A path that starts with `//` is a path, not a host; a target no
 * URL can hold is still recorded (as the path /), so no request the server got goes missing.
 */
const parseTarget = (url: string): URL => {
  try {
    return url.startsWith("/") ? new URL(`http://recorded.invalid${url}`) : new URL(url, "http://recorded.invalid");
  } catch {
    return new URL("http://recorded.invalid/");
  }
};

const record = async (raw: IncomingMessage): Promise<Recorded> => {
  const chunks: Buffer[] = [];
  for await (const chunk of raw) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const url = raw.url ?? "/";
  const parsed = parseTarget(url);
  return {
    method: raw.method ?? "",
    url,
    path: parsed.pathname,
    query: parsed.searchParams,
    headers: raw.headers,
    rawHeaders: raw.rawHeaders,
    body,
    sha256: sha256(body),
    at: Date.now(),
  };
};

const listen = async (server: http.Server, handler: Handler, origin: string): Promise<TestServer> => {
  const requests: Recorded[] = [];
  server.on("request", async (raw: IncomingMessage, response: ServerResponse) => {
    try {
      const recorded = await record(raw);
      requests.push(recorded);
      await handler(recorded, response, raw);
    } catch (error) {
      if (!response.headersSent) response.writeHead(500);
      response.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${origin}://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/** A plain HTTP server on a free loopback port. */
export const startServer = (handler: Handler = echo): Promise<TestServer> =>
  listen(http.createServer(), handler, "http");

let certificatePromise: Promise<{ key: string; cert: string }> | undefined;

/** A self-signed certificate for 127.0.0.1 and localhost, made once per test run. */
export const testCertificate = (): Promise<{ key: string; cert: string }> => {
  certificatePromise ??= generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    algorithm: "sha256",
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  }).then((pems) => ({ key: pems.private, cert: pems.cert }));
  return certificatePromise;
};

/**
 * An HTTPS server with the TLS options given: a certificate from a test CA, and for mutual TLS
 * `requestCert` with the CA of the client certificates it accepts.
 */
export const startTlsServer = (options: https.ServerOptions, handler: Handler = echo): Promise<TestServer> =>
  listen(https.createServer(options), handler, "https");

/** An HTTPS server with a certificate no trust store knows. */
export const startHttpsServer = async (handler: Handler = echo): Promise<TestServer> => {
  const { key, cert } = await testCertificate();
  return listen(https.createServer({ key, cert }), handler, "https");
};
