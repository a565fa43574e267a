import { createHmac, randomBytes } from "node:crypto";
import { shellQuote } from "../../curl/format";
import { type Attempt, attemptHeader, bodyBytes, type Signed, type Signer } from "../../request/attempt";
import { FORM_URLENCODED_TYPE } from "../../request/mediaTypes";
import { headerText } from "../../request/target";
import type { Authenticate } from "../credentials";
import type { CheckedConnection } from "../fields";
import { OAUTH1_SIGNATURE_METHODS, type Oauth1SignatureMethod } from "../oauth1";
import { connectionProblem, requiredField, textField } from "../read";
import { formPairs, rfc3986 } from "./wire";

/**
 * OAuth 1.0a (RFC 5849) request signing. Written here rather than taken from a package: the
 * JavaScript ones (oauth-1.0a, oauth-sign) are unmaintained, and the algorithm is short. It is
 * checked against the RFC's worked example and, on loopback, against oauth-sign.
 */

export interface Oauth1Keys {
  consumerKey: string;
  consumerSecret: string;
  token: string;
  tokenSecret: string;
  signatureMethod: Oauth1SignatureMethod;
  realm?: string;
}

/** What makes one signature unique: a fresh nonce and timestamp for every attempt. */
export interface Oauth1Freshness {
  nonce: string;
  /** Unix seconds. */
  timestamp: string;
}

