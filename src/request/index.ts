import type { ActionContext } from "@prismatic-io/spectral";
import type { Credentials } from "../connections/auth";
import { MAX_URL_CHARS } from "../limits";
import { credentialsOf } from "./authenticate";
import { type BodySource, bodySourceOf, type EncodedBody, encodeBody } from "./body";
import { AXIOS_ACCEPT } from "./client";
import { completed } from "./completion";
import { Deadline } from "./deadline";
import { InputError } from "./errors";
import { type Exchanged, exchange, type Hop } from "./exchange";
import { curlCommandOf, type LoggedRequest, RequestLog } from "./log";
import { type Redactor, shownUrl } from "./masking/redactor";
import { paceOf, redactorFor, redirectPolicyOf, retryPolicyOf, transportOf } from "./policies";
import { receive } from "./receive";
import { asStepError, type Performed, readResponse, statusError } from "./report";
import { type ActionResult, checkResultOptions, type ReceivedResponse, shapeResult } from "./result";
import type { RequestSpec } from "./spec";
import { hasHeader, requestHeaders, splitUserInfo, withCredentialQuery, withQuery } from "./target";
import { proxyFor, type TransportOptions } from "./transport";

export { type Performed, readResponse } from "./report";
export type { RequestSpec } from "./spec";

type Context = Pick<ActionContext, "logger">;

const UNAUTHORIZED = 401;

/** What a request is before credentials: worked out once, whatever happens after. */
interface Prepared {
  spec: RequestSpec;
  url: URL;
  urlCredentials?: Credentials;
  source: BodySource;
  body: EncodedBody;
  transport: TransportOptions;
  /** "METHOD URL" (and the proxy), masked by the redactor given: how every error begins. */
  describe: (redactor: Redactor) => string;
}

const userHeader = (spec: RequestSpec, name: string): string[] =>
  spec.headers.filter(({ key }) => key.toLowerCase() === name).map(({ value }) => value);

const headerError = (reason: string) => new InputError("Header", "headers", reason);

/**
 * A forward proxy reads where to go from the request, and some trust its Host header: a Host
 * the user set could send a proxied request to a host the URL (and the private-network guard)
 * never saw. Through a proxy, Host must name the URL's own host.
 */
const checkHostHeader = (spec: RequestSpec, url: URL, transport: TransportOptions): void => {
  const hosts = userHeader(spec, "host");
  if (hosts.length > 1) throw headerError("sets Host more than once; a request has one Host");
  if (hosts.length === 0 || url.protocol !== "http:" || proxyFor(url, transport) === undefined) return;
  if (hosts[0].trim().toLowerCase() === url.host) return;
  throw headerError(
    "sets a Host other than the URL's host, and the request goes through an HTTP proxy, which could send it to that host; put the host in the URL instead",
  );
};

/** The URL input alone is within the limit (see readHttpUrl); what it grew by came from Query Parameter. */
const checkUrlLength = (url: URL): void => {
  if (url.href.length <= MAX_URL_CHARS) return;
  throw new InputError(
    "Query Parameter",
    "queryParams",
    `makes the URL ${url.href.length} characters long, more than the ${MAX_URL_CHARS} a URL may have`,
  );
};

const prepare = (spec: RequestSpec): Prepared => {
  checkResultOptions(spec);
  const { url: bareUrl, credentials: urlCredentials } = splitUserInfo(spec.url);
  const url = withQuery(bareUrl, spec.queryParams, spec.arrayFormat);
  checkUrlLength(url);
  const transport = transportOf(spec);
  checkHostHeader(spec, url, transport);
  const source = bodySourceOf(spec, userHeader(spec, "content-type")[0]);
  const describe = (redactor: Redactor) => {
    const proxy = proxyFor(url, transport);
    return `${spec.method} ${shownUrl(redactor, url)}${proxy ? ` (through proxy ${shownUrl(redactor, proxy)})` : ""}`;
  };
  return { spec, url, urlCredentials, source, body: encodeBody(source), transport, describe };
};

/** The Accept axios adds to a request that names none (not to a bare one): part of what was sent. */
const libraryHeaders = (spec: RequestSpec, headers: Record<string, unknown>): Record<string, string> =>
  spec.bareHeaders || hasHeader(headers, "accept") ? {} : { Accept: AXIOS_ACCEPT };

/**
 * A request sent and read. What reports on it is worked out only when asked for; a class, since
 * V8 builds an object literal with getters far more slowly than it runs a whole small request's
 * other bookkeeping.
 */
class PerformedRequest implements Performed {
  constructor(
    readonly received: ReceivedResponse,
    readonly exchanged: Exchanged,
    readonly redactor: Redactor,
    readonly credentials: Credentials,
    readonly secretAnswer: boolean,
    private readonly reports: { prefix: () => string; curlCommand: () => string },
  ) {}

  get prefix(): string {
    return this.reports.prefix();
  }

  get curlCommand(): string {
    return this.reports.curlCommand();
  }
}

