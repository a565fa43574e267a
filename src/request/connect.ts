import http, { type ClientRequest, type IncomingMessage, type RequestOptions } from "node:http";
import https from "node:https";
import type { Socket } from "node:net";
import { TLSSocket } from "node:tls";
import { CanceledError } from "axios";
import type { Deadline } from "./deadline";
import { noteSent } from "./pace/turns";

/** The code of a connection that did not open within the Connect Timeout. */
export const CONNECT_TIMEOUT = "ERR_CONNECT_TIMEOUT";

/**
 * Failures that happen before any byte of the request is sent: replaying such a request cannot
 * make the server act twice, whatever its method.
 */
export const BEFORE_SENDING_CODES: ReadonlySet<string> = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  CONNECT_TIMEOUT,
]);

const connectTimeoutError = (ms: number): Error =>
  Object.assign(new Error(`no connection within the ${ms} ms connect timeout`), { code: CONNECT_TIMEOUT });

const ignore = (): void => undefined;

/**
 * Ends a request with an error now, unless it has ended already (its answer read, its socket back
 * in the pool). A request still waiting for a proxy agent (for its tunnel, or its connection to
 * the proxy) has no socket, and Node reports a destroyed request's error only once one arrives,
 * which a silent proxy never sends: so the error is reported here. What the request reports
 * after it is stopped (that error again, once a socket does arrive) is about a request no one
 * waits for: it is not left to crash the process as an unhandled error.
 */
const stop = (request: ClientRequest, error: Error): void => {
  if (request.destroyed) return;
  request.on("error", ignore);
  request.destroy(error);
  // On the next tick: a request stopped as it is made (its deadline already passed) has no other listener yet.
  if (!request.socket) process.nextTick(() => request.emit("error", error));
};

/**
 * True for a TLS socket whose handshake has not finished. Node says so only in a field of its
 * own; a Node without it reads as finished, so the connect timeout can never cut a socket that is done.
 */
const handshaking = (socket: Socket): boolean =>
  socket instanceof TLSSocket && (socket as TLSSocket & { _secureEstablished?: boolean })._secureEstablished === false;

/**
 * Stops a request whose socket has not connected within `ms`: covers DNS, TCP, a proxy's CONNECT
 * and, for https, the TLS handshake, so a server that accepts and never says hello is not waited
 * for until the step's whole Timeout.
 */
const watchConnect = (request: ClientRequest, ms: number): void => {
  // A socket from the agent's pool is handed over as the request is made, and is connected already.
  if (request.reusedSocket) return;
  const timer = setTimeout(() => stop(request, connectTimeoutError(ms)), ms);
  const settle = () => clearTimeout(timer);
  request.once("close", settle);
  request.once("socket", (socket: Socket) => {
    if (socket.connecting) return socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", settle);
    // A proxy agent hands over its tunnel connected, with the TLS handshake to the target still under way.
    if (handshaking(socket)) return socket.once("secureConnect", settle);
    settle();
  });
};

/**
 * No cap on the number of response headers. Node's default keeps the first 1000 and drops the
 * rest without a word, so a Content-Encoding past them would be lost and compressed bytes
 * returned as the body. Memory stays bounded by Node's header size limit (16 KB), which fails
 * loudly (HPE_HEADER_OVERFLOW).
 */
const NO_HEADER_COUNT_LIMIT = 0;

/**
 * Node reports a parse error found in the middle of a body (a bad chunk size) on the request,
 * and then aborts the response with a bare ECONNRESET, which would read as a body cut short.
 * Handing the parser's error to the response lets the reader say what was wrong.
 */
const forwardParseErrors = (request: ClientRequest): void => {
  let response: IncomingMessage | undefined;
  request.once("response", (received: IncomingMessage) => {
    response = received;
  });
  request.on("error", (error: NodeJS.ErrnoException) => {
    if (response && !response.complete && error.code?.startsWith("HPE_")) response.destroy(error);
  });
};

