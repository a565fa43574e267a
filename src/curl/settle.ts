import { InvalidValue } from "../inputs/values";
import { toBasicAuth, toProxyUrl } from "./arguments";
import type { Draft } from "./draft";

/** A connection the command stands for (`--oauth2-bearer`, `--digest`, `--aws-sigv4`): a connection key and its fields. */
export interface CurlConnection {
  key: "bearerToken" | "digestAuth" | "awsSignatureV4";
  fields: Record<string, string>;
  /** The field values that are secrets, masked wherever the step reports. */
  secrets: string[];
}

/** curl's `--aws-sigv4 "aws:amz:REGION:SERVICE"`; the region and service are required here. */
const AWS_PROVIDER = /^([^:]+):([^:]+):([^:]+):([^:]+)$/;

const awsConnection = (draft: Draft, value: string, user: { username: string; password: string }): CurlConnection => {
  const match = AWS_PROVIDER.exec(value.trim());
  if (!match) {
    throw new InvalidValue(
      'has --aws-sigv4 without a region and service; write it as --aws-sigv4 "aws:amz:REGION:SERVICE", e.g. "aws:amz:us-east-1:execute-api"',
    );
  }
  // The signer adds x-amz-security-token itself, from the session token.
  const token = draft.custom.find(({ key }) => key.toLowerCase() === "x-amz-security-token");
  draft.custom = draft.custom.filter((header) => header !== token);
  const fields = {
    accessKeyId: user.username,
    secretAccessKey: user.password,
    ...(token ? { sessionToken: token.value } : {}),
    region: match[3],
    service: match[4],
  };
  return { key: "awsSignatureV4", fields, secrets: [user.password, ...(token ? [token.value] : [])] };
};

/**
 * -u, --digest, --aws-sigv4 and --oauth2-bearer: Basic credentials, or the connection they stand
 * for. Errors never quote a credential.
 * @example settleAuth(draftOf("curl --oauth2-bearer t https://x.test")).connection?.key // "bearerToken"
 */
export const settleAuth = (
  draft: Draft,
): { basicAuth?: { username: string; password: string }; connection?: CurlConnection } => {
  const user = draft.user && toBasicAuth(draft.user.value, draft.user.typed);
  if (draft.bearer !== undefined) {
    if (user || draft.digest || draft.awsSigv4) {
      throw new InvalidValue("combines --oauth2-bearer with -u, --digest or --aws-sigv4; give one way to authenticate");
    }
    return { connection: { key: "bearerToken", fields: { token: draft.bearer }, secrets: [draft.bearer] } };
  }
  if (draft.digest && draft.awsSigv4) throw new InvalidValue("combines --digest with --aws-sigv4; give one of them");
  if ((draft.digest || draft.awsSigv4) && !user) {
    throw new InvalidValue(`has ${draft.digest ? "--digest" : "--aws-sigv4"} without -u 'user:password' to sign with`);
  }
  if (user && draft.digest) {
    const fields = { username: user.username, password: user.password };
    return { connection: { key: "digestAuth", fields, secrets: [user.password] } };
  }
  if (user && draft.awsSigv4) return { connection: awsConnection(draft, draft.awsSigv4, user) };
  return { basicAuth: user };
};

/**
 * -x with -U's `user:password`; -U without -x names no proxy here, and the notes say so.
 * @example settleProxy(draftOf("curl -x p.test:3128 -U u:p https://x.test"))?.href // "http://u:p@p.test:3128/"
 */
export const settleProxy = (draft: Draft): URL | undefined => {
  const proxy = draft.proxy === undefined ? undefined : toProxyUrl(draft.proxy);
  if (!draft.proxyUser) return proxy;
  if (!proxy) {
    draft.notes.push("-U (--proxy-user) is not applicable: the command names no proxy with -x");
    return undefined;
  }
  const { username, password } = toBasicAuth(draft.proxyUser, "-U");
  const withUser = new URL(proxy.href);
  withUser.username = encodeURIComponent(username);
  withUser.password = encodeURIComponent(password);
  return withUser;
};
