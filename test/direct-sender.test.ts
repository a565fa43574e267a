/**
 * A step that neither retries nor signs is sent by axios's http adapter directly (client.ts's
 * `directSender`), skipping `request()`'s config merge and interceptor chain. What reaches the
 * wire, and what comes back, must be what `request()` gives: the reference is the retrying
 * instance, whose first attempt goes through `request()` with the same defaults. Both send to
 * a raw recorder, so header case, order and bytes are compared as written.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import axios, { type AxiosError, AxiosHeaders, type AxiosResponse } from "axios";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientFor } from "../src/request/client";
import { type Recorder, startRecorder, type WireRequest } from "./helpers/recorder";

let recorder: Recorder;
let statusServer: http.Server;
let statusUrl: string;

beforeAll(async () => {
  recorder = await startRecorder();
  // Answers /<status> with that status, a rate-limit header and a body naming it.
  statusServer = http.createServer((request, response) => {
    const status = Number(request.url?.slice(1));
    response.writeHead(status, { "content-type": "text/plain", "x-seen-method": request.method ?? "" });
    response.end(request.method === "HEAD" ? undefined : `status ${status}`);
  });
  await new Promise<void>((resolve) => statusServer.listen(0, "127.0.0.1", resolve));
  statusUrl = `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await recorder.close();
  await new Promise((resolve) => statusServer.close(resolve));
});

const agent = new http.Agent({ keepAlive: false });

type Body = Buffer | "stream" | undefined;

const dataOf = (body: Body) => (body === "stream" ? Readable.from([Buffer.from("streamed body")]) : body);

/** Sends one request through a sender and returns what the recorder saw of it. */
const wireOf = async (
  direct: boolean,
  bare: boolean,
  method: string,
  headers: Record<string, string | false>,
  body: Body,
): Promise<WireRequest> => {
  const before = recorder.requests.length;
  const response = await clientFor(direct ? 0 : 1, false, bare).request<Readable>({
    method,
    url: `${recorder.url}/path?q=1`,
    headers,
    data: dataOf(body),
    httpAgent: agent,
  });
  response.data.resume();
  expect(recorder.requests.length).toBe(before + 1);
  return recorder.requests[before];
};

/** The headers as received, the Date (which ticks between two answers) left out. */
const headersOf = (headers: unknown): Record<string, unknown> => ({
  ...AxiosHeaders.from(headers as AxiosHeaders).toJSON(),
  date: "",
});

const readText = async (stream: Readable): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
};

/** What a caller reads of an answer or a failure: exchange.ts reads these and nothing else. */
const outcomeOf = async (direct: boolean, method: string, status: number, signal?: AbortSignal) => {
  try {
    const response: AxiosResponse<Readable> = await clientFor(direct ? 0 : 1, false, false).request<Readable>({
      method,
      url: `${statusUrl}/${status}`,
      httpAgent: agent,
      signal,
    });
    return {
      status: response.status,
      headers: headersOf(response.headers),
      body: await readText(response.data),
    };
  } catch (caught) {
    const error = caught as AxiosError<Readable>;
    return {
      isAxiosError: axios.isAxiosError(error),
      isCancel: axios.isCancel(error),
      code: error.code,
      status: error.response?.status,
      headers: error.response ? headersOf(error.response.headers) : undefined,
      body: error.response ? await readText(error.response.data) : undefined,
    };
  }
};

const METHODS = ["GET", "get", "POST", "put", "PATCH", "DELETE", "OPTIONS"];

/** Header names as users spell them, the ones axios treats specially among them. */
const headerName = fc.oneof(
  fc.constantFrom("Accept", "accept", "ACCEPT", "Content-Type", "content-type", "User-Agent", "user-agent"),
  fc.constantFrom("Accept-Encoding", "Content-Length", "X-Trace", "x-trace", "Authorization", "Host-Note"),
  fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,12}$/),
);
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,30}[!-~])?$/);
/**
 * One spelling per name, as exchange.ts hands them over (requestHeaders merges spellings, and
 * `false` is only said of a name the headers lack); a value or `false` (send none).
 */
const headersArbitrary = fc
  .uniqueArray(fc.tuple(headerName, fc.oneof({ weight: 6, arbitrary: headerValue }, fc.constant(false as const))), {
    maxLength: 6,
    selector: ([name]) => name.toLowerCase(),
  })
  .map((entries) => Object.fromEntries(entries) as Record<string, string | false>);
const bodyArbitrary = fc.constantFrom<Body>(undefined, Buffer.from('{"id":1}'), Buffer.alloc(0), "stream");

describe("a plain request sent by axios's http adapter directly", () => {
  it("goes on the wire byte for byte as request() sends it: request line, header lines in order, body", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.constantFrom(...METHODS),
        headersArbitrary,
        bodyArbitrary,
        async (bare, method, headers, body) => {
          // Content-Length is the body's to say: a wrong one would stall the recorder, not test the sender.
          const sendable = Object.fromEntries(
            Object.entries(headers).filter(([name]) => name.toLowerCase() !== "content-length"),
          );
          const direct = await wireOf(true, bare, method, sendable, body);
          const reference = await wireOf(false, bare, method, sendable, body);
          expect(direct).toEqual(reference);
        },
      ),
      { numRuns: 120 },
    );
  });

  it("sends axios's Accept first unless bare, and a caller's Accept in its place under axios's spelling", async () => {
    const plain = await wireOf(true, false, "GET", { "X-First": "1", accept: "text/csv" }, undefined);
    expect(plain.headerLines[0]).toBe("Accept: text/csv");
    expect(plain.headerLines[1]).toBe("X-First: 1");
    const bare = await wireOf(true, true, "GET", { "X-First": "1", accept: "text/csv" }, undefined);
    expect(bare.headerLines.slice(0, 2)).toEqual(["X-First: 1", "accept: text/csv"]);
  });

  it("answers and fails as request() does: status, headers and body, or the same AxiosError", async () => {
    for (const method of ["GET", "HEAD", "post"]) {
      for (const status of [200, 204, 302, 404, 500, 503]) {
        const direct = await outcomeOf(true, method, status);
        expect(direct).toEqual(await outcomeOf(false, method, status));
        expect(direct.status).toBe(status);
        if (status >= 400)
          expect(direct).toMatchObject({ isAxiosError: true, code: expect.stringMatching(/^ERR_BAD_/) });
      }
    }
  });

  it("is cancelled, as request() is, by a signal that has already fired", async () => {
    const signal = AbortSignal.abort();
    const direct = await outcomeOf(true, "GET", 200, signal);
    expect(direct).toMatchObject({ isCancel: true, code: "ERR_CANCELED" });
    expect(direct).toEqual(await outcomeOf(false, "GET", 200, signal));
  });

  it("is what a step without retries or a signer uses, and the retrying instance is not", () => {
    expect(clientFor(0, false, false)).not.toHaveProperty("interceptors");
    expect(clientFor(0, false, true)).not.toHaveProperty("interceptors");
    expect(clientFor(1, false, false)).toHaveProperty("interceptors");
    expect(clientFor(0, true, false)).toHaveProperty("interceptors");
  });
});
