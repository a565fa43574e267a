import { connection } from "@prismatic-io/spectral";

/**
 * Mutual TLS: the connection is a transport identity rather than a header. The certificate is
 * presented only to the step's origin, on connections pooled apart from every other identity.
 */
export const clientCertificate = connection({
  key: "clientCertificate",
  display: {
    label: "Client Certificate (mTLS)",
    description:
      "A client certificate presented in the TLS handshake (mutual TLS), for banks, payment processors, healthcare exchanges and B2B APIs that require one; optionally with a private CA and a static API key.",
  },
  inputs: {
    certificate: {
      label: "Certificate",
      placeholder: "-----BEGIN CERTIFICATE-----",
      type: "text",
      required: true,
      comments:
        "The client certificate as PEM (a chain is fine, the client's own certificate first), or a PKCS#12 / PFX bundle as base64 text; a file from an earlier step works too.",
      example: "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU...\n-----END CERTIFICATE-----",
    },
    privateKey: {
      label: "Private Key",
      placeholder: "-----BEGIN PRIVATE KEY-----",
      type: "password",
      required: false,
      comments:
        "The certificate's private key as PEM (PKCS#1, PKCS#8 or SEC1; it may be encrypted, with the passphrase below). Not needed with a PKCS#12 bundle, which holds its key.",
      example: "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEG...\n-----END PRIVATE KEY-----",
    },
    passphrase: {
      label: "Passphrase",
      placeholder: "Passphrase",
      type: "password",
      required: false,
      comments: "The passphrase of an encrypted private key or of the PKCS#12 bundle.",
      example: "correct-horse-battery-staple",
    },
    caCertificates: {
      label: "CA Certificates",
      placeholder: "-----BEGIN CERTIFICATE-----",
      type: "text",
      required: false,
      comments:
        "PEM certificates of the private CA that signed the server's certificate, trusted for the step's origin in addition to the system's roots. Verification stays on.",
      example: "-----BEGIN CERTIFICATE-----\nMIIBrjCCAVSgAwIBAgIU...\n-----END CERTIFICATE-----",
    },
    apiKeyHeader: {
      label: "API Key Header",
      placeholder: "X-API-Key",
      type: "string",
      required: false,
      comments:
        "A header to send a static API key in, along with the certificate (e.g. X-API-Key, or Authorization with the whole value in API Key). Sent only to the step's origin.",
      example: "X-API-Key",
    },
    apiKey: {
      label: "API Key",
      placeholder: "API Key",
      type: "password",
      required: false,
      comments: "The value of API Key Header.",
      example: "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
    },
  },
});
