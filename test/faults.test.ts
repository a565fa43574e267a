import { createHash } from "node:crypto";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { inputsOf } from "./helpers/definition";
import { run, runFailing } from "./helpers/harness";
import { type RawReply, type RawServer, rawHead, useRawServers } from "./helpers/rawServer";
import { sha256 } from "./helpers/servers";

/**
 * The fault matrix: every content coding, cut at several points, under every way HTTP/1.1 frames
 * a body, read as each response type through the real action. The rule it checks: a step never
 * succeeds with fewer or other bytes than the server's whole body. A cut body fails saying so;
 * a whole one comes back byte for byte.
 */

/** About 60 KB of JSON with non-ASCII text, half compressible: big enough for several deflate blocks. */
const BODY = Buffer.from(
  JSON.stringify({
    items: Array.from({ length: 500 }, (_, id) => ({
      id,
      name: `élément ${id} ✓`,
      note: createHash("sha256").update(String(id)).digest("hex"),
    })),
  }),
);
const BODY_SHA = sha256(BODY);

/** The same 500 items as XML and as CSV, for the response types that parse them. */
const ITEMS = Array.from({ length: 500 }, (_, id) => ({
  id: String(id),
  name: `élément ${id} ✓`,
  note: createHash("sha256").update(String(id)).digest("hex"),
}));
const XML_BODY = Buffer.from(
  `<?xml version="1.0" encoding="UTF-8"?>\n<items>${ITEMS.map(
    ({ id, name, note }) => `<item id="${id}"><name>${name}</name><note>${note}</note></item>`,
  ).join("\n")}</items>`,
);
const CSV_BODY = Buffer.from(
  `id,name,note\r\n${ITEMS.map(({ id, name, note }) => `${id},"${name}",${note}`).join("\r\n")}\r\n`,
);

/**
 * What each Response Type is served, and what a whole body must come back as: the exact bytes,
 * or for a parsed type the data written here from its documented conventions (attributes as
 * `@_name`, every value text; CSV rows keyed by the header). The types are the definition's own,
 * so a new Response Type fails here until it has a body.
 */
const BODIES: Record<string, { body: Buffer; parsed?: unknown }> = {
  json: { body: BODY },
  text: { body: BODY },
  binary: { body: BODY },
  xml: {
    body: XML_BODY,
    parsed: { items: { item: ITEMS.map(({ id, name, note }) => ({ name, note, "@_id": id })) } },
  },
  csv: { body: CSV_BODY, parsed: ITEMS },
};
/** Where a body is split into two gzip members; a test checks no cut falls on the boundary. */
const memberSplit = (body: Buffer): number => Math.floor(body.length / 3);
/** Every run has a Timeout, so a regression that hangs fails instead of stalling the suite. */
const GUARD_TIMEOUT = "5000";
const CHUNK_BYTES = 4096;
/** The fewest cut points any encoding gets: header, middle, trailer and one byte short at least. */
const MIN_CUTS = 5;

interface Encoding {
  name: string;
  header?: string;
  encode: (body: Buffer) => Buffer;
  /** A compressed stream marks its own end, so a cut shows whatever the framing says. */
  compressed: boolean;
  /** A coding the connector cannot undo: every case, whole or cut, must fail with this. */
  refused?: RegExp;
  /**
   * Where the compressed stream ends and bytes a decoder would drop begin. A body with more
   * than that must fail with `trailing`; one cut before it is cut short.
   */
  streamEnd?: (body: Buffer) => number;
}

/** The error for a Content-Encoding the connector cannot undo, its Accept-Encoding its own. */
const refusedCoding = (names: string): RegExp =>
  new RegExp(
    `failed: the response body is encoded with "${names}" \\(Content-Encoding\\), which the connector cannot decode: it asked for gzip, deflate, br only \\(Accept-Encoding\\)$`,
  );
const trailing = (label: string): RegExp =>
  new RegExp(`failed: the response body is corrupt: \\d+ bytes follow the end of its ${label} stream$`);
