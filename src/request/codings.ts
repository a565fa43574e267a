import type { Transform } from "node:stream";
import zlib from "node:zlib";
import { createDeflateDecoder } from "./deflate";
import { RequestFailedError } from "./errors";

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

/** How errors name a coding. */
const LABELS: Record<Coding, string> = { gzip: "gzip", deflate: "deflate", br: "brotli" };

/** Output pieces four times zlib's 16 KB default: a large body is collected in fewer chunks. */
const DECODED_CHUNK_BYTES = 64 * 1024;

/**
 * The decoders keep zlib's and brotli's default finishing mode: when the input ends, a stream
 * that has not reached its end (or whose gzip CRC or length disagrees) is an error, never a
 * quietly shorter body. `gzip` also accepts zlib data, as it always has.
 */
const DECODERS: Record<Coding, () => Transform> = {
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

/**
 * The codings a Content-Encoding header lists, in the order the server applied them, without
 * `identity`. Undefined when any is unknown: no layer can be undone then, so the body is returned
 * as sent, with its header. Throws when there are more than `MAX_STACKED_CODINGS`.
 * @example parseCodings("gzip, br") // ["gzip", "br"]
 */
export const parseCodings = (header: string | undefined): Coding[] | undefined => {
  const codings: Coding[] = [];
  for (const token of header?.split(",") ?? []) {
    const name = token.trim().toLowerCase();
    if (name === "") continue;
    const coding = NAMES.get(name);
    if (coding === undefined) return undefined;
    if (coding !== "identity") codings.push(coding);
  }
  if (codings.length > MAX_STACKED_CODINGS) throw tooManyCodings(codings.length);
  return codings;
};

/** One decoding step, named for the errors it may raise. */
export interface Decoder {
  coding: Coding;
  stream: Transform;
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
