import { type Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type Coding,
  cannotDecode,
  type Decoder,
  decodersFor,
  decodingFailure,
  type ListedCodings,
  parseCodings,
  trailingData,
  unknownTransferCodings,
} from "./codings";
import type { Deadline } from "./deadline";
import { RequestFailedError } from "./errors";
import { isParseError } from "./failures";

export interface ReadOptions {
  contentEncoding?: string;
  transferEncoding?: string;
  /**
   * The Accept-Encoding the request sent, if any: an error for a coding it cannot undo says what
   * was asked. Read only for that error, not for every response.
   */
  acceptEncoding?: () => string | undefined;
  contentLength?: number;
  /** Counted after decompression, so a small compressed body cannot expand without bound. */
  maxBytes: number;
  /** The step's deadline: reading stops when it passes. */
  deadline?: Deadline;
}

export interface ReadResult {
  bytes: Buffer;
  /** True when a content encoding was undone. */
  decoded: boolean;
}

export const tooLarge = (maxBytes: number): RequestFailedError =>
  new RequestFailedError(
    `the response body is larger than ${maxBytes} bytes ("Max Response Size (bytes)"); raise it or request less data`,
    "ERR_RESPONSE_TOO_LARGE",
  );

const cutShort = (error: unknown, received: number, expected: number | undefined): RequestFailedError => {
  const code = (error as { code?: string }).code;
  const of = expected === undefined ? "" : ` of ${expected}`;
  return new RequestFailedError(
    `the response body was cut short after ${received}${of} bytes (${code ?? (error as Error).message})`,
    code,
  );
};

/** Collects chunks into one buffer; with a known size it fills one allocation instead of copying twice. */
class Collector {
  private readonly chunks: Buffer[] = [];
  private buffer: Buffer | undefined;
  size = 0;

  constructor(expectedSize: number | undefined) {
    this.buffer = expectedSize !== undefined ? Buffer.allocUnsafe(expectedSize) : undefined;
  }

  add(chunk: Buffer): void {
    if (this.buffer && this.size + chunk.length <= this.buffer.length) {
      chunk.copy(this.buffer, this.size);
      this.size += chunk.length;
      return;
    }
    if (this.buffer) {
      // More than announced: fall back to collecting, keeping what was filled.
      this.chunks.push(this.buffer.subarray(0, this.size));
      this.buffer = undefined;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
  }

  result(): Buffer {
    return this.buffer ? this.buffer.subarray(0, this.size) : Buffer.concat(this.chunks, this.size);
  }
}

const closedEarly = (): Error => Object.assign(new Error("the connection closed early"), { code: "ECONNRESET" });

/**
 * Why a body was destroyed before reading began, if it was: Node's parser can fail on bytes that
 * came with the headers before anyone listens, and a destroyed stream raises no more events.
 */
const failedBeforeReading = (source: Readable): unknown =>
  source.destroyed && !source.readableEnded ? (source.errored ?? closedEarly()) : undefined;

/** How far a read had got when it stopped. */
interface Progress {
  /** Bytes collected: after decoding, when there was something to decode. */
  collected: number;
  /** Bytes received, as sent. */
  received: number;
  /**
   * The first error any stage raised, and the coding when a decoder raised it: a failing stage
   * makes the pipeline destroy the others with its error, so only the first says where it began.
   */
  origin?: { coding?: Coding; error: unknown };
}

/** Why a read stopped early: the limit, the deadline, a malformed response, the decoding, or the server. */
const stopReason = (
  error: unknown,
  progress: Progress,
  { maxBytes, deadline, contentLength }: ReadOptions,
): unknown => {
  // Stopping at the limit tears the streams down; whichever reports first, the limit is the cause.
  if (progress.collected > maxBytes) return tooLarge(maxBytes);
  // A malformed response is described where every other network failure is.
  if (error instanceof RequestFailedError || deadline?.expired || isParseError(error)) return error;
  const origin = progress.origin;
  if (origin?.coding && origin.error === error) return decodingFailure(origin.coding, error);
  return cutShort(error, progress.received, contentLength);
};

/** The most bytes a plain read collects, and the error once it passes them. */
interface Limit {
  bytes: number;
  passed: () => RequestFailedError;
}

/**
 * Reads a body that needs no decoding with plain stream events: `pipeline` and async iteration
 * cost more than the rest of a small request's reading together.
 */
const collectPlain = (source: Readable, collector: Collector, limit: Limit, deadline?: Deadline): Promise<void> =>
  new Promise((resolve, reject) => {
    let unwatch: (() => void) | undefined;
    const finish = (error?: unknown) => {
      source.off("data", onData).off("end", finish).off("error", finish).off("close", onClose);
      unwatch?.();
      if (error === undefined) return resolve();
      // A body left unread must free its socket.
      source.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      collector.add(chunk);
      if (collector.size > limit.bytes) finish(limit.passed());
    };
    const onClose = () => finish(closedEarly());
    source
      .on("data", onData)
      .once("end", () => finish())
      .once("error", finish)
      .once("close", onClose);
    // Last: a deadline already past stops the read at once, taking the listeners off again.
    unwatch = deadline?.watch(() => finish(deadline.reason));
  });

/**
 * True when a body ended cleanly without a single byte and the decoder only objected to that.
 * No bytes (a HEAD, 204 or 304 answer, or an empty body) encode nothing, whatever the header
 * says; nothing was decoded then, so the header stays.
 */
const isEmptyBody = (error: unknown, { received, origin }: Progress, deadline: Deadline | undefined): boolean =>
  received === 0 && origin?.coding !== undefined && origin.error === error && !deadline?.expired;

/** Collects decoded output, failing the pipeline once it passes the limit. */
const sinkInto = (collector: Collector, maxBytes: number): Writable =>
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      collector.add(chunk);
      done(collector.size > maxBytes ? tooLarge(maxBytes) : undefined);
    },
  });

