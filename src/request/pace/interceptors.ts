import axios, { type AxiosResponse, type InternalAxiosRequestConfig } from "axios";
import { noteRateLimit, type Pace, takeTurn } from "./turns";

/** The config key that carries a request's pace to the clients' interceptors. */
const PACE_KEY = "httpConnectorPace";

/** A request's pace and the origin it goes to, which the hop knows already. */
interface PacedAttempt {
  pace: Pace;
  origin: string;
}

type PacedConfig = InternalAxiosRequestConfig & { [PACE_KEY]?: PacedAttempt };

const originOf = (config: InternalAxiosRequestConfig | undefined): string | undefined => {
  const paced = (config as PacedConfig | undefined)?.[PACE_KEY];
  if (paced) return paced.origin;
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
 * @example client.request({ ...config, ...paceEachAttempt(pace, url.origin) })
 */
export const paceEachAttempt = (pace: Pace, origin: string): Record<string, unknown> => ({
  [PACE_KEY]: { pace, origin },
});

/**
 * The attempt's turn at its origin (see turns.ts): a promise to wait on, or undefined when the
 * turn is now.
 * @example const waiting = turnOf(config); if (waiting) await waiting;
 */
export const turnOf = (config: InternalAxiosRequestConfig): Promise<void> | undefined => {
  const paced = (config as PacedConfig)[PACE_KEY];
  return paced ? takeTurn(paced.origin, paced.pace) : undefined;
};

/** Request interceptor: waits for the attempt's turn at its origin. */
export const pacingInterceptor = async (config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> => {
  await turnOf(config);
  return config;
};

/** Whether an answer carries any rate-limit header (Node gives the names in lower case). */
const mentionsRateLimit = (headers: Record<string, unknown>): boolean =>
  headers.ratelimit !== undefined ||
  headers["ratelimit-remaining"] !== undefined ||
  headers["x-ratelimit-remaining"] !== undefined;

/**
 * Notes an answer's rate-limit headers for its origin, if it carries any.
 * @example noteRateLimitOf(response)
 */
export const noteRateLimitOf = (response: AxiosResponse | undefined): void => {
  // Most answers carry none: they cost one look, not a parse of the URL and the headers.
  if (!response || !mentionsRateLimit(response.headers as Record<string, unknown>)) return;
  const origin = originOf(response.config);
  if (response && origin) noteRateLimit(origin, response.headers as Record<string, unknown>);
};

/**
 * Response interceptors: every answer's rate-limit headers, a failing status's included, are
 * noted for its origin before a retry can be sent.
 */
export const rateLimitObserver = {
  fulfilled: (response: AxiosResponse): AxiosResponse => {
    noteRateLimitOf(response);
    return response;
  },
  rejected: (error: unknown): Promise<never> => {
    if (axios.isAxiosError(error)) noteRateLimitOf(error.response);
    return Promise.reject(error);
  },
};
