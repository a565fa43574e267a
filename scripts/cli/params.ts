import type { ActionDefinition, ConnectionValue, RuntimeConnection, RuntimeInput } from "./component";
import type { ConnectionChoice } from "./connectionArgs";

/** The designer pre-fills each input with its default, so the runtime receives it when the user typed nothing. */
const defaultsOf = (inputs: RuntimeInput[]): Record<string, unknown> =>
  Object.fromEntries(inputs.filter((input) => input.default !== undefined).map((input) => [input.key, input.default]));

/**
 * Builds the connection value the platform would hand the action: the connection's defaults,
 * the fields given, and for OAuth 2.0 the token, when one was given.
 * @example toConnectionValue({ inputKey: "connection", key: "apiKey", fields: { apiKey: "k" }, token: {} }, apiKeyDefinition)
 * // { key: "apiKey", configVarKey: "", fields: { authScheme: "Basic", apiKey: "k" } }
 */
export const toConnectionValue = (choice: ConnectionChoice, definition: RuntimeConnection): ConnectionValue => ({
  key: choice.key,
  configVarKey: "",
  fields: { ...defaultsOf(definition.inputs), ...choice.fields },
  ...(Object.keys(choice.token).length > 0 ? { token: { ...choice.token } } : {}),
});

/**
 * The raw params `perform` receives, as from the runtime: every declared default, overridden by
 * what was given; spectral's wrapper then runs each input's `clean`.
 * @example toRuntimeParams(httpGet, { url: "https://x.test" }).responseType // "json"
 */
export const toRuntimeParams = (action: ActionDefinition, given: Record<string, unknown>): Record<string, unknown> => ({
  ...defaultsOf(action.inputs),
  ...given,
});
