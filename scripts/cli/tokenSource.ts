import type { RuntimeConnection } from "./component";

/**
 * Who obtains a connection's access token when the runner runs an action:
 * - `none`: the fields are the credentials (API key, Basic, bearer token);
 * - `component`: the component fetches its own token from the fields (password and refresh-token grants);
 * - `runner`: on the platform, Prismatic fetches it (client credentials), so the runner does the same;
 * - `user`: on the platform, a person signs in through a browser (authorization code), which a
 *   local run cannot do, so the token must be given.
 */
export type TokenSource = "none" | "component" | "runner" | "user";

/** spectral's `OAuth2Type.ClientCredentials`, as the bundle spells it. */
const CLIENT_CREDENTIALS = "client_credentials";
/** A plain (not platform OAuth) connection with this field fetches its own token. */
const TOKEN_URL_FIELD = "tokenUrl";

/**
 * Flags that stand for the OAuth 2.0 token rather than a connection field: the platform hands
 * the action `connection.token`, so locally it is given, or fetched by the runner.
 */
export const TOKEN_FLAGS: Readonly<Record<string, string>> = { accessToken: "access_token", tokenType: "token_type" };

/**
 * How the runner's token request authenticates the client, `body` or `basic`. The platform's
 * client credentials connection has no such field, so it is a runner flag, not a field the action sees.
 */
export const CLIENT_AUTHENTICATION_FLAG = "clientAuthentication";

/**
 * Reads from a connection's declaration who gets its token on a local run.
 * @example tokenSourceOf({ key: "oauth2ClientCredentials", label: "...", oauth2Type: "client_credentials", inputs: [] }) // "runner"
 * @example tokenSourceOf({ key: "basicAuth", label: "...", inputs: [{ key: "username", label: "Username", type: "string" }] }) // "none"
 */
export const tokenSourceOf = (connection: RuntimeConnection): TokenSource => {
  if (connection.oauth2Type === CLIENT_CREDENTIALS) return "runner";
  if (connection.oauth2Type) return "user";
  return connection.inputs.some((input) => input.key === TOKEN_URL_FIELD) ? "component" : "none";
};

/** The flags each kind of connection takes beyond its declared fields; a table, so a new source cannot be left out. */
const RUNNER_FLAGS: Record<TokenSource, readonly string[]> = {
  none: [],
  component: [],
  runner: [...Object.keys(TOKEN_FLAGS), CLIENT_AUTHENTICATION_FLAG],
  user: Object.keys(TOKEN_FLAGS),
};

/**
 * The flags a connection takes beyond its declared fields, e.g. `accessToken` for OAuth 2.0.
 * @example runnerFlagsOf(oauth2ClientCredentials) // ["accessToken", "tokenType", "clientAuthentication"]
 */
export const runnerFlagsOf = (connection: RuntimeConnection): string[] => [...RUNNER_FLAGS[tokenSourceOf(connection)]];

/**
 * One line for the help saying where the connection's token comes from; none for static credentials.
 * @example tokenNote("user", "connection") // "Give --connection.accessToken: on the platform ..."
 */
export const tokenNote = (source: TokenSource, inputKey: string): string | undefined => {
  const flag = (name: string) => `--${inputKey}.${name}`;
  const notes: Record<TokenSource, string | undefined> = {
    none: undefined,
    component: "The component fetches its own token from the token URL; give only the fields.",
    runner: `The runner fetches a token from the token URL (client credentials), as the platform would, unless ${flag("accessToken")} is given; ${flag(CLIENT_AUTHENTICATION_FLAG)} basic sends the client ID and secret in a Basic header instead of the body.`,
    user: `Give ${flag("accessToken")}: on the platform this token comes from a sign-in in a browser, which a local run cannot do.`,
  };
  return notes[source];
};