/** One authenticated exchange: credentials, headers, send with retries and redirects, read. */
const sendAuthenticated = async (
  context: Context,
  prepared: Prepared,
  deadline: Deadline,
  onRedactor: (redactor: Redactor) => void,
): Promise<Performed & { credentials: Credentials }> => {
  const { spec, url, urlCredentials, source, body, transport, describe } = prepared;
  const credentials = await credentialsOf(context, spec, urlCredentials, sendRequest, deadline);
  const redactor = redactorFor(
    spec,
    url,
    urlCredentials ? [credentials, urlCredentials] : [credentials],
    transport.environment,
  );
  onRedactor(redactor);
  const log = new RequestLog(context.logger, redactor, spec.debugRequest, spec.credentialExchange === true);
  log.identity(credentials.identity);
  log.notes(spec.notes);
  const headers = requestHeaders(spec.headers, body, Object.keys(credentials.headers), spec.bareHeaders);
  const hop: Hop = { method: spec.method, url, headers, body };
  // Built only when it is logged or returned: most requests need neither.
  const described = (): LoggedRequest => ({
    method: hop.method,
    url: withCredentialQuery(url, credentials.query),
    headers: { ...libraryHeaders(spec, headers), ...headers, ...credentials.headers },
    source,
    body,
    insecure: spec.ignoreSslErrors,
    proxyUrl: spec.proxyUrl,
    clientCertificate: credentials.identity && (credentials.identity.material.pfx ? "pkcs12" : "pem"),
    caCertificates: spec.caCertificates !== undefined || credentials.identity?.cas !== undefined,
    schemeFlags: credentials.curlFlags,
  });
  if (log.debugging) log.request(described());
  const exchanged = await exchange(hop, {
    transport,
    deadline,
    retry: retryPolicyOf(spec),
    redirects: redirectPolicyOf(spec),
    credentials,
    origin: url.origin,
    bareHeaders: spec.bareHeaders === true,
    methodSpelling: spec.methodSpelling,
    log,
    learnSecrets: (secrets) => redactor.learn(secrets),
    pace: paceOf(spec, deadline),
  });
  const received = await receive(exchanged, deadline, spec.maxResponseBytes);
  log.response(received);
  return new PerformedRequest(received, exchanged, redactor, credentials, spec.credentialExchange === true, {
    prefix: () => describe(redactor),
    curlCommand: () => curlCommandOf(described(), redactor),
  });
};

/**
 * Drops a fetched token the API refused (it may have been revoked), so the next try fetches a
 * new one; true when it did.
 */
const dropRefusedToken = ({ received, credentials }: Performed & { credentials: Credentials }): boolean => {
  const expired = received.status === UNAUTHORIZED || credentials.expiredStatuses?.has(received.status) === true;
  if (!expired || !credentials.forgetToken) return false;
  credentials.forgetToken();
  return true;
};

/** One request of the step (its token requests and retries included) under the step's deadline. */
const performWithin = async (context: Context, spec: RequestSpec, deadline: Deadline): Promise<Performed> => {
  const prepared = prepare(spec);
  // The redactor of the latest credentials; before there are any, only what the URL carries is known.
  let redactor: Redactor | undefined;
  const track = (latest: Redactor) => {
    redactor = latest;
  };
  try {
    let performed = await sendAuthenticated(context, prepared, deadline, track);
    if (dropRefusedToken(performed)) {
      performed = await sendAuthenticated(context, prepared, deadline, track);
      dropRefusedToken(performed);
    }
    if (performed.received.status >= 400 && spec.failOnErrorStatus) throw statusError(performed);
    return performed;
  } catch (error) {
    const masking =
      redactor ??
      redactorFor(
        spec,
        prepared.url,
        prepared.urlCredentials ? [prepared.urlCredentials] : [],
        prepared.transport.environment,
      );
    throw asStepError(error, prepared.describe(masking), masking, deadline);
  }
};

/**
 * The request builder every action delegates to. It reads top to bottom as the steps of a
 * request: target and body, then (under one deadline) credentials, headers, send with retries
 * and redirects, read the response whole and, with Wait For Completion, poll a 202 to its
 * outcome. A failing status throws unless the step returns it as data. A step that makes
 * several requests (pages, a token request) passes its own `stepDeadline`, so Timeout bounds
 * the whole step.
 * @example const { received } = await performRequest(context, { method: "GET", url: new URL("https://api.example.com/items"), ...inputs })
 */
export const performRequest = async (
  context: Context,
  spec: RequestSpec,
  stepDeadline?: Deadline,
): Promise<Performed> => {
  const deadline = stepDeadline ?? new Deadline(spec.timeout);
  try {
    const once = (request: RequestSpec) => performWithin(context, request, deadline);
    const first = await once(spec);
    return spec.waitForCompletion ? await completed(context, spec, first, deadline, once) : first;
  } finally {
    if (!stepDeadline) deadline.dispose();
  }
};

/**
 * Sends the request and shapes what the action returns.
 * @example await sendRequest(context, { method: "GET", url: new URL("https://api.example.com/items"), ...inputs }) // { data: [...] }
 */
export const sendRequest = async (
  context: Context,
  spec: RequestSpec,
  stepDeadline?: Deadline,
): Promise<ActionResult> => {
  const performed = await performRequest(context, spec, stepDeadline);
  return readResponse(performed, (received) =>
    shapeResult(received, spec, performed.redactor, () => performed.curlCommand),
  );
};
