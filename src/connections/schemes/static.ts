import { TOKEN } from "../../inputs/keyValues";
import { DEFAULT_AUTH_SCHEME, type KeyPlacement } from "../apiKey";
import type { Authenticate } from "../credentials";
import { authorization, connectionProblem, headerNameProblem, inHeader, requiredField, textField } from "../read";

/** Static credentials: an API key, Basic username and password, a bearer token. */

export const apiKeyAuth: Authenticate = (connection) => {
  const key = requiredField(connection, "apiKey", "API Key");
  const placement = (textField(connection, "keyPlacement") || "authorization") as KeyPlacement;
  if (placement === "header" || placement === "query") {
    const name = textField(connection, "keyName");
    if (!name) throw connectionProblem(connection, `has Key Placement "${placement}" but no Key Name`);
    if (placement === "query") return { headers: {}, query: [{ key: name, value: key }], secrets: [key] };
    const problem = headerNameProblem(name);
    if (problem) throw connectionProblem(connection, `has a Key Name that ${problem}`);
    return inHeader(connection, 'field "API Key"', name, key, [key]);
  }
  // A blank scheme gets the connection's declared default, as the platform would fill it in.
  const rawScheme = textField(connection, "authScheme") || DEFAULT_AUTH_SCHEME;
  const scheme = rawScheme.toLowerCase() === "none" ? undefined : rawScheme;
  if (scheme && !TOKEN.test(scheme)) {
    throw connectionProblem(connection, "has an Authentication Scheme that is not a single word");
  }
  return authorization(connection, 'field "API Key"', scheme, key, [key]);
};

export const basicAuthAuth: Authenticate = (connection) => {
  const username = requiredField(connection, "username", "Username");
  const password = requiredField(connection, "password", "Password");
  const encoded = Buffer.from(`${username}:${password}`).toString("base64");
  return authorization(connection, 'field "Password"', "Basic", encoded, [password, encoded]);
};

export const bearerTokenAuth: Authenticate = (connection) => {
  const token = requiredField(connection, "token", "Token");
  return authorization(connection, 'field "Token"', "Bearer", token, [token]);
};