/** What follows the first stream in the trailing-data rows: its loss would go unseen in a parsed type. */
const MORE = Buffer.from("MORE DATA, LOST IF DROPPED");
/** The trailing-data rows: a first stream that is the whole body, then `tail`. */
const followedBy = (
  name: string,
  header: string,
  label: string,
  compress: (body: Buffer) => Buffer,
  tail: (body: Buffer) => Buffer,
): Encoding => ({
  name,
  header,
  encode: (body) => Buffer.concat([compress(body), tail(body)]),
  compressed: true,
  refused: trailing(label),
  streamEnd: (body) => compress(body).length,
});

const ENCODINGS: Encoding[] = [
  { name: "no Content-Encoding", encode: (body) => body, compressed: false },
  { name: "identity", header: "identity", encode: (body) => body, compressed: false },
  { name: "gzip", header: "gzip", encode: (body) => gzipSync(body), compressed: true },
  { name: "x-gzip", header: "x-gzip", encode: (body) => gzipSync(body), compressed: true },
  {
    name: "gzip, two members",
    header: "gzip",
    encode: (body) =>
      Buffer.concat([gzipSync(body.subarray(0, memberSplit(body))), gzipSync(body.subarray(memberSplit(body)))]),
    compressed: true,
  },
  { name: "deflate (zlib)", header: "deflate", encode: (body) => deflateSync(body), compressed: true },
  { name: "deflate (raw)", header: "deflate", encode: (body) => deflateRawSync(body), compressed: true },
  // A few servers send gzip under this name; it is read like any other deflate.
  { name: "deflate (gzip data)", header: "deflate", encode: (body) => gzipSync(body), compressed: true },
  { name: "br", header: "br", encode: (body) => brotliCompressSync(body), compressed: true },
  // Listed in the order applied: gzip first, then brotli over it.
  { name: "gzip, br", header: "gzip, br", encode: (body) => brotliCompressSync(gzipSync(body)), compressed: true },
  // Codings it cannot undo: the bytes as sent are not the content, whatever they happen to be.
  { name: "zstd", header: "zstd", encode: (body) => gzipSync(body), compressed: false, refused: refusedCoding("zstd") },
  // Even bytes that happen to read as the body: the header says they are not.
  {
    name: "compress",
    header: "compress",
    encode: (body) => body,
    compressed: false,
    refused: refusedCoding("compress"),
  },
  {
    name: "gzip, then an unknown x-foo",
    header: "gzip, x-foo",
    encode: (body) => gzipSync(body),
    compressed: false,
    refused: refusedCoding("x-foo"),
  },
  // Bytes after the end of a compressed stream, which zlib and brotli would drop.
  followedBy("deflate, then a second deflate stream", "deflate", "deflate", deflateSync, () => deflateSync(MORE)),
  followedBy("deflate (raw), then other bytes", "deflate", "deflate", deflateRawSync, () => MORE),
  followedBy("br, then a second br stream", "br", "brotli", brotliCompressSync, () => brotliCompressSync(MORE)),
  followedBy("br, then other bytes", "br", "brotli", brotliCompressSync, () => MORE),
  followedBy("gzip, then zero bytes and data", "gzip", "gzip", gzipSync, () => Buffer.concat([Buffer.alloc(4), MORE])),
];

interface Framing {
  name: string;
  /** The framing says how long the whole body is, so a cut shows even without a compressed stream. */
  announcesEnd: boolean;
  /** A transfer coding the connector cannot undo: every case must fail with this. */
  refused?: RegExp;
  /** The reply that sends `sent`, the first bytes (or all) of `whole`, with `headers`. */
  reply: (headers: Array<[string, string]>, sent: Buffer, whole: Buffer) => RawReply;
}

const chunked = (bytes: Buffer, last: boolean): Buffer => {
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES) {
    const chunk = bytes.subarray(at, at + CHUNK_BYTES);
    parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n"));
  }
  if (last) parts.push(Buffer.from("0\r\n\r\n"));
  return Buffer.concat(parts);
};

/**
 * Said by every reply that closes its connection, whole or cut: a kept-alive socket the server is
 * about to close would otherwise be reused for the next case and reset under it.
 */
const CLOSING: [string, string] = ["Connection", "close"];

