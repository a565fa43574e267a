import { createHmac, randomBytes } from "node:crypto";
import { shellQuote } from "../../curl/format";
import { headerValueProblem } from "../../inputs/keyValues";
import { InvalidValue } from "../../inputs/values";
import { type Attempt, bodyBytes, type Signed } from "../../request/attempt";
import type { Authenticate } from "../credentials";
import type { CheckedConnection } from "../fields";
import {
  DEFAULT_HMAC_ALGORITHM,
  DEFAULT_HMAC_ENCODING,
  DEFAULT_NONCE_HEADER,
  DEFAULT_SIGNATURE_HEADER,
  DEFAULT_STRING_TO_SIGN,
  DEFAULT_TIMESTAMP_HEADER,
} from "../hmacSignature";
import { connectionProblem, headerNameProblem, optionalText, requiredField, textField } from "../read";
import { parseTemplate, placeholdersOf, renderTemplate } from "./hmacTemplate";

/** Random bytes behind each attempt's {nonce}, written as hex. */
const NONCE_BYTES = 16;
const MS_PER_SECOND = 1000;

/** A header-name field, or its default when blank; refused, naming the field, when it is no header name. */
const headerNameField = (connection: CheckedConnection, field: string, label: string, fallback: string): string => {
  const name = textField(connection, field) || fallback;
  const problem = headerNameProblem(name);
  if (problem) throw connectionProblem(connection, `field "${label}" ${problem}`);
  return name;
};

const templateOf = (connection: CheckedConnection) => {
  try {
    return parseTemplate(optionalText(connection, "stringToSign") ?? DEFAULT_STRING_TO_SIGN);
  } catch (error) {
    if (error instanceof InvalidValue) throw connectionProblem(connection, `field "String to Sign" ${error.message}`);
    throw error;
  }
};

/** Everything read from the connection, checked before anything is sent. */
const settingsOf = (connection: CheckedConnection) => {
  const secret = requiredField(connection, "secret", "Secret");
  const prefix = optionalText(connection, "signaturePrefix") ?? "";
  const problem = headerValueProblem(prefix);
  if (problem) throw connectionProblem(connection, `field "Signature Prefix" ${problem}`);
  const pieces = templateOf(connection);
  const uses = placeholdersOf(pieces);
  const headers = {
    signature: headerNameField(connection, "signatureHeader", "Signature Header", DEFAULT_SIGNATURE_HEADER),
    timestamp: uses.has("timestamp")
      ? headerNameField(connection, "timestampHeader", "Timestamp Header", DEFAULT_TIMESTAMP_HEADER)
      : undefined,
    nonce: uses.has("nonce")
      ? headerNameField(connection, "nonceHeader", "Nonce Header", DEFAULT_NONCE_HEADER)
      : undefined,
  };
  const names = [headers.signature, headers.timestamp, headers.nonce].flatMap((name) =>
    name ? [name.toLowerCase()] : [],
  );
  if (new Set(names).size < names.length) {
    throw connectionProblem(connection, "names one header for two of Signature, Timestamp and Nonce Header");
  }
  return {
    secret,
    prefix,
    pieces,
    readsBody: uses.has("body"),
    headers,
    algorithm: textField(connection, "algorithm") || DEFAULT_HMAC_ALGORITHM,
    encoding: (textField(connection, "encoding") || DEFAULT_HMAC_ENCODING) as "hex" | "base64",
  };
};

type Settings = ReturnType<typeof settingsOf>;

/** Signs one attempt: a fresh timestamp and nonce, the exact bytes of its path and body. */
const signAttempt = (settings: Settings, attempt: Attempt): Signed => {
  const timestamp = String(Math.floor(Date.now() / MS_PER_SECOND));
  const nonce = randomBytes(NONCE_BYTES).toString("hex");
  const signed = renderTemplate(settings.pieces, {
    method: attempt.method.toUpperCase(),
    path: `${attempt.url.pathname}${attempt.url.search}`,
    // Only a template that signs the body reads it: a multipart form is then built in memory once more.
    body: settings.readsBody ? bodyBytes(attempt.body) : Buffer.alloc(0),
    timestamp,
    nonce,
  });
  const signature = createHmac(settings.algorithm, settings.secret).update(signed).digest(settings.encoding);
  const value = `${settings.prefix}${signature}`;
  const { headers } = settings;
  return {
    headers: {
      [headers.signature]: value,
      ...(headers.timestamp ? { [headers.timestamp]: timestamp } : {}),
      ...(headers.nonce ? { [headers.nonce]: nonce } : {}),
    },
    secrets: [signature, value],
  };
};

/** How the debug cURL command shows the headers the signer adds: placeholders, since each attempt has its own. */
const curlFlagsOf = ({ headers, prefix, algorithm, encoding }: Settings): string[] =>
  [
    [headers.signature, `${prefix}<HMAC-${algorithm.toUpperCase()} ${encoding} signature>`],
    [headers.timestamp, "<Unix timestamp>"],
    [headers.nonce, "<nonce>"],
  ].flatMap(([name, shown]) => (name ? [`-H ${shellQuote(`${name}: ${shown}`)}`] : []));

/** The HMAC Signature entry: nothing up front; every attempt to the step's origin signed last. */
export const hmacSignatureAuth: Authenticate = (connection) => {
  const settings = settingsOf(connection);
  return {
    headers: {},
    query: [],
    secrets: [settings.secret],
    sign: (attempt) => signAttempt(settings, attempt),
    curlFlags: curlFlagsOf(settings),
  };
};
