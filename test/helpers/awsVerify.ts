import aws4 from "aws4";
import { type Recorded, sha256 } from "./servers";

/** Loopback credentials in AWS's documented example shapes; none of them is a real key. */
export const AWS_KEYS = {
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY-loopback",
  sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ-loopback",
};

/**
 * Why a request's SigV4 signature does not hold, recomputed with another implementation (aws4)
 * from what arrived on the wire; undefined when it holds.
 * @example verifySigV4(last(api), "us-east-1", "execute-api", AWS_KEYS.sessionToken) // undefined
 */
export const verifySigV4 = (
  request: Recorded,
  region: string,
  service: string,
  sessionToken?: string,
): string | undefined => {
  const authorization = String(request.headers.authorization ?? "");
  const parts =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/[^/]+\/[^/]+\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=[0-9a-f]{64}$/.exec(
      authorization,
    );
  if (!parts) return "no SigV4 Authorization header";
  if (parts[1] !== AWS_KEYS.accessKeyId) return "another access key";
  const headers = Object.fromEntries(parts[2].split(";").map((name) => [name, String(request.headers[name] ?? "")]));
  const hash = String(request.headers["x-amz-content-sha256"]);
  if (hash !== sha256(request.body) && !(service === "s3" && hash === "UNSIGNED-PAYLOAD")) {
    return "x-amz-content-sha256 is not the hash of the body received";
  }
  // No body: aws4 would add a Content-Type of its own; the header above carries the hash.
  const recomputed = aws4.sign(
    { method: request.method, host: String(request.headers.host), path: request.url, headers, service, region },
    { accessKeyId: AWS_KEYS.accessKeyId, secretAccessKey: AWS_KEYS.secretAccessKey, sessionToken },
  );
  return recomputed.headers?.Authorization === authorization ? undefined : "the signature does not match";
};
