import { TextDecoder } from "node:util";
import { parse as parseContentType } from "content-type";
import type { ResponseType } from "../inputs/shared";
import { ResponseFormatError } from "./errors";
import { parseJsonExact } from "./json";
import type { Redactor } from "./masking/redactor";

/** A response read whole: what the result is shaped from. */
export interface ReceivedResponse {
  status: number;
  statusText: string;
  headers: Record<string, unknown>;
  body: Buffer;
  /** The URL that answered, after any redirects. */
  url: string;
}

/** What an action returns to the platform. */
export interface ActionResult {
  data: unknown;
  contentType?: string;
}

const EXCERPT_CHARS = 200;
/** How much of a body is masked before its excerpt is cut: far more than the excerpt, so no secret straddles the cut. */
const MASKED_START_CHARS = 64 * 1024;

/** The charset a Content-Type declares, lower-cased; undefined when none is declared. */
export const charsetOf = (contentType: unknown): string | undefined => {
  if (typeof contentType !== "string" || contentType === "") return undefined;
  try {
    return parseContentType(contentType).parameters.charset?.toLowerCase();
  } catch {
    return /;\s*charset="?([^";\s]+)/i.exec(contentType)?.[1]?.toLowerCase();
  }
};

/** Decoders are stateless between whole-buffer decodes, so one per charset serves every response. */
const decoders = new Map<string, TextDecoder>();
const decoderFor = (charset: string): TextDecoder => {
  let decoder = decoders.get(charset);
  if (!decoder) {
    decoder = new TextDecoder(charset, { fatal: true });
    decoders.set(charset, decoder);
  }
  return decoder;
};

/**
 * Decodes a body as text in the charset the response declares (UTF-8 when it declares none).
 * Bytes that are not valid in that charset fail loudly instead of turning into U+FFFD.
 * @example decodeText(Buffer.from([0xe9]), "text/plain; charset=iso-8859-1") // "é"
 */
export const decodeText = (body: Buffer, contentType: unknown): string => {
  const charset = charsetOf(contentType) ?? "utf-8";
  let decoder: TextDecoder;
  try {
    decoder = decoderFor(charset);
  } catch {
    throw new ResponseFormatError(
      `the response declares charset "${charset}", which cannot be decoded here; choose Response Type binary to get the raw bytes`,
    );
  }
  try {
    return decoder.decode(body);
  } catch {
    throw new ResponseFormatError(
      `the response body is not valid ${charset}${charsetOf(contentType) ? "" : " (no charset was declared)"}; choose Response Type binary to get the raw bytes`,
    );
  }
};

/** A short, single-line start of a text, for error messages. */
export const excerpt = (text: string, chars = EXCERPT_CHARS): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > chars ? `${flat.slice(0, chars)}…` : flat;
};

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
 * else that is not JSON fails with the start of what arrived, never a silent string. Integers
 * beyond ±(2^53 - 1) come back as strings of their exact digits (see json.ts).
 * @example parseJson(Buffer.from('{"ok":true}'), "application/json") // { ok: true }
 */
export const parseJson = (body: Buffer, contentType: unknown): unknown => {
  const text = decodeText(body, contentType);
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

const decodeBody = (response: ReceivedResponse, responseType: ResponseType): unknown => {
  const contentType = response.headers["content-type"];
  switch (responseType) {
    case "json":
      return parseJson(response.body, contentType);
    case "text":
      return decodeText(response.body, contentType);
    case "binary":
      return response.body;
    default: {
      const unknownType: never = responseType;
      throw new Error(`Unhandled response type: ${String(unknownType)}`);
    }
  }
};

export const BINARY_FALLBACK_TYPE = "application/octet-stream";

export interface ResultOptions {
  method: string;
  responseType: ResponseType;
  includeFullResponse: boolean;
  failOnErrorStatus: boolean;
}

/** An error body is returned as data rather than failing the step, so it is read leniently. */
const decodeErrorBody = (response: ReceivedResponse, responseType: ResponseType): unknown => {
  try {
    return decodeBody(response, responseType);
  } catch {
    return response.body.toString("utf8");
  }
};

/**
 * The full-response shape: the data with the status, headers and final URL it came with. The
 * body and headers are the server's and returned as received; the URL and the reason phrase
 * are masked, since they may carry the request's credentials.
 */
export const fullResponse = (
  { status, statusText, headers, url }: ReceivedResponse,
  data: unknown,
  redactor: Redactor,
) => ({
  data,
  status,
  statusText: redactor.text(statusText),
  headers,
  url: redactor.url(url),
});

/**
 * A 3xx the step ends with (Follow Redirects off, a 304, a 300 without Location): its body is not
 * the resource, so it is returned with its status and headers (the Location among them).
 */
export const isRedirectAnswer = (status: number): boolean => status >= 300 && status < 400;

/** Whether the step returns the full response rather than the data alone. */
export const wantsFullResponse = (options: ResultOptions, status = 200): boolean =>
  options.includeFullResponse || !options.failOnErrorStatus || options.method === "HEAD" || isRedirectAnswer(status);

/**
 * Shapes what the action returns: the decoded body, or the body with status, headers and final
 * URL when the full response is asked for, when failed statuses are returned as data (so the
 * shape does not depend on the status), for HEAD (which has no body) and for a 3xx the step
 * ends with. Binary data carries
 * its content type so later steps keep it.
 * @example shapeResult(response, { method: "GET", responseType: "json", includeFullResponse: false, failOnErrorStatus: true }, redactor)
 * // { data: { id: 1 } }
 */
export const shapeResult = (response: ReceivedResponse, options: ResultOptions, redactor: Redactor): ActionResult => {
  const { responseType } = options;
  // A failing or redirecting answer's body is returned as data, not the resource asked for, so it is read leniently.
  const lenient = response.status >= 400 || isRedirectAnswer(response.status);
  const data = lenient ? decodeErrorBody(response, responseType) : decodeBody(response, responseType);
  if (wantsFullResponse(options, response.status)) return { data: fullResponse(response, data, redactor) };
  if (responseType === "binary") {
    const contentType = response.headers["content-type"];
    return {
      data,
      contentType: typeof contentType === "string" && contentType !== "" ? contentType : BINARY_FALLBACK_TYPE,
    };
  }
  return { data };
};
