import tls from "node:tls";
import type { ClientIdentity } from "./identity";
import type { TrustedCas } from "./pem";

/** Node's secure context keeps the root store it was made with; this adds certificates to it. */
interface NativeContext {
  addCACert: (pem: string) => void;
}

/**
 * The TLS context of connections that present a client certificate or trust extra CAs. Node's
 * `ca` option would replace the system's roots; adding to a context made without it keeps them
 * (NODE_EXTRA_CA_CERTS included) and trusts the extra CAs as well.
 * @example secureContextFor(identity, [stepCas]) // passed to the agent as `secureContext`
 */
export const secureContextFor = (
  identity: ClientIdentity | undefined,
  extraCas: ReadonlyArray<TrustedCas | undefined>,
): tls.SecureContext => {
  const context = tls.createSecureContext({ ...identity?.material });
  const native = context.context as NativeContext;
  for (const cas of [...extraCas, identity?.cas]) {
    for (const pem of cas?.pems ?? []) native.addCACert(pem);
  }
  return context;
};
