import { createHash } from "node:crypto";

/** The Digest computations of RFC 7616 section 3.4, pure: given the same inputs, the same response. */

/** The algorithms this connection answers, by the name a challenge gives them, in upper case. */
export interface DigestAlgorithm {
  /** Node's name for the hash. */
  hash: string;
  /** A -sess algorithm: HA1 also covers the nonce and cnonce. */
  session: boolean;
}

export const DIGEST_ALGORITHMS: ReadonlyMap<string, DigestAlgorithm> = new Map([
  ["MD5", { hash: "md5", session: false }],
  ["MD5-SESS", { hash: "md5", session: true }],
  ["SHA-256", { hash: "sha256", session: false }],
  ["SHA-256-SESS", { hash: "sha256", session: true }],
]);

export interface DigestInputs {
  algorithm: DigestAlgorithm;
  username: string;
  password: string;
  realm: string;
  nonce: string;
  /** The request's method and its request target (path and query) as sent. */
  method: string;
  uri: string;
  /** Absent for a legacy RFC 2069 challenge, which has no qop, nc or cnonce. */
  qop?: "auth";
  cnonce: string;
  /** The nonce count, eight hex digits: `00000001` for the first request with a nonce. */
  nc: string;
}

const hashOf = (hash: string, text: string): string => createHash(hash).update(text, "utf8").digest("hex");

/**
 * HA1: H(username:realm:password), and for a -sess algorithm H(that:nonce:cnonce). Secret: it
 * stands for the password to any server of the realm.
 * @example sessionKey({ algorithm: DIGEST_ALGORITHMS.get("MD5"), username: "Mufasa", realm: "r", password: "p", ... })
 */
export const sessionKey = (inputs: Omit<DigestInputs, "method" | "uri" | "qop" | "nc">): string => {
  const { hash, session } = inputs.algorithm;
  const base = hashOf(hash, `${inputs.username}:${inputs.realm}:${inputs.password}`);
  return session ? hashOf(hash, `${base}:${inputs.nonce}:${inputs.cnonce}`) : base;
};

/**
 * The `response` value: H(HA1:nonce:nc:cnonce:qop:HA2) with qop=auth, H(HA1:nonce:HA2) without
 * (RFC 2069), where HA2 = H(method:uri). The RFC 7616 section 3.9.1 example gives
 * "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1" for SHA-256.
 * @example digestResponse({ algorithm: DIGEST_ALGORITHMS.get("SHA-256"), username: "Mufasa", password: "Circle of Life", ... })
 */
export const digestResponse = (inputs: DigestInputs, ha1: string = sessionKey(inputs)): string => {
  const { hash } = inputs.algorithm;
  const ha2 = hashOf(hash, `${inputs.method}:${inputs.uri}`);
  const middle = inputs.qop ? `${inputs.nonce}:${inputs.nc}:${inputs.cnonce}:${inputs.qop}` : inputs.nonce;
  return hashOf(hash, `${ha1}:${middle}:${ha2}`);
};
