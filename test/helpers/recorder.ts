import net from "node:net";

/** One request exactly as it arrived: the request line, each header line in order, the body bytes. */
export interface WireRequest {
  requestLine: string;
  /** Header lines as sent, e.g. "Accept: *\/*", in order, repeated names kept. */
  headerLines: string[];
  body: Buffer;
}

export interface Recorder {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  port: number;
  requests: WireRequest[];
  close: () => Promise<void>;
}

const HEAD_END = Buffer.from("\r\n\r\n");
const REPLY = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";

const contentLength = (lines: string[]): number => {
  const line = lines.find((header) => /^content-length:/i.test(header));
  return line ? Number(line.slice(line.indexOf(":") + 1).trim()) : 0;
};

const isChunked = (lines: string[]): boolean => lines.some((line) => /^transfer-encoding:\s*chunked/i.test(line));

/** Decodes a complete chunked body, or returns undefined while its last chunk has not arrived. */
const dechunk = (bytes: Buffer): Buffer | undefined => {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1"), 16);
    if (size === 0) return bytes.indexOf(HEAD_END, lineEnd - 2) === -1 ? undefined : Buffer.concat(parts);
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
};

/** Reads one request off the buffered bytes, or undefined while it is incomplete. */
const readRequest = (pending: Buffer): WireRequest | undefined => {
  const end = pending.indexOf(HEAD_END);
  if (end === -1) return undefined;
  const [requestLine, ...headerLines] = pending.subarray(0, end).toString("latin1").split("\r\n");
  const rest = pending.subarray(end + HEAD_END.length);
  if (isChunked(headerLines)) {
    const body = dechunk(rest);
    return body && { requestLine, headerLines, body };
  }
  const length = contentLength(headerLines);
  if (rest.length < length) return undefined;
  return { requestLine, headerLines, body: Buffer.from(rest.subarray(0, length)) };
};

/**
 * A raw TCP server on 127.0.0.1 that records each request byte for byte (no HTTP library reads
 * it, so nothing is normalised: header case, order and spacing are as the client wrote them) and
 * answers 200 "ok", closing the connection. Both curl and the action talk to the same kind of
 * server, so what they sent can be compared line by line.
 * @example const server = await startRecorder(); ...; server.requests[0].requestLine // "GET /x HTTP/1.1"
 */
export const startRecorder = async (): Promise<Recorder> => {
  const requests: WireRequest[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let pending = Buffer.alloc(0);
    socket.on("data", (data: Buffer) => {
      pending = Buffer.concat([pending, data]);
      const request = readRequest(pending);
      if (!request) return;
      requests.push(request);
      socket.end(REPLY);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
};
