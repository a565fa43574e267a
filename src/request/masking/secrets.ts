import type { Credentials } from "../../connections/auth";
import type { KeyValue, TextValue } from "../../inputs/keyValues";
import type { RequestSpec } from "../spec";
import { bodySecrets } from "./bodySecrets";
import { isCredentialName } from "./names";

/** `Basic base64(user:password)`: the user, the password and the pair, when the value decodes to one. */
const basicParts = (encoded: string): string[] => {
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (
    colon === -1 ||
    Buffer.from(decoded, "utf8").toString("base64").replace(/=+$/, "") !== encoded.replace(/=+$/, "")
  ) {
    return [];
  }
  return [decoded, decoded.slice(0, colon), decoded.slice(colon + 1)];
};

/** An auth-param (RFC 9110 §11.2), `name=value` or `name="quoted \" value"`, of a credential after its scheme. */
const AUTH_PARAM = /([!#$%&'*+.^_`|~\w-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]+))/g;

/**
 * Parameters that describe how an answer was made, not a secret: short words (`auth`, `MD5`)
 * that, masked wherever they stand, would garble every line that shows the request.
 */
const DESCRIPTIVE_PARAMS: ReadonlySet<string> = new Set([
  "realm",
  "algorithm",
  "qop",
  "nc",
  "uri",
  "charset",
  "userhash",
  "version",
  "oauth_version",
  "oauth_signature_method",
]);

/** The values of a credential's auth-params, quoted ones as written and unescaped: `secret="s"` holds `s`. */
const paramValues = (credential: string): string[] =>
  [...credential.matchAll(AUTH_PARAM)]
    .filter(([, name]) => !DESCRIPTIVE_PARAMS.has(name.toLowerCase()))
    .flatMap(([, , quoted, plain]) => (quoted === undefined ? [plain] : [quoted, quoted.replace(/\\(.)/g, "$1")]));

/** A cookie's value, with and without the quotes RFC 6265 allows around it. */
const cookieValues = (pair: string): string[] => {
  const value = pair.slice(pair.indexOf("=") + 1).trim();
  const unquoted = /^"(.*)"$/s.exec(value)?.[1];
  return unquoted === undefined ? [value] : [value, unquoted];
};

/**
 * What a credential header carries: its whole value, the credential after a scheme
 * (`Bearer X`), the user and password inside Basic, the part after a `name:` prefix
 * (`SharedKey account:X`), each auth-param's value (`Token key="k", secret="X"`), and each
 * cookie's value, unquoted too.
 * @example headerSecrets("Authorization", "Basic dTpw") // ["Basic dTpw", "dTpw", "u:p", "u", "p"]
 * @example headerSecrets("Authorization", 'Token secret="s1"') // [..., 'secret="s1"', "s1", "s1"]
 */
export const headerSecrets = (name: string, value: string): string[] => {
  const [scheme, ...rest] = value.trim().split(/\s+/);
  const credential = rest.join(" ");
  const cookies = /cookie/i.test(name) ? value.split(";").flatMap(cookieValues) : [];
  const basic = /^basic$/i.test(scheme ?? "") ? basicParts(credential) : [];
  const prefixed = /^[^\s:]+:(\S+)$/.exec(credential)?.[1];
  return [value, credential, ...basic, ...(prefixed ? [prefixed] : []), ...paramValues(credential), ...cookies];
};

const decoded = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/**
 * The credentials in a URL: `user:password@` (as written, decoded, and as the Basic header a
 * proxy or server is sent), and the values of credential-named query parameters.
 * @example urlSecrets(new URL("http://u:p%40ss@proxy.test/?token=t1")) // ["u", "p%40ss", "p@ss", "u:p@ss", "dTpwQHNz", "t1"]
 */
export const urlSecrets = (url: URL): string[] => {
  const user = decoded(url.username);
  const password = decoded(url.password);
  const userInfo =
    url.username || url.password
      ? [
          url.username,
          url.password,
          user,
          password,
          `${user}:${password}`,
          Buffer.from(`${user}:${password}`).toString("base64"),
        ]
      : [];
  const query = [...url.searchParams].filter(([name]) => isCredentialName(name)).map(([, value]) => value);
  return [...userInfo, ...query];
};

/** The user information of a text that is not a URL, `user:password@` after any scheme. */
const USER_INFO = /^(?:[^:/@]*:\/\/)?(.*)@/s;

/**
 * The credentials of a proxy as the environment or a step names it: with a scheme or without
 * (proxy-from-env then uses the target's), and, when it is no URL at all (a character a URL may
 * not hold), whatever stands before its last `@`, since an error may still quote the value.
 * @example proxySecrets("u:p@proxy.test:3128") // ["u", "p", "u", "p", "u:p", "dTpw"]
 */
export const proxySecrets = (proxy: string): string[] => {
  const text = proxy.trim();
  try {
    return urlSecrets(new URL(text.includes("://") ? text : `http://${text}`));
  } catch {
    const userInfo = USER_INFO.exec(text)?.[1];
    return userInfo === undefined ? [] : [userInfo, ...userInfo.split(":")];
  }
};

/** Values of credential-named rows of a key/value list (query parameters, form fields). */
const listSecrets = (list: KeyValue<TextValue>[] | undefined): string[] =>
  (list ?? []).filter(({ key }) => isCredentialName(key)).flatMap(({ value }) => value);

/** The form-urlencoded media type, as Body Type, Content-Type or a raw body's Content Type names it. */
const FORM_TYPE = /^\s*application\/x-www-form-urlencoded\b/i;

/** Whether the Data is sent as a form, so a text of it is read as pairs whatever else it holds. */
const sentAsForm = (spec: RequestSpec): boolean =>
  spec.bodyType === "form-urlencoded" ||
  [spec.contentType, ...spec.headers.filter(({ key }) => /^content-type$/i.test(key)).map(({ value }) => value)].some(
    (type) => typeof type === "string" && FORM_TYPE.test(type),
  );

/**
 * Every secret one request carries, known by value: the connection's (its secret fields and the
 * tokens it fetched, from `credentials`), what the user put in the URL, the proxy URLs, credential
 * headers, query parameters and form fields, credential-named fields of the body (JSON, GraphQL
 * variables, XML, form text), and the values callers name in `spec.secrets`.
 * @example requestSecrets(spec, [credentials], ["http://u:p@proxy.test"]) // ["sk_live_...", ...]
 */
export const requestSecrets = (spec: RequestSpec, credentials: Credentials[], proxies: string[]): string[] => [
  ...credentials.flatMap((entry) => entry.secrets),
  // The headers a connection builds, whole too: a server may echo `Bearer <token>` base64-encoded.
  ...credentials.flatMap((entry) =>
    Object.entries(entry.headers).flatMap(([name, value]) => headerSecrets(name, value)),
  ),
  ...urlSecrets(spec.url),
  ...proxies.flatMap(proxySecrets),
  ...spec.headers.filter(({ key }) => isCredentialName(key)).flatMap(({ key, value }) => headerSecrets(key, value)),
  ...listSecrets(spec.queryParams),
  ...listSecrets(spec.formFields),
  ...listSecrets(spec.formData),
  ...bodySecrets(spec.data, { form: sentAsForm(spec) }),
  ...(spec.secrets ?? []),
];
