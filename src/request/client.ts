import axios, { type AxiosInstance, type CreateAxiosDefaults } from "axios";
import axiosRetry from "axios-retry";
import { signingInterceptor } from "./attempt";
import { pacingInterceptor, rateLimitObserver } from "./pace/interceptors";

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

/** One instance per need, made on first use: a request pays only for the interceptors it uses. */
const clients = new Map<string, AxiosInstance>();

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
 * The shared client for a request: retry interceptors are installed only on the instance used
 * when retries are asked for, and the signing interceptor only on the one used by a connection
 * that signs each attempt, so a plain request pays nothing for either. `bare` (a cURL command)
 * has no default Accept. Every instance paces its attempts (see pace/), since rate-limit
 * headers are honoured whatever the step asks.
 * @example clientFor(0, false, false).request({ url: "https://api.example.com" })
 */
export const clientFor = (retries: number, signing: boolean, bare: boolean): AxiosInstance => {
  const key = `${retries > 0 ? "retrying" : "plain"} ${signing ? "signing" : "unsigned"} ${bare ? "bare" : "defaults"}`;
  let client = clients.get(key);
  if (!client) {
    client = createClient(retries > 0, signing, bare);
    clients.set(key, client);
  }
  return client;
};
