import type { Readable } from "node:stream";
import axios, { type AxiosError, type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { type IAxiosRetryConfig, isNetworkError } from "axios-retry";
import type { Credentials } from "../connections/auth";
import { MAX_REDIRECTS_LIMIT } from "../limits";
import { type Attempt, signEachAttempt } from "./attempt";
import type { EncodedBody } from "./body";
import { clientFor } from "./client";
import { BEFORE_SENDING_CODES, connectTimingTransport, spelledMethodTransport } from "./connect";
import type { Deadline } from "./deadline";
import { RequestFailedError } from "./errors";
import { isParseError } from "./failures";
import { PRIVATE_NETWORK_BLOCKED } from "./guard";
import type { RequestLog } from "./log";
import { isCredentialName } from "./masking/names";
import { overlay } from "./overlay";
import { paceEachAttempt } from "./pace/interceptors";
import type { Pace } from "./pace/turns";
import { type AttemptFailure, decideRetry, type RetryDecision, type RetryPolicy } from "./retry";
import { hasHeader, headerText, withCredentialQuery } from "./target";
import { agentFor, checkBeforeSending, type TransportOptions } from "./transport";

/** One request on the wire: the first, or one a redirect leads to. */
export interface Hop {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
  body: EncodedBody;
}

export interface RedirectPolicy {
  follow: boolean;
  max: number;
  /** Whether a hop from https to plain http may be followed. */
  allowInsecure: boolean;
  /** A credential exchange (a token request) never leaves the origin it was sent to. */
  sameOriginOnly: boolean;
}

export interface ExchangeOptions {
  transport: TransportOptions;
  deadline: Deadline;
  retry: RetryPolicy;
  redirects: RedirectPolicy;
  /** The connection's credentials, sent only to `origin`. */
  credentials: Credentials;
  /** The origin of the step's URL: the only one credentials are sent to. */
  origin: string;
  /** Send no Accept or Accept-Encoding unless the headers have one (axios would add its own): see `RequestSpec.bareHeaders`. */
  bareHeaders: boolean;
  /** The method as the user typed it (`post`), sent as typed: see `RequestSpec.methodSpelling`. */
  methodSpelling?: string;
  log: RequestLog;
  /** Values a scheme produced on the way (a signature, a digest response), to mask from then on. */
  learnSecrets: (secrets: string[]) => void;
  /** How every attempt waits for its turn at its origin. */
  pace: Pace;
}

/** The last response of an exchange, whatever its status, with how it was reached. */
export interface Exchanged {
  response: AxiosResponse<Readable>;
  /** The method of the hop that answered: a redirect may have turned a POST into a GET. */
  method: string;
  url: URL;
  retries: number;
  /** Why a failed response was not retried although retries were left, if it was not. */
  notRetried?: string;
}

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Headers that describe a body; dropped when a redirect turns the request into a GET. */
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "transfer-encoding"];
const NO_BODY: EncodedBody = { length: 0, open: () => undefined };

/** Lets go of a response body that will not be read, so its socket is freed. */
export const discard = (body: unknown): void => {
  (body as Readable | undefined)?.destroy?.();
};

const plainHeaders = (headers: unknown): Record<string, unknown> => {
  const withJson = headers as { toJSON?: () => Record<string, unknown> } | undefined;
  return withJson?.toJSON ? withJson.toJSON() : { ...(headers as Record<string, unknown>) };
};

const failureOf = (error: AxiosError): AttemptFailure => ({
  status: error.response?.status,
  headers: error.response ? plainHeaders(error.response.headers) : undefined,
  // A refusal by the private-network guard is a decision, and a malformed response a server's
  // fault that repeats: another try cures neither.
  transientNetworkError:
    !error.response && isNetworkError(error) && error.code !== PRIVATE_NETWORK_BLOCKED && !isParseError(error),
  mayHaveReachedServer: error.response !== undefined || !BEFORE_SENDING_CODES.has(error.code ?? ""),
});

const retryCountOf = (config: InternalAxiosRequestConfig | undefined): number =>
  config?.["axios-retry"]?.retryCount ?? 0;

/** The retry settings axios-retry applies to one hop; every decision comes from `decideRetry`. */
const retryConfigFor = (
  hop: Hop,
  options: ExchangeOptions,
  decisions: WeakMap<object, RetryDecision>,
): IAxiosRetryConfig => ({
  retries: options.retry.retries,
  retryCondition: (error) => {
    const retryNumber = retryCountOf(error.config) + 1;
    const decision = decideRetry(
      options.retry,
      retryNumber,
      failureOf(error),
      options.deadline.remainingMs(),
      Date.now(),
    );
    decisions.set(error, decision);
    return decision.retry;
  },
  retryDelay: (_retryCount, error) => {
    const decision = decisions.get(error);
    return decision?.retry ? decision.waitMs : 0;
  },
  onRetry: (retryCount, error, config) => {
    discard(error.response?.data);
    // A multipart stream was consumed by the failed attempt: every try gets a fresh one.
    config.data = hop.body.open();
    const decision = decisions.get(error);
    const waitMs = decision?.retry ? decision.waitMs : 0;
    const reason = decision?.retry ? decision.reason : "a failure";
    options.log.retry(hop.method, hop.url, retryCount, options.retry.retries, reason, waitMs);
  },
});

