import { ResponseFormatError } from "../errors";
import { excerpt } from "../excerpt";
import { parseJsonExact } from "./exactJson";
import { decodeText } from "./text";

/** How much of a body is masked before its excerpt is cut: far more than the excerpt, so no secret straddles the cut. */
const MASKED_START_CHARS = 64 * 1024;

const notJsonMessage = (contentType: string, start: string): string =>
  `the response body is not valid JSON (${contentType}); it starts with ${JSON.stringify(start)}. Choose Response Type text to get it as a string`;

/** A body that should have been JSON; it keeps the text so its start can be shown masked. */
export class NotJsonError extends ResponseFormatError {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {
    super(notJsonMessage(contentType, excerpt(text)));
  }

  /** The message with secrets masked before the body is cut, so none can straddle the cut. */
  masked(redact: (text: string) => string): string {
    return notJsonMessage(this.contentType, excerpt(redact(this.text.slice(0, MASKED_START_CHARS))));
  }
}

/**
 * Parses a JSON body. An empty body (204, or a DELETE that answers nothing) is `null`; anything
 * else that is not JSON fails with the start of what arrived, never a silent string. A number
 * a JavaScript number would change (an integer beyond ±(2^53 - 1), `1e400`) comes back as the
 * string of its exact text (see exactJson.ts). `charset`
 * (Response Charset) wins over the one the response declares.
 * @example parseJson(Buffer.from('{"ok":true}'), "application/json") // { ok: true }
 */
export const parseJson = (body: Buffer, contentType: unknown, charset?: string): unknown => {
  const text = decodeText(body, contentType, charset);
  if (text.trim() === "") return null;
  try {
    return parseJsonExact(text);
  } catch {
    throw new NotJsonError(
      typeof contentType === "string" && contentType !== "" ? contentType : "no content type",
      text,
    );
  }
};
