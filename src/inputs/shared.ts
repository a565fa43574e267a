import { input } from "@prismatic-io/spectral";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_REDIRECTS_LIMIT,
  MAX_REQUESTS_PER_SECOND,
  MAX_RETRIES_LIMIT,
  MAX_TIMER_MS,
} from "../limits";
import { charsetName } from "../request/decode/text";
import { toJmesPath } from "../request/jmespath";
import { pemTextOf, readTrustedCas, type TrustedCas } from "../tls/pem";
import { toHeaderList, toTextList } from "./keyValues";
import { withInputNames } from "./named";
import { toHttpUrl, toOptionalHttpUrl } from "./url";
import { isBlank, toBoolean, toChoice, toPositiveNumber, toText, toWholeNumber } from "./values";

/** A PEM bundle of CAs to trust beyond the system's roots, typed or a file; blank means none. */
const toOptionalTrustedCas = (value: unknown): TrustedCas | undefined =>
  isBlank(value) ? undefined : readTrustedCas(pemTextOf(value));

export const RESPONSE_TYPES = ["json", "text", "binary", "xml", "csv"] as const;
export const ARRAY_FORMATS = ["repeat", "brackets", "comma"] as const;
export type ArrayFormat = (typeof ARRAY_FORMATS)[number];
export type ResponseType = (typeof RESPONSE_TYPES)[number];

export const TUNING_DEFAULTS = {
  maxRetryWaitMS: 60_000,
  maxRedirects: 10,
  maxResponseBytes: DEFAULT_MAX_RESPONSE_BYTES,
  connectTimeout: DEFAULT_CONNECT_TIMEOUT_MS,
  timeout: DEFAULT_TIMEOUT_MS,
  pollIntervalMS: 1_000,
} as const;

/** A duration input: whole milliseconds a Node timer can hold (a larger one would fire at once). */
const toMilliseconds = (value: unknown, fallback: number, min = 0): number =>
  toWholeNumber(value, { fallback, min, max: MAX_TIMER_MS, unit: "milliseconds" }) as number;

/** Response Charset: blank leaves the charset to the response; a label no decoder knows is refused. */
const toOptionalCharset = (value: unknown): string | undefined =>
  isBlank(value) ? undefined : charsetName(toText(value));

/** Select: blank returns the whole body; an expression is compiled now, so a bad one fails before sending. */

/** Every action starts with the URL; it comes before the body inputs a verb adds. */
/** The URL input, with an example that fits the action. */
const urlInput = (example: string) =>
  input({
    label: "URL",
    placeholder: example,
    type: "string",
    required: true,
    comments: "This is the URL to call.",
    example,
    clean: toHttpUrl,
  });

export const urlInputs = withInputNames({ url: urlInput("https://api.example.com/v1/items") });

/** A GraphQL endpoint is one URL for every operation. */
export const graphqlUrlInputs = withInputNames({ url: urlInput("https://api.example.com/graphql") });

/**
 * The inputs every action shares after its body inputs, in the order a user fills them: the
 * request's shape, its credentials, what to return, then tuning. Each `clean` sits next to its
 * input, so a value is checked once, before anything is sent.
 */
