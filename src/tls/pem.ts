import { createHash, X509Certificate } from "node:crypto";
import { InvalidValue, toText } from "../inputs/values";
import { asFilePayload } from "../request/payload";

const CERTIFICATE_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/** A certificate as logs and errors describe it: who, signed by whom, until when. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
}

/** Distinguished names as one line: `CN=client.example, O=Acme`. */
const oneLine = (name: string): string => name.split("\n").filter(Boolean).join(", ");

/**
 * What a log line says of a certificate.
 * @example summarize(new X509Certificate(pem)).subject // "CN=client.example"
 */
export const summarize = (certificate: X509Certificate): CertificateSummary => ({
  subject: oneLine(certificate.subject),
  issuer: oneLine(certificate.issuer),
  validFrom: new Date(certificate.validFrom),
  validTo: new Date(certificate.validTo),
});

/**
 * The text of a PEM value, typed or a file from an earlier step (bytes or `{ data, contentType }`):
 * the CA Certificates input and the connection's PEM fields read files the same way.
 * @example pemTextOf({ data: Buffer.from(caPem), contentType: "application/x-pem-file" }) // caPem
 */
export const pemTextOf = (value: unknown): string => {
  const file = asFilePayload(value);
  return file ? file.bytes.toString("utf8") : toText(value);
};

/** True when the text holds PEM blocks rather than base64 of a binary bundle. */
export const isPem = (text: string): boolean => text.includes("-----BEGIN");

/**
 * The PEM certificates of a text, each checked to parse; the reasons read after a field's name.
 * @example readCertificates(bundle).length // 2
 */
export const readCertificates = (text: string): { pems: string[]; certificates: X509Certificate[] } => {
  const pems = text.match(CERTIFICATE_BLOCK) ?? [];
  if (pems.length === 0) throw new InvalidValue("holds no PEM certificate (-----BEGIN CERTIFICATE----- ...)");
  const certificates = pems.map((pem, index) => {
    try {
      return new X509Certificate(pem);
    } catch {
      throw new InvalidValue(`has a PEM certificate that does not parse (certificate ${index + 1})`);
    }
  });
  return { pems, certificates };
};

/** CA certificates trusted beyond the system's roots, with a key that tells one set from another. */
export interface TrustedCas {
  /** A hash of the certificates: part of the agent key, so sets never share connections. */
  key: string;
  pems: string[];
}

/**
 * Reads a PEM bundle of CA certificates to trust in addition to the system's roots.
 * @example readTrustedCas(pemBundle).pems.length // 1
 */
export const readTrustedCas = (text: string): TrustedCas => {
  const { pems } = readCertificates(text);
  const key = createHash("sha256").update(pems.join("\n")).digest("hex");
  return { key, pems };
};
