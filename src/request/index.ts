import type { ActionContext } from "@prismatic-io/spectral";
import { type Credentials, credentialsFor } from "../connections/auth";
import { forgetToken, type PostTokenRequest } from "../connections/tokens";
import { bodySourceOf, encodeBody } from "./body";
import { Deadline } from "./deadline";
import { HttpConnectorError, HttpStatusError, InputError, RequestFailedError, ResponseFormatError } from "./errors";
import { type Exchanged, exchange, type Hop } from "./exchange";
import { describeFailure } from "./failures";
import { isGuardOn } from "./guard";
import { RequestLog } from "./log";
import { readBody } from "./readBody";
import { Redactor } from "./redact";
import { type ActionResult, excerpt, NotJsonError, type ReceivedResponse, shapeResult } from "./result";
import { IDEMPOTENT_METHODS, type RetryPolicy } from "./retry";
import type { RequestSpec } from "./spec";
import { requestHeaders, splitUserInfo, withCredentialQuery, withQuery } from "./target";
import { proxyFor, type TransportOptions } from "./transport";

export type { RequestSpec } from "./spec";

/** A response read whole, with how it was reached and what callers need to report on it. */
export interface Performed {
  received: ReceivedResponse;
  exchanged: Exchanged;
  /** Masks this request's secrets in anything built from the response. */
  redactor: Redactor;
  /** "METHOD URL", redacted: how errors about this request begin. */
  prefix: string;
}

type Context = Pick<ActionContext, "logger">;

const UNAUTHORIZED = 401;

const userContentType = (spec: RequestSpec): string | undefined =>
  spec.headers.find(({ key }) => key.toLowerCase() === "content-type")?.value;

/** Masks the connection's secrets and every other credential the request carries. */
const redactorFor = (spec: RequestSpec, url: URL, credentials: Credentials[]): Redactor => {
  const proxyPassword = spec.proxyUrl?.password ? [spec.proxyUrl.password, decodeURIComponent(spec.proxyUrl.password)] : [];
  const base = new Redactor([
    ...credentials.flatMap((entry) => entry.secrets),
    ...proxyPassword,
    ...Redactor.queryCredentials(url),
    ...(spec.secrets ?? []),
  ]);
  const headerSecrets = spec.headers.filter(({ key }) => base.isSensitiveHeader(key)).map(({ value }) => value);
  return base.with(headerSecrets);
};

/** An Idempotency-Key makes a POST safe to replay: the server recognizes the repeat. */
const hasIdempotencyKey = (spec: RequestSpec): boolean =>
  spec.headers.some(({ key }) => key.toLowerCase() === "idempotency-key");

const retryPolicyOf = (spec: RequestSpec): RetryPolicy => ({
  retries: spec.maxRetries,
  delayMs: spec.retryDelayMS,
  exponential: spec.useExponentialBackoff,
  retryAllErrors: spec.retryAllErrors,
  maxWaitMs: spec.maxRetryWaitMS,
  replayable: IDEMPOTENT_METHODS.has(spec.method) || spec.retryNonIdempotent || hasIdempotencyKey(spec),
  method: spec.method,
});

const receive = async ({ response, url }: Exchanged, deadline: Deadline, maxBytes: number): Promise<ReceivedResponse> => {
  const headers = { ...(response.headers as { toJSON(): Record<string, unknown> }).toJSON() };
  const length = Number(headers["content-length"]);
  const { bytes, decoded } = await readBody(response.data, {
    contentEncoding: typeof headers["content-encoding"] === "string" ? headers["content-encoding"] : undefined,
    contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    maxBytes,
    signal: deadline.signal,
  });
  // The headers describe the data returned: once decoded, it is no longer gzip.
  if (decoded) delete headers["content-encoding"];
  return { status: response.status, statusText: response.statusText ?? "", headers, body: bytes, url: url.href };
};

