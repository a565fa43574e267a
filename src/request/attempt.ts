import { createHash, type Hash } from "node:crypto";
import type { InternalAxiosRequestConfig } from "axios";
import type FormData from "form-data";
import type { EncodedBody } from "./body";

/**
 * One attempt as a connection's scheme sees it, just before it goes on the wire: its method,
 * its final URL (the connection's query parameters included), its headers (after a redirect's
 * stripping) and its body. A retry or a redirect is a new attempt, signed again.
 */
export interface Attempt {
  method: string;
  url: URL;
  headers: Readonly<Record<string, string | string[]>>;
  body: EncodedBody;
}

/**
 * An attempt's header by its lower-case name, as it goes (a repeated one as its list).
 * @example attemptHeader(attempt, "content-type") // "application/json"
 */
export const attemptHeader = (attempt: Attempt, lowerName: string): string | string[] | undefined =>
  Object.entries(attempt.headers).find(([name]) => name.toLowerCase() === lowerName)?.[1];

/** What a scheme adds to an attempt: headers, and the values among them to mask wherever shown. */
export interface Signed {
  headers: Record<string, string>;
  secrets?: string[];
}

/** Signs an attempt on what goes on the wire (AWS SigV4, OAuth 1.0a, HMAC signatures). */
export type Signer = (attempt: Attempt) => Signed | Promise<Signed>;

/** A 401 and what it asked for (`WWW-Authenticate`), with the attempt it answered. */
export interface Challenge {
  headers: Record<string, unknown>;
  attempt: Attempt;
}

/** Answers a challenge with headers for one more attempt (HTTP Digest); undefined when it cannot. */
export type ChallengeAnswer = (challenge: Challenge) => Signed | undefined | Promise<Signed | undefined>;

const isFormData = (body: unknown): body is FormData =>
  typeof body === "object" && body !== null && typeof (body as FormData).getBuffer === "function";

/**
 * The exact bytes of an attempt's body. A multipart form is built into one buffer here, so a
 * scheme that needs a form's bytes holds them in memory once more (its parts already are).
 * @example (await bodyBytes(encodeBody({ kind: "text", text: "a=1" }))).toString() // "a=1"
 */
export const bodyBytes = (body: EncodedBody): Buffer => {
  const opened = body.open();
  if (opened === undefined) return Buffer.alloc(0);
  return isFormData(opened) ? opened.getBuffer() : opened;
};

/**
 * Feeds a multipart form's stream into a hash. form-data is a classic stream (combined-stream),
 * not an async iterable: it is read by its events.
 */
const streamInto = (hash: Hash, form: FormData): Promise<void> =>
  new Promise((resolve, reject) => {
    form.on("data", (chunk: Buffer | string) => hash.update(chunk));
    form.on("end", () => resolve());
    form.on("error", reject);
    form.resume();
  });

/**
 * The hex SHA-256 of an attempt's body, streamed for a multipart form so nothing is copied.
 * @example await bodySha256(noBody) // "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
 */
export const bodySha256 = async (body: EncodedBody): Promise<string> => {
  const hash = createHash("sha256");
  const opened = body.open();
  if (isFormData(opened)) {
    await streamInto(hash, opened);
  } else if (opened !== undefined) {
    hash.update(opened);
  }
  return hash.digest("hex");
};

/** The config key that carries an attempt's signer to the signing client's interceptor. */
const SIGN_KEY = "httpConnectorSign";

type SignableConfig = InternalAxiosRequestConfig & { [SIGN_KEY]?: () => Promise<Record<string, string>> };

/**
 * The config part that has the signing client sign every attempt of a request, retries included
 * (axios-retry sends each retry through the instance's interceptors again).
 * @example client.request({ ...config, ...signEachAttempt(() => sign(attempt)) })
 */
export const signEachAttempt = (sign: () => Promise<Record<string, string>>): Record<string, unknown> => ({
  [SIGN_KEY]: sign,
});

/**
 * The request interceptor of the signing client: adds the headers the attempt's signer returns,
 * last, so they describe what goes on the wire.
 */
export const signingInterceptor = async (config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> => {
  const sign = (config as SignableConfig)[SIGN_KEY];
  if (sign) config.headers.set(await sign());
  return config;
};