const FRAMINGS: Framing[] = [
  {
    name: "Content-Length of the bytes sent",
    announcesEnd: false,
    reply: (headers, sent) => ({
      head: rawHead(200, [...headers, ["Content-Length", String(sent.length)]]),
      body: sent,
      after: "keep-open",
    }),
  },
  {
    name: "Content-Length of the whole body, then close",
    announcesEnd: true,
    reply: (headers, sent, whole) => ({
      head: rawHead(200, [...headers, ["Content-Length", String(whole.length)], CLOSING]),
      body: sent,
      after: "close",
    }),
  },
  {
    name: "chunked, without the last chunk when cut, then close",
    announcesEnd: true,
    reply: (headers, sent, whole) => ({
      head: rawHead(200, [...headers, ["Transfer-Encoding", "chunked"], CLOSING]),
      body: chunked(sent, sent.length === whole.length),
      after: "close",
    }),
  },
  {
    name: "read until close",
    announcesEnd: false,
    reply: (headers, sent) => ({ head: rawHead(200, [...headers, CLOSING]), body: sent, after: "close" }),
  },
  {
    // Node's parser undoes chunked only: the gzip under it would reach the body still applied.
    name: "gzip under chunked (Transfer-Encoding: gzip, chunked)",
    announcesEnd: true,
    refused:
      /failed: the response body is encoded with "gzip" \(Transfer-Encoding\), which the connector cannot decode: of transfer codings, only chunked is undone$/,
    reply: (headers, sent, whole) => ({
      head: rawHead(200, [...headers, ["Transfer-Encoding", "gzip, chunked"], CLOSING]),
      body: chunked(gzipSync(sent), sent.length === whole.length),
      after: "close",
    }),
  },
];

const RESPONSE_TYPES: string[] = (inputsOf("httpGet").find((input) => input.key === "responseType")?.model ?? []).map(
  ({ value }) => value,
);
type ResponseType = string;

const bodyFor = (responseType: ResponseType): { body: Buffer; parsed?: unknown } => {
  const served = BODIES[responseType];
  if (!served) throw new Error(`the fault matrix has no body for Response Type ${responseType}; add one to BODIES`);
  return served;
};

/** Where a body is cut: inside the gzip and zlib headers, the middle, inside the trailers, one byte short. */
const cutPoints = (length: number): number[] =>
  [...new Set([1, 5, 12, Math.floor(length / 2), length - 8, length - 4, length - 1])].filter(
    (at) => at >= 1 && at < length,
  );

interface Case {
  name: string;
  encoding: string;
  framing: string;
  /** Where the body was cut; absent for the whole body. */
  cutAt?: number;
  reply: RawReply;
  responseType: ResponseType;
  expect: "whole" | "cut short" | { exactly: Buffer } | { fails: RegExp };
}

const headersOf = (encoding: Encoding): Array<[string, string]> => [
  ["Content-Type", "application/json; charset=utf-8"],
  ...(encoding.header ? [["Content-Encoding", encoding.header] as [string, string]] : []),
];

/**
 * What a case must come to: a coding the connector cannot undo is refused, whole or cut; bytes
 * after a compressed stream fail unless the framing shows the cut first. A cut the client cannot
 * see (no compressed stream, and a framing that never said how long the body is) is by every
 * rule a whole answer: there the bytes must come back exactly as sent.
 */
const expected = (encoding: Encoding, framing: Framing, body: Buffer, sent: Buffer, whole: Buffer): Case["expect"] => {
  const refused = framing.refused ?? (encoding.streamEnd ? undefined : encoding.refused);
  if (refused) return { fails: refused };
  const streamEnd = encoding.streamEnd?.(body);
  if (streamEnd !== undefined && encoding.refused && sent.length > streamEnd) {
    return sent.length < whole.length && framing.announcesEnd ? "cut short" : { fails: encoding.refused };
  }
  if (sent.length === whole.length) return "whole";
  if (!encoding.compressed && !framing.announcesEnd) return { exactly: sent };
  return "cut short";
};

/**
 * Every combination, whole and cut. A body cut where the client cannot see it is read as
 * binary only, since the cut may split a character or a row, which a parsed type would refuse.
 */