export const sharedInputs = withInputNames({
  queryParams: input({
    label: "Query Parameter",
    placeholder: "Query Parameter",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments:
      "A list of query parameters to send with the request. This is the portion at the end of the URL similar to ?key1=value1&key2=value2.",
    example: "limit: 100",
    clean: toTextList,
  }),
  arrayFormat: input({
    label: "Array Format",
    placeholder: "Array Format",
    type: "string",
    required: false,
    default: "repeat",
    model: [
      { label: "Repeat the key: tag=a&tag=b", value: "repeat" },
      { label: "Brackets: tag[]=a&tag[]=b", value: "brackets" },
      { label: "Comma-separated: tag=a,b", value: "comma" },
    ],
    comments:
      "How a query parameter or form field whose value is a list (e.g. from a previous step) is written. Repeated keys in the lists above are always kept as they are.",
    example: "repeat",
    clean: (value: unknown): ArrayFormat => toChoice(value, ARRAY_FORMATS, "repeat"),
  }),
  headers: input({
    label: "Header",
    placeholder: "Header",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments: "A list of headers to send with the request.",
    example: "Accept: application/json",
    clean: toHeaderList,
  }),
  connection: input({
    label: "Connection",
    type: "connection",
    required: false,
    comments: "The connection that authenticates the request. Leave empty to send no credentials.",
  }),
  responseType: input({
    label: "Response Type",
    placeholder: "Response Type",
    type: "string",
    required: true,
    default: "json",
    model: RESPONSE_TYPES.map((value) => ({ label: value, value })),
    comments:
      "The type of data you expect in the response: json, text or binary, or xml (parsed to JSON: attributes as @_name, an element's text beside attributes as #text, repeated elements as lists, every value kept as text) or csv (a list of rows, keyed by the header row; the delimiter , ; tab or | is detected).",
    example: "json",
    clean: (value: unknown): ResponseType => toChoice(value, RESPONSE_TYPES, "json"),
  }),
  csvHeader: input({
    label: "CSV Header",
    type: "boolean",
    required: false,
    default: "true",
    comments:
      "With Response Type csv: when on, the first row names the columns and each further row is an object keyed by them (a row with a different number of fields fails the step, naming its line). When off, every row, the first included, is a list of its fields.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, true),
  }),
  responseCharset: input({
    label: "Response Charset",
    placeholder: "windows-1252",
    type: "string",
    required: false,
    comments:
      "Decodes the response text (json, text, xml, csv) in this charset whatever the response declares, for a server that labels it wrongly or not at all. Any WHATWG label: utf-8, windows-1252, iso-8859-15, shift_jis, gbk, euc-kr, utf-16le... Leave empty to use the charset the response declares (UTF-8 when it declares none). A byte order mark at the start of the body names its encoding and wins over both.",
    example: "windows-1252",
    clean: toOptionalCharset,
  }),
  select: input({
    label: "Select",
    placeholder: "items[?status == 'active'].{id: id, name: name}",
    type: "string",
    required: false,
    comments:
      "A JMESPath expression (jmespath.org) applied to the parsed body (Response Type json, xml or csv); its result is what the step returns (with Include Full Response, as data). Not applied to a failed or redirect response returned as data. Leave empty to return the whole body.",
    example: "items[].{id: id, name: name}",
    clean: toJmesPath,
  }),
  includeFullResponse: input({
    label: "Include Full Response",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "Enabling this flag will include the full response (data, status, statusText, headers and url) instead of only the returned data, with curlCommand: the cURL command that repeats the request, credentials as placeholders, which Run a cURL command sends again as it was (after dropping the --cert, --key and --cacert of a client certificate or CA Certificates: it reads no files).",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  failOnErrorStatus: input({
    label: "Fail On Error Status",
    type: "boolean",
    required: false,
    default: "true",
    comments:
      "When on, a 4xx or 5xx response fails the step. When off, the step succeeds and returns { data, status, statusText, headers, url } for every response, so a later step can branch on the status. Network errors and timeouts always fail.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, true),
  }),
  waitForCompletion: input({
    label: "Wait For Completion",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "For APIs that run long operations in the background: when the server answers 202 Accepted with a Location or Operation-Location header, poll that URL with GET (honouring Retry-After, else waiting Poll Interval) until it answers anything other than 202, and return that answer as the step's result. Credentials go only to the step's own origin. A 202 without either header is returned as it is. Timeout bounds the whole wait.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  pollIntervalMS: input({
    label: "Poll Interval (ms)",
    placeholder: "1000",
    type: "string",
    required: false,
    default: String(TUNING_DEFAULTS.pollIntervalMS),
    comments: "With Wait For Completion, how long to wait between polls when the server's 202 gives no Retry-After.",
    example: "5000",
    clean: (value: unknown) => toMilliseconds(value, TUNING_DEFAULTS.pollIntervalMS),
  }),
  timeout: input({
    label: "Timeout",
    placeholder: "Timeout in milliseconds",
    type: "string",
    required: false,
    comments:
      "The maximum time in milliseconds the whole step may take: every request it makes (token requests, retries, redirects, pages, polls), every wait between them (Max Requests Per Second, rate limits) and the response bodies. Leave empty for the default of 600000 (10 minutes); at most 2147483647.",
    example: "30000",
    clean: (value: unknown) => toMilliseconds(value, TUNING_DEFAULTS.timeout, 1),
  }),
  connectTimeout: input({
    label: "Connect Timeout (ms)",
    placeholder: "30000",
    type: "string",
    required: false,
    default: String(TUNING_DEFAULTS.connectTimeout),
    comments:
      "How long to wait for the connection to the server (or proxy) to open, the TLS handshake included for https, separate from Timeout, which bounds the whole request.",
    example: "5000",
    clean: (value: unknown) => toMilliseconds(value, TUNING_DEFAULTS.connectTimeout, 1),
  }),
  maxRetries: input({
    label: "Max Retry Count",
    placeholder: "Max Retries",
    type: "string",
    required: false,
    default: "0",
    comments: "The maximum number of retries to attempt. Specify 0 for no retries.",
    example: "3",
    clean: (value: unknown) => toWholeNumber(value, { fallback: 0, max: MAX_RETRIES_LIMIT }) as number,
  }),
  retryDelayMS: input({
    label: "Retry Delay (ms)",
    placeholder: "Retry Delay",
    type: "string",
    required: false,
    default: "0",
    comments:
      "The delay in milliseconds between retries. With 'Use Exponential Backoff' this is the first wait, doubled on each further retry.",
    example: "1000",
    clean: (value: unknown) => toMilliseconds(value, 0),
  }),
  useExponentialBackoff: input({
    label: "Use Exponential Backoff",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "Specifies whether to double the wait on each retry, starting from 'Retry Delay (ms)' (or 500 ms when that is 0), with a little random extra to spread retries out.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  retryAllErrors: input({
    label: "Retry On All Errors",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "If true, retries every 4xx response too (say, an API that answers 404 until a resource it is creating exists), besides 429, 5xx and network errors, which are always retried. A 3xx is never an error: it is followed, or returned.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  retryNonIdempotent: input({
    label: "Retry Non-Idempotent Requests",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "POST and PATCH are not replayed after the server may have received them (a 5xx, or a connection lost after sending), since that could create duplicates. Turn this on when the API tolerates replays, or send an Idempotency-Key header. A 429 or 503 with Retry-After is always retried.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  maxRetryWaitMS: input({
    label: "Max Retry Wait (ms)",
    placeholder: "60000",
    type: "string",
    required: false,
    default: String(TUNING_DEFAULTS.maxRetryWaitMS),
    comments:
      "The longest single wait before a retry, or for a rate-limit window to reset. A server asking for more with Retry-After (on 429 or 503, or a 202 being polled), or with RateLimit-Remaining or X-RateLimit-Remaining at 0 until a later reset, fails the step at once with a clear message instead of sleeping.",
    example: "30000",
    clean: (value: unknown) => toMilliseconds(value, TUNING_DEFAULTS.maxRetryWaitMS),
  }),
  maxRequestsPerSecond: input({
    label: "Max Requests Per Second",
    placeholder: "Unlimited",
    type: "string",
    required: false,
    comments: `Paces requests to each origin (scheme, host and port) to at most this many per second, evenly spaced (5 sends one every 200 ms; 0.5 one every 2 s), for every request the step makes: pages, retries, redirects, polls and token requests. Steps of the same process that call the same origin share the spacing. Leave empty for no limit; at most ${MAX_REQUESTS_PER_SECOND}. Waiting counts against Timeout.`,
    example: "5",
    clean: (value: unknown) => toPositiveNumber(value, MAX_REQUESTS_PER_SECOND),
  }),
  followRedirects: input({
    label: "Follow Redirects",
    type: "boolean",
    required: false,
    default: "true",
    comments: "Follow 3xx redirects. When off, a 3xx response is returned as it is.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, true),
  }),
  maxRedirects: input({
    label: "Max Redirects",
    placeholder: "10",
    type: "string",
    required: false,
    default: String(TUNING_DEFAULTS.maxRedirects),
    comments: "The most redirects one request may follow; a loop or a longer chain fails clearly.",
    example: "5",
    clean: (value: unknown) =>
      toWholeNumber(value, { fallback: TUNING_DEFAULTS.maxRedirects, max: MAX_REDIRECTS_LIMIT }) as number,
  }),
  allowInsecureRedirects: input({
    label: "Allow HTTPS to HTTP Redirects",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "A redirect from https to plain http is refused unless this is on: it would send the request unencrypted. The same holds for a next page of Fetch All Pages and an operation Wait For Completion polls.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  maxResponseBytes: input({
    label: "Max Response Size (bytes)",
    placeholder: "104857600",
    type: "string",
    required: false,
    default: String(TUNING_DEFAULTS.maxResponseBytes),
    comments:
      "The largest response body accepted, counted after decompression, so a small compressed body cannot expand without bound. Larger bodies fail the step with a clear error. Default 100 MB.",
    example: "268435456",
    clean: (value: unknown) =>
      toWholeNumber(value, { fallback: TUNING_DEFAULTS.maxResponseBytes, min: 1, unit: "bytes" }) as number,
  }),
  proxyUrl: input({
    label: "Proxy URL",
    placeholder: "http://user:password@proxy.internal:3128",
    type: "string",
    required: false,
    comments:
      "An HTTP proxy to send the request through; HTTPS requests are tunnelled with CONNECT. Leave empty to use the HTTP_PROXY, HTTPS_PROXY and NO_PROXY environment variables.",
    example: "http://proxy.internal:3128",
    clean: toOptionalHttpUrl,
  }),
  ignoreSslErrors: input({
    label: "Ignore SSL Errors (Not Recommended)",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "When this flag is enabled, SSL certificate errors will be ignored for this request only. Use this flag with caution - ignoring SSL errors presents security issues. This should only be used for testing purposes.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  caCertificates: input({
    label: "CA Certificates",
    placeholder: "-----BEGIN CERTIFICATE-----",
    type: "text",
    required: false,
    comments:
      "PEM certificates of a private certificate authority that signed the server's certificate, trusted for this request in addition to the system's roots. Verification stays on: use this instead of Ignore SSL Errors for servers behind a private CA.",
    example: "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIU...\n-----END CERTIFICATE-----",
    clean: toOptionalTrustedCas,
  }),
  blockPrivateNetworks: input({
    label: "Block Private Networks",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "Refuse requests, redirect hops included, to loopback, link-local (169.254.169.254), private, unique-local and other non-public addresses, however the address is written or resolved. The environment variable HTTP_CONNECTOR_BLOCK_PRIVATE_NETWORKS=true of the process that runs the component (set by whoever operates it) forces this on for every step.",
    example: "true",
    clean: (value: unknown) => toBoolean(value, false),
  }),
  debugRequest: input({
    label: "Debug Request",
    type: "boolean",
    required: false,
    default: "false",
    comments: "Enabling this flag will log out the current request and its response, with credentials masked.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
});

/**
 * The shared inputs without some: for actions where an input has no meaning (GraphQL always
 * reads JSON; a branching action turns every status into a branch).
 * @example const { responseType, ...rest } = sharedInputs // same as withoutInputs(sharedInputs, "responseType")
 */
export const withoutInputs = <T extends object, K extends keyof T>(inputs: T, ...keys: K[]): Omit<T, K> =>
  Object.fromEntries(Object.entries(inputs).filter(([key]) => !keys.includes(key as K))) as Omit<T, K>;
