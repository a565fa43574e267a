import { randomBytes } from "node:crypto";
import { shellQuote } from "../../curl/format";
import type { Attempt, Signed } from "../../request/attempt";
import { RequestFailedError } from "../../request/errors";
import type { Authenticate } from "../credentials";
import { requiredField } from "../read";
import { type AuthChallenge, parseChallenges } from "./digestChallenge";
import { DIGEST_ALGORITHMS, type DigestAlgorithm, digestResponse, sessionKey } from "./digestMath";

/**
 * HTTP Digest (RFC 7616). The step's first attempt goes out bare; a 401 with a Digest challenge
 * is answered by signing the next attempt. From then on every attempt of the request (a retry,
 * a same-origin redirect) is signed with the same nonce and the next nonce count, as the RFC
 * intends, and a server that finds the nonce stale (`stale=true`) challenges again with a new
 * one, which is answered the same way. A 401 is answered once per hop: wrong credentials end
 * in the 401, never in a loop.
 */

/** A challenge being answered: what every attempt's response is computed from. */
interface Session {
  algorithm: DigestAlgorithm;
  /** The algorithm as the server wrote it, echoed back; absent when it named none (MD5). */
  algorithmName?: string;
  realm: string;
  nonce: string;
  opaque?: string;
  qop?: "auth";
  /** Chosen fresh for each challenge, so no two answers of a step share one. */
  cnonce: string;
  ha1: string;
  /** How many attempts this nonce has signed: the nc of the next is one more. */
  count: number;
}

/** The characters a nonce count is written in: eight hex digits. */
const NC_DIGITS = 8;
const CNONCE_BYTES = 16;
const SUPPORTED = "MD5, MD5-sess, SHA-256 and SHA-256-sess with qop=auth";
/** A server's words quoted in an error are cut here: they are the server's, of any length. */
const QUOTED_CHARS = 40;

const unsupported = (what: string) =>
  new RequestFailedError(
    `the server's Digest challenge asks for ${what}, which the Digest connection does not offer (it answers ${SUPPORTED})`,
    "ERR_DIGEST_UNSUPPORTED",
  );

/**
 * The qop to answer with: "auth" when offered; undefined for a legacy RFC 2069 challenge, which
 * offers none; false when it offers only others (auth-int), which this connection cannot answer.
 */
const qopOf = (challenge: AuthChallenge): "auth" | undefined | false => {
  const offered = challenge.params.get("qop");
  if (offered === undefined) return undefined;
  return offered.split(",").some((option) => option.trim().toLowerCase() === "auth") ? "auth" : false;
};

/** The first Digest challenge this connection can answer (the server lists them most preferred first). */
const pickChallenge = (challenges: AuthChallenge[]): AuthChallenge | undefined => {
  const digest = challenges.filter(({ scheme, params }) => scheme.toLowerCase() === "digest" && params.has("nonce"));
  if (digest.length === 0) return undefined;
  const usable = digest.find(
    (challenge) =>
      DIGEST_ALGORITHMS.has((challenge.params.get("algorithm") ?? "MD5").toUpperCase()) && qopOf(challenge) !== false,
  );
  if (usable) return usable;
  const algorithm = digest[0].params.get("algorithm") ?? "MD5";
  const what = DIGEST_ALGORITHMS.has(algorithm.toUpperCase())
    ? `qop=${digest[0].params.get("qop")}`
    : `algorithm ${algorithm}`;
  throw unsupported(what.slice(0, QUOTED_CHARS));
};

const sessionFor = (challenge: AuthChallenge, username: string, password: string): Session => {
  const named = challenge.params.get("algorithm");
  const algorithm = DIGEST_ALGORITHMS.get((named ?? "MD5").toUpperCase()) as DigestAlgorithm;
  const realm = challenge.params.get("realm") ?? "";
  const nonce = challenge.params.get("nonce") ?? "";
  const cnonce = randomBytes(CNONCE_BYTES).toString("hex");
  return {
    algorithm,
    algorithmName: named,
    realm,
    nonce,
    opaque: challenge.params.get("opaque"),
    qop: qopOf(challenge) || undefined,
    cnonce,
    ha1: sessionKey({ algorithm, username, password, realm, nonce, cnonce }),
    count: 0,
  };
};

/** A quoted-string: a quote or backslash inside is escaped. */
const quoted = (value: string): string => `"${value.replace(/["\\]/g, "\\$&")}"`;

/** The username parameter; one outside ASCII goes as `username*` in UTF-8 (RFC 7616 section 3.4.4). */
const usernameParam = (username: string): string =>
  /^[\x20-\x7e]*$/.test(username)
    ? `username=${quoted(username)}`
    : `username*=UTF-8''${encodeURIComponent(username).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`;

/** The Authorization header for one attempt, and the values in it that are secret. */
const authorize = (session: Session, username: string, password: string, attempt: Attempt): Signed => {
  session.count += 1;
  const nc = session.count.toString(16).padStart(NC_DIGITS, "0");
  const uri = `${attempt.url.pathname}${attempt.url.search}`;
  const method = attempt.method.toUpperCase();
  const response = digestResponse({ ...session, username, password, method, uri, nc }, session.ha1);
  const params = [
    usernameParam(username),
    `realm=${quoted(session.realm)}`,
    `nonce=${quoted(session.nonce)}`,
    `uri=${quoted(uri)}`,
    ...(session.algorithmName ? [`algorithm=${session.algorithmName}`] : []),
    ...(session.qop ? [`qop=${session.qop}`, `nc=${nc}`, `cnonce=${quoted(session.cnonce)}`] : []),
    `response=${quoted(response)}`,
    ...(session.opaque !== undefined ? [`opaque=${quoted(session.opaque)}`] : []),
  ];
  return { headers: { Authorization: `Digest ${params.join(", ")}` }, secrets: [response, session.ha1] };
};

/** The Digest entry: no header up front; a challenge answered, then every attempt signed. */
export const digestAuthAuth: Authenticate = (connection) => {
  const username = requiredField(connection, "username", "Username");
  const password = requiredField(connection, "password", "Password");
  // One request's state: credentials are worked out again for every request (each page, say).
  let session: Session | undefined;
  return {
    headers: {},
    query: [],
    secrets: [password],
    sign: (attempt) => (session ? authorize(session, username, password, attempt) : { headers: {} }),
    answer: ({ headers }) => {
      const header = headers["www-authenticate"];
      if (typeof header !== "string" && !Array.isArray(header)) return undefined;
      const challenge = pickChallenge(parseChallenges(header as string | string[]));
      if (!challenge) return undefined;
      session = sessionFor(challenge, username, password);
      // The signer writes the Authorization header on the new attempt, and on each retry of it with the next nc.
      return { headers: {}, secrets: [session.ha1] };
    },
    curlFlags: ["--digest", `-u ${shellQuote(`${username}:<password>`)}`],
  };
};
