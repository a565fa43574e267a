import type { Transform } from "node:stream";
import zlib from "node:zlib";
import { createDeflateDecoder } from "./deflate";
import { RequestFailedError } from "./errors";
import { excerpt } from "./excerpt";

/** A content coding the body reader can undo. */
export type Coding = "gzip" | "deflate" | "br";

/** Names as they appear in Content-Encoding; `identity` means no coding and is skipped. */
const NAMES: ReadonlyMap<string, Coding | "identity"> = new Map([
  ["gzip", "gzip"],
  ["x-gzip", "gzip"],
  ["deflate", "deflate"],
  ["br", "br"],
  ["identity", "identity"],
]);

/** The code of a body whose codings cannot be undone. */
const ERR_UNDECODABLE = "ERR_UNDECODABLE_CODING";

/** How errors name a coding. */
const LABELS: Record<Coding, string> = { gzip: "gzip", deflate: "deflate", br: "brotli" };

/** Output pieces four times zlib's 16 KB default: a large body is collected in fewer chunks. */
const DECODED_CHUNK_BYTES = 64 * 1024;

/**
 * A decoding stream. `bytesWritten` counts the input its engine consumed: once a compressed
 * stream ends, zlib and brotli stop consuming and drop whatever follows without a word (gzip
 * alone goes on to a next member), so input left over is data that would be lost.
 */
export type DecoderStream = Transform & { readonly bytesWritten: number };

/**
 * The decoders keep zlib's and brotli's default finishing mode: when the input ends, a stream
 * that has not reached its end (or whose gzip CRC or length disagrees) is an error, never a
 * quietly shorter body. `gzip` also accepts zlib data, as it always has.
 */
const DECODERS: Record<Coding, () => DecoderStream> = {
  gzip: () => zlib.createUnzip({ chunkSize: DECODED_CHUNK_BYTES }),
  deflate: () => createDeflateDecoder(DECODED_CHUNK_BYTES),
  br: () => zlib.createBrotliDecompress({ chunkSize: DECODED_CHUNK_BYTES }),
};

/**
 * The most codings undone on one body, as curl allows (CVE-2022-32206): each decoder takes memory
 * up front, and a 16 KB header could otherwise list thousands.
 */
export const MAX_STACKED_CODINGS = 5;

const tooManyCodings = (count: number): RequestFailedError =>
  new RequestFailedError(
    `the response lists ${count} content codings (Content-Encoding); at most ${MAX_STACKED_CODINGS} are undone`,
    "ERR_TOO_MANY_CODINGS",
  );

/** The codings a response's headers list, split into those the reader undoes and those it cannot. */
export interface ListedCodings {
  /** In the order the server applied them, without `identity`. */
  codings: Coding[];
  /** Names no decoder here undoes, as the header spells them (lower case). */
  unknown: string[];
}

/** A header's comma-separated names, lower case, empty ones dropped. */
const namesIn = (header: string | undefined): string[] =>
  (header?.split(",") ?? []).map((token) => token.trim().toLowerCase()).filter((name) => name !== "");

/**
 * The codings a Content-Encoding header lists, and any it cannot undo: a body with one of those
 * cannot be read as sent, so the reader refuses it (see `cannotDecode`). Throws when there are
 * more than `MAX_STACKED_CODINGS` to undo.
 * @example parseCodings("gzip, br") // { codings: ["gzip", "br"], unknown: [] }
 * @example parseCodings("gzip, zstd") // { codings: ["gzip"], unknown: ["zstd"] }
 */
export const parseCodings = (header: string | undefined): ListedCodings => {
  const listed: ListedCodings = { codings: [], unknown: [] };
  for (const name of namesIn(header)) {
    const coding = NAMES.get(name);
    if (coding === undefined) listed.unknown.push(name);
    else if (coding !== "identity") listed.codings.push(coding);
  }
  if (listed.codings.length > MAX_STACKED_CODINGS) throw tooManyCodings(listed.codings.length);
  return listed;
};

/**
 * Transfer codings Node's HTTP parser undoes itself. It removes `chunked` only: any other (gzip,
 * compress) would reach the body still applied. `identity` is the obsolete name for none.
 */
const TRANSFER_CODINGS_UNDONE: ReadonlySet<string> = new Set(["chunked", "identity"]);

/**
 * The transfer codings a Transfer-Encoding header lists that nothing here undoes.
 * @example unknownTransferCodings("gzip, chunked") // ["gzip"]
 */
export const unknownTransferCodings = (header: string | undefined): string[] =>
  namesIn(header).filter((name) => !TRANSFER_CODINGS_UNDONE.has(name));

