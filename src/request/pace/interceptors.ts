import axios, { type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { noteRateLimit, type Pace, takeTurn } from "./turns";

/** The config key that carries a request's pace to the clients' interceptors. */
const PACE_KEY = "httpConnectorPace";

type PacedConfig = InternalAxiosRequestConfig & { [PACE_KEY]?: Pace };

const originOf = (config: InternalAxiosRequestConfig | undefined): string | undefined => {
  if (!config?.url) return undefined;
  try {
    return new URL(config.url).origin;
  } catch {
    // Axios refuses such a URL itself, with its own error; nothing to pace.
    return undefined;
  }
};

/**
 * The config part that has every attempt of a request (retries go through the interceptors
 * again) wait for its turn at its origin.
 * @example client.request({ ...config, ...paceEachAttempt(pace) })
 */
export const paceEachAttempt = (pace: Pace): Record<string, unknown> => ({ [PACE_KEY]: pace });

/** Request interceptor: waits for the attempt's turn at its origin (see turns.ts). */
export const pacingInterceptor = async (config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> => {
  const pace = (config as PacedConfig)[PACE_KEY];
  const origin = originOf(config);
  if (pace && origin) await takeTurn(origin, pace);
  return config;
};

const note = (response: AxiosResponse | undefined): void => {
  const origin = originOf(response?.config);
  if (response && origin) noteRateLimit(origin, response.headers as Record<string, unknown>);
};

/**
 * Response interceptors: every answer's rate-limit headers, a failing status's included, are
 * noted for its origin before a retry can be sent.
 */
export const rateLimitObserver = {
  fulfilled: (response: AxiosResponse): AxiosResponse => {
    note(response);
    return response;
  },
  rejected: (error: unknown): Promise<never> => {
    if (axios.isAxiosError(error)) note(error.response);
    return Promise.reject(error);
  },
};
