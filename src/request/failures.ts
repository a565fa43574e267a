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

const codeOf = (error: unknown): string | undefined => {
  const record = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = record?.code ?? record?.cause?.code;
  return typeof code === "string" ? code : undefined;
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
  if (code && TLS_CODES.test(code)) {
    return {
      reason: `the server's TLS certificate was not accepted (${code}: ${message}); fix the certificate, or for testing only turn on "Ignore SSL Errors"`,
      code,
    };
  }
  if (code && REASONS[code]) return { reason: `${REASONS[code]} (${code})`, code };
  return { reason: code ? `${message} (${code})` : message, code };
};
