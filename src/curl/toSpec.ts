import { TUNING_DEFAULTS } from "../inputs/shared";
import { InvalidValue } from "../inputs/values";
import { FORM_URLENCODED_TYPE } from "../request/body";
import { HTTP_METHODS, type HttpMethod, type RequestSpec } from "../request/spec";
import { type CurlRequest, parseCurl } from "./parse";

/** The part of a request a cURL command decides; the action's other inputs supply the rest. */
export type CurlSpec = Pick<
  RequestSpec,
  | "method"
  | "url"
  | "queryParams"
  | "arrayFormat"
  | "headers"
  | "bodyType"
  | "data"
  | "formData"
  | "ignoreSslErrors"
  | "followRedirects"
  | "timeout"
  | "connectTimeout"
  | "proxyUrl"
>;

const toMethod = (method: string): HttpMethod => {
  const known = HTTP_METHODS.find((candidate) => candidate === method);
  // The method is not quoted: a word misplaced after -X may be anything, a token included.
  if (!known) throw new InvalidValue(`uses a method this action does not send; use one of ${HTTP_METHODS.join(", ")}`);
  return known;
};

/** `-u user:password` travels as URL credentials, which the request builder turns into Basic auth (and masks). */
const withBasicAuth = (url: URL, basicAuth: CurlRequest["basicAuth"]): URL => {
  if (!basicAuth) return url;
  const withUser = new URL(url.href);
  withUser.username = encodeURIComponent(basicAuth.username);
  withUser.password = encodeURIComponent(basicAuth.password);
  return withUser;
};

/**
 * Reads a pasted cURL command into the request it stands for. Data flags are sent byte for byte
 * (a Raw body) with the Content-Type curl would send; -F fields become a multipart form; -L,
 * -k, --max-time, --connect-timeout and -x keep their curl meaning.
 * @example specFromCurl("curl -X POST https://api.example.com/items -d 'a=1'").bodyType // "raw"
 */
export const specFromCurl = (command: unknown): CurlSpec => {
  const curl = parseCurl(command);
  const impliedType = curl.impliedFormUrlencoded ? [{ key: "Content-Type", value: FORM_URLENCODED_TYPE }] : [];
  return {
    method: toMethod(curl.method),
    url: withBasicAuth(curl.url, curl.basicAuth),
    queryParams: [],
    arrayFormat: "repeat",
    headers: [...curl.headers, ...impliedType],
    bodyType: curl.data === undefined ? "auto" : "raw",
    data: curl.data,
    formData: curl.formFields,
    ignoreSslErrors: curl.insecure,
    followRedirects: curl.followRedirects,
    timeout: curl.timeoutMs ?? TUNING_DEFAULTS.timeout,
    connectTimeout: curl.connectTimeoutMs ?? TUNING_DEFAULTS.connectTimeout,
    proxyUrl: curl.proxyUrl,
  };
};
