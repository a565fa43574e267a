import type { Connection } from "@prismatic-io/spectral";
import { apiKey } from "./apiKey";
import { awsSignatureV4 } from "./awsSignatureV4";
import { basicAuth } from "./basicAuth";
import { bearerToken } from "./bearerToken";
import { clientCertificate } from "./clientCertificate";
import { type Authenticate, type Credentials, NO_CREDENTIALS } from "./credentials";
import { digestAuth } from "./digestAuth";
import { checkConnection, secretFieldValues } from "./fields";
import { hmacSignature } from "./hmacSignature";
import { jwtBearer } from "./jwtBearer";
import { oauth1 } from "./oauth1";
import { oauth2AuthCode, oauth2AuthCodePkce, oauth2ClientCredentials } from "./oauth2";
import { oauth2Password, oauth2RefreshToken } from "./oauth2Grants";
import { connectionProblem } from "./read";
import { awsSignatureV4Auth } from "./schemes/awsSigV4";
import { clientCertificateAuth } from "./schemes/clientCertificate";
import { digestAuthAuth } from "./schemes/digest";
import { hmacSignatureAuth } from "./schemes/hmacSignature";
import { jwtBearerGrant } from "./schemes/jwtBearer";
import { oauth1Auth } from "./schemes/oauth1";
import { fetchedTokenAuth, passwordGrant, platformTokenAuth, refreshTokenGrant } from "./schemes/oauth2Token";
import { apiKeyAuth, basicAuthAuth, bearerTokenAuth } from "./schemes/static";
import type { PostTokenRequest } from "./tokens";

export type { Credentials } from "./credentials";

/**
 * The one place that decides how each connection authenticates a request: a new scheme is a
 * definition (`src/connections/<key>.ts`), an entry here, and its scheme in `schemes/`.
 */
export const AUTHENTICATORS: ReadonlyMap<string, Authenticate> = new Map([
  [apiKey.key, apiKeyAuth],
  [basicAuth.key, basicAuthAuth],
  [bearerToken.key, bearerTokenAuth],
  [oauth2AuthCode.key, platformTokenAuth],
  [oauth2AuthCodePkce.key, platformTokenAuth],
  [oauth2ClientCredentials.key, platformTokenAuth],
  [oauth2Password.key, fetchedTokenAuth(passwordGrant)],
  [oauth2RefreshToken.key, fetchedTokenAuth(refreshTokenGrant)],
  [jwtBearer.key, fetchedTokenAuth(jwtBearerGrant)],
  [clientCertificate.key, clientCertificateAuth],
  [awsSignatureV4.key, awsSignatureV4Auth],
  [oauth1.key, oauth1Auth],
  [digestAuth.key, digestAuthAuth],
  [hmacSignature.key, hmacSignatureAuth],
]);

/**
 * Turns the action's connection into what it adds to the request; no connection adds nothing.
 * `postTokenRequest` lets a connection that must fetch its own token send that request.
 * @example await credentialsFor({ key: "basicAuth", fields: { username: "u", password: "p" } }, post)
 * // { headers: { Authorization: "Basic dTpw" }, query: [], secrets: [...] }
 */
export const credentialsFor = async (
  connection: Connection | undefined | null | "",
  postTokenRequest: PostTokenRequest,
): Promise<Credentials> => {
  if (!connection) return NO_CREDENTIALS;
  const checked = checkConnection(connection);
  const authenticate = AUTHENTICATORS.get(checked.key);
  // checkConnection knows every type of the definitions, and each has an entry above.
  if (!authenticate) throw connectionProblem(checked, "has no way to authenticate");
  const credentials = await authenticate(checked, postTokenRequest);
  return { ...credentials, secrets: [...credentials.secrets, ...secretFieldValues(checked)] };
};