const matrix = (): Case[] => {
  const cases: Case[] = [];
  for (const encoding of ENCODINGS) {
    for (const framing of FRAMINGS) {
      const of = { encoding: encoding.name, framing: framing.name };
      for (const responseType of RESPONSE_TYPES) {
        const { body } = bodyFor(responseType);
        const whole = encoding.encode(body);
        const reply = (sent: Buffer) => framing.reply(headersOf(encoding), sent, whole);
        cases.push({
          ...of,
          name: `${encoding.name}, ${framing.name}, whole, ${responseType}`,
          reply: reply(whole),
          responseType,
          expect: expected(encoding, framing, body, whole, whole),
        });
        for (const at of cutPoints(whole.length)) {
          const sent = whole.subarray(0, at);
          const want = expected(encoding, framing, body, sent, whole);
          if (typeof want === "object" && "exactly" in want && responseType !== "binary") continue;
          const name = `${encoding.name}, ${framing.name}, cut at ${at} of ${whole.length}, ${responseType}`;
          cases.push({ ...of, cutAt: at, name, reply: reply(sent), responseType, expect: want });
        }
      }
    }
  }
  return cases;
};

const CASES = matrix();

/** The bytes a successful step returned, whatever its response type. */
const bytesOf = (data: unknown, responseType: ResponseType): Buffer => {
  if (responseType === "binary") return data as Buffer;
  if (responseType === "text") return Buffer.from(data as string, "utf8");
  return Buffer.from(JSON.stringify(data), "utf8");
};

type Outcome = { ok: true; bytes: Buffer } | { ok: false; message: string };

const attempt = async (url: string, responseType: ResponseType, timeout = GUARD_TIMEOUT): Promise<Outcome> => {
  try {
    const { data } = await run("httpGet", { url, responseType, timeout });
    return { ok: true, bytes: bytesOf(data, responseType) };
  } catch (error) {
    return { ok: false, message: (error as Error).message };
  }
};

const startRaw = useRawServers("file");
let server: RawServer;
beforeAll(async () => {
  server = await startRaw((path) => CASES[Number(path.split("/")[2])]?.reply ?? { head: rawHead(404, []) });
});

describe("the fault matrix", () => {
  it("has the whole body in every response type, and several cuts, for every encoding and framing", () => {
    for (const encoding of ENCODINGS) {
      for (const framing of FRAMINGS) {
        const of = CASES.filter((entry) => entry.encoding === encoding.name && entry.framing === framing.name);
        const whole = of.filter((entry) => entry.cutAt === undefined).map((entry) => entry.responseType);
        expect(whole.sort()).toEqual([...RESPONSE_TYPES].sort());
        expect(new Set(of.map((entry) => entry.cutAt).filter(Boolean)).size).toBeGreaterThanOrEqual(MIN_CUTS);
      }
    }
  });

  it.each(RESPONSE_TYPES)(
    "never cuts exactly between the two gzip members, where the first member alone is a whole stream (%s)",
    (responseType) => {
      const { body } = bodyFor(responseType);
      const boundary = gzipSync(body.subarray(0, memberSplit(body))).length;
      const members = CASES.filter(
        (entry) => entry.encoding === "gzip, two members" && entry.responseType === responseType,
      ).map((entry) => entry.cutAt);
      expect(members).not.toContain(boundary);
    },
  );

  it.each(
    ENCODINGS.filter((encoding) => encoding.streamEnd).flatMap((encoding) =>
      RESPONSE_TYPES.map((responseType) => ({ encoding, responseType })),
    ),
  )(
    "never cuts exactly at the end of the first stream of $encoding.name, where the rest is only what follows ($responseType)",
    ({ encoding, responseType }) => {
      const end = encoding.streamEnd?.(bodyFor(responseType).body);
      const cuts = CASES.filter((entry) => entry.encoding === encoding.name && entry.responseType === responseType).map(
        (entry) => entry.cutAt,
      );
      expect(cuts).not.toContain(end);
    },
  );

  it.each(CASES.map((entry, index) => ({ ...entry, index })))(
    "$name",
    async ({ index, responseType, expect: want }) => {
      const outcome = await attempt(`${server.url}/case/${index}`, responseType);
      if (typeof want === "object" && "fails" in want) {
        const served = bodyFor(responseType).body.length;
        expect(outcome.ok ? `succeeded with ${outcome.bytes.length} of ${served} bytes` : outcome.message).toMatch(
          want.fails,
        );
        return;
      }
      if (want === "cut short") {
        // A success here would be a body returned short: say how short, not only that it passed.
        const served = bodyFor(responseType).body.length;
        expect(outcome.ok ? `succeeded with ${outcome.bytes.length} of ${served} bytes` : outcome.message).toMatch(
          /failed: the response body was cut short/,
        );
        return;
      }
      expect(outcome.ok ? "" : outcome.message).toBe("");
      if (!outcome.ok) return;
      const { body, parsed } = bodyFor(responseType);
      const whole = parsed === undefined ? sha256(body) : sha256(JSON.stringify(parsed));
      expect(sha256(outcome.bytes)).toBe(want === "whole" ? whole : sha256((want as { exactly: Buffer }).exactly));
    },
  );
});

