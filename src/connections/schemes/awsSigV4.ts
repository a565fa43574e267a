// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as hashNode from /* webpackDefer: true */ "@smithy/hash-node";
import * as signatureV4 from /* webpackDefer: true */ "@smithy/signature-v4";
import { shellQuote } from "../../curl/format";
import { type Attempt, attemptHeader, bodySha256, type Signed, type Signer } from "../../request/attempt";
import { InputError } from "../../request/errors";
import type { Authenticate } from "../credentials";
import type { CheckedConnection } from "../fields";
import { connectionProblem, optionalText, requiredField } from "../read";
import { formPairs, rfc3986 } from "./wire";

/**
 * AWS Signature Version 4 with AWS's own signer (`@smithy/signature-v4`). What is ours is only
 * the translation of an attempt, exactly as it goes on the wire, into the request the signer
 * canonicalises: the query as the server will decode it, the path as sent, and which headers
 * are signed.
 */

/** A region code: lowercase words and digits joined by hyphens (us-east-1, us-gov-west-1, R2's auto). */
const REGION = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** A signing name: execute-api, s3, es, aoss, bedrock. */
const SERVICE = /^[a-z0-9][a-z0-9-]*$/;
/** An access key ID goes into the credential scope between slashes. */
const ACCESS_KEY_ID = /^[A-Za-z0-9_+=.@-]+$/;
/** `X-Amz-Date`'s format, ISO 8601 basic in UTC: 20150830T123600Z. */
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
/** The payload hash S3 accepts in place of one, for a body the sender will not hash. */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
/** The one service that takes UNSIGNED-PAYLOAD, and whose paths are signed encoded once, not twice. */
const S3 = "s3";
const CONTENT_SHA256 = "x-amz-content-sha256";

/** What the signer canonicalises: the shape of `@smithy/types`' HttpRequest. */
export interface AwsRequest {
  method: string;
  protocol: string;
  hostname: string;
  port?: number;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string>;
}

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

/**
 * Headers signed besides those the signer adds (X-Amz-Date, X-Amz-Security-Token): Host, the
 * body's type and MD5, and every X-Amz-* header, which S3 requires to be signed. Others are
 * not, so a header a proxy or the transport rewrites (User-Agent, Accept-Encoding) cannot
 * break the signature.
 */
const isSigned = (lowerName: string): boolean =>
  lowerName === "host" || lowerName === "content-type" || lowerName === "content-md5" || lowerName.startsWith("x-amz-");

const headerValue = (value: string | string[]): string => (Array.isArray(value) ? value.join(",") : value);

/** The attempt's headers that are signed, by lowercase name; Host is the URL's unless the user set one. */
const signedHeaders = (attempt: Attempt): Record<string, string> => {
  const headers: Record<string, string> = { host: attempt.url.host };
  for (const [name, value] of Object.entries(attempt.headers)) {
    const lower = name.toLowerCase();
    if (isSigned(lower)) headers[lower] = headerValue(value);
  }
  return headers;
};

/**
 * The query as the server reads it: decoded form-style (a `+` is a space), repeated names as
 * lists; the signer encodes each name and value again, the way AWS canonicalises them.
 */
const queryOf = (url: URL): Record<string, string | string[]> => {
  // No prototype: a parameter named __proto__ is a parameter like any other.
  const query: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of formPairs(url.search)) {
    const had = query[name];
    query[name] = had === undefined ? value : [...(Array.isArray(had) ? had : [had]), value];
  }
  return query;
};

/**
 * The path as the signer must see it. Most services sign the sent path encoded once more (the
 * signer does that); S3 signs each segment decoded and encoded once, which is this.
 */
const pathOf = (url: URL, service: string): string =>
  service === S3
    ? url.pathname
        .split("/")
        .map((segment) => rfc3986(safeDecode(segment)))
        .join("/")
    : url.pathname;

const safeDecode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

/**
 * An attempt as the signer's request, without a payload hash (see `signAttempt`).
 * @example awsRequestOf({ method: "GET", url: new URL("https://example.amazonaws.com/?b=2&a=1"), headers: {}, body }, "service").query
 * // { b: "2", a: "1" }
 */
export const awsRequestOf = (attempt: Attempt, service: string): AwsRequest => ({
  method: attempt.method.toUpperCase(),
  protocol: attempt.url.protocol,
  hostname: attempt.url.hostname,
  port: attempt.url.port === "" ? undefined : Number(attempt.url.port),
  path: pathOf(attempt.url, service),
  query: queryOf(attempt.url),
  headers: signedHeaders(attempt),
});

/**
 * Signs a request as AWS's signer does; an `x-amz-content-sha256` header among its headers is
 * the payload hash, else the hash of an empty body (AWS's published vectors are signed so).
 * Returns the request's headers with Authorization, X-Amz-Date and any X-Amz-Security-Token.
 * @example await signAwsRequest(awsRequestOf(attempt, "s3"), keys, new Date())
 */
