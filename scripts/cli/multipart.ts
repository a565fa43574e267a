/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  fileName?: string;
  contentType?: string;
  body: Buffer;
}

/** The body is not multipart/form-data the parser can read; the demo API answers 400. */
export class MultipartError extends Error {
  override name = "MultipartError";
}

const CRLF = "\r\n";
const HEADER_END = "\r\n\r\n";
const CLOSE_MARK = "--";

/** A parameter of a Content-Disposition header, quoted or bare; `name=` never matches inside `filename=`. */
const dispositionParam = (header: string, param: string): string | undefined => {
  const match = new RegExp(`;\\s*${param}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;\\s]+))`, "i").exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, "$1") : match[2];
};

const readHeaders = (text: string): Record<string, string> =>
  Object.fromEntries(
    text
      .split(CRLF)
      .filter((line) => line.includes(":"))
      .map((line) => [line.slice(0, line.indexOf(":")).trim().toLowerCase(), line.slice(line.indexOf(":") + 1).trim()]),
  );

/** Splits a part into its header text and its body. */
const splitPart = (raw: Buffer): { head: string; body: Buffer } => {
  // A part without headers starts straight with the blank line.
  if (raw.subarray(0, CRLF.length).toString() === CRLF) return { head: "", body: raw.subarray(CRLF.length) };
  const headerEnd = raw.indexOf(HEADER_END);
  if (headerEnd === -1) throw new MultipartError("a part has no blank line after its headers");
  return { head: raw.subarray(0, headerEnd).toString("utf8"), body: raw.subarray(headerEnd + HEADER_END.length) };
};

const parsePart = (raw: Buffer): MultipartPart => {
  const { head, body } = splitPart(raw);
  const headers = readHeaders(head);
  const disposition = headers["content-disposition"] ?? "";
  const name = dispositionParam(disposition, "name");
  if (name === undefined) throw new MultipartError("a part has no Content-Disposition name");
  return { name, fileName: dispositionParam(disposition, "filename"), contentType: headers["content-type"], body };
};

/**
 * A minimal multipart/form-data reader (RFC 7578) for the demo API: enough to report which
 * parts arrived and their exact bytes, not a general-purpose parser.
 * @example parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nhi\r\n--b--\r\n'), "b")
 * // [{ name: "a", fileName: undefined, contentType: undefined, body: <Buffer 68 69> }]
 */
export const parseMultipart = (body: Buffer, boundary: string): MultipartPart[] => {
  const delimiter = `--${boundary}`;
  const between = `${CRLF}${delimiter}`;
  let start = body.indexOf(delimiter);
  if (start === -1) throw new MultipartError("the body does not contain its boundary");
  const parts: MultipartPart[] = [];
  for (;;) {
    const cursor = start + delimiter.length;
    if (body.subarray(cursor, cursor + CLOSE_MARK.length).toString() === CLOSE_MARK) return parts;
    if (body.subarray(cursor, cursor + CRLF.length).toString() !== CRLF) {
      throw new MultipartError("a boundary is not followed by a line break");
    }
    const end = body.indexOf(between, cursor);
    if (end === -1) throw new MultipartError("the body has no closing boundary");
    parts.push(parsePart(body.subarray(cursor + CRLF.length, end)));
    start = end + CRLF.length;
  }
};
