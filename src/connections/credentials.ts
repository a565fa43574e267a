import type { KeyValue } from "../inputs/keyValues";
import type { ChallengeAnswer, Signer } from "../request/attempt";
import type { ClientIdentity } from "../tls/identity";
import type { CheckedConnection } from "./fields";
import type { PostTokenRequest } from "./tokens";

/** What a connection adds to a request, and what must never be shown. */
export interface Credentials {
  /** Headers the connection sets; they win over user headers of the same name. */
  headers: Record<string, string>;
  /** Query parameters the connection adds (an API key placed in the query). */
  query: KeyValue<string>[];
  /** Every credential value, masked wherever a request is logged or an error is raised. */
  secrets: string[];
  /** For fetched tokens: drops the token from the cache when the API refuses it, so a new one is fetched. */
  forgetToken?: () => void;
  /**
   * A client certificate presented in the TLS handshake, to the step's origin only: it becomes
   * part of the agent that carries the request, not a header.
   */
  identity?: ClientIdentity;
  /** Signs every attempt to the step's origin, last, on what goes on the wire (a retry or redirect is signed again). */
  sign?: Signer;
  /** Answers a 401's challenge with one more attempt (HTTP Digest). */
  answer?: ChallengeAnswer;
  /** Statuses besides 401 with which the API says a fetched token has expired (Token Expired Statuses). */
  expiredStatuses?: ReadonlySet<number>;
  /** How the debug cURL command shows the scheme, with placeholders for its secrets (`--digest`). */
  curlFlags?: string[];
}

export const NO_CREDENTIALS: Credentials = Object.freeze({ headers: {}, query: [], secrets: [] }) as Credentials;

/** One entry of the connection table: turns a checked connection into what it adds to a request. */
export type Authenticate = (
  connection: CheckedConnection,
  postTokenRequest: PostTokenRequest,
) => Credentials | Promise<Credentials>;
