/**
 * Which names say that their value is a credential: of query and form parameters, of headers,
 * of JSON fields. One rule for all of them, so a parameter masked in a log is also masked in an
 * error, dropped on a cross-origin redirect, and hidden in a result's URL.
 */

/** A name containing one of these is a credential's: `X-Amz-Security-Token`, `Ocp-Apim-Subscription-Key`, `client_secret`. */
const CREDENTIAL_WORDS = /token|secret|key|passw|pwd|signature|auth|credential|cookie|session|sessid|jwt/i;

/** Names that carry credentials without saying so: signatures and OAuth codes. */
const CREDENTIAL_NAMES: ReadonlySet<string> = new Set(["sig", "code", "pass", "otp"]);

/**
 * True for a name whose value is a credential by convention.
 * @example isCredentialName("X-Vault-Token") // true
 * @example isCredentialName("page") // false
 */
export const isCredentialName = (name: string): boolean =>
  CREDENTIAL_WORDS.test(name) || CREDENTIAL_NAMES.has(name.toLowerCase());