/**
 * Axios gives bodiless POST, PUT and PATCH a form content type, and every request its own
 * Accept-Encoding; `false` tells it to send none. (A bare client has no default Accept.)
 */
const axiosHeaders = (headers: Hop["headers"], bare: boolean): Record<string, string | string[] | false> => {
  // A lone spread, then plain sets: a spread with more properties after it would take a shape
  // of its own every time (see overlay.ts), and axios reads these on every request.
  const sent: Record<string, string | string[] | false> = { ...headers };
  if (!hasHeader(headers, "content-type")) sent["Content-Type"] = false;
  if (bare && !hasHeader(headers, "accept-encoding")) sent["Accept-Encoding"] = false;
  return sent;
};

/** The hop as it goes on the wire: with the connection's credentials when it stays on the step's origin. */
const authorize = (hop: Hop, { credentials, origin }: ExchangeOptions): Attempt =>
  hop.url.origin === origin
    ? {
        method: hop.method,
        url: withCredentialQuery(hop.url, credentials.query),
        headers: overlay(hop.headers, credentials.headers),
        body: hop.body,
      }
    : { method: hop.method, url: hop.url, headers: hop.headers, body: hop.body };

/**
 * The connection's signer for every attempt of a hop to the step's origin (none elsewhere: our
 * credentials never sign for another origin); what it signs is masked from then on.
 */
const signerFor = (hop: Hop, attempt: Attempt, options: ExchangeOptions): Record<string, unknown> | undefined => {
  const { sign } = options.credentials;
  if (!sign || hop.url.origin !== options.origin) return undefined;
  return signEachAttempt(async () => {
    const signed = await sign(attempt);
    options.learnSecrets(signed.secrets ?? []);
    return signed.headers;
  });
};

const sendHop = async (hop: Hop, options: ExchangeOptions): Promise<Exchanged> => {
  await checkBeforeSending(hop.url, options.transport);
  // The client certificate is presented to the step's origin only; another origin gets a plain connection.
  const identity = hop.url.origin === options.origin ? options.credentials.identity : undefined;
  const agent = agentFor(hop.url, options.transport, identity);
  const attempt = authorize(hop, options);
  const signer = signerFor(hop, attempt, options);
  const decisions = new WeakMap<object, RetryDecision>();
  try {
    const response = await clientFor(
      options.retry.retries,
      signer !== undefined,
      options.bareHeaders,
    ).request<Readable>({
      ...signer,
      ...paceEachAttempt(options.pace, hop.url.origin),
      method: hop.method,
      url: attempt.url.href,
      headers: axiosHeaders(attempt.headers, options.bareHeaders),
      data: hop.body.open(),
      httpAgent: agent,
      httpsAgent: agent,
      // The transport stops the request at the deadline.
      transport: spelledMethodTransport(
        connectTimingTransport(options.transport.connectTimeoutMs, options.deadline),
        options.methodSpelling,
      ),
      // The plain client has no retry interceptor: without retries this config would only be merged
      // and ignored. axios-retry's wait between attempts ends at the deadline only through a signal.
      ...(options.retry.retries > 0
        ? { "axios-retry": retryConfigFor(hop, options, decisions), signal: options.deadline.signal }
        : {}),
    });
    return { response, method: hop.method, url: hop.url, retries: retryCountOf(response.config) };
  } catch (error) {
    if (identity && axios.isAxiosError(error) && !error.response && error.code === "ECONNRESET") {
      // A server that checks the certificate only once the handshake is done (Node's own does) sends
      // no alert: it closes, and the refusal arrives as a reset. A server's alert is read by failures.ts.
      throw new RequestFailedError(
        "the server closed the connection without answering; with a client certificate presented, this is how a server refuses one it does not accept (ECONNRESET)",
        "ECONNRESET",
      );
    }
    // A failing status is still an answer: the caller decides what it means for the step.
    if (!axios.isAxiosError(error) || !error.response) throw error;
    const decision = decisions.get(error);
    const notRetried = decision && !decision.retry ? decision.reason : undefined;
    return {
      response: error.response as AxiosResponse<Readable>,
      method: hop.method,
      url: hop.url,
      retries: retryCountOf(error.config),
      notRetried,
    };
  }
};

const without = (headers: Hop["headers"], drop: (lowerName: string) => boolean): Hop["headers"] =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !drop(name.toLowerCase())));

/**
 * What a hop to another origin never gets: headers that carry credentials by convention (the
 * ones logs mask too), and a Host the user set, which named the first origin's server.
 */
