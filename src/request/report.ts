import type { Deadline } from "./deadline";
import { NotJsonError } from "./decode/json";
import {
  type HttpConnectorError,
  HttpStatusError,
  InputError,
  RequestFailedError,
  ResponseFormatError,
} from "./errors";
import { excerpt } from "./excerpt";
import type { Exchanged } from "./exchange";
import { describeFailure } from "./failures";
import { previewOf } from "./log";
import type { Redactor } from "./masking/redactor";
import type { ReceivedResponse } from "./result";

/** A response read whole, with how it was reached and what callers need to report on it. */
export interface Performed {
  received: ReceivedResponse;
  exchanged: Exchanged;
  /** Masks this request's secrets in anything built from the response. */
  redactor: Redactor;
  /** "METHOD URL", redacted: how errors about this request begin. */
  readonly prefix: string;
  /** True for a credential exchange (a token request): its body is a credential and never quoted. */
  secretAnswer: boolean;
  /** The masked cURL command that repeats the request (built when asked for). */
  readonly curlCommand: string;
}

/**
 * What an error may quote of a token endpoint's failed answer: the RFC 6749 `error` code and
 * `error_description` of a JSON answer, masked; nothing of any other answer.
 */
const tokenErrorOf = (received: ReceivedResponse, redactor: Redactor): string => {
  try {
    const answer = JSON.parse(received.body.toString("utf8")) as Record<string, unknown>;
    const parts = [answer.error, answer.error_description].filter((part) => typeof part === "string");
    return excerpt(redactor.text(parts.join(": ")));
  } catch {
    return "";
  }
};

/** The start of a failed response's body, masked before it is cut so no secret can straddle the cut. */
const bodyExcerptOf = ({ received, redactor, secretAnswer }: Performed): string =>
  secretAnswer ? tokenErrorOf(received, redactor) : excerpt(redactor.text(previewOf(received)));

/**
 * The error of a response whose status fails the step: method, URL, status, retries, and the
 * start of the body, masked before it is cut so no secret can straddle the cut.
 * @example statusError(performed).message // "GET https://x/items failed with status 404 Not Found: {...}"
 */
export const statusError = (performed: Performed): HttpStatusError => {
  const { received, exchanged, redactor, prefix } = performed;
  const body = bodyExcerptOf(performed);
  const retried =
    exchanged.retries > 0 ? ` after ${exchanged.retries} ${exchanged.retries === 1 ? "retry" : "retries"}` : "";
  const notRetried = exchanged.notRetried ? `; not retried: ${exchanged.notRetried}` : "";
  // A reason phrase is the server's text, and servers echo what they were sent in it.
  const statusText = redactor.text(received.statusText);
  const status = `${received.status} ${statusText}`.trim();
  return new HttpStatusError(
    `${prefix} failed with status ${status}${retried}${notRetried}${body ? `: ${body}` : ""}`,
    received.status,
    statusText,
    redactor.headers(received.headers),
    body,
  );
};

/**
 * Rewrites any failure as a step error that says what was sent, with every secret masked.
 * @example asStepError(refused, "GET https://x/items", redactor, deadline).message // "GET https://x/items failed: the connection was refused ..."
 */
export const asStepError = (
  error: unknown,
  prefix: string,
  redactor: Redactor,
  deadline: Deadline,
): HttpConnectorError => {
  if (error instanceof InputError || error instanceof HttpStatusError) return error;
  if (error instanceof ResponseFormatError)
    return new ResponseFormatError(redactor.text(`${prefix} failed: ${error.message}`));
  if (error instanceof RequestFailedError && !deadline.expired) {
    return new RequestFailedError(redactor.text(`${prefix} failed: ${error.message}`), error.code);
  }
  const { reason, code } = describeFailure(error, deadline);
  return new RequestFailedError(redactor.text(`${prefix} failed: ${reason}`), code);
};

/**
 * Runs `read` on a performed request; a body that cannot be read as asked fails with the same
 * "METHOD URL failed: ..." start as every other error of the request.
 * @example readResponse(performed, (received) => parseJson(received.body, undefined))
 */
export const readResponse = <T>(performed: Performed, read: (received: ReceivedResponse) => T): T => {
  try {
    return read(performed.received);
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    const redact = (text: string) => performed.redactor.text(text);
    const reason = !(error instanceof NotJsonError)
      ? error.message
      : performed.secretAnswer
        ? `the token endpoint's answer is not JSON (${error.contentType}, ${performed.received.body.length} bytes; not shown, as it may hold a credential)`
        : error.masked(redact);
    throw new ResponseFormatError(redact(`${performed.prefix} failed: ${reason}`));
  }
};