const GZIPPED = gzipSync(BODY);
/** gzip's trailer: CRC-32 of the data, then its length mod 2^32, four bytes each (RFC 1952). */
const CRC_AT = GZIPPED.length - 8;
const ISIZE_AT = GZIPPED.length - 4;
const GARBAGE = Buffer.from("this is not compressed data at all, only text");
/** Past the 1000 headers Node keeps by default, yet, at a few bytes each, under its 16 KB header limit. */
const FLOOD_HEADERS = 2001;

const flipped = (bytes: Buffer, at: number): Buffer => {
  const copy = Buffer.from(bytes);
  copy[at] ^= 0xff;
  return copy;
};

const withLength = (headers: Array<[string, string]>, body: Buffer): RawReply => ({
  head: rawHead(200, [...headers, ["Content-Length", String(body.length)]]),
  body,
  after: "keep-open",
});

const compressedAs = (coding: string, body: Buffer) =>
  withLength(
    [
      ["Content-Type", "application/octet-stream"],
      ["Content-Encoding", coding],
    ],
    body,
  );

interface Fault {
  name: string;
  reply: RawReply;
  /** A pattern the step's error must match, or the bytes it must return. */
  expect: RegExp | Buffer;
}

const floodHeaders = (count: number): Array<[string, string]> =>
  Array.from({ length: count }, (_, index) => [`h${index}`, "1"]);

