import type { ActionContext } from "@prismatic-io/spectral";
import { type Credentials, credentialsFor } from "../connections/auth";
import { type BodySource, bodyFromData, bodyFromForm, encodeBody } from "./body";
import { Deadline } from "./deadline";
import { HttpConnectorError, HttpStatusError, InputError, RequestFailedError, ResponseFormatError } from "./errors";
import { type Exchanged, exchange } from "./exchange";
import { describeFailure } from "./failures";
import { RequestLog } from "./log";
import { readBody } from "./readBody";
import { Redactor } from "./redact";
import { type ActionResult, excerpt, type ReceivedResponse, shapeResult } from "./result";
import { RETRY_DEFAULTS, type RetryPolicy } from "./retry";
import type { RequestSpec } from "./spec";
import { requestHeaders, splitUserInfo, withQuery } from "./target";
import { proxyFor } from "./transport";

export type { RequestSpec } from "./spec";

export const REQUEST_DEFAULTS = {
  /** Bodies larger than this fail instead of exhausting the step's memory. */
  maxResponseBytes: 100 * 1024 * 1024,
  maxRedirects: 10,
} as const;

const contentTypeOf = (spec: RequestSpec): string | undefined =>
  spec.headers.find(({ key }) => key.toLowerCase() === "content-type")?.value;

/** The body the inputs describe; form fields and `data` are two different bodies, never both. */
const bodySourceOf = (spec: RequestSpec): BodySource => {
  const form = bodyFromForm(spec.formData ?? [], spec.fileData ?? [], spec.fileDataFileNames ?? []);
  const data = bodyFromData(spec.data, contentTypeOf(spec));
  if (form.kind !== "none" && data.kind !== "none") {
    throw new InputError("Data", "data", "cannot be combined with Form Data or File Data; send one or the other");
  }
  return form.kind !== "none" ? form : data;
};

/** A connection's credentials win; without one, `user:password@` in the URL is used. */
const chooseCredentials = (spec: RequestSpec, fromUrl: Credentials | undefined): Credentials => {
  const fromConnection = credentialsFor(spec.connection);
  return spec.connection || !fromUrl ? fromConnection : fromUrl;
};

/** Masks the connection's secrets and every other credential the request carries. */
const redactorFor = (spec: RequestSpec, url: URL, credentials: Credentials[]): Redactor => {
  const proxyPassword = spec.proxyUrl?.password ? [spec.proxyUrl.password, decodeURIComponent(spec.proxyUrl.password)] : [];
  const base = new Redactor([
    ...credentials.flatMap((entry) => entry.secrets),
    ...proxyPassword,
    ...Redactor.queryCredentials(url),
  ]);
  const headerSecrets = spec.headers.filter(({ key }) => base.isSensitiveHeader(key)).map(({ value }) => value);
  return base.with(headerSecrets);
};

const retryPolicyOf = (spec: RequestSpec): RetryPolicy => ({
  retries: spec.maxRetries,
  delayMs: spec.retryDelayMS,
  exponential: spec.useExponentialBackoff,
  retryAllErrors: spec.retryAllErrors,
  maxWaitMs: RETRY_DEFAULTS.maxWaitMs,
});

const receive = async ({ response, url }: Exchanged, deadline: Deadline): Promise<ReceivedResponse> => {
  const headers = { ...(response.headers as { toJSON(): Record<string, unknown> }).toJSON() };
  const length = Number(headers["content-length"]);
  const { bytes, decoded } = await readBody(response.data, {
    contentEncoding: typeof headers["content-encoding"] === "string" ? headers["content-encoding"] : undefined,
    contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    maxBytes: REQUEST_DEFAULTS.maxResponseBytes,
    signal: deadline.signal,
  });
  // The headers describe the data returned: once decoded, it is no longer gzip.
  if (decoded) delete headers["content-encoding"];
  return { status: response.status, statusText: response.statusText ?? "", headers, body: bytes, url: url.href };
};

const statusError = (prefix: string, received: ReceivedResponse, exchanged: Exchanged, redactor: Redactor): HttpStatusError => {
  const body = redactor.text(excerpt(received.body.toString("utf8")));
  const retried = exchanged.retries > 0 ? ` after ${exchanged.retries} ${exchanged.retries === 1 ? "retry" : "retries"}` : "";
  const notRetried = exchanged.notRetried ? `; not retried: ${exchanged.notRetried}` : "";
  const status = `${received.status} ${received.statusText}`.trim();
  return new HttpStatusError(
    `${prefix} failed with status ${status}${retried}${notRetried}${body ? `: ${body}` : ""}`,
    received.status,
    received.statusText,
    redactor.headers(received.headers),
    body,
  );
};

/** Rewrites any failure as a step error that says what was sent, with every secret masked. */
const asStepError = (error: unknown, prefix: string, redactor: Redactor, deadline: Deadline): HttpConnectorError => {
  if (error instanceof InputError || error instanceof HttpStatusError) return error;
  if (error instanceof ResponseFormatError) return new ResponseFormatError(redactor.text(`${prefix} failed: ${error.message}`));
  if (error instanceof RequestFailedError && !deadline.expired) {
    return new RequestFailedError(redactor.text(`${prefix} failed: ${error.message}`), error.code);
  }
  const { reason, code } = describeFailure(error, deadline);
  return new RequestFailedError(redactor.text(`${prefix} failed: ${reason}`), code);
};

/**
 * The request builder every action delegates to: it reads top to bottom as the steps of a
 * request: target and credentials, body, headers, then send (retries, redirects, deadline),
 * read, and shape the result.
 * @example await sendRequest(context, { method: "GET", url: new URL("https://api.example.com/items"), ...inputs })
 */
export const sendRequest = async (context: Pick<ActionContext, "logger">, spec: RequestSpec): Promise<ActionResult> => {
  const { url: bareUrl, credentials: urlCredentials } = splitUserInfo(spec.url);
  const credentials = chooseCredentials(spec, urlCredentials);
  const url = withQuery(bareUrl, spec.queryParams);
  const source = bodySourceOf(spec);
  const body = encodeBody(source);
  const headers = requestHeaders(spec.headers, body, credentials);

  const redactor = redactorFor(spec, url, [credentials, urlCredentials ?? credentials]);
  const log = new RequestLog(context.logger, redactor, spec.debugRequest);
  const transport = { verifyTls: !spec.ignoreSslErrors, proxyUrl: spec.proxyUrl };
  const proxy = proxyFor(url, transport);
  const prefix = `${spec.method} ${redactor.url(url)}${proxy ? ` (through proxy ${redactor.url(proxy)})` : ""}`;
  const deadline = new Deadline(spec.timeout);
  try {
    log.request(spec.method, url, headers, source, body);
    const exchanged = await exchange(
      { method: spec.method, url, headers, body },
      {
        transport,
        deadline,
        retry: retryPolicyOf(spec),
        redirects: { follow: true, max: REQUEST_DEFAULTS.maxRedirects },
        credentialHeaders: Object.keys(credentials.headers),
        log,
      },
    );
    const received = await receive(exchanged, deadline);
    log.response(received);
    if (received.status >= 400) throw statusError(prefix, received, exchanged, redactor);
    return shapeResult(received, spec.responseType, spec.includeFullResponse);
  } catch (error) {
    throw asStepError(error, prefix, redactor, deadline);
  } finally {
    deadline.dispose();
  }
};