const HMAC_ALGORITHMS: Record<Exclude<Oauth1SignatureMethod, "PLAINTEXT">, string> = {
  "HMAC-SHA1": "sha1",
  "HMAC-SHA256": "sha256",
};
/** 128 random bits, as hex: NetSuite wants at least 6 characters and at most 64. */
const NONCE_BYTES = 16;
/** A realm goes into the header as a quoted string: printable ASCII without `"` or `\\`, which would end it. */
const REALM = /^[\x20-\x7e]*$/;
const REALM_BREAKERS = /["\\]/;

/** Whether the body is a single-part form, whose parameters are signed (RFC 5849 section 3.4.1.3.1). */
const isFormBody = (attempt: Attempt): boolean =>
  (headerText(attemptHeader(attempt, "content-type")) ?? "").split(";")[0].trim().toLowerCase() ===
  FORM_URLENCODED_TYPE;

/**
 * The request parameters that are signed: the query's, a form body's, and the protocol's own
 * (section 3.4.1.3); each decoded as the server decodes it, so it is signed as it was sent.
 */
const requestParameters = (attempt: Attempt, protocol: Array<[string, string]>): Array<[string, string]> => [
  ...formPairs(attempt.url.search),
  ...(isFormBody(attempt) ? formPairs(bodyBytes(attempt.body).toString("utf8")) : []),
  ...protocol,
];

/** Section 3.4.1.3.2: encoded, sorted by name then value, joined. */
const normalized = (parameters: Array<[string, string]>): string =>
  parameters
    .map(([name, value]) => [rfc3986(name), rfc3986(value)])
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");

/**
 * The signature base string (section 3.4.1): method, base string URI (scheme and host
 * lowercase, the default port left out, the path as sent), and the normalised parameters.
 * @example baseString({ method: "GET", url: new URL("http://photos.example.net/photos?size=original"), ... }, [])
 * // "GET&http%3A%2F%2Fphotos.example.net%2Fphotos&size%3Doriginal"
 */
export const baseString = (attempt: Attempt, protocol: Array<[string, string]>): string => {
  const { protocol: scheme, host, pathname } = attempt.url;
  return [
    attempt.method.toUpperCase(),
    rfc3986(`${scheme}//${host}${pathname}`),
    rfc3986(normalized(requestParameters(attempt, protocol))),
  ].join("&");
};

/** The protocol parameters of one attempt, oauth_signature aside. */
const protocolParameters = (keys: Oauth1Keys, fresh: Oauth1Freshness): Array<[string, string]> => [
  ["oauth_consumer_key", keys.consumerKey],
  ["oauth_token", keys.token],
  ["oauth_signature_method", keys.signatureMethod],
  ["oauth_timestamp", fresh.timestamp],
  ["oauth_nonce", fresh.nonce],
  ["oauth_version", "1.0"],
];

/**
 * The signature (section 3.4): HMAC over the base string keyed by both secrets, or with
 * PLAINTEXT the key itself.
 * @example oauth1Signature(attempt, keys, { nonce: "kllo9940pd9333jh", timestamp: "1191242096" }) // "tR3+Ty81lMeYAr/Fid0kMTYa/WM="
 */
export const oauth1Signature = (attempt: Attempt, keys: Oauth1Keys, fresh: Oauth1Freshness): string => {
  const key = `${rfc3986(keys.consumerSecret)}&${rfc3986(keys.tokenSecret)}`;
  if (keys.signatureMethod === "PLAINTEXT") return key;
  const base = baseString(attempt, protocolParameters(keys, fresh));
  return createHmac(HMAC_ALGORITHMS[keys.signatureMethod], key).update(base).digest("base64");
};

/**
 * The Authorization header of one attempt (section 3.5.1), with its signature as a secret in
 * both the forms a server may quote back: as computed and as encoded in the header.
 */
export const signAttempt = (attempt: Attempt, keys: Oauth1Keys, fresh: Oauth1Freshness): Signed => {
  const signature = oauth1Signature(attempt, keys, fresh);
  const parameters = [...protocolParameters(keys, fresh), ["oauth_signature", signature]];
  const realm = keys.realm === undefined ? [] : [`realm="${keys.realm}"`];
  const fields = parameters.map(([name, value]) => `${rfc3986(name)}="${rfc3986(value)}"`);
  return {
    headers: { Authorization: `OAuth ${[...realm, ...fields].join(", ")}` },
    secrets: [signature, rfc3986(signature)],
  };
};

/** A nonce and timestamp no other attempt has. */
const freshness = (): Oauth1Freshness => ({
  nonce: randomBytes(NONCE_BYTES).toString("hex"),
  timestamp: String(Math.floor(Date.now() / 1000)),
});

const keysOf = (connection: CheckedConnection): Oauth1Keys => {
  const realm = textField(connection, "realm");
  if (!REALM.test(realm) || REALM_BREAKERS.test(realm)) {
    throw connectionProblem(connection, 'field "Realm" must be printable ASCII without double quotes or backslashes');
  }
  return {
    consumerKey: requiredField(connection, "consumerKey", "Consumer Key").trim(),
    consumerSecret: requiredField(connection, "consumerSecret", "Consumer Secret"),
    token: requiredField(connection, "token", "Token").trim(),
    tokenSecret: requiredField(connection, "tokenSecret", "Token Secret"),
    // checkConnection has matched the choice; a blank one is the declared default.
    signatureMethod: (textField(connection, "signatureMethod") || OAUTH1_SIGNATURE_METHODS[0]) as Oauth1SignatureMethod,
    realm: realm === "" ? undefined : realm,
  };
};

/**
 * Signs every attempt to the step's origin with a fresh nonce and timestamp. curl has no
 * OAuth 1.0a flag: the debug cURL command shows the header's shape with placeholders.
 */
export const oauth1Auth: Authenticate = (connection) => {
  const keys = keysOf(connection);
  const sign: Signer = (attempt) => signAttempt(attempt, keys, freshness());
  const realm = keys.realm === undefined ? "" : `realm="${keys.realm}", `;
  const placeholder = `Authorization: OAuth ${realm}oauth_consumer_key="<consumer-key>", oauth_token="<token>", oauth_signature_method="${keys.signatureMethod}", oauth_timestamp="<timestamp>", oauth_nonce="<nonce>", oauth_version="1.0", oauth_signature="<signature, made fresh for every request>"`;
  return { headers: {}, query: [], secrets: [], sign, curlFlags: [`-H ${shellQuote(placeholder)}`] };
};
