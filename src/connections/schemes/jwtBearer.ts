import { createPrivateKey, type KeyObject, randomUUID } from "node:crypto";
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as jose from /* webpackDefer: true */ "jose";
import { isRecord } from "../../inputs/values";
import type { CheckedConnection } from "../fields";
import { JWT_ALGORITHMS, type JwtAlgorithm } from "../jwtBearer";
import { connectionProblem, optionalText, textField } from "../read";
import { tokenRequestFor, tokenUrlOf } from "../tokens";
import type { FetchedGrant } from "./oauth2Token";

/** The JWT bearer grant (RFC 7523 section 2.1): a signed JWT exchanged for an access token. */

export const JWT_BEARER_GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** How long an assertion is good for: Google refuses one that lives longer than an hour. */
export const ASSERTION_LIFETIME_SECONDS = 3600;

/** The smallest RSA key RS256 is signed with (RFC 7518 section 3.3); jose refuses smaller ones. */
const MIN_RSA_BITS = 2048;

/** What a Google-style service account key file contributes. */
interface ServiceAccount {
  clientEmail: string;
  privateKey: string;
  keyId?: string;
  tokenUri?: string;
}

const SERVICE_ACCOUNT = 'field "Service Account JSON"';

/** The key file, when there is one; what it lacks is named by its JSON key, never shown. */
const serviceAccountOf = (connection: CheckedConnection): ServiceAccount | undefined => {
  const text = optionalText(connection, "serviceAccountJson");
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // JSON.parse's message quotes the text around the mistake: it could hold the key.
    throw connectionProblem(connection, `${SERVICE_ACCOUNT} is not JSON; paste the whole key file`);
  }
  if (!isRecord(parsed)) throw connectionProblem(connection, `${SERVICE_ACCOUNT} is not a JSON object`);
  const entry = (name: string): string | undefined => {
    const value = parsed[name];
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const privateKey = entry("private_key");
  const clientEmail = entry("client_email");
  if (!privateKey) throw connectionProblem(connection, `${SERVICE_ACCOUNT} has no private_key`);
  if (!clientEmail) throw connectionProblem(connection, `${SERVICE_ACCOUNT} has no client_email`);
  return { clientEmail, privateKey, keyId: entry("private_key_id"), tokenUri: entry("token_uri") };
};

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/;
const BASE64 = /^[A-Za-z0-9+/=]+$/;

/**
 * A PEM key as it was probably meant: a single-line password box drops its line breaks, and a
 * key copied out of JSON has `\n` in place of them. A PEM has no backslashes of its own.
 */
const normalizedPem = (text: string): string => {
  const unescaped = text.replace(/\\n/g, "\n");
  const block = PEM_BLOCK.exec(unescaped);
  const body = block?.[2].replace(/\s+/g, "") ?? "";
  // A traditional encrypted key has header lines inside the block: left as it is.
  if (!block || !BASE64.test(body)) return unescaped;
  const lines = body.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${block[1]}-----\n${lines.join("\n")}\n-----END ${block[1]}-----\n`;
};

const describeKey = (key: KeyObject): string =>
  key.asymmetricKeyType === "rsa"
    ? "an RSA key"
    : key.asymmetricKeyType === "ec"
      ? `an EC key on curve ${key.asymmetricKeyDetails?.namedCurve ?? "unknown"}`
      : `a key of type ${key.asymmetricKeyType ?? "unknown"}`;

/** Why the key cannot sign with the algorithm, or undefined when it can. */
const keyMismatch = (key: KeyObject, algorithm: JwtAlgorithm): string | undefined => {
  if (algorithm === "ES256") {
    const fits = key.asymmetricKeyType === "ec" && key.asymmetricKeyDetails?.namedCurve === "prime256v1";
    return fits ? undefined : `is ${describeKey(key)}; Algorithm ES256 needs a P-256 EC key`;
  }
  if (key.asymmetricKeyType !== "rsa") return `is ${describeKey(key)}; Algorithm RS256 needs an RSA key`;
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return bits >= MIN_RSA_BITS ? undefined : `is an RSA key of ${bits} bits; RS256 needs at least ${MIN_RSA_BITS}`;
};

/** The signing key, checked against the algorithm; `source` names where it came from. */
const signingKey = (connection: CheckedConnection, pem: string, source: string, algorithm: JwtAlgorithm) => {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: "pem" });
  } catch (error) {
    const code = String((error as NodeJS.ErrnoException).code ?? "");
    // OpenSSL 3 reports a missing passphrase as an interrupted prompt.
    const encrypted = code === "ERR_MISSING_PASSPHRASE" || /INTERRUPTED_OR_CANCELLED/.test(code);
    throw connectionProblem(
      connection,
      encrypted
        ? `${source} is encrypted; give the key without a passphrase`
        : `${source} is not a PEM private key (PKCS#8, PKCS#1 or SEC1)`,
    );
  }
  const mismatch = keyMismatch(key, algorithm);
  if (mismatch) throw connectionProblem(connection, `${source} ${mismatch}`);
  return key;
};

