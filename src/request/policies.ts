import type { Credentials } from "../connections/auth";
import type { Deadline } from "./deadline";
import type { RedirectPolicy } from "./exchange";
import { isGuardOn } from "./guard";
import { Redactor } from "./masking/redactor";
import { requestSecrets, urlSecrets } from "./masking/secrets";
import type { Pace } from "./pace/turns";
import { IDEMPOTENT_METHODS, type RetryPolicy } from "./retry";
import type { RequestSpec } from "./spec";
import { ProxyEnvironment, type TransportOptions } from "./transport";

/**
 * A redactor for everything a request carries (see masking/secrets.ts): the connection's
 * secrets, the URL's, every proxy's (the step's, and all the environment names, since a
 * redirect may reach a host that goes through another), credential headers, parameters and
 * fields the user typed, and secrets the caller names.
 * @example redactorFor(spec, url, [credentials]).text("token abc") // "token [REDACTED]" when abc is a secret
 */
export const redactorFor = (
  spec: RequestSpec,
  url: URL,
  credentials: Credentials[],
  environment = ProxyEnvironment.read(),
): Redactor =>
  // Gathered only when something is masked, since most requests log nothing and fail in nothing.
  new Redactor(() => [
    ...requestSecrets(spec, credentials, [...(spec.proxyUrl ? [spec.proxyUrl.href] : []), ...environment.allProxies()]),
    ...urlSecrets(url),
  ]);

/** An Idempotency-Key makes a POST safe to replay: the server recognizes the repeat. */
const hasIdempotencyKey = (spec: RequestSpec): boolean =>
  spec.headers.some(({ key }) => key.toLowerCase() === "idempotency-key");

/** @example retryPolicyOf({ ...spec, method: "POST" }).replayable // false unless allowed or keyed */
export const retryPolicyOf = (spec: RequestSpec): RetryPolicy => ({
  retries: spec.maxRetries,
  delayMs: spec.retryDelayMS,
  exponential: spec.useExponentialBackoff,
  retryAllErrors: spec.retryAllErrors,
  maxWaitMs: spec.maxRetryWaitMS,
  replayable: IDEMPOTENT_METHODS.has(spec.method) || spec.retryNonIdempotent || hasIdempotencyKey(spec),
  method: spec.method,
});

/** @example redirectPolicyOf(spec) // { follow: true, max: 10, allowInsecure: false, sameOriginOnly: false } */
export const redirectPolicyOf = (spec: RequestSpec): RedirectPolicy => ({
  follow: spec.followRedirects,
  max: spec.maxRedirects,
  allowInsecure: spec.allowInsecureRedirects,
  sameOriginOnly: spec.credentialExchange === true,
});

/** @example transportOf(spec).verifyTls // false when Ignore SSL Errors is on */
export const transportOf = (spec: RequestSpec): TransportOptions => ({
  verifyTls: !spec.ignoreSslErrors,
  proxyUrl: spec.proxyUrl,
  blockPrivateNetworks: isGuardOn(spec.blockPrivateNetworks),
  connectTimeoutMs: spec.connectTimeout,
  trustedCas: spec.caCertificates,
  environment: ProxyEnvironment.read(),
});

/** @example paceOf({ ...spec, maxRequestsPerSecond: 5 }, deadline).perSecond // 5 */
export const paceOf = (spec: RequestSpec, deadline: Deadline): Pace => ({
  perSecond: spec.maxRequestsPerSecond,
  maxWaitMs: spec.maxRetryWaitMS,
  remainingMs: () => deadline.remainingMs(),
});
