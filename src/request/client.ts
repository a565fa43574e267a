import axios, { type AxiosInstance, type CreateAxiosDefaults } from "axios";
import axiosRetry from "axios-retry";

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

let plainClient: AxiosInstance | undefined;
let retryingClient: AxiosInstance | undefined;

/**
 * The shared client for a request: retry interceptors are installed only on the instance used
 * when retries are asked for, so a request without retries pays nothing for them.
 * @example clientFor(0).request({ url: "https://api.example.com" })
 */
export const clientFor = (retries: number): AxiosInstance => {
  if (retries === 0) {
    plainClient ??= axios.create(DEFAULTS);
    return plainClient;
  }
  if (!retryingClient) {
    retryingClient = axios.create(DEFAULTS);
    // Every setting comes with the request (its `axios-retry` config), so one instance serves all policies.
    axiosRetry(retryingClient, { retries: 0 });
  }
  return retryingClient;
};