const statusError = ({ received, exchanged, redactor, prefix }: Performed): HttpStatusError => {
  const body = excerpt(redactor.text(received.body.toString("utf8")));
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
 * Token requests of connections that fetch their own token go through this same builder, with
 * the step's transport settings, so they get its TLS, proxy, timeout and redaction too.
 */
const tokenRequester =
  (context: Context, spec: RequestSpec): PostTokenRequest =>
  async (request) => {
    const { data } = await sendRequest(context, {
      ...spec,
      method: "POST",
      url: request.tokenUrl,
      queryParams: [],
      headers: request.headers,
      connection: undefined,
      bodyType: "form-urlencoded",
      data: undefined,
      formFields: request.fields,
      formData: undefined,
      fileData: undefined,
      responseType: "json",
      includeFullResponse: false,
      failOnErrorStatus: true,
      secrets: [...(spec.secrets ?? []), ...request.secrets],
    });
    return data;
  };

/** The connection's credentials; without a connection, `user:password@` in the URL is used. */
const credentialsOf = async (context: Context, spec: RequestSpec, fromUrl: Credentials | undefined): Promise<Credentials> => {
  if (!spec.connection && fromUrl) return fromUrl;
  try {
    return await credentialsFor(spec.connection, tokenRequester(context, spec));
  } catch (error) {
    if (error instanceof InputError || !(error instanceof Error)) throw error;
    throw new RequestFailedError(`the connection could not get an access token: ${error.message}`);
  }
};

/**
 * The request builder every action delegates to. It reads top to bottom as the steps of a
 * request: target and body, credentials, headers, then send (retries, redirects, one deadline),
 * and read the response whole. A failing status throws unless the step returns it as data.
 * @example const { received } = await performRequest(context, { method: "GET", url: new URL("https://api.example.com/items"), ...inputs })
 */
export const performRequest = async (context: Context, spec: RequestSpec): Promise<Performed> => {
  const { url: bareUrl, credentials: urlCredentials } = splitUserInfo(spec.url);
  const url = withQuery(bareUrl, spec.queryParams, spec.arrayFormat);
  const source = bodySourceOf({ ...spec, userContentType: userContentType(spec) });
  const body = encodeBody(source);
  const transport: TransportOptions = {
    verifyTls: !spec.ignoreSslErrors,
    proxyUrl: spec.proxyUrl,
    blockPrivateNetworks: isGuardOn(spec.blockPrivateNetworks),
    connectTimeoutMs: spec.connectTimeout,
  };
  const proxy = proxyFor(url, transport);

  let redactor = redactorFor(spec, url, urlCredentials ? [urlCredentials] : []);
  const prefix = () => `${spec.method} ${redactor.url(url)}${proxy ? ` (through proxy ${redactor.url(proxy)})` : ""}`;
  const deadline = new Deadline(spec.timeout);
  try {
    for (let attempt = 1; ; attempt += 1) {
      const credentials = await credentialsOf(context, spec, urlCredentials);
      redactor = redactorFor(spec, url, [credentials, ...(urlCredentials ? [urlCredentials] : [])]);
      const log = new RequestLog(context.logger, redactor, spec.debugRequest);
      const hop: Hop = { method: spec.method, url, headers: requestHeaders(spec.headers, body, Object.keys(credentials.headers)), body };
      log.request({
        method: hop.method,
        url: withCredentialQuery(url, credentials.query),
        headers: { ...hop.headers, ...credentials.headers },
        source,
        body,
        insecure: spec.ignoreSslErrors,
        proxyUrl: spec.proxyUrl,
      });
      const exchanged = await exchange(hop, {
        transport,
        deadline,
        retry: retryPolicyOf(spec),
        redirects: { follow: spec.followRedirects, max: spec.maxRedirects, allowInsecure: spec.allowInsecureRedirects },
        credentials,
        origin: url.origin,
        log,
      });
      const performed = { received: await receive(exchanged, deadline, spec.maxResponseBytes), exchanged, redactor, prefix: prefix() };
      log.response(performed.received);
      // A fetched token the API refuses may have been revoked: fetch a new one and try once more.
      if (performed.received.status === UNAUTHORIZED && credentials.tokenCacheKey) {
        forgetToken(credentials.tokenCacheKey);
        if (attempt === 1) continue;
      }
      if (performed.received.status >= 400 && spec.failOnErrorStatus) throw statusError(performed);
      return performed;
    }
  } catch (error) {
    throw asStepError(error, prefix(), redactor, deadline);
  } finally {
    deadline.dispose();
  }
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
    const reason = error instanceof NotJsonError ? error.masked(redact) : error.message;
    throw new ResponseFormatError(redact(`${performed.prefix} failed: ${reason}`));
  }
};

/**
 * Sends the request and shapes what the action returns.
 * @example await sendRequest(context, { method: "GET", url: new URL("https://api.example.com/items"), ...inputs }) // { data: [...] }
 */
export const sendRequest = async (context: Context, spec: RequestSpec): Promise<ActionResult> => {
  const performed = await performRequest(context, spec);
  return readResponse(performed, (received) => shapeResult(received, spec));
};
