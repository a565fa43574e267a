/**
 * Client (b): spectral's own raw-request path, what Prismatic components use today. The step's
 * raw values are cleaned the way spectral's action wrapper cleans them (`cleanParams` with the
 * `clean` of each of spectral's HTTP inputs), then sent with `sendRawRequest`, which builds a
 * new axios client for every call.
 */
import { sendRawRequest, inputs as spectralInputs } from "@prismatic-io/spectral/dist/clients/http";
import { cleanParams } from "@prismatic-io/spectral/dist/serverTypes/perform";

/** The raw values every spectral request starts from: its inputs' defaults as the designer sends them. */
const DEFAULTS: Record<string, unknown> = {
  headers: [],
  queryParams: [],
  timeout: "",
  maxRetries: "0",
  retryDelayMS: "0",
  useExponentialBackoff: "false",
  retryAllErrors: "false",
  debugRequest: "false",
  responseType: "json",
};

type Clean = (value: unknown) => unknown;

const CLEANERS: Record<string, Clean> = Object.fromEntries(
  Object.entries(spectralInputs as Record<string, { clean?: Clean }>)
    .filter(([, input]) => input.clean !== undefined)
    .map(([key, input]) => [key, input.clean as Clean]),
);

/**
 * Sends one request through spectral's raw-request path and returns the response body.
 * @example await spectralRequest("http://127.0.0.1:8080", { method: "GET", url: "/small" })
 */
export const spectralRequest = async (baseUrl: string, values: Record<string, unknown>): Promise<unknown> => {
  const cleaned = cleanParams({ ...DEFAULTS, ...values }, CLEANERS);
  const response = await sendRawRequest(baseUrl, cleaned as unknown as Parameters<typeof sendRawRequest>[1]);
  return response.data;
};
