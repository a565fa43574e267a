import { Transform, type TransformCallback } from "node:stream";
import zlib from "node:zlib";
import type { DecoderStream } from "./codings";

/** Bytes needed to tell a zlib or gzip header from raw deflate data. */
const SNIFF_BYTES = 2;
const DEFLATE_METHOD = 8;
const MAX_WINDOW_INFO = 7;
/** A zlib header's two bytes, read as one big-endian number, are a multiple of 31 (RFC 1950). */
const ZLIB_CHECK = 31;
const GZIP_MAGIC = [0x1f, 0x8b];

/** True when `head` starts like a zlib stream; with one byte, judged on that byte alone. */
const looksZlib = (head: Buffer): boolean => {
  const cmf = head[0];
  if ((cmf & 0x0f) !== DEFLATE_METHOD || cmf >> 4 > MAX_WINDOW_INFO) return false;
  return head.length < SNIFF_BYTES || ((cmf << 8) | head[1]) % ZLIB_CHECK === 0;
};

/** True when `head` starts like a gzip stream; with one byte, judged on that byte alone. */
const looksGzip = (head: Buffer): boolean =>
  head[0] === GZIP_MAGIC[0] && (head.length < SNIFF_BYTES || head[1] === GZIP_MAGIC[1]);

/**
 * Undoes `Content-Encoding: deflate` whichever way the server meant it: RFC 9110 says zlib-wrapped,
 * many servers send raw deflate and browsers accept both, and a few send gzip under this name.
 * The first two bytes decide; a raw stream practically never starts like a zlib header, since
 * that needs padding bits set that encoders write as zero. Strict like the other decoders: a
 * stream that does not reach its end fails when the input ends.
 */
class DeflateDecoder extends Transform {
  private inner: zlib.Inflate | zlib.InflateRaw | zlib.Unzip | undefined;
  private head: Buffer = Buffer.alloc(0);

  constructor(private readonly chunkSize: number) {
    super();
  }

  /** The input the inner decoder consumed; the two sniffed bytes are handed to it, so they count. */
  get bytesWritten(): number {
    return this.inner?.bytesWritten ?? 0;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let input = chunk;
    if (!this.inner) {
      this.head = this.head.length ? Buffer.concat([this.head, chunk]) : chunk;
      if (this.head.length < SNIFF_BYTES) {
        done();
        return;
      }
      input = this.head;
      this.head = Buffer.alloc(0);
      this.inner = this.open(input);
    }
    // Once the inner stream has ended, the rest is bytes after it: not consumed, so the reader sees them left over.
    if (this.inner.readableEnded) done();
    else if (this.inner.write(input)) done();
    else this.inner.once("drain", done);
  }

  override _flush(done: TransformCallback): void {
    if (!this.inner) {
      // Fewer than two bytes in all: the inner decoder reports the stream's early end.
      this.inner = this.open(this.head);
      this.inner.write(this.head);
    }
    // A stream followed by more bytes has ended already, and says so no more.
    if (this.inner.readableEnded) {
      done();
      return;
    }
    this.inner.once("end", () => done());
    this.inner.end();
  }

  // Output waits while downstream is full, so a deflate bomb is held back like any other body.
  override _read(size: number): void {
    this.inner?.resume();
    super._read(size);
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    this.inner?.destroy();
    done(error);
  }

  private open(head: Buffer): zlib.Inflate | zlib.InflateRaw | zlib.Unzip {
    const options = { chunkSize: this.chunkSize };
    const inner =
      head.length && (looksZlib(head) || looksGzip(head)) ? zlib.createUnzip(options) : zlib.createInflateRaw(options);
    inner.on("data", (output: Buffer) => {
      if (!this.push(output)) inner.pause();
    });
    inner.once("error", (error) => this.destroy(error));
    return inner;
  }
}

/**
 * A decoder for `Content-Encoding: deflate` that accepts zlib-wrapped, raw and gzip data alike.
 * @example pipeline(response, createDeflateDecoder(64 * 1024), sink)
 */
export const createDeflateDecoder = (chunkSize: number): DecoderStream => new DeflateDecoder(chunkSize);
