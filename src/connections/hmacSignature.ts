import { connection } from "@prismatic-io/spectral";

/** The hashes an HMAC Signature connection signs with. */
export const HMAC_ALGORITHMS = ["sha256", "sha1", "sha512"] as const;
export const DEFAULT_HMAC_ALGORITHM = "sha256";
/** How the signature's bytes are written in its header. */
export const HMAC_ENCODINGS = ["hex", "base64"] as const;
export const DEFAULT_HMAC_ENCODING = "hex";
/** Stripe's scheme: the timestamp, a dot, and the body exactly as sent. */
export const DEFAULT_STRING_TO_SIGN = "{timestamp}.{body}";
export const DEFAULT_SIGNATURE_HEADER = "X-Signature";
export const DEFAULT_TIMESTAMP_HEADER = "X-Timestamp";
export const DEFAULT_NONCE_HEADER = "X-Nonce";

/**
 * An HMAC over a canonical string built from each attempt (webhook-style partner APIs, payment
 * providers, crypto exchanges): signed again for every retry and redirect, with a fresh
 * timestamp and nonce.
 */
export const hmacSignature = connection({
  key: "hmacSignature",
  display: {
    label: "HMAC Signature",
    description:
      "Signs every request with an HMAC (SHA-256, SHA-1 or SHA-512) over a string built from its method, path, exact body bytes, a timestamp and a nonce, sent in a header of your choice: for webhook-style partner APIs, payment providers and crypto exchanges.",
  },
  inputs: {
    secret: {
      label: "Secret",
      placeholder: "Signing secret",
      type: "password",
      required: true,
      comments: "The shared signing secret, used as the HMAC key exactly as typed (its UTF-8 bytes).",
      example: "whsec_5WbX5kEWLlfzsGNjH64I8lOOqUB6e8FH",
    },
    algorithm: {
      label: "Algorithm",
      placeholder: "Algorithm",
      type: "string",
      required: false,
      default: DEFAULT_HMAC_ALGORITHM,
      model: HMAC_ALGORITHMS.map((value) => ({ label: `HMAC-${value.toUpperCase()}`, value })),
      comments: "The hash of the HMAC.",
      example: "sha256",
    },
    encoding: {
      label: "Encoding",
      placeholder: "Encoding",
      type: "string",
      required: false,
      default: DEFAULT_HMAC_ENCODING,
      model: [
        { label: "Hex (lower case)", value: "hex" },
        { label: "Base64", value: "base64" },
      ],
      comments: "How the signature is written in its header.",
      example: "hex",
    },
    stringToSign: {
      label: "String to Sign",
      placeholder: DEFAULT_STRING_TO_SIGN,
      type: "string",
      required: false,
      default: DEFAULT_STRING_TO_SIGN,
      comments:
        "What is signed, as a template: {method} (upper case), {path} (path and query exactly as sent), {body} (the exact body bytes; empty without a body), {timestamp} (Unix seconds) and {nonce} (fresh random hex). Type \\n for a line break and \\\\ for a backslash; any other {word} is an error. Default: {timestamp}.{body}, as Stripe signs.",
      example: "{method}\\n{path}\\n{timestamp}\\n{body}",
    },
    signatureHeader: {
      label: "Signature Header",
      placeholder: DEFAULT_SIGNATURE_HEADER,
      type: "string",
      required: false,
      default: DEFAULT_SIGNATURE_HEADER,
      comments: "The header that carries the signature.",
      example: "X-Signature",
    },
    signaturePrefix: {
      label: "Signature Prefix",
      placeholder: "sha256=",
      type: "string",
      required: false,
      comments: "Written before the signature in its header, as GitHub's sha256= or Slack's v0=. Empty: none.",
      example: "sha256=",
    },
    timestampHeader: {
      label: "Timestamp Header",
      placeholder: DEFAULT_TIMESTAMP_HEADER,
      type: "string",
      required: false,
      default: DEFAULT_TIMESTAMP_HEADER,
      comments:
        "The header that carries the timestamp {timestamp} stands for, so the server can recompute the signature; sent when String to Sign uses {timestamp}.",
      example: "X-Timestamp",
    },
    nonceHeader: {
      label: "Nonce Header",
      placeholder: DEFAULT_NONCE_HEADER,
      type: "string",
      required: false,
      default: DEFAULT_NONCE_HEADER,
      comments: "The header that carries the nonce {nonce} stands for; sent when String to Sign uses {nonce}.",
      example: "X-Nonce",
    },
  },
});