/** What the assertion says and how it is signed, read from the fields and the key file. */
interface Assertion {
  issuer: string;
  subject?: string;
  audience: string;
  scopes?: string;
  keyId?: string;
  algorithm: JwtAlgorithm;
  key: KeyObject;
}

/**
 * A fresh assertion: RFC 7523 section 3's claims, with a jti so no two are alike.
 * @example await signAssertion(assertion, 1700000000) // "eyJhbGciOiJSUzI1NiIs..."
 */
export const signAssertion = (assertion: Assertion, nowSeconds: number): Promise<string> => {
  const { scopes, keyId, subject } = assertion;
  const jwt = new jose.SignJWT(scopes ? { scope: scopes } : {})
    .setProtectedHeader({ alg: assertion.algorithm, typ: "JWT", ...(keyId ? { kid: keyId } : {}) })
    .setIssuer(assertion.issuer)
    .setAudience(assertion.audience)
    .setIssuedAt(nowSeconds)
    .setExpirationTime(nowSeconds + ASSERTION_LIFETIME_SECONDS)
    .setJti(randomUUID());
  return (subject ? jwt.setSubject(subject) : jwt).sign(assertion.key);
};

/** checkConnection has matched Algorithm against its choices; empty means the default. */
const algorithmOf = (connection: CheckedConnection): JwtAlgorithm =>
  (textField(connection, "algorithm") || JWT_ALGORITHMS[0]) as JwtAlgorithm;

/**
 * The assertion's claims and key and the token URL, from the fields and the key file (a field
 * filled in wins over the file's value), with every form of the key that must be masked.
 */
const readAssertion = (connection: CheckedConnection) => {
  const account = serviceAccountOf(connection);
  const tokenUrlText = textField(connection, "tokenUrl") || account?.tokenUri;
  if (!tokenUrlText)
    throw connectionProblem(connection, "has no Token URL (nor a token_uri in its Service Account JSON)");
  const issuer = textField(connection, "issuer") || account?.clientEmail;
  if (!issuer) throw connectionProblem(connection, "has no Issuer (nor a Service Account JSON)");
  const ownKey = optionalText(connection, "privateKey");
  const pemText = ownKey ?? account?.privateKey;
  if (!pemText) throw connectionProblem(connection, "has no Private Key (nor a Service Account JSON)");
  const algorithm = algorithmOf(connection);
  const pem = normalizedPem(pemText);
  const source = ownKey ? 'field "Private Key"' : `${SERVICE_ACCOUNT}'s private_key`;
  const assertion: Assertion = {
    issuer,
    subject: textField(connection, "subject") || undefined,
    audience: textField(connection, "audience") || tokenUrlText,
    scopes: textField(connection, "scopes") || undefined,
    keyId: textField(connection, "keyId") || account?.keyId,
    algorithm,
    key: signingKey(connection, pem, source, algorithm),
  };
  // The key as given, as read, and as it stands escaped inside the key file's JSON.
  const keyForms = [pemText, pem, JSON.stringify(pemText).slice(1, -1)];
  return { assertion, pem, keyForms, tokenUrl: tokenUrlOf(connection, tokenUrlText) };
};

/**
 * The JWT bearer grant of a connection: the assertion is signed anew for each fetch, and the
 * cache is keyed by what it is made from (claims, algorithm, key), never by one assertion.
 * @example jwtBearerGrant(checkConnection({ key: "jwtBearer", fields: { serviceAccountJson } })).request.tokenUrl.href // "https://oauth2.googleapis.com/token"
 */
export const jwtBearerGrant = (connection: CheckedConnection): FetchedGrant => {
  const { assertion, pem, keyForms, tokenUrl } = readAssertion(connection);
  const bare = tokenRequestFor(connection, [{ key: "grant_type", value: JWT_BEARER_GRANT_TYPE }], tokenUrl);
  const request = { ...bare, secrets: [...bare.secrets, ...keyForms] };
  const { issuer, subject, audience, scopes, keyId, algorithm } = assertion;
  return {
    request,
    identity: [JSON.stringify([issuer, subject, audience, scopes, keyId, algorithm]), pem],
    complete: async () => {
      const signed = await signAssertion(assertion, Math.floor(Date.now() / 1000));
      const [grantType, ...rest] = request.fields;
      return {
        ...request,
        fields: [grantType, { key: "assertion", value: signed }, ...rest],
        secrets: [...request.secrets, signed],
      };
    },
  };
};
