import net from "node:net";
import { afterAll, afterEach } from "vitest";

/** Exactly what a raw server writes for one request, so framing can be broken on purpose. */
export interface RawReply {
  /** Status line, header lines and the blank line, byte for byte (see `rawHead`). */
  head: string | Buffer;
  body?: Buffer;
  /** Writes the body in pieces of `bytes`, one every `everyMs`, instead of at once. */
  trickle?: { bytes: number; everyMs: number };
  /** After the body: close the connection, or keep it open so only the framing can tell where the answer ends. */
  after?: "close" | "keep-open";
}

/** What the server answers a request with, chosen from its request line's path. */
export type RawScript = (path: string) => RawReply;

export interface RawServer {
  /** Base URL without a trailing slash, e.g. http://127.0.0.1:40123 */
  url: string;
  /** The paths requested, in order. */
  paths: string[];
  /** Each request's line and headers as received (latin1), in order, to check what was sent. */
  heads: string[];
  close: () => Promise<void>;
}

const HEAD_END = "\r\n\r\n";

/**
 * A status line and headers as HTTP/1.1 sends them, ending with the blank line. Headers are
 * pairs, so a name may repeat and order is kept.
 * @example rawHead(200, [["Content-Length", "2"]]) // "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n"
 */
export const rawHead = (status: number, headers: ReadonlyArray<readonly [string, string]>, reason = "OK"): string =>
  `HTTP/1.1 ${status} ${reason}\r\n${headers.map(([name, value]) => `${name}: ${value}\r\n`).join("")}\r\n`;

/** Writes a body at once or piece by piece, then does what the reply says; stops if the socket closes. */
const writeReply = (socket: net.Socket, reply: RawReply, timers: Set<NodeJS.Timeout>): void => {
  socket.write(reply.head);
  const body = reply.body ?? Buffer.alloc(0);
  const finish = () => {
    if (reply.after === "close") socket.end();
  };
  if (!reply.trickle) {
    socket.write(body);
    finish();
    return;
  }
  const { bytes, everyMs } = reply.trickle;
  let sent = 0;
  const timer = setInterval(() => {
    if (socket.destroyed) return clearInterval(timer);
    socket.write(body.subarray(sent, sent + bytes));
    sent += bytes;
    if (sent >= body.length) {
      clearInterval(timer);
      finish();
    }
  }, everyMs);
  timers.add(timer);
};

/** Answers every request on a connection in turn; requests have no body here, so the head is the request. */
const serve = (
  socket: net.Socket,
  script: RawScript,
  seen: { paths: string[]; heads: string[] },
  timers: Set<NodeJS.Timeout>,
): void => {
  let pending = "";
  socket.on("error", () => undefined);
  socket.on("data", (data: Buffer) => {
    pending += data.toString("latin1");
    for (let end = pending.indexOf(HEAD_END); end >= 0; end = pending.indexOf(HEAD_END)) {
      const path = pending.slice(0, pending.indexOf("\r\n")).split(" ")[1] ?? "/";
      seen.heads.push(pending.slice(0, end));
      pending = pending.slice(end + HEAD_END.length);
      seen.paths.push(path);
      writeReply(socket, script(path), timers);
    }
  });
};

/**
 * Raw TCP servers on 127.0.0.1 that answer each request with the bytes a test scripts, nothing
 * more: no framing is fixed up, so a test can send a body shorter than its Content-Length, a
 * chunked body without its last chunk, or bytes that are not HTTP at all. Each test's servers
 * are closed after each test, or with `"file"` after the file's last test, their connections and
 * trickles with them.
 * @example const startRaw = useRawServers(); const server = await startRaw(() => ({ head: rawHead(200, [["Content-Length", "2"]]), body: Buffer.from("ok") }));
 */
export const useRawServers = (scope: "test" | "file" = "test"): ((script: RawScript) => Promise<RawServer>) => {
  const started: RawServer[] = [];
  (scope === "test" ? afterEach : afterAll)(async () => {
    await Promise.all(started.splice(0).map((server) => server.close()));
  });
  return async (script) => {
    const sockets = new Set<net.Socket>();
    const timers = new Set<NodeJS.Timeout>();
    const paths: string[] = [];
    const heads: string[] = [];
    const server = net.createServer((socket) => {
      sockets.add(socket);
      // Replies are written in pieces: without this, Nagle holds the body back for the client's delayed ACK.
      socket.setNoDelay(true);
      socket.once("close", () => sockets.delete(socket));
      serve(socket, script, { paths, heads }, timers);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as net.AddressInfo;
    const close = () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearInterval(timer);
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      });
    const raw: RawServer = { url: `http://127.0.0.1:${port}`, paths, heads, close };
    started.push(raw);
    return raw;
  };
};