export const signAwsRequest = async (request: AwsRequest, keys: AwsKeys, at: Date): Promise<Record<string, string>> => {
  const signer = new signatureV4.SignatureV4({
    credentials: {
      accessKeyId: keys.accessKeyId,
      secretAccessKey: keys.secretAccessKey,
      sessionToken: keys.sessionToken,
    },
    region: keys.region,
    service: keys.service,
    sha256: hashNode.Hash.bind(null, "sha256"),
    uriEscapePath: keys.service !== S3,
    // The payload hash header is set by signAttempt, from the exact bytes sent.
    applyChecksum: false,
  });
  const signed = await signer.sign(request, { signingDate: at });
  return signed.headers;
};

const headerIn = (attempt: Attempt, lowerName: string): string | undefined => {
  const value = attemptHeader(attempt, lowerName);
  return value === undefined ? undefined : headerValue(value).trim();
};

/** The signing time: a user-set X-Amz-Date (to sign as of a given time), else now. */
const signingTime = (attempt: Attempt, now: number): Date => {
  const given = headerIn(attempt, "x-amz-date");
  if (given === undefined) return new Date(now);
  const parts = AMZ_DATE.exec(given);
  const at = parts ? Date.UTC(+parts[1], +parts[2] - 1, +parts[3], +parts[4], +parts[5], +parts[6]) : Number.NaN;
  if (Number.isNaN(at)) {
    throw new InputError(
      "Header",
      "headers",
      "sets X-Amz-Date to something that is not a date like 20150830T123600Z (ISO 8601 basic format, UTC), which AWS Signature Version 4 signs with",
    );
  }
  return new Date(at);
};

/**
 * The payload hash: the hex SHA-256 of the exact body bytes (a multipart form is hashed as it
 * streams), or for S3 `UNSIGNED-PAYLOAD` when the user's X-Amz-Content-Sha256 header says so.
 */
const payloadHash = async (attempt: Attempt, service: string): Promise<string> =>
  service === S3 && headerIn(attempt, CONTENT_SHA256) === UNSIGNED_PAYLOAD
    ? UNSIGNED_PAYLOAD
    : bodySha256(attempt.body);

/** The headers an attempt is sent with; the signature is returned as a secret, to be masked. */
export const signAttempt = async (attempt: Attempt, keys: AwsKeys, now = Date.now()): Promise<Signed> => {
  const at = signingTime(attempt, now);
  const request = awsRequestOf(attempt, keys.service);
  request.headers[CONTENT_SHA256] = await payloadHash(attempt, keys.service);
  const signed = await signAwsRequest(request, keys, at);
  const { authorization } = signed;
  const headers: Record<string, string> = {
    authorization,
    "x-amz-date": signed["x-amz-date"],
    [CONTENT_SHA256]: signed[CONTENT_SHA256],
    ...(keys.sessionToken ? { "x-amz-security-token": keys.sessionToken } : {}),
  };
  const signature = /Signature=([0-9a-f]+)/.exec(authorization)?.[1];
  return { headers, secrets: signature ? [signature] : [] };
};

/** A text field that must match a pattern, refused naming the field and what it takes, never its value. */
const patterned = (connection: CheckedConnection, field: string, label: string, pattern: RegExp, takes: string) => {
  const value = requiredField(connection, field, label).trim();
  if (!pattern.test(value)) throw connectionProblem(connection, `field "${label}" must be ${takes}`);
  return value;
};

const keysOf = (connection: CheckedConnection): AwsKeys => ({
  accessKeyId: patterned(
    connection,
    "accessKeyId",
    "Access Key ID",
    ACCESS_KEY_ID,
    "an access key ID like AKIAIOSFODNN7EXAMPLE, without spaces or slashes",
  ),
  secretAccessKey: requiredField(connection, "secretAccessKey", "Secret Access Key"),
  sessionToken: optionalText(connection, "sessionToken")?.trim(),
  region: patterned(
    connection,
    "region",
    "Region",
    REGION,
    "a region code like us-east-1: lowercase letters, digits and hyphens",
  ),
  service: patterned(
    connection,
    "service",
    "Service",
    SERVICE,
    "a service's signing name like execute-api, s3 or es: lowercase letters, digits and hyphens",
  ),
});

/**
 * Signs every attempt to the step's origin; nothing is static. The debug cURL command shows
 * curl's own SigV4 flags with the region and service, the keys as placeholders.
 */
export const awsSignatureV4Auth: Authenticate = (connection) => {
  const keys = keysOf(connection);
  const sign: Signer = (attempt) => signAttempt(attempt, keys);
  const curlFlags = [
    `--aws-sigv4 ${shellQuote(`aws:amz:${keys.region}:${keys.service}`)}`,
    "--user '<access-key-id>:<secret-access-key>'",
    ...(keys.sessionToken ? ["-H 'x-amz-security-token: <session-token>'"] : []),
  ];
  return { headers: {}, query: [], secrets: [], sign, curlFlags };
};
