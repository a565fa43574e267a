import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxy } from "proxy";

export interface TestProxy {
  /** e.g. http://127.0.0.1:40123, without credentials */
  url: string;
  port: number;
  /** Targets of CONNECT tunnels, e.g. "127.0.0.1:443". */
  tunnels: string[];
  /** Absolute URLs of plain-HTTP requests the proxy forwarded. */
  forwarded: string[];
  /** Proxy-Authorization values the proxy received. */
  authorizations: string[];
  close: () => Promise<void>;
}

/**
 * A real forwarding and CONNECT proxy (the `proxy` package), optionally demanding Basic
 * credentials, that records what passed through it.
 */
export const startProxy = async (credentials?: { username: string; password: string }): Promise<TestProxy> => {
  const server = createProxy(http.createServer());
  const tunnels: string[] = [];
  const forwarded: string[] = [];
  const authorizations: string[] = [];
  const expected = credentials
    ? `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString("base64")}`
    : undefined;
  server.authenticate = (request) => {
    const header = request.headers["proxy-authorization"];
    if (header) authorizations.push(header);
    return expected === undefined || header === expected;
  };
  server.prependListener("connect", (request: http.IncomingMessage) => tunnels.push(request.url ?? ""));
  server.prependListener("request", (request: http.IncomingMessage) => forwarded.push(request.url ?? ""));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    tunnels,
    forwarded,
    authorizations,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};
