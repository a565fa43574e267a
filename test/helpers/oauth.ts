import { randomUUID } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type MutableResponse, OAuth2Server } from "oauth2-mock-server";
import { startServer, type TestServer } from "./servers";

/** One request to the token endpoint, as the authorization server parsed it. */
export interface SeenTokenRequest {
  /** The form fields of the body (grant_type, username, ...). */
  fields: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The client credentials of an `Authorization: Basic` header, if the request had one. */
  basic?: { clientId: string; clientSecret: string };
}

export interface TokenServer {
  /** The token endpoint, e.g. http://127.0.0.1:40123/token */
  tokenUrl: string;
  /** Every token request, in order. */
  requests: SeenTokenRequest[];
  /** Every access token handed out, in order. */
  issued: string[];
  /** Changes every later answer, e.g. a short lifetime or a refusal. */
  answerWith: (change: (response: MutableResponse, request: SeenTokenRequest) => void) => void;
  close: () => Promise<void>;
}

const basicCredentials = (authorization: string | undefined): SeenTokenRequest["basic"] => {
  const encoded = /^Basic (.+)$/i.exec(authorization ?? "")?.[1];
  if (!encoded) return undefined;
  const decoded = Buffer.from(encoded, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
};

/**
 * A real OAuth 2.0 authorization server (oauth2-mock-server) on a free loopback port. Each token
 * it issues is a distinct signed JWT, so a refetched token can be told from the one before.
 */
export const startTokenServer = async (): Promise<TokenServer> => {
  const server = new OAuth2Server();
  await server.issuer.keys.generate("RS256");
  await server.start(0, "127.0.0.1");
  const requests: SeenTokenRequest[] = [];
  const issued: string[] = [];
  let change: (response: MutableResponse, request: SeenTokenRequest) => void = () => undefined;

  // Two tokens signed in the same second would otherwise be identical.
  server.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    token.payload.jti = randomUUID();
  });
  server.service.on(
    "beforeResponse",
    (response: MutableResponse, req: { body: Record<string, string>; headers: IncomingHttpHeaders }) => {
      const seen = {
        fields: { ...req.body },
        headers: req.headers,
        basic: basicCredentials(req.headers.authorization),
      };
      requests.push(seen);
      change(response, seen);
      const token = response.statusCode === 200 && response.body !== "" ? response.body.access_token : undefined;
      if (typeof token === "string") issued.push(token);
    },
  );

  return {
    tokenUrl: `http://127.0.0.1:${server.address().port}/token`,
    requests,
    issued,
    answerWith: (next) => {
      change = next;
    },
    close: () => server.stop(),
  };
};

export interface ProtectedApi extends TestServer {
  /** Makes the API refuse a token it would otherwise accept (a revoked one, say), with 401 or `status`. */
  refuse: (rule: (token: string) => boolean, status?: number) => void;
  /** The bearer tokens the API received, in order. */
  tokensSeen: () => string[];
}

/**
 * An API that accepts only `Authorization: Bearer <token>` with a token the authorization server
 * issued: 200 with `{ ok: true }`, else 401 `{ error: "invalid_token" }` (or the status a refusal
 * rule was given: some APIs answer an expired token with 403).
 */
export const startProtectedApi = async (tokens: Pick<TokenServer, "issued">): Promise<ProtectedApi> => {
  let refused: (token: string) => boolean = () => false;
  let refusedStatus = 401;
  const bearerOf = (authorization: string | undefined) => /^Bearer (.+)$/.exec(authorization ?? "")?.[1];
  const server = await startServer((request, response) => {
    const token = bearerOf(request.headers.authorization);
    const known = token !== undefined && tokens.issued.includes(token);
    const accepted = known && !refused(token);
    response.writeHead(accepted ? 200 : known ? refusedStatus : 401, { "content-type": "application/json" });
    response.end(JSON.stringify(accepted ? { ok: true } : { error: "invalid_token" }));
  });
  return {
    ...server,
    refuse: (rule, status = 401) => {
      refused = rule;
      refusedStatus = status;
    },
    tokensSeen: () => server.requests.map((request) => bearerOf(request.headers.authorization) ?? ""),
  };
};
