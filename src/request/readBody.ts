import type { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import zlib from "node:zlib";
import { RequestFailedError } from "./errors";

/** Decoders that tolerate a body cut short after the last full block, as browsers do. */
const LENIENT = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };

const decoderFor = (contentEncoding: string | undefined): Transform | undefined => {
  switch (contentEncoding?.trim().toLowerCase()) {
    case "gzip":
    case "x-gzip":
    case "deflate":
      return zlib.createUnzip(LENIENT);
    case "br":
      return zlib.createBrotliDecompress({
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    default:
      return undefined; // identity, or an encoding we do not know: the bytes are returned as sent
  }
};

export interface ReadOptions {
  contentEncoding?: string;
  contentLength?: number;
  /** Counted after decompression, so a small compressed body cannot expand without bound. */
  maxBytes: number;
  /** Fires when the step's deadline passes; absent when the step has no timeout. */
  signal?: AbortSignal;
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

/** Why a read stopped early: the limit, the deadline, or the server. */
const stopReason = (
  collector: Collector,
  maxBytes: number,
  signal: AbortSignal | undefined,
  error: unknown,
  expected?: number,
) => {
  // Stopping at the limit tears the streams down; whichever reports first, the limit is the cause.
  if (collector.size > maxBytes) return tooLarge(maxBytes);
  if (error instanceof RequestFailedError || signal?.aborted) return error;
  return cutShort(error, collector.size, expected);
};

/**
 * Reads a body that needs no decoding with plain stream events: `pipeline` and async iteration
 * cost more than the rest of a small request's reading together.
 */
const collectPlain = (source: Readable, collector: Collector, maxBytes: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const finish = (error?: unknown) => {
      source.off("data", onData).off("end", finish).off("error", finish).off("close", onClose);
      signal?.removeEventListener("abort", onAbort);
      if (error === undefined) return resolve();
      // A body left unread must free its socket.
      source.destroy();
      reject(error);
    };
    const onData = (chunk: Buffer) => {
      collector.add(chunk);
      if (collector.size > maxBytes) finish(tooLarge(maxBytes));
    };
    const onClose = () => finish(Object.assign(new Error("the connection closed early"), { code: "ECONNRESET" }));
    const onAbort = () => finish(signal?.reason);
    if (signal?.aborted) return finish(signal.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    source
      .on("data", onData)
      .once("end", () => finish())
      .once("error", finish)
      .once("close", onClose);
  });

/**
 * Reads a response body whole, undoing gzip, deflate or brotli, and stops with a clear error as
 * soon as it passes `maxBytes` or the deadline's signal fires. A body cut short by the server
 * fails rather than being returned truncated.
 * @example const { bytes } = await readBody(response.data, { maxBytes: 1e6, signal })
 */
export const readBody = async (source: Readable, options: ReadOptions): Promise<ReadResult> => {
  const { contentEncoding, contentLength, maxBytes, signal } = options;
  const decoder = decoderFor(contentEncoding);
  if (!decoder && contentLength !== undefined && contentLength > maxBytes) {
    source.destroy();
    throw tooLarge(maxBytes);
  }
  const collector = new Collector(decoder ? undefined : contentLength);
  const collect = async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) {
      collector.add(chunk);
      if (collector.size > maxBytes) throw tooLarge(maxBytes);
    }
  };
  try {
    await (decoder
      ? pipeline(source, decoder, collect, ...(signal ? [{ signal }] : []))
      : collectPlain(source, collector, maxBytes, signal));
  } catch (error) {
    throw stopReason(collector, maxBytes, signal, error, contentLength);
  }
  return { bytes: collector.result(), decoded: decoder !== undefined };
};
