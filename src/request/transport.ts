import http from "node:http";
import https from "node:https";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";

/** The choices that change how a connection is made, and so which agent carries it. */
export interface TransportOptions {
  verifyTls: boolean;
  /** The proxy the user named; undefined falls back to HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  proxyUrl?: URL;
}

/**
 * Agents live for the life of the process, one per combination of protocol, TLS verification
 * and proxy, so a warm process reuses connections. Verification is a property of the agent,
 * never of the process: an insecure request cannot weaken a concurrent one.
 */
const agents = new Map<string, http.Agent>();

/**
 * https-proxy-agent replaces the agent's `options`, which is where Node looks for TLS settings of
 * the tunnelled connection, so verification is set there again for the target server.
 */
const tunnelAgent = (proxy: string, verifyTls: boolean): http.Agent => {
  const agent = new HttpsProxyAgent(proxy, { keepAlive: true });
  (agent.options as https.AgentOptions).rejectUnauthorized = verifyTls;
  return agent;
};

const createAgent = (secure: boolean, verifyTls: boolean, proxy: string | undefined): http.Agent => {
  const common = { keepAlive: true };
  if (proxy === undefined) {
    return secure ? new https.Agent({ ...common, rejectUnauthorized: verifyTls }) : new http.Agent(common);
  }
  // HTTPS goes through a CONNECT tunnel, so the proxy never sees the exchange; plain HTTP is forwarded.
  return secure ? tunnelAgent(proxy, verifyTls) : new HttpProxyAgent(proxy, common);
};

/** The proxy a request to `target` goes through, if any. */
export const proxyFor = (target: URL, options: TransportOptions): string | undefined =>
  options.proxyUrl?.href ?? (getProxyForUrl(target.href) || undefined);

/**
 * The agent that carries a request to `target`.
 * @example agentFor(new URL("https://api.example.com"), { verifyTls: true }) // a keep-alive https.Agent
 */
export const agentFor = (target: URL, options: TransportOptions): http.Agent => {
  const secure = target.protocol === "https:";
  const proxy = proxyFor(target, options);
  const key = `${secure ? "https" : "http"} ${secure && !options.verifyTls ? "unverified" : "verified"} ${proxy ?? "direct"}`;
  let agent = agents.get(key);
  if (!agent) {
    agent = createAgent(secure, options.verifyTls, proxy);
    agents.set(key, agent);
  }
  return agent;
};
