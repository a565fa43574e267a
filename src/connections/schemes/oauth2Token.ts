import type { Connection } from "@prismatic-io/spectral";
import { TOKEN } from "../../inputs/keyValues";
import type { Authenticate, Credentials } from "../credentials";
import { expiredStatusesOf } from "../expiredStatuses";
import type { CheckedConnection } from "../fields";
import { authorization, connectionProblem, requiredField } from "../read";
import {
  cachedToken,
  forgetToken,
  readTokenResponse,
  type TokenRequest,
  tokenCacheKey,
  tokenRequestFor,
  withClient,
} from "../tokens";

/** OAuth 2.0 access tokens: handed over by the platform, or fetched here for grants it does not perform. */

/** The scheme for a token: the server's token_type when it is a plain word, as "Bearer" when it says bearer. */
const schemeFor = (tokenType: unknown): string => {
  const type = typeof tokenType === "string" ? tokenType.trim() : "";
  return type === "" || /^bearer$/i.test(type) || !TOKEN.test(type) ? "Bearer" : type;
};

/** The Authorization header for an access token; every credential that came with it is masked. */
export const tokenCredentials = (
  connection: Connection,
  accessToken: unknown,
  tokenType: unknown,
  secrets: unknown[],
): Credentials => {
  if (typeof accessToken !== "string" || accessToken === "") {
    throw connectionProblem(connection, "has no access token; re-authorize the connection");
  }
  const masked = [accessToken, ...secrets].filter(
    (value): value is string => typeof value === "string" && value !== "",
  );
  return authorization(connection, "its access token", schemeFor(tokenType), accessToken, masked);
};

/** Fields of a platform token that describe it rather than grant access. */
const TOKEN_DESCRIPTIONS: ReadonlySet<string> = new Set(["token_type", "scope", "expires_in", "expires_at"]);

/** The platform performs the OAuth 2.0 exchange and hands over the token it got; every credential in it is secret. */
export const platformTokenAuth: Authenticate = (connection) => {
  const token: Record<string, unknown> =
    typeof connection.token === "object" && connection.token !== null ? connection.token : {};
  const secrets = Object.entries(token)
    .filter(([name, value]) => typeof value === "string" && !TOKEN_DESCRIPTIONS.has(name))
    .map(([, value]) => value);
  return tokenCredentials(connection, token.access_token, token.token_type, secrets);
};

/**
 * A grant the component performs itself: the token request as it is on every fetch (what the
 * cache is keyed by), and how to complete it for one fetch when part of it is made anew.
 */
export interface FetchedGrant {
  request: TokenRequest;
  /** What else tells this grant from another, when `complete` adds fields made for each fetch. */
  identity?: string[];
  /** The request of one fetch: a JWT bearer assertion is signed anew (fresh iat, exp and jti) each time. */
  complete?: () => Promise<TokenRequest>;
}

/**
 * Grants the platform does not perform: the token is fetched here and cached while it lives,
 * one fetch shared by concurrent steps. A 401, or a status of Token Expired Statuses, drops it.
 */
export const fetchedTokenAuth =
  (grantOf: (connection: CheckedConnection) => FetchedGrant): Authenticate =>
  async (connection, postTokenRequest) => {
    const expiredStatuses = expiredStatusesOf(connection);
    const { request, identity, complete } = grantOf(connection);
    const key = tokenCacheKey(request, identity);
    const token = await cachedToken(key, async () => {
      const sent = complete ? await complete() : request;
      return readTokenResponse(connection, await postTokenRequest(sent), Date.now());
    });
    return {
      ...tokenCredentials(connection, token.accessToken, token.tokenType, request.secrets),
      forgetToken: () => forgetToken(key, token.accessToken),
      ...(expiredStatuses ? { expiredStatuses } : {}),
    };
  };

export const passwordGrant = (connection: CheckedConnection): FetchedGrant => ({
  request: withClient(
    connection,
    tokenRequestFor(connection, [
      { key: "grant_type", value: "password" },
      { key: "username", value: requiredField(connection, "username", "Username") },
      { key: "password", value: requiredField(connection, "password", "Password") },
    ]),
  ),
});

export const refreshTokenGrant = (connection: CheckedConnection): FetchedGrant => ({
  request: withClient(
    connection,
    tokenRequestFor(connection, [
      { key: "grant_type", value: "refresh_token" },
      { key: "refresh_token", value: requiredField(connection, "refreshToken", "Refresh Token") },
    ]),
  ),
});
