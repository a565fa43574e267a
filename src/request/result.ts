import type { ResponseType } from "../inputs/shared";
import { RESPONSE_DECODERS } from "./decode";
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

const decodeBody = (response: ReceivedResponse, responseType: ResponseType): unknown =>
  RESPONSE_DECODERS[responseType](response);

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
