/**
 * Where this component behaves differently from Prismatic's own HTTP component, which most
 * builders come from: rendered on the reference page and into the README by `npm run docs`.
 * "Platform" lines quote that component's reference page (PLATFORM_DOCS); where the page says
 * nothing about a behaviour, an entry describes only this component and claims nothing about
 * the platform's. Inputs are named as `{{key}}` (see prose.ts); figures come from the code.
 */

import { TUNING_DEFAULTS } from "../../src/inputs/shared";
import {
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_TIMEOUT_MS,
  MAX_TIMER_MS,
} from "../../src/limits";
import { RETRY_DEFAULTS } from "../../src/request/retry";
import { resolveLabels } from "./prose";

/** The platform component's reference page, the source of every "Platform" line. */
export const PLATFORM_DOCS = "https://prismatic.io/docs/components/http";

export interface PlatformDifference {
  title: string;
  /** What the platform's reference page says, quoted; absent when it says nothing. */
  platform?: string;
  here: string;
  why: string;
  /** How to get the platform's behaviour, or as near as this component allows. */
  old: string;
}

const seconds = (ms: number) => `${ms / 1000} s`;
const BASE_MS = RETRY_DEFAULTS.exponentialBaseMs;
const MIB = 1024 * 1024;

export const PLATFORM_DIFFERENCES: readonly PlatformDifference[] = [
  {
    title: "Exponential backoff starts from Retry Delay",
    platform: `{{useExponentialBackoff}}: "If this is set to true, 'Retry Delay (ms)' is ignored."`,
    here: `The first wait is {{retryDelayMS}} (${BASE_MS} ms when it is 0), doubled on each further retry, with up to ${RETRY_DEFAULTS.jitterRatio * 100} % added at random so that many steps do not retry in step. A Retry-After header can only lengthen a wait.`,
    why: "The right first wait depends on the API (its documentation or its rate limit says it); a schedule that cannot be set cannot be fitted to it.",
    old: `Leave {{retryDelayMS}} at 0 to let the component choose the first wait (${BASE_MS} ms). The platform's schedule is not documented, so it cannot be reproduced exactly.`,
  },
  {
    title: "429 is retried without Retry On All Errors",
    platform: `{{retryAllErrors}}: "helpful when retrying after HTTP 429 or other 3xx or 4xx errors. Otherwise, only retries on HTTP 5xx and network errors."`,
    here: "With {{maxRetries}} above 0, a 429 Too Many Requests is retried like a 5xx or a network error, after the wait its Retry-After asks for (up to {{maxRetryWaitMS}}). {{retryAllErrors}} adds every other 4xx.",
    why: 'A 429 says "try again later": it is the failure a retry most often cures, and a rate-limited step should not fail on the first refusal.',
    old: "There is no setting that retries a 5xx but not a 429. {{maxRetries}} 0 retries nothing; HTTP Request (Success/Error Branches) then sends the 429 down its Error branch for a later step to handle.",
  },
  {
    title: "Timeout bounds the whole step",
    platform: `{{timeout}}: "The maximum time that a client will await a response to its request".`,
    here: "{{timeout}} bounds everything the step does: every request (token requests, retries, redirects, each page of Fetch All Pages), the waits between them and reading the bodies. Opening a connection is bounded separately by {{connectTimeout}}.",
    why: "A limit per response multiplies with retries and their waits; a limit on the step is one number a flow can be planned around.",
    old: "Set {{timeout}} to what one request may take times ({{maxRetries}} + 1), plus the waits between retries.",
  },
  {
    title: "An empty Timeout is 10 minutes",
    platform: "Its page gives {{timeout}} no default.",
    here: `An empty {{timeout}} is ${DEFAULT_TIMEOUT_MS} ms (${DEFAULT_TIMEOUT_MS / 60_000} minutes); 0 is refused.`,
    why: "A server that accepts the connection and never answers, or a body that never ends, would otherwise hold the step until the platform ends the execution.",
    old: `For the longest wait there is, set {{timeout}} to ${MAX_TIMER_MS} (about 24.8 days, the longest a Node.js timer holds).`,
  },
  {
    title: "POST and PATCH are not replayed once the server may have acted on them",
    platform:
      'Its retry inputs read the same on every action, POST and PATCH included: without {{retryAllErrors}} it "only retries on HTTP 5xx and network errors"; with it, "on all erroneous responses regardless of type".',
    here: "A POST or PATCH (a Form Data POST too) that got a status it would retry (a 5xx; any 4xx with {{retryAllErrors}}), or lost its connection after sending, is not sent again. It is retried when nothing was sent (connection refused, DNS failure, connect timeout), and after a 429 or 503 with Retry-After, where the server says it did not act. GET, PUT, DELETE, HEAD and OPTIONS are retried as before.",
    why: "Replaying a request the server already carried out creates a second order, payment or ticket.",
    old: "Turn on {{retryNonIdempotent}}, or better, when the API supports it, send an `Idempotency-Key` row in {{headers}}: the request is then replayed and the server recognizes the repeat.",
  },
  {
    title: "Settings the platform's component does not have, with defaults that act",
    platform: "The version of its page quoted here lists none of these inputs.",
    here: `{{connectTimeout}} ${seconds(DEFAULT_CONNECT_TIMEOUT_MS)}; {{maxResponseBytes}} ${DEFAULT_MAX_RESPONSE_BYTES / MIB} MB, counted after decompression; {{maxRetryWaitMS}} ${seconds(TUNING_DEFAULTS.maxRetryWaitMS)} (a Retry-After asking for longer fails the step at once); {{followRedirects}} on, at most {{maxRedirects}} ${TUNING_DEFAULTS.maxRedirects}; {{failOnErrorStatus}} on (a 4xx or 5xx fails the step).`,
    why: "Each bound stops a step that would otherwise hang, fill the runtime's memory or sleep for hours, with a message that names the input.",
    old: `Raise the input, e.g. {{maxResponseBytes}} ${1024 * MIB} for a 1 GB download or {{maxRetryWaitMS}} 600000 to wait out a 10-minute Retry-After; turn {{failOnErrorStatus}} off to get 4xx and 5xx responses as data.`,
  },
  {
    title: "Credentials stay with the URL's origin",
    here: "When a redirect (or a next page of Fetch All Pages) leads to another scheme, host or port, the connection's credentials (in a header or the query), every credential-named header you set (Authorization, Cookie, `X-Vault-Token`, `Ocp-Apim-Subscription-Key`, ...) and a Host header you set are not sent there. A redirect from https to http is refused.",
    why: "A redirect is chosen by the server, or by whoever controls it; following it with the credentials hands them to a host the step never named.",
    old: "When an API redirects to another host that needs the same credentials, turn {{followRedirects}} off: the 3xx then comes back as the full response, its `location` header included, for a second step to call with the connection. {{allowInsecureRedirects}} allows https to http.",
  },
  {
    title: "Integers beyond 2^53, and numbers a double would change, come back as strings",
    here: 'In a JSON response, an integer beyond ±(2^53 − 1), such as a 64-bit id, is returned as a string of its exact digits (`"12345678901234567890"`), and so is any number a JavaScript number would change (`1e400`, `1e-400`, `0.10000000000000000555`, `9007199254740993e0`): the string of its exact text. Every other number is unchanged.',
    why: "A JavaScript number cannot hold them: `JSON.parse` reads 12345678901234567890 as 12345678901234567000, another id, `1e400` as Infinity (written back as null) and `1e-400` as 0, without a word.",
    old: "Convert it with `Number()` in a later step, accepting the rounding, or choose {{responseType}} `text` and parse the body there.",
  },
  {
    title: "A body cut short fails",
    here: "A body shorter than its Content-Length, a chunked body without its last chunk, or a gzip, deflate or brotli body whose stream does not end properly fails the step, saying so.",
    why: "Half a body returned as if it were whole is corrupt data that later steps would trust.",
    old: "No setting returns half a body. When a server's compression is at fault, an `Accept-Encoding: identity` row in {{headers}} asks it for an uncompressed body.",
  },
  {
    title: "A list in Form Data is sent as one part per item",
    here: "A {{formData}} value that is a list (from a previous step) is sent as {{arrayFormat}} says: one part per item by default, `name[]` parts with `brackets`, one comma-joined part with `comma`. An object is sent as its JSON text. Earlier versions of this component sent a list as its JSON text.",
    why: "A form field that repeats is how HTML forms and most multipart APIs take several values.",
    old: "To send the list as one part of JSON text, turn it into text in an earlier step (e.g. `JSON.stringify` in a code step).",
  },
  {
    title: "Values are checked, not coerced",
    here: "Inputs are checked before anything is sent; a value the step would have to guess at fails naming the input: a {{timeout}} of `soon` or `30s`, a number that is not whole, a choice that is not one of the input's (an Authentication Scheme other than Basic, Bearer, Token or None), an object where text belongs, a header value outside Latin-1, a line break inside a URL.",
    why: "A guessed value sends a request nobody asked for (an `[object Object]` header, a URL with a character silently cut out), and the failure shows up far from its cause.",
    old: "Write durations and sizes as whole milliseconds or bytes. For an API key scheme not offered, choose None and write the scheme before the key (`MyScheme abc123`).",
  },
  {
    title: "Private networks and on-prem resources",
    platform:
      'Its API Key connection is "On-prem enabled: this connection can be configured to connect to an on-prem resource on a private network".',
    here: "No connection of this component is on-prem enabled. {{blockPrivateNetworks}} (off by default) refuses loopback, link-local, private and unique-local addresses, redirect hops included; the operator's `HTTP_CONNECTOR_BLOCK_PRIVATE_NETWORKS=true` turns it on for every step, whatever the input says.",
    why: "A URL built from data (a webhook address, a next-page link) can point at internal services or the cloud metadata address 169.254.169.254; a step should reach them only when asked to.",
    old: "For an on-prem resource, use the platform's HTTP component with an on-prem connection. Private addresses the runtime can route to are reached with {{blockPrivateNetworks}} off, unless the operator has forced it on.",
  },
  {
    title: "An OAuth 2.0 token is sent with its own type",
    platform: `With an OAuth 2.0 connection, "an Authorization: Bearer \${KEY} header is used".`,
    here: "The token is sent with the `token_type` its token endpoint returned when that is a single word other than bearer; as `Bearer` otherwise.",
    why: "The client is to use a token as its type says (RFC 6749, section 7.1); an API that issues another type expects it back.",
    old: "Nothing to do for bearer tokens, which nearly every API issues; there is no setting that sends another type as Bearer.",
  },
];