/** What a decoder was fed: how many bytes, and how many zero bytes end them. */
interface Fed {
  bytes: number;
  trailingZeros: number;
}

/** The zero bytes a chunk ends in; all of it when it is only zeros. */
const zerosAtEnd = (chunk: Buffer): number => {
  let index = chunk.length;
  while (index > 0 && chunk[index - 1] === 0) index--;
  return chunk.length - index;
};

/**
 * Counts what each decoder is fed: the body as received for the first, the output of the one
 * before for the others.
 */
const countFed = (source: Readable, decoders: readonly Decoder[]): Fed[] => {
  const fed = decoders.map(() => ({ bytes: 0, trailingZeros: 0 }));
  [source, ...decoders.slice(0, -1).map(({ stream }) => stream)].forEach((stage, index) => {
    stage.on("data", (chunk: Buffer) => {
      const zeros = zerosAtEnd(chunk);
      fed[index].bytes += chunk.length;
      fed[index].trailingZeros = zeros === chunk.length ? fed[index].trailingZeros + zeros : zeros;
    });
  });
  return fed;
};

/**
 * Fails when a decoder was fed more than it consumed: bytes after the end of its stream, which it
 * dropped. Zero bytes alone after gzip are padding, which gzip(1) itself skips, and carry nothing.
 */
const checkNothingLeft = (decoders: readonly Decoder[], fed: readonly Fed[]): void => {
  decoders.forEach(({ coding, stream }, index) => {
    const left = fed[index].bytes - stream.bytesWritten;
    if (left <= 0 || (coding === "gzip" && left <= fed[index].trailingZeros)) return;
    throw trailingData(coding, left);
  });
};

const pushedAfterEnd = ({ origin }: Progress): boolean =>
  (origin?.error as NodeJS.ErrnoException | undefined)?.code === "ERR_STREAM_PUSH_AFTER_EOF";

/**
 * Reads a body through the decoders that undo its codings. A failure names the layer that
 * failed; bytes received are counted as sent, so "cut short after N of M bytes" compares like
 * with like. Bytes after the end of a compressed stream fail too: a decoder drops them.
 */
