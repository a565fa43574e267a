import tls from "node:tls";

/** A TLS alert the server ended the handshake with, as OpenSSL names it: `unknown ca`, number 48. */
export interface TlsAlert {
  number: number;
  /** Absent when OpenSSL's text gave only the number. */
  name?: string;
}

/** What the user can do about the client certificate, said after the alert it answers. */
const CHECK_CERTIFICATE =
  "check in the Client Certificate connection that it is the one the API issued, signed by a CA the server trusts, and not expired or revoked";
const USE_CONNECTION = "use the Client Certificate (mTLS) connection";

/** An alert as OpenSSL names it, and what it means for the user; `seen` is the alert and Node's code. */
interface AlertMeaning {
  name: string;
  meaning: (seen: string) => string;
}

/**
 * The alerts (RFC 8446 §6.2) a server sends about the client certificate, or about the
 * handshake as a whole, by number. `seen` reads e.g. `TLS alert 48 "unknown ca", EPROTO`.
 */
const ALERTS: Record<number, AlertMeaning> = {
  40: {
    name: "handshake failure",
    // Over TLS 1.2 this is how a server that requires a certificate says none came (1.3 has alert 116).
    meaning: (seen) =>
      `the server ended the TLS handshake (${seen}): it requires a client certificate and none was presented (${USE_CONNECTION}), it did not accept the one presented, or it shares no cipher with the connector`,
  },
  42: {
    name: "bad certificate",
    meaning: (seen) => `the server did not accept the client certificate (${seen}); ${CHECK_CERTIFICATE}`,
  },
  43: {
    name: "unsupported certificate",
    meaning: (seen) =>
      `the server does not support the client certificate's type (${seen}); ask the API which key type and usage it accepts`,
  },
  44: {
    name: "certificate revoked",
    meaning: (seen) => `the server says the client certificate was revoked (${seen}); ask the API for a new one`,
  },
  45: {
    name: "certificate expired",
    meaning: (seen) =>
      `the server says the client certificate has expired (${seen}); put a renewed one in the Client Certificate connection`,
  },
  46: {
    name: "certificate unknown",
    meaning: (seen) => `the server did not accept the client certificate (${seen}); ${CHECK_CERTIFICATE}`,
  },
  48: {
    name: "unknown ca",
    meaning: (seen) =>
      `the server does not trust the CA that signed the client certificate (${seen}); ${CHECK_CERTIFICATE}, and give the whole chain (the certificate followed by its intermediates) in the Certificate field`,
  },
  49: {
    name: "access denied",
    meaning: (seen) =>
      `the server refused access to the client certificate it was given (${seen}); check that this certificate is the one registered with the API for this account`,
  },
  70: {
    name: "protocol version",
    meaning: (seen) =>
      `the server speaks no TLS version the connector does (${tls.DEFAULT_MIN_VERSION} to ${tls.DEFAULT_MAX_VERSION}) (${seen})`,
  },
  116: {
    name: "certificate required",
    meaning: (seen) => `the server requires a client certificate and none was presented (${seen}); ${USE_CONNECTION}`,
  },
};

/** The number of an alert named in Node's code, for a message that does not give it. */
const numberNamed = (name: string): number =>
  Number(Object.entries(ALERTS).find(([, alert]) => alert.name === name)?.[0] ?? Number.NaN);

/** Node's code for an alert under TLS 1.3: `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`. */
const ALERT_CODE = /^ERR_SSL_(?:SSLV3|TLSV1|TLSV13)_ALERT_([A-Z_]+)$/;
/** OpenSSL's text, which under TLS 1.2 Node gives as a bare EPROTO: `...:tlsv1 alert unknown ca:...SSL alert number 48`. */
const ALERT_TEXT = /(?:sslv3|tlsv1|tlsv13) alert ([a-z ]+?):/i;
const ALERT_NUMBER = /SSL alert number (\d+)/;

/**
 * The alert a failed handshake ended with, read from Node's code or, when the code is a bare
 * EPROTO, from OpenSSL's text; undefined for any other failure.
 * @example alertOf("EPROTO", "...:sslv3 alert bad certificate:...SSL alert number 42") // { number: 42, name: "bad certificate" }
 */
export const alertOf = (code: string | undefined, message: string): TlsAlert | undefined => {
  const fromCode = ALERT_CODE.exec(code ?? "")?.[1]
    ?.toLowerCase()
    .replaceAll("_", " ");
  if (code !== "EPROTO" && fromCode === undefined) return undefined;
  const name = fromCode ?? ALERT_TEXT.exec(message)?.[1]?.toLowerCase();
  const given = ALERT_NUMBER.exec(message)?.[1];
  const number = given !== undefined ? Number(given) : name !== undefined ? numberNamed(name) : Number.NaN;
  if (!Number.isInteger(number)) return undefined;
  return name === undefined ? { number } : { number, name };
};

/**
 * In plain words, what the server meant by an alert and what to check; `code` is Node's, kept
 * in the text so a search for it still finds the reason.
 * @example alertReason({ number: 48, name: "unknown ca" }, "EPROTO") // 'the server does not trust the CA ... (TLS alert 48 "unknown ca", EPROTO); ...'
 */
export const alertReason = (alert: TlsAlert, code: string): string => {
  const seen = `TLS alert ${alert.number}${alert.name ? ` "${alert.name}"` : ""}, ${code}`;
  return ALERTS[alert.number]?.meaning(seen) ?? `the server ended the TLS handshake (${seen})`;
};
