import { checkHeaderName } from "../../inputs/keyValues";
import { InvalidValue } from "../../inputs/values";
import { type ClientIdentity, readIdentity } from "../../tls/identity";
import type { Authenticate, Credentials } from "../credentials";
import type { CheckedConnection } from "../fields";
import { connectionProblem, inHeader, optionalText, pemText, textField } from "../read";

/** The static key a client certificate connection may send too, in the header it names. */
const certificateApiKey = (connection: CheckedConnection): Credentials => {
  const header = textField(connection, "apiKeyHeader");
  const key = optionalText(connection, "apiKey");
  if (!header && !key) return { headers: {}, query: [], secrets: [] };
  if (!header || !key) throw connectionProblem(connection, "needs both API Key Header and API Key, or neither");
  try {
    checkHeaderName(header, 0);
  } catch {
    throw connectionProblem(connection, 'field "API Key Header" is not a valid header name');
  }
  return inHeader(connection, 'field "API Key"', header, key, [key]);
};

/** Mutual TLS: the certificate becomes the transport's identity; a PKCS#12 bundle holds a key, so its text is secret. */
export const clientCertificateAuth: Authenticate = (connection) => {
  const { certificate } = connection.fields;
  if (typeof certificate !== "string" && !Buffer.isBuffer(certificate)) {
    throw connectionProblem(connection, "has no Certificate");
  }
  let identity: ClientIdentity;
  try {
    identity = readIdentity({
      certificate,
      privateKey: optionalText(connection, "privateKey"),
      passphrase: optionalText(connection, "passphrase"),
      caCertificates: pemText(connection, "caCertificates"),
    });
  } catch (error) {
    if (error instanceof InvalidValue) throw connectionProblem(connection, error.message);
    throw error;
  }
  const bundleText = identity.material.pfx && typeof certificate === "string" ? [certificate.trim()] : [];
  const apiKey = certificateApiKey(connection);
  return { ...apiKey, secrets: [...apiKey.secrets, ...bundleText], identity };
};