/** Faults of their own: broken checks, broken framing, broken headers. Each against the whole body. */
const FAULTS: Fault[] = [
  {
    name: "a gzip body whose CRC is wrong",
    reply: compressedAs("gzip", flipped(GZIPPED, CRC_AT)),
    expect: /failed: the response body is corrupt: its gzip data fails its integrity check \(incorrect data check\)/,
  },
  {
    name: "a gzip body whose length trailer (ISIZE) is wrong",
    reply: compressedAs("gzip", flipped(GZIPPED, ISIZE_AT)),
    expect: /failed: the response body is corrupt: its gzip data fails its integrity check \(incorrect length check\)/,
  },
  ...(["gzip", "deflate", "br"] as const).map((coding) => ({
    name: `text that is not ${coding} data, sent as ${coding}`,
    reply: compressedAs(coding, GARBAGE),
    expect: new RegExp(
      `failed: the response body is corrupt: it is not valid ${coding === "br" ? "brotli" : coding} data`,
    ),
  })),
  {
    name: "a gzip body followed by bytes that are not another member",
    reply: compressedAs("gzip", Buffer.concat([GZIPPED, GARBAGE])),
    expect: /failed: the response body is corrupt: it is not valid gzip data \(incorrect header check\)/,
  },
  {
    name: "Content-Length and Transfer-Encoding both",
    reply: {
      head: rawHead(200, [
        ["Content-Length", "5"],
        ["Transfer-Encoding", "chunked"],
      ]),
      body: Buffer.from("5\r\nhello\r\n0\r\n\r\n"),
      after: "close",
    },
    expect:
      /failed: the server sent a malformed response \(Transfer-Encoding with Content-Length.*; HPE_INVALID_TRANSFER_ENCODING\)$/,
  },
  {
    name: "an invalid chunk size after a good chunk",
    reply: {
      head: rawHead(200, [["Transfer-Encoding", "chunked"]]),
      body: Buffer.from("5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n"),
      after: "close",
    },
    expect: /failed: the server sent a malformed response \(bad chunk size; HPE_INVALID_CHUNK_SIZE\)$/,
  },
  {
    name: "an invalid chunk size arriving after the body is being read",
    reply: {
      head: rawHead(200, [["Transfer-Encoding", "chunked"]]),
      body: Buffer.from("5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n"),
      trickle: { bytes: 10, everyMs: 50 },
      after: "close",
    },
    expect: /failed: the server sent a malformed response \(bad chunk size; HPE_INVALID_CHUNK_SIZE\)$/,
  },
  {
    name: "two different Content-Length headers",
    reply: {
      head: rawHead(200, [
        ["Content-Length", "5"],
        ["Content-Length", "6"],
      ]),
      body: Buffer.from("hello!"),
      after: "close",
    },
    expect:
      /failed: the server sent a malformed response \(more than one Content-Length.*; HPE_UNEXPECTED_CONTENT_LENGTH\)$/,
  },
  {
    name: `${FLOOD_HEADERS} headers with Content-Encoding last`,
    reply: withLength([...floodHeaders(FLOOD_HEADERS), ["Content-Encoding", "gzip"]], GZIPPED),
    expect: BODY,
  },
  {
    name: `${FLOOD_HEADERS} headers with a stacked Content-Encoding split around them`,
    reply: withLength(
      [["Content-Encoding", "gzip"], ...floodHeaders(FLOOD_HEADERS), ["Content-Encoding", "br"]],
      brotliCompressSync(GZIPPED),
    ),
    expect: BODY,
  },
  {
    name: "a single 20 KB header",
    reply: withLength([["X-Large", "a".repeat(20 * 1024)]], BODY),
    expect: /failed: the response headers are larger than 16 KB, Node's limit \(HPE_HEADER_OVERFLOW\)$/,
  },
  {
    name: "4000 small headers, over 16 KB in all",
    reply: withLength(floodHeaders(4000), BODY),
    expect: /failed: the response headers are larger than 16 KB, Node's limit \(HPE_HEADER_OVERFLOW\)$/,
  },
  {
    name: "bytes that are not HTTP",
    reply: { head: "SSH-2.0-OpenSSH_9.6\r\n", after: "close" },
    expect:
      /failed: the server's answer is not HTTP; is the port right, or does it expect https\? \(HPE_INVALID_CONSTANT\)$/,
  },
  {
    name: "an empty body labelled gzip",
    reply: compressedAs("gzip", Buffer.alloc(0)),
    expect: Buffer.alloc(0),
  },
  {
    name: "a 204 labelled gzip",
    reply: { head: rawHead(204, [["Content-Encoding", "gzip"]], "No Content"), after: "keep-open" },
    expect: Buffer.alloc(0),
  },
  ...[
    ["gzip, zstd", "zstd"],
    ["compress", "compress"],
    ["zstd, gzip", "zstd"],
    ["x-foo, gzip, x-bar", "x-foo, x-bar"],
  ].map(([coding, unknown]) => ({
    name: `a coding it cannot undo (${coding}): refused, naming it`,
    reply: compressedAs(coding, GZIPPED),
    expect: refusedCoding(unknown),
  })),
  {
    name: "an empty body labelled with a coding it cannot undo: no bytes encode nothing",
    reply: compressedAs("zstd", Buffer.alloc(0)),
    expect: Buffer.alloc(0),
  },
  {
    name: "a 204 labelled with a coding it cannot undo",
    reply: { head: rawHead(204, [["Content-Encoding", "zstd"]], "No Content"), after: "keep-open" },
    expect: Buffer.alloc(0),
  },
  {
    name: "a transfer coding other than chunked, read until close",
    reply: { head: rawHead(200, [["Transfer-Encoding", "gzip"], CLOSING]), body: GZIPPED, after: "close" },
    expect:
      /failed: the response body is encoded with "gzip" \(Transfer-Encoding\), which the connector cannot decode: of transfer codings, only chunked is undone$/,
  },
  {
    name: "a gzip body followed by a zero byte and then data, which gzip's padding rule would drop",
    reply: compressedAs("gzip", Buffer.concat([GZIPPED, Buffer.from([0]), MORE])),
    expect: trailing("gzip"),
  },
  {
    name: "a gzip body padded with zero bytes, which gzip(1) skips and which carry nothing",
    reply: compressedAs("gzip", Buffer.concat([GZIPPED, Buffer.alloc(512)])),
    expect: BODY,
  },
  {
    name: "deflate (zlib) followed by bytes, under a stacked coding",
    reply: compressedAs("deflate, gzip", gzipSync(Buffer.concat([deflateSync(BODY), MORE]))),
    expect: trailing("deflate"),
  },
  {
    name: "six stacked codings, one more than are undone",
    reply: compressedAs(
      "gzip, gzip, gzip, gzip, gzip, gzip",
      [1, 2, 3, 4, 5, 6].reduce((bytes) => gzipSync(bytes), BODY),
    ),
    expect: /failed: the response lists 6 content codings \(Content-Encoding\); at most 5 are undone$/,
  },
  {
    name: "five stacked codings, as many as are undone",
    reply: compressedAs(
      "gzip, deflate, br, gzip, identity, deflate",
      deflateRawSync(gzipSync(brotliCompressSync(deflateSync(gzipSync(BODY))))),
    ),
    expect: BODY,
  },
  {
    name: "identity after gzip",
    reply: compressedAs("gzip, identity", GZIPPED),
    expect: BODY,
  },
];

