import { readFileSync } from "node:fs";
import { readCertificates } from "./pem";

/** The certificates of each NODE_EXTRA_CA_CERTS file read so far: a file is read once per process. */
const filesRead = new Map<string, readonly string[]>();

const readRoots = (file: string): readonly string[] => {
  try {
    return readCertificates(readFileSync(file, "latin1")).pems;
  } catch {
    // Node warned at startup that it ignores a file it cannot load (missing, unreadable, not PEM); so does this.
    return [];
  }
};

/**
 * The PEM certificates NODE_EXTRA_CA_CERTS names, for a TLS context that adds CAs of its own and
 * would otherwise lose them; none when it is unset or cannot be read.
 * @example nodeExtraCaCerts() // ["-----BEGIN CERTIFICATE-----\n..."] with NODE_EXTRA_CA_CERTS=/etc/ssl/corp.pem
 */
export const nodeExtraCaCerts = (file = process.env.NODE_EXTRA_CA_CERTS): readonly string[] => {
  if (!file) return [];
  let roots = filesRead.get(file);
  if (!roots) {
    roots = readRoots(file);
    filesRead.set(file, roots);
  }
  return roots;
};
