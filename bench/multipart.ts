import { createHash } from "node:crypto";

export interface FilePartSummary {
  /** The part's header lines, e.g. Content-Disposition and Content-Type. */
  headers: string;
  bytes: number;
  sha256: string;
}

/**
 * Reads a multipart/form-data body that carries exactly one part, as it streams: the part's
 * bytes are counted and hashed, and nothing is held but the part's headers and the last few
 * bytes, which may turn out to be the closing delimiter. A 256 MB upload is checked in O(1) memory.
 * @example const part = new SinglePartReader(boundary); for await (const c of request) part.write(c); part.end()
 */
export class SinglePartReader {
  private readonly opening: Buffer;
  private readonly closing: Buffer;
  private readonly hash = createHash("sha256");
  private head: Buffer | undefined = Buffer.alloc(0);
  private tail = Buffer.alloc(0);
  private headers = "";
  private bytes = 0;

  constructor(boundary: string) {
    this.opening = Buffer.from(`--${boundary}\r\n`);
    this.closing = Buffer.from(`\r\n--${boundary}--\r\n`);
  }

  write(chunk: Buffer): void {
    let body = chunk;
    if (this.head) {
      const joined = Buffer.concat([this.head, chunk]);
      const headersEnd = joined.indexOf("\r\n\r\n");
      if (headersEnd === -1) {
        this.head = joined;
        return;
      }
      if (!joined.subarray(0, this.opening.length).equals(this.opening))
        throw new Error("the body does not open with the boundary");
      this.headers = joined.subarray(this.opening.length, headersEnd).toString("latin1");
      this.head = undefined;
      body = joined.subarray(headersEnd + 4);
    }
    // All but the last `closing.length` bytes seen so far are surely part content.
    const pending = this.tail.length > 0 ? Buffer.concat([this.tail, body]) : body;
    const held = Math.min(this.closing.length, pending.length);
    const content = pending.subarray(0, pending.length - held);
    this.hash.update(content);
    this.bytes += content.length;
    this.tail = Buffer.from(pending.subarray(pending.length - held));
  }

  end(): FilePartSummary {
    if (this.head || !this.tail.equals(this.closing)) throw new Error("the body is not one complete multipart part");
    return { headers: this.headers, bytes: this.bytes, sha256: this.hash.digest("hex") };
  }
}
