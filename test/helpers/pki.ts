import { execFileSync } from "node:child_process";
import { webcrypto } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as x509 from "@peculiar/x509";

/**
 * A small public-key infrastructure made at test time: certificate authorities, server and
 * client certificates signed by them, keys in every PEM form the connector reads, and PKCS#12
 * bundles (made with the openssl binary, which ships with Debian's ca-certificates).
 */

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const ALGORITHM = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface Issued {
  /** The certificate as PEM. */
  cert: string;
  /** The private key as unencrypted PKCS#8 PEM. */
  key: string;
  keys: webcrypto.CryptoKeyPair;
  certificate: x509.X509Certificate;
  subject: string;
}

const toPem = (der: ArrayBuffer, label: string): string =>
  `-----BEGIN ${label}-----\n${Buffer.from(der)
    .toString("base64")
    .match(/.{1,64}/g)
    ?.join("\n")}\n-----END ${label}-----\n`;

let serial = 1;

interface IssueOptions {
  subject: string;
  issuer?: Issued;
  ca?: boolean;
  /** Server certificates name the hosts they are for. */
  hosts?: string[];
  /** Days from now; negative for a certificate that has expired. */
  notAfterDays?: number;
  clientAuth?: boolean;
}

/**
 * Issues a certificate: self-signed for a CA without `issuer`, signed by `issuer` otherwise.
 * @example const ca = await issue({ subject: "CN=Test CA", ca: true }); const server = await issue({ subject: "CN=127.0.0.1", issuer: ca, hosts: ["127.0.0.1"] });
 */
export const issue = async (options: IssueOptions): Promise<Issued> => {
  const keys = await webcrypto.subtle.generateKey(ALGORITHM, true, ["sign", "verify"]);
  const notAfterDays = options.notAfterDays ?? 30;
  const extensions: x509.Extension[] = [new x509.BasicConstraintsExtension(options.ca === true, undefined, true)];
  if (options.hosts) {
    extensions.push(
      new x509.SubjectAlternativeNameExtension(
        options.hosts.map((host) =>
          /^[\d.]+$/.test(host) ? { type: "ip", value: host } : { type: "dns", value: host },
        ),
      ),
    );
  }
  if (options.clientAuth) extensions.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]));
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: (serial++).toString(16).padStart(4, "0"),
    subject: options.subject,
    issuer: options.issuer?.subject ?? options.subject,
    notBefore: new Date(Date.now() - 2 * DAY_MS + Math.min(0, notAfterDays) * DAY_MS),
    notAfter: new Date(Date.now() + notAfterDays * DAY_MS),
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: options.issuer?.keys.privateKey ?? keys.privateKey,
    extensions,
  });
  const key = toPem(await webcrypto.subtle.exportKey("pkcs8", keys.privateKey), "PRIVATE KEY");
  return { cert: certificate.toString("pem"), key, keys, certificate, subject: options.subject };
};

/**
 * A PKCS#12 bundle of a certificate and its key, encrypted with `passphrase`; `legacy` uses the
 * RC2-40 and 3DES of older tools (`openssl pkcs12 -export -legacy`), which Node's OpenSSL 3 refuses.
 * @example const bundle = pkcs12(client, "s3cret"); // Buffer, for `certificate` as base64
 */
export const pkcs12 = (issued: Issued, passphrase: string, { legacy = false } = {}): Buffer => {
  const folder = mkdtempSync(path.join(tmpdir(), "http-connector-pki-"));
  try {
    writeFileSync(path.join(folder, "cert.pem"), issued.cert);
    writeFileSync(path.join(folder, "key.pem"), issued.key);
    const out = path.join(folder, "bundle.p12");
    try {
      execFileSync("openssl", [
        "pkcs12",
        "-export",
        "-in",
        path.join(folder, "cert.pem"),
        "-inkey",
        path.join(folder, "key.pem"),
        "-out",
        out,
        "-passout",
        `pass:${passphrase}`,
        ...(legacy ? ["-legacy"] : []),
      ]);
    } catch (error) {
      throw new Error(`making a PKCS#12 bundle needs the openssl binary (apt-get install openssl): ${error}`);
    }
    return readFileSync(out);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};

/**
 * A legacy bundle re-exported the way the connector's error tells users to: read with
 * `-legacy` to PEM, then exported again with OpenSSL 3's defaults (AES).
 * @example reexported(legacyBundle, "s3cret") // a bundle Node opens
 */
export const reexported = (legacy: Buffer, passphrase: string): Buffer => {
  const folder = mkdtempSync(path.join(tmpdir(), "http-connector-pki-"));
  const file = (name: string) => path.join(folder, name);
  try {
    writeFileSync(file("old.p12"), legacy);
    const pass = `pass:${passphrase}`;
    execFileSync("openssl", [
      "pkcs12",
      "-legacy",
      "-in",
      file("old.p12"),
      "-nodes",
      "-out",
      file("bundle.pem"),
      "-passin",
      pass,
    ]);
    execFileSync("openssl", [
      "pkcs12",
      "-export",
      "-in",
      file("bundle.pem"),
      "-out",
      file("new.p12"),
      "-passout",
      pass,
    ]);
    return readFileSync(file("new.p12"));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
};
