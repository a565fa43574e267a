import type { Credentials } from "../connections/auth";
import type { RedirectPolicy } from "./exchange";
import { isGuardOn } from "./guard";
import { Redactor } from "./redact";
import { IDEMPOTENT_METHODS, type RetryPolicy } from "./retry";
import type { RequestSpec } from "./spec";
import type { TransportOptions } from "./transport";

/**
 * A redactor for everything a request carries: the connection's secrets, proxy credentials,
 * credential-like query values, credential headers the user typed, and secrets the caller names.
 * @example redactorFor(spec, url, [credentials]).text("token abc") // "token [REDACTED]" when abc is a secret
 */
export const redactorFor = (spec: RequestSpec, url: URL, credentials: Credentials[]): Redactor => {
  const proxyPassword = spec.proxyUrl?.password
    ? [spec.proxyUrl.password, decodeURIComponent(spec.proxyUrl.password)]
    : [];
  const base = new Redactor([
    ...credentials.flatMap((entry) => entry.secrets),
    ...proxyPassword,
    ...Redactor.queryCredentials(url),
    ...(spec.secrets ?? []),
  ]);
  const headerSecrets = spec.headers.filter(({ key }) => base.isSensitiveHeader(key)).map(({ value }) => value);
  return base.with(headerSecrets);
};

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

/** @example redirectPolicyOf(spec) // { follow: true, max: 10, allowInsecure: false } */
export const redirectPolicyOf = (spec: RequestSpec): RedirectPolicy => ({
  follow: spec.followRedirects,
  max: spec.maxRedirects,
  allowInsecure: spec.allowInsecureRedirects,
});

/** @example transportOf(spec).verifyTls // false when Ignore SSL Errors is on */
export const transportOf = (spec: RequestSpec): TransportOptions => ({
  verifyTls: !spec.ignoreSslErrors,
  proxyUrl: spec.proxyUrl,
  blockPrivateNetworks: isGuardOn(spec.blockPrivateNetworks),
  connectTimeoutMs: spec.connectTimeout,
});