describe("faults beyond the matrix", () => {
  const startOwn = useRawServers();

  // Read as binary: json and text would only add what the matrix already covers.
  it.each(FAULTS)("$name", async ({ reply, expect: want }) => {
    const own = await startOwn(() => reply);
    const outcome = await attempt(`${own.url}/fault`, "binary");
    if (want instanceof RegExp) {
      expect(outcome.ok ? `succeeded with ${outcome.bytes.length} bytes` : outcome.message).toMatch(want);
    } else {
      expect(outcome.ok ? sha256(outcome.bytes) : outcome.message).toBe(sha256(want));
    }
  });

  it("fails as trailing data when the bytes after a gzip stream come in a later packet", async () => {
    const first = Buffer.concat([gzipSync(Buffer.from("first member")), Buffer.alloc(3)]);
    const body = Buffer.concat([first, gzipSync(MORE)]);
    const own = await startOwn(() => ({
      head: rawHead(200, [
        ["Content-Encoding", "gzip"],
        ["Content-Length", String(body.length)],
      ]),
      body,
      trickle: { bytes: first.length, everyMs: 40 },
    }));
    const outcome = await attempt(`${own.url}/later`, "binary");
    expect(outcome.ok ? "succeeded" : outcome.message).toMatch(trailing("gzip"));
  });

  it("keeps the header of an empty body in a coding it cannot undo, and drops the ones it undid", async () => {
    const own = await startOwn((path) =>
      path === "/unknown"
        ? compressedAs("gzip, zstd", Buffer.alloc(0))
        : compressedAs("gzip, br", brotliCompressSync(GZIPPED)),
    );
    const unknown = await run("httpGet", {
      url: `${own.url}/unknown`,
      responseType: "binary",
      includeFullResponse: true,
    });
    expect(unknown.data.headers["content-encoding"]).toBe("gzip, zstd");
    expect(unknown.data.data).toHaveLength(0);
    const known = await run("httpGet", { url: `${own.url}/known`, responseType: "binary", includeFullResponse: true });
    expect(known.data.headers["content-encoding"]).toBeUndefined();
    expect(sha256(known.data.data)).toBe(BODY_SHA);
  });

  it("does not refuse a HEAD answer whose headers name a coding it cannot undo", async () => {
    const own = await startOwn(() => ({
      head: rawHead(200, [
        ["Content-Encoding", "zstd"],
        ["Transfer-Encoding", "gzip, chunked"],
      ]),
      after: "keep-open",
    }));
    const { data } = await run("httpRequest", { url: `${own.url}/head`, method: "HEAD", timeout: GUARD_TIMEOUT });
    expect(data.status).toBe(200);
    expect(own.heads[0]).toMatch(/^HEAD \/head /);
  });

  /** The Accept-Encoding line of the request the raw server received, if any. */
  const acceptEncodingSent = (head: string | undefined): string | undefined =>
    head?.match(/^accept-encoding: *(.*)$/im)?.[1];

  it("says the request asked for other codings when the user's own Accept-Encoding did", async () => {
    const own = await startOwn(() => compressedAs("zstd", GZIPPED));
    const error = await runFailing("httpGet", {
      url: `${own.url}/asked`,
      responseType: "binary",
      headers: [{ key: "Accept-Encoding", value: "zstd" }],
    });
    expect(acceptEncodingSent(own.heads[0])).toBe("zstd");
    expect(error.message).toMatch(
      /failed: the response body is encoded with "zstd" \(Content-Encoding\), which the connector cannot decode: it decodes gzip, deflate and br only; ask for those in Accept-Encoding$/,
    );
  });

  it("names what a cURL command's --compressed asked for", async () => {
    const own = await startOwn(() => compressedAs("zstd", GZIPPED));
    const error = await runFailing("httpCurl", {
      curlCommand: `curl --compressed ${own.url}/compressed`,
      responseType: "binary",
    });
    const sent = acceptEncodingSent(own.heads[0]);
    expect(sent).toBe("deflate, gzip, br");
    expect(error.message).toMatch(/cannot decode: it asked for deflate, gzip, br only \(Accept-Encoding\)$/);
  });

  it("says the request sent no Accept-Encoding when a cURL command asked for none", async () => {
    const own = await startOwn(() => compressedAs("zstd", GZIPPED));
    const error = await runFailing("httpCurl", { curlCommand: `curl ${own.url}/bare`, responseType: "binary" });
    expect(acceptEncodingSent(own.heads[0])).toBeUndefined();
    expect(error.message).toMatch(
      /cannot decode: it decodes gzip, deflate and br only, and the request sent no Accept-Encoding$/,
    );
  });
});

