/**
 * The opt-in private-network guard: refuses connections to loopback, link-local (cloud
 * metadata at 169.254.169.254), RFC 1918, unique-local and every other address that is not
 * public unicast, so a step cannot be pointed at the platform's own network.
 *
 * The check sits in the connection itself: agents get `guardedLookup()`, so the address judged
 * is the address connected to, with no second resolution in between (no DNS-rebinding race),
 * and every redirect hop is covered because every hop connects through an agent. Node never
 * calls `lookup` for an IP literal, so literals are judged by `checkLiteralHost` before a hop.
 */
import dns from "node:dns";
import net, { type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { RequestFailedError } from "./errors";

/** The error code of every refusal, for branching and for not retrying one. */
export const PRIVATE_NETWORK_BLOCKED = "ERR_PRIVATE_NETWORK_BLOCKED";

/** The platform operator's switch; when it forbids, the step's input cannot allow. */
export const GUARD_ENV_VAR = "HTTP_CONNECTOR_BLOCK_PRIVATE_NETWORKS";

/** Values of the variable that leave the decision to the input; any other value forbids. */
const ENV_VALUES_THAT_DEFER = new Set(["", "false", "0", "no", "off"]);

/** The only ipaddr.js range that is reachable on the public internet. */
const PUBLIC_RANGE = "unicast";

/** Well-known NAT64 (RFC 6052): the IPv4 address reached sits in the last 32 bits. */
const NAT64_PREFIX = ipaddr.IPv6.parseCIDR("64:ff9b::/96");

/** Deprecated IPv4-compatible IPv6 (RFC 4291 §2.5.5.1); ipaddr.js calls it unicast, but it never is. */
const IPV4_COMPATIBLE_PREFIX = ipaddr.IPv6.parseCIDR("::/96");
const IPV4_COMPATIBLE_RANGE = "ipv4Compatible";

/** What the guard makes of one address: the ipaddr.js range name, and whether it is refused. */
export interface AddressVerdict {
  blocked: boolean;
  range: string;
}

/** Resolves a name to every address it has, with the shape of `dns.lookup(name, { all: true }, cb)`. */
export type Resolver = (
  hostname: string,
  options: dns.LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: dns.LookupAddress[]) => void,
) => void;

/**
 * Whether the guard applies to a step: the operator's variable wins when it forbids; when it
 * is absent or says false, the step's "Block Private Networks" input decides. An unrecognised
 * value forbids: an operator who set the variable at all meant to turn the guard on.
 * @example isGuardOn(false, { HTTP_CONNECTOR_BLOCK_PRIVATE_NETWORKS: "true" }) // true
 */
export const isGuardOn = (inputValue: boolean, env: NodeJS.ProcessEnv = process.env): boolean =>
  operatorForbids(env) || inputValue;

const operatorForbids = (env: NodeJS.ProcessEnv): boolean => {
  const value = env[GUARD_ENV_VAR];
  return value !== undefined && !ENV_VALUES_THAT_DEFER.has(value.trim().toLowerCase());
};

/** The IPv4 address an IPv6 address stands for (mapped or well-known NAT64), if it stands for one. */
const embeddedIPv4 = (address: ipaddr.IPv6): ipaddr.IPv4 | undefined => {
  if (!address.isIPv4MappedAddress() && !address.match(NAT64_PREFIX)) return undefined;
  return ipaddr.IPv4.parse(address.toByteArray().slice(-4).join("."));
};

const rangeOf = (address: ipaddr.IPv4 | ipaddr.IPv6): string => {
  if (!(address instanceof ipaddr.IPv6)) return address.range();
  const inner = embeddedIPv4(address);
  if (inner) return inner.range();
  const range = address.range();
  return range === PUBLIC_RANGE && address.match(IPV4_COMPATIBLE_PREFIX) ? IPV4_COMPATIBLE_RANGE : range;
};

/**
 * Classifies one IP address. Only public unicast is allowed; an IPv6 address that carries an
 * IPv4 one (mapped, NAT64) is judged by the IPv4 address it reaches. Text that is not an
 * address is refused, so a surprise from a resolver can never pass as public.
 * @example classifyAddress("::ffff:10.0.0.7") // { blocked: true, range: "private" }
 */
export const classifyAddress = (ip: string): AddressVerdict => {
  if (!ipaddr.isValid(ip)) return { blocked: true, range: "not an IP address" };
  const range = rangeOf(ipaddr.parse(ip));
  return { blocked: range !== PUBLIC_RANGE, range };
};

const howToAllow = (env: NodeJS.ProcessEnv): string =>
  operatorForbids(env)
    ? `this platform does not allow (its operator set ${GUARD_ENV_VAR}); only the operator can allow it`
    : `this step does not allow because "Block Private Networks" is on; turn it off to allow it`;

