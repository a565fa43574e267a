import axios, {
  AxiosHeaders,
  type AxiosInstance,
  type AxiosRequestConfig,
  type AxiosResponse,
  CanceledError,
  type CreateAxiosDefaults,
  type InternalAxiosRequestConfig,
  type RawAxiosHeaders,
} from "axios";
import axiosRetry from "axios-retry";
import { signingInterceptor } from "./attempt";
import { overlay } from "./overlay";
import { noteRateLimitOf, pacingInterceptor, rateLimitObserver, turnOf } from "./pace/interceptors";

/** 3xx responses are not failures: the redirect step follows them or hands them back. */
const isNotFailure = (status: number): boolean => status >= 200 && status < 400;

const identity = <T>(value: T): T => value;

/**
 * Axios does the wire work only: the request builder decides redirects, decompression,
 * proxies, body encoding and response decoding, so each is done once and in one place.
 */
const DEFAULTS: CreateAxiosDefaults = {
  responseType: "stream",
  decompress: false,
  maxRedirects: 0,
  proxy: false,
  // -1, not Infinity: with any limit set axios re-wraps a streamed response in an async generator
  // (a copy of every chunk through async iteration); the body reader enforces Max Response Size.
  maxBodyLength: -1,
  maxContentLength: -1,
  validateStatus: isNotFailure,
  transformRequest: [identity],
  transformResponse: [identity],
};

/**
 * What axios sends as Accept unless told otherwise (JSON, text, then anything), read from axios
 * itself: the debug cURL command shows it, so a copy sends it too.
 */
export const AXIOS_ACCEPT = String(axios.defaults.headers.common.Accept);

/** Axios's common defaults: Accept, and an empty Content-Type that still holds the first place. */
const withoutDefaultHeaders = (client: AxiosInstance): void => {
  delete client.defaults.headers.common.Accept;
  delete client.defaults.headers.common["Content-Type"];
};

/** What sends a request: an axios instance, or axios's http adapter called directly (see `directSender`). */
export interface Sender {
  request<T>(config: AxiosRequestConfig): Promise<AxiosResponse<T>>;
}

const httpAdapter = axios.getAdapter("http");
const BODY_METHODS: ReadonlySet<string> = new Set(["post", "put", "patch"]);
const AXIOS_BODY_TYPE = "application/x-www-form-urlencoded";

/** The headers an instance puts before a request's own: what `withoutDefaultHeaders` leaves. */
const defaultHeadersOf = (bare: boolean): Record<string, string | undefined> =>
  bare ? {} : { Accept: AXIOS_ACCEPT, "Content-Type": undefined };

/**
 * A request that neither retries nor signs needs none of axios's interceptors, and `request()`
 * would still merge the instance's defaults into its config, copy and re-validate it, and run
 * an interceptor chain: about a quarter of what a small GET costs. So it goes straight to
 * axios's http adapter, which does the wire work either way, with what `request()` would have
 * handed it: the defaults, the headers merged behind the instance's own (same names, same
 * order), the method in lower case. The interceptors' two jobs are done here, in their order:
 * wait for the attempt's turn, then note the answer's rate-limit headers. As in axios, an
 * answer that arrives once the step's signal has fired is a cancellation.
 */
const directSender = (bare: boolean): Sender => {
  const defaultHeaders = defaultHeadersOf(bare);
  const cancelledBy = (config: InternalAxiosRequestConfig) =>
    config.signal?.aborted ? new CanceledError(undefined, undefined, config) : undefined;
  return {
    request: async <T>(requested: AxiosRequestConfig) => {
      const method = (requested.method ?? "get").toLowerCase();
      const headers = AxiosHeaders.from(defaultHeaders as RawAxiosHeaders).set(requested.headers as AxiosHeaders);
      // As request() does: a body method without a Content-Type gets axios's form type (exchange.ts says `false` to refuse it).
      if (BODY_METHODS.has(method)) headers.setContentType(AXIOS_BODY_TYPE, false);
      // Not a spread (see overlay.ts): axios reads this config many times per request.
      const config = overlay(DEFAULTS, requested, { method, headers }) as InternalAxiosRequestConfig;
      const waiting = turnOf(config);
      if (waiting) await waiting;
      let response: AxiosResponse<T>;
      try {
        response = (await httpAdapter(config)) as AxiosResponse<T>;
      } catch (error) {
        if (axios.isAxiosError(error)) noteRateLimitOf(error.response);
        throw cancelledBy(config) ?? error;
      }
      const cancelled = cancelledBy(config);
      if (cancelled) throw cancelled;
      noteRateLimitOf(response);
      return response;
    },
  };
};

/** One sender per need, made on first use: a request pays only for the interceptors it uses. */
const senders = new Map<string, Sender>();

const createClient = (retrying: boolean, signing: boolean, bare: boolean): AxiosInstance => {
  const client = axios.create(DEFAULTS);
  // Axios puts its default Accept and Content-Type first among the headers, whatever the
  // request's own order; a request that says every header itself (a cURL
  // command) gets an instance without them.
  if (bare) withoutDefaultHeaders(client);
  // Response interceptors run in the order installed: rate-limit headers are noted before axios-retry sends a retry.
  client.interceptors.response.use(rateLimitObserver.fulfilled, rateLimitObserver.rejected);
  // Signing is installed first so it runs on every attempt axios-retry sends through the instance again.
  if (signing) client.interceptors.request.use(signingInterceptor);
  // Every setting comes with the request (its `axios-retry` config), so one instance serves all policies.
  if (retrying) axiosRetry(client, { retries: 0 });
  // Request interceptors run last-installed first: every attempt waits for its turn, then is signed with a fresh date.
  client.interceptors.request.use(pacingInterceptor);
  return client;
};

/**
 * The shared sender for a request: an instance with the retry interceptors when retries are
 * asked for, with the signing interceptor for a connection that signs each attempt, and axios's
 * http adapter alone for everything else, so a plain request pays for neither. `bare` (a cURL
 * command) has no default Accept. Every sender paces its attempts (see pace/), since
 * rate-limit headers are honoured whatever the step asks.
 * @example clientFor(0, false, false).request({ url: "https://api.example.com" })
 */
export const clientFor = (retries: number, signing: boolean, bare: boolean): Sender => {
  const key = `${retries > 0 ? "retrying" : "plain"} ${signing ? "signing" : "unsigned"} ${bare ? "bare" : "defaults"}`;
  let sender = senders.get(key);
  if (!sender) {
    sender = retries > 0 || signing ? createClient(retries > 0, signing, bare) : directSender(bare);
    senders.set(key, sender);
  }
  return sender;
};