/** One difference as a list item with its parts as sub-items. */
const renderDifference = (difference: PlatformDifference): string[] => [
  `- **${difference.title}**`,
  ...(difference.platform ? [`  - *The platform's component:* ${difference.platform}`] : []),
  `  - *This component:* ${difference.here}`,
  `  - *Why:* ${difference.why}`,
  `  - *To get the platform's behaviour:* ${difference.old}`,
];

/**
 * The comparison as Markdown, without a heading (the page and the README give it theirs).
 * @example renderPlatformDifferences(labelsOf(Object.values(component.actions))) // "Most builders know ...\n\n- **Exponential backoff ..."
 */
export const renderPlatformDifferences = (
  labels: ReadonlyMap<string, string>,
  differences: readonly PlatformDifference[] = PLATFORM_DIFFERENCES,
): string => {
  const intro = `Most builders know Prismatic's own HTTP component. Its actions (GET, POST, PUT, PATCH, DELETE and POST/PUT Form Data Request) and connections (API Key, Basic Username/Password, OAuth 2.0 Authorization Code and Client Credentials) are all here, with the inputs and defaults its page lists; these are the places where the same settings behave differently. Quotes are from that component's reference page, <${PLATFORM_DOCS}>, in the version this comparison was written against (a later version of that component may differ); where it says nothing about a behaviour, only this component's is described.`;
  const list = differences.flatMap(renderDifference).join("\n");
  return resolveLabels(`${intro}\n\n${list}`, labels, "The platform comparison (scripts/docs/platform.ts)");
};
