import { TUNING_DEFAULTS } from "../inputs/shared";
import { InvalidValue } from "../inputs/values";
import { FORM_URLENCODED_TYPE } from "../request/body";
import { HTTP_METHODS, type HttpMethod, type RequestSpec } from "../request/spec";
import { type CurlRequest, parseCurl } from "./parse";

/**
 * The request spec of an httpCurl step: the command's, with the connection it stands for when
 * the Connection input is empty (an explicit connection wins).
 * @example withCommandConnection({ connection: undefined }, specFromCurl("curl --oauth2-bearer t https://x.test")).connection?.key // "bearerToken"
 */
export const withCommandConnection = <T extends { connection?: unknown }>(
  inputs: T,
  { commandConnection, ...spec }: CurlSpec,
) => ({ ...inputs, ...spec, connection: inputs.connection || commandConnection });

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
  | "bareHeaders"
  | "secrets"
  | "notes"
  | "methodSpelling"
> & {
  /** --max-redirs; absent, the Max Redirects input applies. */
  maxRedirects?: number;
  /** The connection --oauth2-bearer, --digest or --aws-sigv4 stand for; the Connection input wins over it. */
  commandConnection?: { key: string; configVarKey: string; fields: Record<string, string> };
};

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
  const { connection } = curl;
  return {
    ...(curl.maxRedirects === undefined ? {} : { maxRedirects: curl.maxRedirects }),
    ...(connection
      ? { commandConnection: { key: connection.key, configVarKey: "curlCommand", fields: connection.fields } }
      : {}),
    // Masked by value wherever the step reports, whichever connection is used in the end.
    secrets: connection?.secrets ?? [],
    bareHeaders: true,
    methodSpelling: curl.methodSpelling,
    notes: curl.notes,
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
