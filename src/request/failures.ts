import { maxHeaderSize } from "node:http";
import { alertOf, alertReason } from "../tls/alerts";
import type { Deadline } from "./deadline";

/** Plain-language reasons for the network failures users meet most. */
const REASONS: Record<string, string> = {
  ECONNREFUSED: "the connection was refused; is the server running and the port right?",
  ECONNRESET: "the server closed the connection unexpectedly",
  EPIPE: "the server closed the connection while the request was being sent",
  ETIMEDOUT: "the connection timed out",
  ENOTFOUND: "the host name could not be resolved",
  EAI_AGAIN: "the host name could not be resolved (DNS did not answer)",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ERR_SOCKET_CONNECTION_TIMEOUT: "the connection timed out",
};

const TLS_CODES =
  /^(CERT_|ERR_TLS_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_(GET|VERIFY)|HOSTNAME_MISMATCH|ERR_SSL_)/;

/** Where the server's own certificate could not be trusted, a private CA is the usual cause. */
const serverCertificateReason = (code: string, message: string): string =>
  `the server's TLS certificate was not accepted (${code}: ${message}); fix the certificate, give the CA that signed it in CA Certificates, or for testing only turn on "Ignore SSL Errors"`;

const codeOf = (error: unknown): string | undefined => {
  const record = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = record?.code ?? record?.cause?.code;
  return typeof code === "string" ? code : undefined;
};

/** Node's HTTP parser (llhttp) names each way a response can break HTTP's rules with an HPE_ code. */
const PARSE_ERROR = /^HPE_/;
const KB = 1024;

/** What each parse error means, in words: why the response could not be read. */
const PARSE_REASONS: Record<string, string> = {
  HPE_INVALID_CHUNK_SIZE: "bad chunk size",
  HPE_UNEXPECTED_CONTENT_LENGTH: "more than one Content-Length, or Content-Length with Transfer-Encoding",
  HPE_INVALID_CONTENT_LENGTH: "a Content-Length that is not a number",
  HPE_INVALID_TRANSFER_ENCODING: "Transfer-Encoding with Content-Length, or a Transfer-Encoding it cannot read",
  HPE_INVALID_VERSION: "a bad HTTP version",
  HPE_INVALID_STATUS: "a bad status code",
  HPE_INVALID_HEADER_TOKEN: "a header with characters HTTP does not allow",
  HPE_CR_EXPECTED: "a line that does not end with CRLF",
  HPE_LF_EXPECTED: "a line that does not end with CRLF",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "chunk extensions that are too large",
  HPE_INVALID_EOF_STATE: "the connection closed in the middle of the response",
  HPE_UNEXPECTED_SPACE: "a space where HTTP does not allow one",
};

/**
 * True for an error of Node's HTTP parser: the server's bytes are not a valid HTTP response.
 * @example isParseError(Object.assign(new Error("Parse Error"), { code: "HPE_INVALID_CHUNK_SIZE" })) // true
 */
export const isParseError = (error: unknown): boolean => PARSE_ERROR.test(codeOf(error) ?? "");

/** llhttp's own words, without Node's "Parse Error: " start: the fallback for a code not listed. */
const parserWords = (message: string): string => message.replace(/^Parse Error:\s*/, "");

const parseReason = (code: string, message: string): string => {
  // Node's limit bounds the memory a response's headers take; it can only be raised for the whole process.
  if (code === "HPE_HEADER_OVERFLOW") {
    return `the response headers are larger than ${Math.round(maxHeaderSize / KB)} KB, Node's limit (${code})`;
  }
  // The very first bytes were not "HTTP/": most often a port that speaks another protocol, or TLS.
  if (code === "HPE_INVALID_CONSTANT") {
    return `the server's answer is not HTTP; is the port right, or does it expect https? (${code})`;
  }
  return `the server sent a malformed response (${PARSE_REASONS[code] ?? parserWords(message)}; ${code})`;
};

/**
 * Says in plain words why an exchange failed without a response: timeout, refused connection,
 * untrusted certificate and so on. The result is a reason, to be prefixed with what was sent.
 * @example describeFailure(Object.assign(new Error(), { code: "ECONNREFUSED" }), deadline).reason
 */
export const describeFailure = (error: unknown, deadline: Deadline): { reason: string; code?: string } => {
  if (deadline.expired) {
    return { reason: `no complete response within the ${deadline.timeoutMs} ms timeout`, code: "ETIMEDOUT" };
  }
  const code = codeOf(error);
  const message = error instanceof Error ? error.message : String(error);
  // An alert is the server refusing this side (its certificate, or none), under TLS 1.3 as an
  // ERR_SSL_ code and under TLS 1.2 as EPROTO with OpenSSL's text: both read the same.
  const alert = alertOf(code, message);
  if (code && alert) return { reason: alertReason(alert, code), code };
  if (code && TLS_CODES.test(code)) return { reason: serverCertificateReason(code, message), code };
  if (code && PARSE_ERROR.test(code)) return { reason: parseReason(code, message), code };
  if (code && REASONS[code]) return { reason: `${REASONS[code]} (${code})`, code };
  return { reason: code ? `${message} (${code})` : message, code };
};
