/**
 * Which names say that their value is a credential: of query and form parameters, of headers,
 * of JSON fields and XML elements. One rule for all of them, so a parameter masked in a log is
 * also masked in an error, dropped on a cross-origin redirect, and hidden in a result's URL.
 */

/**
 * A name containing one of these is a credential's, whatever surrounds it: `X-Amz-Security-Token`,
 * `Ocp-Apim-Subscription-Key`, `client_secret`, `dbPasswd`. Each is rare enough inside ordinary
 * words that a false match only masks a little more than needed, which is safe.
 */
const CREDENTIAL_PARTS = /token|secret|key|passw|pwd|signature|auth|credential|cookie|session|sessid|jwt/i;

/**
 * Words that name a credential only as a whole word of a name, since as parts of other words
 * they are everywhere (`sign` in `design`, `pin` in `shipping`, `pass` in `passenger`):
 * `X-Pass`, `api_sig` (Flickr), `sign` (Alibaba, Tencent), `X-Hmac`, `client_assertion`.
 */
const CREDENTIAL_WORDS: ReadonlySet<string> = new Set([
  "pass",
  "passphrase",
  "passcode",
  "pw",
  "pin",
  "otp",
  "totp",
  "mfa",
  "sig",
  "sign",
  "hmac",
  "bearer",
  "assertion",
  "csrf",
  "xsrf",
]);

/**
 * Names that carry credentials only when they are the whole name: OAuth's `code`, which as one
 * word of many (`countryCode`, `error_code`) is ordinary data.
 */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(["code"]);

/**
 * The words of a name, lower-cased: split at `-`, `_`, `.`, spaces and other punctuation, at
 * camelCase humps (`XApiSig` → x, api, sig) and between letters and digits (`pin2` → pin, 2).
 * @example wordsOf("X-ApiSig_v2") // ["x", "api", "sig", "v", "2"]
 */
export const wordsOf = (name: string): string[] =>
  name
    .replace(/([a-z\d])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)|(\d)([A-Za-z])/g, "$1$3 $2$4")
    .toLowerCase()
    .split(/[^a-z\d]+/)
    .filter((word) => word !== "");

/**
 * True for a name whose value is a credential by convention.
 * @example isCredentialName("X-Vault-Token") // true
 * @example isCredentialName("api_sig") // true
 * @example isCredentialName("page") // false
 */
export const isCredentialName = (name: string): boolean =>
  CREDENTIAL_PARTS.test(name) ||
  CREDENTIAL_NAMES.has(name.toLowerCase()) ||
  wordsOf(name).some((word) => CREDENTIAL_WORDS.has(word));
