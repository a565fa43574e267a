import { createHash, createPrivateKey, type KeyObject, X509Certificate } from "node:crypto";
import tls from "node:tls";
import { InvalidValue } from "../inputs/values";
import { type CertificateSummary, isPem, readCertificates, readTrustedCas, summarize, type TrustedCas } from "./pem";

/** What Node's TLS needs to present a client certificate: PEM certificate and key, or a PKCS#12 bundle. */
export interface IdentityMaterial {
  cert?: string;
  key?: string;
  pfx?: Buffer;
  passphrase?: string;
}

/** A client certificate the step presents to its origin, checked before anything is sent. */
export interface ClientIdentity {
  /** A hash of the material: part of the agent key, so two identities never share a connection. */
  key: string;
  material: IdentityMaterial;
  certificate: CertificateSummary;
  /** The connection's own CAs, trusted for the step's origin. */
  cas?: TrustedCas;
}

/** The connection's fields this identity is read from, already checked as text or a file. */
export interface IdentityFields {
  certificate: string | Buffer;
  privateKey?: string;
  passphrase?: string;
  caCertificates?: string;
}

/** A problem with one field, named by its label so the error says which. */
const fieldProblem = (label: string, reason: string) => new InvalidValue(`field "${label}" ${reason}`);

const codeOf = (error: unknown): string => String((error as NodeJS.ErrnoException).code ?? "");

const readKey = (pem: string, passphrase: string | undefined): KeyObject => {
  try {
    return createPrivateKey({ key: pem, format: "pem", passphrase });
  } catch (error) {
    const code = codeOf(error);
    // OpenSSL 3 reports a missing passphrase as an interrupted prompt.
    if (code === "ERR_MISSING_PASSPHRASE" || /INTERRUPTED_OR_CANCELLED/.test(code))
      throw fieldProblem("Private Key", "is encrypted; give its Passphrase");
    if (/BAD_DECRYPT/.test(code) || /bad decrypt/i.test(String(error))) {
      throw fieldProblem("Passphrase", "does not decrypt the private key");
    }
    throw fieldProblem("Private Key", "is not a PEM private key (PKCS#1, PKCS#8 or SEC1)");
  }
};

const checkValidity = (certificate: X509Certificate, now: number): void => {
  const { validFrom, validTo } = summarize(certificate);
  if (validTo.getTime() < now) throw fieldProblem("Certificate", `expired on ${validTo.toISOString()}`);
  if (validFrom.getTime() > now) throw fieldProblem("Certificate", `is not valid before ${validFrom.toISOString()}`);
};

const pemIdentity = (text: string, fields: IdentityFields, now: number): Omit<ClientIdentity, "key"> => {
  const { certificates } = readCertificatesOf("Certificate", text);
  if (!fields.privateKey) {
    throw fieldProblem("Private Key", "is required with a PEM certificate (only a PKCS#12 bundle holds its key)");
  }
  const key = readKey(fields.privateKey, fields.passphrase);
  const [leaf] = certificates;
  if (!leaf.checkPrivateKey(key)) {
    throw fieldProblem("Private Key", `does not match the certificate (${summarize(leaf).subject})`);
  }
  checkValidity(leaf, now);
  const material = { cert: text, key: fields.privateKey, passphrase: fields.passphrase };
  return { material, certificate: summarize(leaf) };
};

/**
 * What OpenSSL 3 says of a cipher it no longer loads: Node 20 turns it into "Unsupported PKCS12
 * PFX data", older Nodes pass on "digital envelope routines::unsupported" (RC2-40-CBC).
 */
const LEGACY_ENCRYPTION = /unsupported|RC2|digital envelope routines/i;

/** How to re-export with AES; a pipe does not do, as `openssl pkcs12 -export` reads its input twice. */
const REEXPORT =
  "openssl pkcs12 -legacy -in old.p12 -nodes -out bundle.pem, then openssl pkcs12 -export -in bundle.pem -out new.p12, and delete bundle.pem (its key is not encrypted)";