describe("a trickling body is bounded by the step's Timeout", () => {
  const startOwn = useRawServers();
  /** A piece every 50 ms: never idle long enough for a socket timeout to notice. */
  const TRICKLE_MS = 50;

  it.each([
    ["gzip", GZIPPED],
    ["identity", BODY],
  ] as const)("a %s body that trickles in within the Timeout comes back whole", async (coding, sent) => {
    const pieces = 8;
    const own = await startOwn(() => ({
      ...compressedAs(coding, sent),
      trickle: { bytes: Math.ceil(sent.length / pieces), everyMs: TRICKLE_MS },
    }));
    const outcome = await attempt(`${own.url}/slow`, "binary", "5000");
    expect(outcome.ok ? sha256(outcome.bytes) : outcome.message).toBe(BODY_SHA);
  });

  it.each([
    ["gzip", GZIPPED],
    ["identity", BODY],
    ["gzip, br", brotliCompressSync(GZIPPED)],
  ] as const)("a %s body that trickles past the Timeout fails at the Timeout", async (coding, sent) => {
    const own = await startOwn(() => ({
      ...compressedAs(coding, sent),
      trickle: { bytes: Math.ceil(sent.length / 100), everyMs: TRICKLE_MS },
    }));
    const started = Date.now();
    const outcome = await attempt(`${own.url}/slower`, "binary", "400");
    const elapsed = Date.now() - started;
    expect(outcome.ok ? "succeeded" : outcome.message).toBe(
      `GET ${own.url}/slower failed: no complete response within the 400 ms timeout`,
    );
    expect(elapsed).toBeGreaterThanOrEqual(380);
    expect(elapsed).toBeLessThan(1500);
  });

  it("a compressed body that stops half way on an open connection fails at the Timeout", async () => {
    const own = await startOwn(() => ({
      head: rawHead(200, [
        ["Content-Encoding", "gzip"],
        ["Content-Length", String(GZIPPED.length)],
      ]),
      body: GZIPPED.subarray(0, GZIPPED.length / 2),
      after: "keep-open",
    }));
    const outcome = await attempt(`${own.url}/stalled`, "text", "300");
    expect(outcome.ok ? "succeeded" : outcome.message).toBe(
      `GET ${own.url}/stalled failed: no complete response within the 300 ms timeout`,
    );
  });
});

describe("a malformed response is the server's fault, and repeats", () => {
  const startOwn = useRawServers();
  it("is not retried, even with retries on", async () => {
    const own = await startOwn(() => ({
      head: rawHead(200, [["Transfer-Encoding", "chunked"]]),
      body: Buffer.from("5\r\nhello\r\nzz\r\n"),
      after: "close",
    }));
    const error = await runFailing("httpGet", { url: `${own.url}/bad`, maxRetries: "3", responseType: "text" });
    expect(error.message).toMatch(/the server sent a malformed response \(bad chunk size; HPE_INVALID_CHUNK_SIZE\)$/);
    expect(own.paths).toEqual(["/bad"]);
  });
});
