import type { ServerResponse } from "node:http";
import { afterEach } from "vitest";
import { startServer, type TestServer } from "./servers";

/** What a scripted server does with one request. */
export type Step = (response: ServerResponse) => void;

/** Answers with a status, a JSON error body naming it, and any headers (e.g. Retry-After). */
export const failWith =
  (status: number, headers: Record<string, string> = {}): Step =>
  (response) =>
    response.writeHead(status, { "content-type": "application/json", ...headers }).end(`{"error":"try ${status}"}`);

/** Takes the whole request, then drops the connection without answering. */
export const dropConnection: Step = (response) => {
  response.socket?.destroy();
};

/** The time between consecutive requests a server received, as it saw them. */
export const gapsBetween = (server: TestServer): number[] =>
  server.requests.slice(1).map((request, index) => request.at - server.requests[index].at);

/**
 * A misbehaving server for one test: it plays `script` in order, one step per request, then
 * answers `body` with 200. Registers its own cleanup.
 * @example const server = await startScripted([failWith(503), dropConnection]);
 */
export const useScriptedServers = () => {
  const started: TestServer[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (script: Step[], body = '{"ok":true}'): Promise<TestServer> => {
    let index = 0;
    const server = await startServer((_request, response) => {
      const step = script[index++];
      if (step) step(response);
      else response.setHeader("content-type", "application/json").end(body);
    });
    started.push(server);
    return server;
  };
};