export const isOriginBound = (lowerName: string): boolean => lowerName === "host" || isCredentialName(lowerName);

const badRedirect = (reason: string) => new RequestFailedError(reason, "ERR_BAD_REDIRECT");

/**
 * True when a URL the server gave leads from https to plain http: a redirect, a next page or an
 * operation to poll, each followed only with Allow HTTPS to HTTP Redirects.
 * @example dropsToPlainHttp(new URL("https://api.test/a"), new URL("http://api.test/b")) // true
 */
export const dropsToPlainHttp = (from: URL, to: URL): boolean => from.protocol === "https:" && to.protocol === "http:";

/** Where a redirect leads, refused when it leaves http(s) or, unless allowed, drops from https to http. */
const resolveLocation = (location: string, base: URL, policy: RedirectPolicy, origin: string): URL => {
  let target: URL;
  try {
    target = new URL(location, base);
  } catch {
    throw badRedirect("the server redirected to a Location that is not a valid URL");
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") {
    throw badRedirect(`the server redirected to a ${target.protocol} URL; only http and https are followed`);
  }
  if (policy.sameOriginOnly && target.origin !== origin) {
    throw badRedirect(
      `the server redirected to another origin (${target.origin}); a token request is never sent anywhere but its Token URL's origin`,
    );
  }
  if (dropsToPlainHttp(base, target) && !policy.allowInsecure) {
    throw badRedirect(
      `the server redirected from https to plain http (${target.origin}); turn on "Allow HTTPS to HTTP Redirects" to follow it`,
    );
  }
  return target;
};

/**
 * The request a redirect leads to, following what browsers and curl do with methods and bodies.
 * Headers that carry credentials by convention are dropped for good once a hop leaves the origin.
 */
const nextHop = (hop: Hop, status: number, target: URL): Hop => {
  const becomesGet =
    status === 303 ? hop.method !== "HEAD" : (status === 301 || status === 302) && hop.method === "POST";
  let headers = becomesGet ? without(hop.headers, (name) => BODY_HEADERS.includes(name)) : hop.headers;
  if (target.origin !== hop.url.origin) headers = without(headers, isOriginBound);
  return { method: becomesGet ? "GET" : hop.method, url: target, headers, body: becomesGet ? NO_BODY : hop.body };
};

const UNAUTHORIZED = 401;

/**
 * One more attempt of a hop whose 401 the connection can answer (HTTP Digest), with the headers
 * the answer adds; undefined when there is nothing to answer. Only the step's origin is answered.
 */
const answerChallenge = async (
  hop: Hop,
  exchanged: Exchanged,
  options: ExchangeOptions,
): Promise<Exchanged | undefined> => {
  const { answer } = options.credentials;
  if (!answer || exchanged.response.status !== UNAUTHORIZED || hop.url.origin !== options.origin) return undefined;
  const answered = await answer({
    headers: plainHeaders(exchanged.response.headers),
    attempt: authorize(hop, options),
  });
  if (!answered) return undefined;
  options.learnSecrets(answered.secrets ?? []);
  discard(exchanged.response.data);
  return sendHop(overlay(hop, { headers: overlay(hop.headers, answered.headers) }), options);
};

/**
 * Sends a request and follows its redirects, each hop with the step's retries and deadline.
 * Returns the final response whatever its status; the body is left unread for the caller.
 * @example const { response } = await exchange(hop, options)
 */
export const exchange = async (first: Hop, options: ExchangeOptions): Promise<Exchanged> => {
  let hop = first;
  const visited = new Set([`${first.method} ${first.url.href}`]);
  for (let redirects = 0; ; redirects += 1) {
    const sent = await sendHop(hop, options);
    const exchanged = (await answerChallenge(hop, sent, options)) ?? sent;
    const { status, headers, data } = exchanged.response;
    const location = headerText(headers.location);
    if (!options.redirects.follow || !REDIRECT_STATUSES.has(status) || location === undefined) return exchanged;
    discard(data);
    if (redirects >= options.redirects.max) {
      throw new RequestFailedError(
        `stopped after ${options.redirects.max} redirects; raise Max Redirects (maxRedirects) to follow more, up to ${MAX_REDIRECTS_LIMIT}`,
        "ERR_TOO_MANY_REDIRECTS",
      );
    }
    const target = resolveLocation(location, hop.url, options.redirects, options.origin);
    options.log.redirect(status, hop.url, target);
    hop = nextHop(hop, status, target);
    const step = `${hop.method} ${hop.url.href}`;
    if (visited.has(step)) {
      // Origin and path only: a redirect's query string may carry a signature or token.
      const where = `${hop.method} ${hop.url.origin}${hop.url.pathname}`;
      throw new RequestFailedError(`redirect loop: ${where} was already requested`, "ERR_REDIRECT_LOOP");
    }
    visited.add(step);
  }
};