const readDecoded = async (source: Readable, codings: Coding[], options: ReadOptions): Promise<ReadResult> => {
  const collector = new Collector(undefined);
  const decoders = decodersFor(codings);
  const progress: Progress = { collected: 0, received: 0 };
  const fed = countFed(source, decoders);
  source.once("error", (error) => {
    progress.origin ??= { error };
  });
  for (const { coding, stream } of decoders) {
    stream.once("error", (error) => {
      progress.origin ??= { coding, error };
    });
  }
  const stages = [source, ...decoders.map(({ stream }) => stream), sinkInto(collector, options.maxBytes)];
  try {
    await pipeline(stages, { signal: options.deadline?.signal });
  } catch (error) {
    progress.received = fed[0].bytes;
    if (isEmptyBody(error, progress, options.deadline)) return { bytes: Buffer.alloc(0), decoded: false };
    // A decoder whose stream has ended and is then fed (bytes after the end, arriving in a later
    // packet) fails with Node's "push() after EOF": the same bytes, arriving at once, would have
    // been dropped and found by checkNothingLeft, which says what they are.
    if (pushedAfterEnd(progress)) checkNothingLeft(decoders, fed);
    progress.collected = collector.size;
    throw stopReason(error, progress, options);
  }
  checkNothingLeft(decoders, fed);
  return { bytes: collector.result(), decoded: true };
};

/**
 * Reads a body whose codings cannot be undone, which is refused at its first byte. An empty one
 * (no bytes encode nothing, as for the known codings) comes back empty, its headers kept.
 */
const readNone = async (source: Readable, refusal: RequestFailedError, options: ReadOptions): Promise<ReadResult> => {
  const collector = new Collector(undefined);
  try {
    await collectPlain(source, collector, { bytes: 0, passed: () => refusal }, options.deadline);
  } catch (error) {
    throw stopReason(error, { collected: 0, received: collector.size }, options);
  }
  return { bytes: Buffer.alloc(0), decoded: false };
};

/** The refusal of a body listing a coding nothing here undoes, if it lists one. */
const refusalOf = (unknown: readonly string[], options: ReadOptions): RequestFailedError | undefined => {
  const transfer = unknownTransferCodings(options.transferEncoding);
  if (transfer.length) return cannotDecode(transfer, { header: "Transfer-Encoding" });
  if (unknown.length) return cannotDecode(unknown, { header: "Content-Encoding", asked: options.acceptEncoding?.() });
  return undefined;
};

/** The codings to undo; a body refused for its header is let go of, so its socket is freed. */
const codingsOf = (source: Readable, contentEncoding: string | undefined): ListedCodings => {
  try {
    return parseCodings(contentEncoding);
  } catch (error) {
    source.destroy();
    throw error;
  }
};

/**
 * Reads a response body whole, undoing every coding Content-Encoding lists (gzip, deflate in
 * either form, brotli, stacked in any order), and stops with a clear error as soon as it passes
 * `maxBytes` or the deadline passes. A body cut short by the server, or whose compressed
 * stream does not reach its end, fails its check or is followed by more bytes, fails rather than
 * being returned truncated. A coding it cannot undo, in Content-Encoding or Transfer-Encoding,
 * fails the read: the bytes as sent are not the content.
 * @example const { bytes } = await readBody(response.data, { contentEncoding: "gzip", maxBytes: 1e6, deadline })
 */
export const readBody = async (source: Readable, options: ReadOptions): Promise<ReadResult> => {
  const { contentEncoding, contentLength, maxBytes, deadline } = options;
  const early = failedBeforeReading(source);
  if (early) throw stopReason(early, { collected: 0, received: 0 }, options);
  const { codings, unknown } = codingsOf(source, contentEncoding);
  const refusal = refusalOf(unknown, options);
  if (refusal) return readNone(source, refusal, options);
  if (codings.length) return readDecoded(source, codings, options);
  if (contentLength !== undefined && contentLength > maxBytes) {
    source.destroy();
    throw tooLarge(maxBytes);
  }
  const collector = new Collector(contentLength);
  try {
    await collectPlain(source, collector, { bytes: maxBytes, passed: () => tooLarge(maxBytes) }, deadline);
  } catch (error) {
    throw stopReason(error, { collected: collector.size, received: collector.size }, options);
  }
  return { bytes: collector.result(), decoded: false };
};
