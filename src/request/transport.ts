import http from "node:http";
import https from "node:https";
import net from "node:net";
import tls from "node:tls";
import { HttpProxyAgent } from "http-proxy-agent";
import { HttpsProxyAgent } from "https-proxy-agent";
import { getProxyForUrl } from "proxy-from-env";
import { secureContextFor } from "../tls/context";
import type { ClientIdentity } from "../tls/identity";
import type { TrustedCas } from "../tls/pem";
import { checkHop, guardedLookup } from "./guard";

/** The choices that change how a connection is made, and so which agent carries it. */
export interface TransportOptions {
  verifyTls: boolean;
  /** The proxy the user named; undefined falls back to HTTP_PROXY, HTTPS_PROXY and NO_PROXY. */
  proxyUrl?: URL;
  /** Refuse connections to loopback, private and other non-public addresses (see guard.ts). */
  blockPrivateNetworks: boolean;
  connectTimeoutMs: number;
  /** The step's CA Certificates: trusted for every hop, in addition to the system's roots. */
  trustedCas?: TrustedCas;
  /** The proxy environment when the request began. */
  environment: ProxyEnvironment;
}

/**
 * Agents live for the life of the process, one per combination of protocol, TLS verification,
 * client identity, trusted CAs, proxy and guard, so a warm process reuses connections.
 * Verification and identity are properties of the agent, never of the process: an insecure
 * request cannot weaken a concurrent one, and a socket that presented a certificate never
 * serves a step with another certificate, or none.
 */
const agents = new Map<string, http.Agent>();

/** What the TLS of a secure agent is made of. */
interface TlsChoice {
  verifyTls: boolean;
  identity?: ClientIdentity;
  trustedCas?: TrustedCas;
}

/** The TLS options of a secure agent: a context of its own only when it presents or trusts more. */
const tlsOptionsOf = ({ verifyTls, identity, trustedCas }: TlsChoice): https.AgentOptions => ({
  rejectUnauthorized: verifyTls,
  ...(identity || trustedCas ? { secureContext: secureContextFor(identity, [trustedCas]) } : {}),
});

type TunnelOptions = Parameters<HttpsProxyAgent<string>["connect"]>[1];

/**
 * A CONNECT tunnel whose target's certificate is checked against the target. https-proxy-agent
 * drops `host` before the TLS upgrade and, as TLS requires, names no servername for an IP
 * address: Node would then check the certificate against "localhost". For an IP address the
 * check is made against the address itself.
 */
class TunnelAgent extends HttpsProxyAgent<string> {
  override connect(request: http.ClientRequest, options: TunnelOptions): Promise<net.Socket> {
    const { host } = options;
    if (!options.secureEndpoint || !host || net.isIP(host) === 0) return super.connect(request, options);
    const checkServerIdentity = (_name: string, certificate: tls.PeerCertificate) =>
      tls.checkServerIdentity(host, certificate);
    return super.connect(request, { ...options, checkServerIdentity });
  }
}

/**
 * https-proxy-agent replaces the agent's `options`, which is where Node looks for TLS settings of
 * the tunnelled connection, so they are set there again for the target server.
 */
const tunnelAgent = (proxy: string, tlsOptions: https.AgentOptions, common: http.AgentOptions): http.Agent => {
  const agent = new TunnelAgent(proxy, common);
  Object.assign(agent.options, tlsOptions);
  return agent;
};

type ForwardedRequest = Parameters<HttpProxyAgent<string>["setRequestProps"]>[0];
type ForwardOptions = Parameters<HttpProxyAgent<string>["setRequestProps"]>[1];

/**
 * Plain HTTP forwarded through a proxy, whose request line names the target as the request
 * does. http-proxy-agent writes that absolute URL by resolving the path against the Host header
 * (`new URL(path, "http://" + host)`): a path that starts with `//` then names another host, so
 * `http://api.example.com//10.0.0.1/x` would be fetched by the proxy from 10.0.0.1, past the
 * private-network guard (which judged api.example.com) and with the step's credentials; and dot
 * segments would be resolved away, so the path asked for is not the one typed. Here the line is
 * the target's origin followed by the path exactly as the request sends it.
 */
class ForwardingAgent extends HttpProxyAgent<string> {
  override setRequestProps(request: ForwardedRequest, options: ForwardOptions): void {
    const { path } = request;
    super.setRequestProps(request, options);
    const host = net.isIPv6(options.host ?? "") ? `[${options.host}]` : options.host;
    const defaultPort = options.secureEndpoint ? 443 : 80;
    const port = options.port === defaultPort ? "" : `:${options.port}`;
    request.path = `${options.secureEndpoint ? "https:" : "http:"}//${host}${port}${path}`;
  }
}

/**
 * Pooled connections, with TCP keep-alive probes after the minute of quiet axios sets on every
 * request's socket. With Node's default (one second) the agent and axios would set the socket
 * back and forth on every request, two system calls each time; agreeing makes both no-ops.
 */
const KEEP_ALIVE: http.AgentOptions = { keepAlive: true, keepAliveMsecs: 60_000 };

