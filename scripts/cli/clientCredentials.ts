import type { Connection } from "@prismatic-io/spectral";
import { readTokenResponse, type TokenRequest, tokenRequestFor, withClient } from "../../src/connections/tokens";
import type { KeyValue } from "../../src/inputs/keyValues";
import { Redactor } from "../../src/request/masking/redactor";

/**
 * The OAuth 2.0 client credentials grant (RFC 6749 section 4.4), which the platform performs
 * for `oauth2ClientCredentials` connections before a step runs. Locally the runner performs it,
 * with the component's own token request builder and answer reader, so the two cannot drift.
 */

/** What a token endpoint answered: its status and its body, parsed when it is JSON or a form. */
export interface TokenAnswer {
  status: number;
  body: unknown;
}

/** Sends a token request; `postTokenRequest` by default, a stand-in in tests. */
export type SendTokenRequest = (request: TokenRequest) => Promise<TokenAnswer>;

/** The token as the platform hands it to an action in `connection.token`. */
export type PlatformToken = {
  access_token: string;
  token_type: string;
  /** Seconds, as the server gave them; absent when it gave no lifetime. */
  expires_in?: number;
};

const GRANT: KeyValue<string>[] = [{ key: "grant_type", value: "client_credentials" }];
/** A token endpoint that does not answer in this time is reported, rather than hanging the run. */
export const TOKEN_TIMEOUT_MS = 30_000;
const FORM_TYPE = "application/x-www-form-urlencoded";
const MS_PER_SECOND = 1000;
const SUCCESS_MIN = 200;
const SUCCESS_MAX = 299;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null;

/**
 * The token request for a client credentials connection: scope from Scopes, the client ID and
 * secret in the body, or in a Basic header when the connection's `clientAuthentication` is "basic".
 * @example clientCredentialsRequest({ key: "oauth2ClientCredentials", configVarKey: "", fields: { tokenUrl: "https://auth.test/token", clientId: "app", clientSecret: "s3" } }).fields
 * // [{ key: "grant_type", value: "client_credentials" }, { key: "client_id", value: "app" }, { key: "client_secret", value: "s3" }]
 */
export const clientCredentialsRequest = (connection: Connection): TokenRequest =>
  withClient(connection, tokenRequestFor(connection, GRANT));

/**
 * Why a token endpoint refused: its status and the RFC 6749 `error` and `error_description`,
 * with the request's secrets masked in case the server quotes them back.
 * @example refusalMessage(request, { status: 401, body: { error: "invalid_client" } })
 * // "the token URL http://127.0.0.1:4000/token refused the client credentials grant with status 401 (invalid_client)"
 */
export const refusalMessage = (request: TokenRequest, answer: TokenAnswer): string => {
  const body = isRecord(answer.body) ? answer.body : {};
  const reason = [body.error, body.error_description]
    .filter((part) => typeof part === "string" && part !== "")
    .join(": ");
  const redactor = new Redactor(request.secrets);
  const problem = `the token URL ${redactor.url(request.tokenUrl)} refused the client credentials grant with status ${answer.status}`;
  return redactor.text(reason === "" ? problem : `${problem} (${reason})`);
};

/**
 * Turns a token endpoint's answer into the token the platform would store, or throws why not.
 * @example tokenFromAnswer(connection, request, { status: 200, body: { access_token: "a", token_type: "Bearer", expires_in: 3600 } }, 0)
 * // { access_token: "a", token_type: "Bearer", expires_in: 3600 }
 */
export const tokenFromAnswer = (
  connection: Connection,
  request: TokenRequest,
  answer: TokenAnswer,
  now: number,
): PlatformToken => {
  if (answer.status < SUCCESS_MIN || answer.status > SUCCESS_MAX) throw new Error(refusalMessage(request, answer));
  const token = readTokenResponse(connection, answer.body, now);
  return {
    access_token: token.accessToken,
    token_type: token.tokenType,
    ...(token.expiresAt === undefined ? {} : { expires_in: Math.round((token.expiresAt - now) / MS_PER_SECOND) }),
  };
};

/** The body as JSON, or as a form (some older servers answer so); undefined when it is neither. */
const parseAnswerBody = (text: string, contentType: string | null): unknown => {
  if (contentType?.startsWith(FORM_TYPE)) return Object.fromEntries(new URLSearchParams(text));
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // reported by the caller as a refusal or a missing access token
  }
};

/** fetch says only "fetch failed"; the reason (ECONNREFUSED, a bad port, a timeout) is in its cause. */
const causeOf = (error: unknown): string => {
  const cause = error instanceof Error && isRecord(error.cause) ? error.cause : undefined;
  if (typeof cause?.code === "string") return cause.code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
};

/**
 * POSTs a token request as a form with Node's fetch. A redirect is returned as a refusal rather
 * than followed: it would carry the client secret to wherever it points.
 * @example const answer = await postTokenRequest(clientCredentialsRequest(connection)); // { status: 200, body: { access_token: ... } }
 */
export const postTokenRequest: SendTokenRequest = async (request) => {
  const headers = new Headers();
  for (const { key, value } of request.headers) headers.append(key, value);
  headers.set("content-type", FORM_TYPE);
  const body = new URLSearchParams(request.fields.map(({ key, value }): [string, string] => [key, value]));
  let response: Response;
  try {
    const signal = AbortSignal.timeout(TOKEN_TIMEOUT_MS);
    response = await fetch(request.tokenUrl, { method: "POST", headers, body, redirect: "manual", signal });
  } catch (error) {
    const redactor = new Redactor(request.secrets);
    throw new Error(redactor.text(`cannot reach the token URL ${redactor.url(request.tokenUrl)}: ${causeOf(error)}`));
  }
  return {
    status: response.status,
    body: parseAnswerBody(await response.text(), response.headers.get("content-type")),
  };
};

/**
 * Fetches a client credentials token the way the platform does before a step runs.
 * @example const token = await fetchClientCredentialsToken(connection); // { access_token: "eyJ...", token_type: "Bearer", expires_in: 3600 }
 */
export const fetchClientCredentialsToken = async (
  connection: Connection,
  send: SendTokenRequest = postTokenRequest,
  now: () => number = Date.now,
): Promise<PlatformToken> => {
  const request = clientCredentialsRequest(connection);
  return tokenFromAnswer(connection, request, await send(request), now());
};
