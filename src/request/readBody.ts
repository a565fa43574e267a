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
  signal: AbortSignal;
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
    await (decoder ? pipeline(source, decoder, collect, { signal }) : pipeline(source, collect, { signal }));
  } catch (error) {
    // Stopping at the limit tears the pipeline down; whichever stream reports first, the limit is the cause.
    if (collector.size > maxBytes) throw tooLarge(maxBytes);
    if (error instanceof RequestFailedError || signal.aborted) throw error;
    throw cutShort(error, collector.size, contentLength);
  }
  return { bytes: collector.result(), decoded: decoder !== undefined };
};