/** The codings the connector decodes, as errors name them. */
const DECODED_NAMES = "gzip, deflate and br";
/** How much of the names is quoted in an error: the server wrote them, and a header may be long. */
const CODING_NAMES_CHARS = 80;

/**
 * True when an Accept-Encoding asks for no coding but those undone here (weights aside): the
 * connector's own, or curl's `--compressed`. `*` asks for any.
 * @example asksOnlyDecodable("deflate, gzip;q=0.8, br") // true
 */
const asksOnlyDecodable = (acceptEncoding: string): boolean =>
  namesIn(acceptEncoding).every((entry) => NAMES.has(entry.split(";")[0].trim()));

/** Where a coding nothing here undoes was listed, and what the request asked for there. */
export type UndecodableHeader =
  /** `asked`: the Accept-Encoding the request sent, if any. */
  { header: "Content-Encoding"; asked: string | undefined } | { header: "Transfer-Encoding" };

/**
 * The error for a body encoded with codings the connector cannot undo. It fails whatever the
 * Response Type: the bytes as sent are not the content, and returning them as if they were
 * would be a misread. It says what the request asked for, so the server's choice is plain.
 * @example cannotDecode(["zstd"], { header: "Content-Encoding", asked: "gzip, deflate, br" }).message
 * // 'the response body is encoded with "zstd" (Content-Encoding), which the connector cannot decode: it asked for gzip, deflate, br only (Accept-Encoding)'
 */
export const cannotDecode = (names: readonly string[], where: UndecodableHeader): RequestFailedError => {
  const quoted = JSON.stringify(excerpt(names.join(", "), CODING_NAMES_CHARS));
  const start = `the response body is encoded with ${quoted} (${where.header}), which the connector cannot decode`;
  if (where.header === "Transfer-Encoding") {
    return new RequestFailedError(`${start}: of transfer codings, only chunked is undone`, ERR_UNDECODABLE);
  }
  const { asked } = where;
  const why =
    asked === undefined
      ? `it decodes ${DECODED_NAMES} only, and the request sent no Accept-Encoding`
      : asksOnlyDecodable(asked)
        ? `it asked for ${excerpt(asked, CODING_NAMES_CHARS)} only (Accept-Encoding)`
        : `it decodes ${DECODED_NAMES} only; ask for those in Accept-Encoding`;
  return new RequestFailedError(`${start}: ${why}`, ERR_UNDECODABLE);
};

/** One decoding step, named for the errors it may raise. */
export interface Decoder {
  coding: Coding;
  stream: DecoderStream;
}

/**
 * The decoders that undo `codings`, in the order the body must pass through them: the last
 * coding applied is the first undone.
 * @example decodersFor(["gzip", "br"]).map(({ coding }) => coding) // ["br", "gzip"]
 */
export const decodersFor = (codings: readonly Coding[]): Decoder[] =>
  codings.map((coding) => ({ coding, stream: DECODERS[coding]() })).reverse();

/** zlib's and brotli's code for input that ended before the stream did. */
const ENDED_EARLY = "Z_BUF_ERROR";
/** zlib's messages for a gzip or zlib trailer that disagrees with the data. */
const FAILED_CHECK = /incorrect (data|length) check/;

/**
 * What a decoder's failure says about the body: cut short, or corrupt.
 * @example decodingFailure("gzip", zlibError).message // "the response body was cut short: its gzip data ends before the end of its stream (unexpected end of file)"
 */
export const decodingFailure = (coding: Coding, error: unknown): RequestFailedError => {
  const { code, message } = error as { code?: string; message?: string };
  const label = LABELS[coding];
  if (code === ENDED_EARLY) {
    return new RequestFailedError(
      `the response body was cut short: its ${label} data ends before the end of its stream (${message})`,
      code,
    );
  }
  if (message && FAILED_CHECK.test(message)) {
    return new RequestFailedError(
      `the response body is corrupt: its ${label} data fails its integrity check (${message})`,
      code,
    );
  }
  return new RequestFailedError(`the response body is corrupt: it is not valid ${label} data (${message})`, code);
};

/**
 * The error for input left over once a compressed stream ended: a second deflate or brotli
 * stream, or any other bytes, that the decoder would drop.
 * @example trailingData("br", 12).message // "the response body is corrupt: 12 bytes follow the end of its brotli stream"
 */
export const trailingData = (coding: Coding, bytes: number): RequestFailedError =>
  new RequestFailedError(
    `the response body is corrupt: ${bytes} bytes follow the end of its ${LABELS[coding]} stream`,
    "ERR_TRAILING_DATA",
  );
