import { Readable } from "node:stream";
import busboy from "busboy";
import { sha256 } from "./servers";

export interface Part {
  field: string;
  fileName?: string;
  contentType: string;
  bytes: Buffer;
  sha256: string;
}

/** Parses a multipart body the way a real server would (busboy), keeping every part's bytes. */
export const parseMultipart = (contentType: string, body: Buffer): Promise<Part[]> =>
  new Promise((resolve, reject) => {
    const parts: Part[] = [];
    const parser = busboy({ headers: { "content-type": contentType }, limits: { fileSize: Number.POSITIVE_INFINITY } });
    parser.on("field", (field, value, info) => {
      const bytes = Buffer.from(value, "utf8");
      parts.push({ field, contentType: info.mimeType, bytes, sha256: sha256(bytes) });
    });
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const bytes = Buffer.concat(chunks);
        parts.push({ field, fileName: info.filename, contentType: info.mimeType, bytes, sha256: sha256(bytes) });
      });
    });
    parser.on("error", reject);
    parser.on("close", () => resolve(parts));
    Readable.from([body]).pipe(parser);
  });