/**
 * The refusal of one address, saying what was refused and how it can be allowed.
 * @example blockedError("10.0.0.7", "private").message
 * // "the address 10.0.0.7 (private) is on a private or reserved network, which this step does not allow ..."
 */
export const blockedError = (
  address: string,
  range: string,
  hostname?: string,
  env: NodeJS.ProcessEnv = process.env,
): RequestFailedError => {
  const what =
    hostname === undefined
      ? `the address ${address} (${range}) is`
      : `${hostname} resolves to ${address} (${range}), an address`;
  return new RequestFailedError(
    `${what} on a private or reserved network, which ${howToAllow(env)}`,
    PRIVATE_NETWORK_BLOCKED,
  );
};

/** The IP literal a URL names, without IPv6 brackets, or undefined for a host name. */
const literalOf = (url: URL): string | undefined => {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  // The same test Node applies to decide that a host needs no lookup.
  return net.isIP(host) === 0 ? undefined : host;
};

/**
 * Refuses a URL whose host is a blocked IP literal. The WHATWG parser has already turned
 * decimal, hex, octal and shortened IPv4 (`http://0x7f.1/`) into dotted form.
 * @example checkLiteralHost(new URL("http://2130706433/")) // throws: the address 127.0.0.1 (loopback) ...
 */
export const checkLiteralHost = (url: URL, env: NodeJS.ProcessEnv = process.env): void => {
  const literal = literalOf(url);
  if (literal === undefined) return;
  const { blocked, range } = classifyAddress(literal);
  if (blocked) throw blockedError(literal, range, undefined, env);
};

/** The refusal for the first blocked address of a name's answer, if any is blocked. */
const refusalOf = (hostname: string, addresses: dns.LookupAddress[], env: NodeJS.ProcessEnv): Error | undefined => {
  if (addresses.length === 0) {
    return Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND", hostname });
  }
  for (const { address } of addresses) {
    const { blocked, range } = classifyAddress(address);
    if (blocked) return blockedError(address, range, hostname, env);
  }
  return undefined;
};

/**
 * A `lookup` for sockets and agents that refuses a name when ANY of its addresses is blocked,
 * so a name cannot mix a public answer with a private one for the connection to pick.
 * It always asks for every address, then answers in the form the caller asked for.
 * @example new http.Agent({ keepAlive: true, lookup: guardedLookup() })
 */
export const guardedLookup =
  (resolve: Resolver = dns.lookup, env: NodeJS.ProcessEnv = process.env): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      const failure = error ?? refusalOf(hostname, addresses, env);
      if (failure) return callback(failure, options.all ? [] : "");
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0].address, addresses[0].family);
    });
  };

const resolveAll = (resolve: Resolver, hostname: string): Promise<dns.LookupAddress[]> =>
  new Promise((settle, fail) => {
    resolve(hostname, { all: true }, (error, addresses) => (error ? fail(error) : settle(addresses)));
  });

/**
 * Best-effort check of a target that a proxy will resolve: the proxy connects, so our lookup
 * never sees the target's address. The name is resolved here and refused if any answer is
 * blocked, or if it cannot be resolved here, since an unverified name must not pass.
 * @example await checkProxiedTarget(new URL("http://metadata.internal/")) // throws if it resolves privately
 */
export const checkProxiedTarget = async (
  url: URL,
  resolve: Resolver = dns.lookup,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> => {
  checkLiteralHost(url, env);
  if (literalOf(url) !== undefined) return;
  let addresses: dns.LookupAddress[];
  try {
    addresses = await resolveAll(resolve, url.hostname);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "no answer";
    throw new RequestFailedError(
      `${url.hostname} could not be resolved (${code}) to check that it is not on a private network before sending it through the proxy; with private networks blocked, an unchecked name is refused`,
      PRIVATE_NETWORK_BLOCKED,
    );
  }
  const refusal = refusalOf(url.hostname, addresses, env);
  if (refusal) throw refusal;
};

/** How a hop leaves this process: directly, or through a proxy and whose. */
export interface Route {
  /** The proxy the hop goes through; undefined for a direct connection. */
  proxy?: URL;
  /** True when the step's input named the proxy; the environment's proxy is the operator's and trusted. */
  proxyFromInput?: boolean;
}

/**
 * The checks a hop needs before it is sent when the guard is on; the agent's `guardedLookup`
 * does the rest on the connection itself.
 * @example await checkHop(hop.url, { proxy: undefined }) // throws for http://[::1]/
 */
export const checkHop = async (target: URL, route: Route, resolve: Resolver = dns.lookup): Promise<void> => {
  if (route.proxy === undefined) return checkLiteralHost(target);
  if (route.proxyFromInput) checkLiteralHost(route.proxy);
  await checkProxiedTarget(target, resolve);
};
