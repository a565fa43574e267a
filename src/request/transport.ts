import http from "node:http";
import https from "node:https";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { checkHop, guardedLookup } from "./guard";

/** The choices that change how a connection is made, and so which agent carries it. */
export interface TransportOptions {
  verifyTls: boolean;
  /** The proxy the user named; undefined falls back to HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  proxyUrl?: URL;
  /** Refuse connections to loopback, private and other non-public addresses (see guard.ts). */
  blockPrivateNetworks: boolean;
  connectTimeoutMs: number;
}

/**
 * Agents live for the life of the process, one per combination of protocol, TLS verification,
 * proxy and guard, so a warm process reuses connections. Verification is a property of the
 * agent, never of the process: an insecure request cannot weaken a concurrent one.
 */
const agents = new Map<string, http.Agent>();

/**
 * https-proxy-agent replaces the agent's `options`, which is where Node looks for TLS settings of
 * the tunnelled connection, so verification is set there again for the target server.
 */
const tunnelAgent = (proxy: string, verifyTls: boolean, common: http.AgentOptions): http.Agent => {
  const agent = new HttpsProxyAgent(proxy, common);
  (agent.options as https.AgentOptions).rejectUnauthorized = verifyTls;
  return agent;
};

const createAgent = (secure: boolean, verifyTls: boolean, proxy: string | undefined, guarded: boolean): http.Agent => {
  // The guard judges the address each connection resolves to, inside the connection itself.
  const common: http.AgentOptions = guarded ? { keepAlive: true, lookup: guardedLookup() } : { keepAlive: true };
  if (proxy === undefined) {
    return secure ? new https.Agent({ ...common, rejectUnauthorized: verifyTls }) : new http.Agent(common);
  }
  // HTTPS goes through a CONNECT tunnel, so the proxy never sees the exchange; plain HTTP is forwarded.
  return secure ? tunnelAgent(proxy, verifyTls, common) : new HttpProxyAgent(proxy, common);
};

/** The proxy a request to `target` goes through, if any. */
export const proxyFor = (target: URL, options: Pick<TransportOptions, "proxyUrl">): string | undefined =>
  options.proxyUrl?.href ?? (getProxyForUrl(target.href) || undefined);

/** The environment's proxy is the operator's and may be private; a proxy named in the step is checked like any target. */
const guardsConnection = (options: TransportOptions, proxy: string | undefined): boolean =>
  options.blockPrivateNetworks && (proxy === undefined || options.proxyUrl !== undefined);

/**
 * The agent that carries a request to `target`.
 * @example agentFor(new URL("https://api.example.com"), { verifyTls: true, blockPrivateNetworks: false, connectTimeoutMs: 30000 })
 */
export const agentFor = (target: URL, options: TransportOptions): http.Agent => {
  const secure = target.protocol === "https:";
  const proxy = proxyFor(target, options);
  const guarded = guardsConnection(options, proxy);
  // The guard is part of the key: a kept-alive socket an unguarded step opened to a private host must never serve a guarded one.
  const key = [
    secure ? "https" : "http",
    secure && !options.verifyTls ? "unverified" : "verified",
    proxy ?? "direct",
    guarded ? "guarded" : "open",
  ].join(" ");
  let agent = agents.get(key);
  if (!agent) {
    agent = createAgent(secure, options.verifyTls, proxy, guarded);
    agents.set(key, agent);
  }
  return agent;
};

/**
 * What a hop needs checked before it is sent when private networks are blocked; names reached
 * directly are judged by the agent's lookup, on the connection itself.
 * @example await checkBeforeSending(new URL("http://[::1]/"), options) // throws with the guard on
 */
export const checkBeforeSending = async (target: URL, options: TransportOptions): Promise<void> => {
  if (!options.blockPrivateNetworks) return;
  const proxy = proxyFor(target, options);
  await checkHop(target, {
    proxy: proxy === undefined ? undefined : new URL(proxy),
    proxyFromInput: options.proxyUrl !== undefined,
  });
};
