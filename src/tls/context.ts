import tls from "node:tls";
import { nodeExtraCaCerts } from "./extraRoots";
import type { ClientIdentity } from "./identity";
import type { TrustedCas } from "./pem";

/** Node's secure context keeps the root store it was made with; this adds certificates to it. */
interface NativeContext {
  addCACert: (pem: string) => void;
}

/**
 * The TLS context of connections that present a client certificate or trust extra CAs. Node's
 * `ca` option would replace the system's roots; adding to a context made without it keeps
 * Node's bundled roots and trusts the extra CAs as well. The first added CA makes Node copy its
 * store from the bundled roots alone, without NODE_EXTRA_CA_CERTS (which Node adds to its shared
 * store only), so those are added back from their file.
 * @example secureContextFor(identity, [stepCas]) // passed to the agent as `secureContext`
 */
export const secureContextFor = (
  identity: ClientIdentity | undefined,
  extraCas: ReadonlyArray<TrustedCas | undefined>,
): tls.SecureContext => {
  const context = tls.createSecureContext({ ...identity?.material });
  const native = context.context as NativeContext;
  const pems = [...extraCas, identity?.cas].flatMap((cas) => cas?.pems ?? []);
  // Without CAs to add, the context keeps Node's shared store, extra roots included.
  if (pems.length === 0) return context;
  for (const pem of [...nodeExtraCaCerts(), ...pems]) native.addCACert(pem);
  return context;
};
