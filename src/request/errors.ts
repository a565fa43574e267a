/**
 * The errors a step can fail with. Each message is complete on its own (what was tried, what
 * went wrong, what to change) and is built from already-redacted parts: nothing here ever
 * holds a request's headers, credentials or agents, so serializing an error cannot leak one.
 */

/** Base class: the platform shows `message`; the other fields are for branching and logs. */
export class HttpConnectorError extends Error {
  override name = "HttpConnectorError";
}

/** An input that cannot be used, reported before anything is sent. */
export class InputError extends HttpConnectorError {
  override name = "InputError";
  constructor(
    readonly label: string,
    readonly inputKey: string,
    readonly reason: string,
  ) {
    super(`Input "${label}" (${inputKey}) ${reason}.`);
  }
}

/** The server answered with a status that fails the step. */
export class HttpStatusError extends HttpConnectorError {
  override name = "HttpStatusError";
  constructor(
    message: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Record<string, unknown>,
    readonly bodyExcerpt: string,
  ) {
    super(message);
  }
}

/** The exchange did not complete: connection refused, reset, TLS failure, timeout, limits. */
export class RequestFailedError extends HttpConnectorError {
  override name = "RequestFailedError";
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

/** The response arrived but cannot be read as the chosen response type. */
export class ResponseFormatError extends HttpConnectorError {
  override name = "ResponseFormatError";
}
