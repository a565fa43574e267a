import { createPublicKey, type KeyObject, randomBytes, verify } from "node:crypto";
import { startServer, type TestServer } from "./servers";

/**
 * A token endpoint for the JWT bearer grant (RFC 7523) that verifies each assertion itself,
 * with node:crypto on the JWS signing input (RFC 7515 section 5.2), not with the library the
 * component signs with: a signature only jose could read, or a claim jose put in by itself,
 * would fail here.
 */

export const JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";

/** One assertion as the server received and checked it. */
export interface SeenAssertion {
  /** The token request's form fields. */
  fields: Record<string, string>;
  assertion: string;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  /** Whether the signature verified with the expected public key and the header's algorithm. */
  signatureValid: boolean;
  /** Seconds since the epoch at which the server got it. */
  receivedAt: number;
}

export interface JwtTokenServer extends TestServer {
  tokenUrl: string;
  seen: SeenAssertion[];
  /** Every access token handed out, in order. */
  issued: string[];
  /** Answers the next token requests with this status and body (made from the form fields) instead of a token. */
  failWith: (status: number, body: (fields: Record<string, string>) => unknown) => void;
}

const decodePart = (part: string): Record<string, unknown> => {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return {};
  }
};

/** RS256 is PKCS#1 v1.5 with SHA-256; ES256 is ECDSA P-256 with the signature as r || s (RFC 7518 section 3.4). */
const verifies = (signingInput: string, signature: Buffer, alg: unknown, key: KeyObject): boolean => {
  if (alg === "RS256" && key.asymmetricKeyType === "rsa")
    return verify("sha256", Buffer.from(signingInput), key, signature);
  if (alg === "ES256" && key.asymmetricKeyType === "ec") {
    return verify("sha256", Buffer.from(signingInput), { key, dsaEncoding: "ieee-p1363" }, signature);
  }
  return false;
};

/**
 * Starts the endpoint on a free loopback port; it accepts assertions signed by `publicKey`
 * (PEM or KeyObject) and answers each with a fresh bearer token valid for an hour.
 */
export const startJwtTokenServer = async (publicKey: KeyObject | string): Promise<JwtTokenServer> => {
  const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
  const seen: SeenAssertion[] = [];
  const issued: string[] = [];
  let failure: { status: number; body: (fields: Record<string, string>) => unknown } | undefined;
  const server = await startServer((request, response) => {
    const fields = Object.fromEntries(new URLSearchParams(request.body.toString("utf8")));
    const assertion = fields.assertion ?? "";
    const [headerPart = "", claimsPart = "", signaturePart = ""] = assertion.split(".");
    const header = decodePart(headerPart);
    const signatureValid = verifies(
      `${headerPart}.${claimsPart}`,
      Buffer.from(signaturePart, "base64url"),
      header.alg,
      key,
    );
    seen.push({
      fields,
      assertion,
      header,
      claims: decodePart(claimsPart),
      signatureValid,
      receivedAt: Math.floor(Date.now() / 1000),
    });
    const answer = (status: number, body: unknown) =>
      response.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
    if (failure) return answer(failure.status, failure.body(fields));
    if (fields.grant_type !== JWT_BEARER || !signatureValid) return answer(400, { error: "invalid_grant" });
    const token = `at-${randomBytes(12).toString("hex")}`;
    issued.push(token);
    return answer(200, { access_token: token, token_type: "Bearer", expires_in: 3600 });
  });
  return {
    ...server,
    tokenUrl: `${server.url}/token`,
    seen,
    issued,
    failWith: (status, body) => {
      failure = { status, body };
    },
  };
};