const createAgent = (
  secure: boolean,
  tlsChoice: TlsChoice,
  proxy: string | undefined,
  guarded: boolean,
): http.Agent => {
  // The guard judges the address each connection resolves to, inside the connection itself.
  const common: http.AgentOptions = guarded ? { ...KEEP_ALIVE, lookup: guardedLookup() } : KEEP_ALIVE;
  if (proxy === undefined) {
    return secure ? new https.Agent({ ...common, ...tlsOptionsOf(tlsChoice) }) : new http.Agent(common);
  }
  // HTTPS goes through a CONNECT tunnel, so the proxy never sees the exchange; plain HTTP is forwarded.
  return secure ? tunnelAgent(proxy, tlsOptionsOf(tlsChoice), common) : new ForwardingAgent(proxy, common);
};

/** What proxy-from-env reads for http and https targets, in both spellings. */
const PROXY_VARIABLES = [
  "no_proxy",
  "NO_PROXY",
  "http_proxy",
  "HTTP_PROXY",
  "https_proxy",
  "HTTPS_PROXY",
  "all_proxy",
  "ALL_PROXY",
];
/**
 * A variable that names a proxy URL, in any case: HTTP_PROXY, https_proxy, ALL_PROXY, and the
 * like of other tools (FTP_PROXY, npm_config_proxy); NO_PROXY names hosts, not a proxy.
 */
const PROXY_URL_VARIABLE = /(?:^|_)proxy$/i;
const NO_PROXY_VARIABLE = /^no_proxy$/i;

/** Origins whose environment proxy is remembered; beyond this the memory starts again. */
const MAX_REMEMBERED_ORIGINS = 256;

/**
 * The proxy environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY, ALL_PROXY) as one request sees it,
 * with the proxy of each origin worked out once: proxy-from-env parses the URL and NO_PROXY on
 * every call, and a request asks several times. The same object serves every request while the
 * environment stays as it is; a change (a test, a process that sets HTTPS_PROXY late) is seen
 * by the next request.
 */
export class ProxyEnvironment {
  private readonly proxies = new Map<string, string | undefined>();

  private constructor(readonly variables: string) {}

  private static current: ProxyEnvironment | undefined;

  /** The environment now: read once per request. */
  static read(): ProxyEnvironment {
    let variables = "";
    for (const name of PROXY_VARIABLES) variables += `${process.env[name] ?? ""}\n`;
    if (ProxyEnvironment.current?.variables !== variables) ProxyEnvironment.current = new ProxyEnvironment(variables);
    return ProxyEnvironment.current;
  }

  proxyFor(target: URL): string | undefined {
    const origin = `${target.protocol}//${target.host}`;
    if (this.proxies.has(origin)) return this.proxies.get(origin);
    if (this.proxies.size >= MAX_REMEMBERED_ORIGINS) this.proxies.clear();
    const proxy = getProxyForUrl(origin) || undefined;
    this.proxies.set(origin, proxy);
    return proxy;
  }

  /**
   * Every proxy the environment names, in any variable and any case, and every one this
   * environment chose for a hop: a redirect may leave NO_PROXY for a host that goes through one,
   * so the secrets of all are known, whichever hop uses them. Read only when something is masked.
   * @example ProxyEnvironment.read().allProxies() // ["http://user:pw@proxy.test:3128"] with that HTTP_PROXY
   */
  allProxies(): string[] {
    const named = Object.entries(process.env)
      .filter(([name]) => PROXY_URL_VARIABLE.test(name) && !NO_PROXY_VARIABLE.test(name))
      .map(([, value]) => value);
    const values = [...named, ...this.proxies.values()];
    return [...new Set(values)].filter((value): value is string => typeof value === "string" && value.trim() !== "");
  }
}

/** The proxy a request to `target` goes through, if any: the step's own, else the environment's. */
export const proxyFor = (
  target: URL,
  options: Pick<TransportOptions, "proxyUrl" | "environment">,
): string | undefined => options.proxyUrl?.href ?? options.environment.proxyFor(target);

/** The environment's proxy is the operator's and may be private; a proxy named in the step is checked like any target. */
const guardsConnection = (options: TransportOptions, proxy: string | undefined): boolean =>
  options.blockPrivateNetworks && (proxy === undefined || options.proxyUrl !== undefined);

/**
 * The agent that carries a request to `target`; `identity` is the client certificate to present,
 * given only for the step's own origin.
 * @example agentFor(new URL("https://api.example.com"), { verifyTls: true, blockPrivateNetworks: false, connectTimeoutMs: 30000 })
 */
export const agentFor = (target: URL, options: TransportOptions, identity?: ClientIdentity): http.Agent => {
  const secure = target.protocol === "https:";
  const proxy = proxyFor(target, options);
  const guarded = guardsConnection(options, proxy);
  // A plain-HTTP hop has no TLS: neither identity nor CAs may split its pool.
  const tlsChoice: TlsChoice = secure
    ? { verifyTls: options.verifyTls, identity, trustedCas: options.trustedCas }
    : { verifyTls: true };
  // The guard is part of the key: a kept-alive socket an unguarded step opened to a private host must never serve a guarded one.
  const key = [
    secure ? "https" : "http",
    secure && !options.verifyTls ? "unverified" : "verified",
    tlsChoice.identity ? `identity:${tlsChoice.identity.key}` : "anonymous",
    tlsChoice.trustedCas ? `cas:${tlsChoice.trustedCas.key}` : "system-roots",
    proxy ?? "direct",
    guarded ? "guarded" : "open",
  ].join(" ");
  let agent = agents.get(key);
  if (!agent) {
    agent = createAgent(secure, tlsChoice, proxy, guarded);
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