type ResponseCallback = (response: IncomingMessage) => void;

/** Origins already worked out, by the options' protocol, host and port; bounded like the proxy memory. */
const origins = new Map<string, string | undefined>();
const MAX_REMEMBERED_ORIGINS = 256;

/** The origin a request goes to, from the options axios hands Node (an IPv6 host comes without brackets). */
const originOf = ({ protocol, hostname, host, port }: RequestOptions): string | undefined => {
  const name = hostname ?? host ?? "";
  const key = `${protocol} ${name} ${port ?? ""}`;
  if (origins.has(key)) return origins.get(key);
  let origin: string | undefined;
  try {
    origin = new URL(`${protocol}//${name.includes(":") ? `[${name}]` : name}${port ? `:${port}` : ""}`).origin;
  } catch {
    origin = undefined;
  }
  if (origins.size >= MAX_REMEMBERED_ORIGINS) origins.clear();
  origins.set(key, origin);
  return origin;
};

/** Tells the pacing when the request was written out: Max Requests Per Second spaces what reaches the wire. */
const reportSent = (request: ClientRequest, options: RequestOptions): void => {
  let reported = false;
  const report = (wasWritten: boolean) => {
    const origin = originOf(options);
    if (reported || !origin) return;
    reported = true;
    noteSent(origin, wasWritten);
  };
  request.once("finish", () => report(true));
  request.once("close", () => report(false));
};

/**
 * Stops a request on the wire when the step's deadline passes, with the error axios gives a
 * request whose signal fired; a body already being read is stopped by its reader.
 */
const stopAtDeadline = (request: ClientRequest, deadline: Deadline): void => {
  const unwatch = deadline.watch(() => stop(request, new CanceledError()));
  request.once("close", unwatch);
};

/**
 * A class, not a plain object: axios deep-copies plain objects in a request's config, and this
 * one is made for each request.
 */
class ConnectTimingTransport {
  constructor(
    private readonly connectTimeoutMs: number,
    private readonly deadline: Deadline | undefined,
  ) {}

  request(options: RequestOptions, callback?: ResponseCallback): ClientRequest {
    const module = options.protocol === "https:" ? https : http;
    const request = callback ? module.request(options, callback) : module.request(options);
    request.maxHeadersCount = NO_HEADER_COUNT_LIMIT;
    watchConnect(request, this.connectTimeoutMs);
    if (this.deadline) stopAtDeadline(request, this.deadline);
    forwardParseErrors(request);
    reportSent(request, options);
    return request;
  }
}

/**
 * The transport axios sends with: Node's own http/https, plus a connect timeout that is separate
 * from the step's total deadline (axios's own `timeout` only measures socket idle time), and the
 * deadline itself, which axios would otherwise watch through an AbortSignal.
 * @example clientFor(0).request({ url, transport: connectTimingTransport(5000, deadline) })
 */
export const connectTimingTransport = (connectTimeoutMs: number, deadline?: Deadline): ConnectTimingTransport =>
  new ConnectTimingTransport(connectTimeoutMs, deadline);

/** What sends one request: a transport, or the same with the method spelled another way. */
export interface Transport {
  request(options: RequestOptions, callback?: ResponseCallback): ClientRequest;
}

/**
 * The transport for a method spelled as the user typed it (`-X post` sends `post`, as curl
 * does). Axios and Node both upper-case the method; Node writes the request line from
 * `request.method` only when the headers go out, so the spelling is put back just after the
 * request is made. Only a request whose method is that spelling upper-cased gets it (a redirect
 * that turns into a GET does not).
 * @example spelledMethodTransport(connectTimingTransport(5000), "post")
 */
export const spelledMethodTransport = (transport: Transport, spelling: string | undefined): Transport => {
  if (spelling === undefined || spelling === spelling.toUpperCase()) return transport;
  return {
    request: (options, callback) => {
      const request = transport.request(options, callback);
      if (request.method === spelling.toUpperCase()) request.method = spelling;
      return request;
    },
  };
};