/** Why a PKCS#12 bundle did not open, in the words of the field to fix; never the passphrase. */
const pkcs12Problem = (error: unknown): InvalidValue => {
  const text = String(error);
  // The MAC is checked before anything is decrypted, so a wrong passphrase is told apart first.
  if (/mac verify|invalid password/i.test(text)) return fieldProblem("Passphrase", "does not open the PKCS#12 bundle");
  if (codeOf(error) === "ERR_CRYPTO_UNSUPPORTED_OPERATION" || LEGACY_ENCRYPTION.test(text)) {
    return fieldProblem(
      "Certificate",
      `is a PKCS#12 bundle with legacy encryption (RC2-40, as \`openssl pkcs12 -export -legacy\` and older tools write it) that Node's OpenSSL 3 refuses; re-export it with AES: ${REEXPORT}`,
    );
  }
  return fieldProblem("Certificate", "is neither PEM nor a PKCS#12 bundle in base64");
};

const pkcs12Identity = (pfx: Buffer, passphrase: string | undefined, now: number): Omit<ClientIdentity, "key"> => {
  let context: tls.SecureContext;
  try {
    context = tls.createSecureContext({ pfx, passphrase });
  } catch (error) {
    throw pkcs12Problem(error);
  }
  // Node keeps the bundle's certificate in the context; reading it back avoids parsing PKCS#12 twice.
  const der = (context.context as { getCertificate?: () => Buffer | null }).getCertificate?.();
  if (!der) throw fieldProblem("Certificate", "is a PKCS#12 bundle without a certificate");
  const leaf = new X509Certificate(der);
  checkValidity(leaf, now);
  return { material: { pfx, passphrase }, certificate: summarize(leaf) };
};

/** Reasons from readCertificates, said of a field. */
const readCertificatesOf = (label: string, text: string) => {
  try {
    return readCertificates(text);
  } catch (error) {
    if (error instanceof InvalidValue) throw fieldProblem(label, error.message);
    throw error;
  }
};

const BASE64 = /^[A-Za-z0-9+/=\s]+$/;

/** The bundle's bytes: a file from an earlier step as it is, text as base64. */
const pkcs12Bytes = (certificate: string | Buffer): Buffer => {
  if (Buffer.isBuffer(certificate)) return certificate;
  if (!BASE64.test(certificate)) throw fieldProblem("Certificate", "is neither PEM nor a PKCS#12 bundle in base64");
  return Buffer.from(certificate.replace(/\s+/g, ""), "base64");
};

const asText = (value: string | Buffer): string | undefined => {
  const text = Buffer.isBuffer(value) ? value.toString("latin1") : value;
  return isPem(text) ? text : undefined;
};

/** Identities already read, by a hash of their fields: a warm process checks each certificate once. */
const identities = new Map<string, Omit<ClientIdentity, "key">>();
const MAX_CACHED_IDENTITIES = 64;

const hashOf = (fields: IdentityFields): string => {
  const hash = createHash("sha256");
  for (const part of [fields.certificate, fields.privateKey, fields.passphrase, fields.caCertificates]) {
    hash.update(part === undefined ? "\u0000" : part).update("\u0001");
  }
  return hash.digest("hex");
};

/**
 * Reads and checks a client identity: the certificate parses, the key opens with the passphrase
 * and matches it, it is valid now; a PKCS#12 bundle opens. Problems name the field.
 * @example readIdentity({ certificate: pem, privateKey: keyPem }).certificate.subject // "CN=client.example"
 */
export const readIdentity = (fields: IdentityFields, now = Date.now()): ClientIdentity => {
  const key = hashOf(fields);
  let read = identities.get(key);
  if (!read) {
    const pem = asText(fields.certificate);
    const identity = pem
      ? pemIdentity(pem, fields, now)
      : pkcs12Identity(pkcs12Bytes(fields.certificate), fields.passphrase, now);
    const cas = fields.caCertificates ? trustedCasOf("CA Certificates", fields.caCertificates) : undefined;
    read = { ...identity, ...(cas ? { cas } : {}) };
    if (identities.size >= MAX_CACHED_IDENTITIES) identities.clear();
    identities.set(key, read);
  }
  // Expiry is checked on every use: a cached identity can lapse in a warm process.
  if (read.certificate.validTo.getTime() < now) {
    throw fieldProblem("Certificate", `expired on ${read.certificate.validTo.toISOString()}`);
  }
  return { key, ...read };
};

/** Reasons from readTrustedCas, said of a field. */
export const trustedCasOf = (label: string, text: string): TrustedCas => {
  try {
    return readTrustedCas(text);
  } catch (error) {
    if (error instanceof InvalidValue) throw fieldProblem(label, error.message);
    throw error;
  }
};
