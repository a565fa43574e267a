import type { ResponseType } from "../inputs/shared";
import { type DecodeOptions, RESPONSE_DECODERS, SELECTABLE_TYPES } from "./decode";
import { InputError } from "./errors";
import { applySelection, type JmesPathExpression } from "./jmespath";
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

const decodeBody = (response: ReceivedResponse, options: ResultOptions): unknown =>
  RESPONSE_DECODERS[options.responseType](response, {
    responseCharset: options.responseCharset,
    csvHeader: options.csvHeader ?? true,
  });

export const BINARY_FALLBACK_TYPE = "application/octet-stream";

export interface ResultOptions extends Partial<DecodeOptions> {
  method: string;
  responseType: ResponseType;
  includeFullResponse: boolean;
  failOnErrorStatus: boolean;
  /** Select: the part of a parsed body the step returns. */
  select?: JmesPathExpression;
}

/**
 * Refuses, before anything is sent, a Select that the Response Type gives nothing to query.
 * @example checkResultOptions({ responseType: "binary", select: toJmesPath("a"), ... }) // throws InputError
 */
export const checkResultOptions = ({ responseType, select }: Pick<ResultOptions, "responseType" | "select">): void => {
  if (select === undefined || SELECTABLE_TYPES.has(responseType)) return;
  throw new InputError(
    "Select",
    "select",
    `needs a parsed body, and Response Type ${responseType} returns ${responseType === "binary" ? "bytes" : "a string"}; choose json, xml or csv, or leave Select empty`,
  );
};

/**
 * The data of a body read as the resource: decoded, then narrowed by Select when one is given.
 * @example successData(received, { ...options, select: toJmesPath("items") }) // [...]
 */
export const successData = (response: ReceivedResponse, options: ResultOptions): unknown => {
  const data = decodeBody(response, options);
  return options.select ? applySelection(options.select, data) : data;
};

/**
 * An error body is returned as data rather than failing the step, so it is read leniently (and
 * not selected from: it is not the resource). A body the Response Type cannot read (an HTML
 * error page where JSON was asked for) is its text, in the charset it declares; one that is not
 * valid text in that charset either is its bytes as they came, never text with U+FFFD in it.
 */
const decodeErrorBody = (response: ReceivedResponse, options: ResultOptions): unknown => {
  try {
    return decodeBody(response, options);
  } catch {
    try {
      return decodeBody(response, { ...options, responseType: "text" });
    } catch {
      return response.body;
    }
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
  curlCommand?: string,
) => ({
  data,
  status,
  statusText: redactor.text(statusText),
  headers,
  url: redactor.url(url),
  // Include Full Response also says how to repeat the request: the debug log's cURL command.
  ...(curlCommand === undefined ? {} : { curlCommand }),
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
 * Shapes what the action returns: the decoded body (narrowed by Select), or the body with status, headers and final
 * URL (and, with Include Full Response, the masked `curlCommand` that repeats the request) when the full response is asked for, when failed statuses are returned as data (so the
 * shape does not depend on the status), for HEAD (which has no body) and for a 3xx the step
 * ends with. Binary data carries
 * its content type so later steps keep it.
 * @example shapeResult(response, { method: "GET", responseType: "json", includeFullResponse: false, failOnErrorStatus: true }, redactor)
 * // { data: { id: 1 } }
 */
export const shapeResult = (
  response: ReceivedResponse,
  options: ResultOptions,
  redactor: Redactor,
  curlCommand?: () => string,
): ActionResult => {
  const { responseType } = options;
  // A failing or redirecting answer's body is returned as data, not the resource asked for, so it is read leniently.
  const lenient = response.status >= 400 || isRedirectAnswer(response.status);
  const data = lenient ? decodeErrorBody(response, options) : successData(response, options);
  if (wantsFullResponse(options, response.status)) {
    return { data: fullResponse(response, data, redactor, options.includeFullResponse ? curlCommand?.() : undefined) };
  }
  if (responseType === "binary") {
    const contentType = response.headers["content-type"];
    return {
      data,
      contentType: typeof contentType === "string" && contentType !== "" ? contentType : BINARY_FALLBACK_TYPE,
    };
  }
  return { data };
};
