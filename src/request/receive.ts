import type { ClientRequest, IncomingMessage } from "node:http";
import type { Deadline } from "./deadline";
import type { Exchanged } from "./exchange";
import { readBody } from "./readBody";
import type { ReceivedResponse } from "./result";
import { headerText } from "./target";

/** Statuses that never carry a body (RFC 9110 sections 15.3.5 and 15.4.5). */
const BODILESS_STATUSES: ReadonlySet<number> = new Set([204, 304]);

/**
 * Reads the final response of an exchange whole, within the deadline and the size limit.
 * @example const received = await receive(exchanged, deadline, 100 * 1024 * 1024)
 */
export const receive = async (
  { response, method, url }: Exchanged,
  deadline: Deadline,
  maxBytes: number,
): Promise<ReceivedResponse> => {
  // Node's own header object, copied: what axios made of it (AxiosHeaders) holds the same, at a cost.
  const headers: Record<string, unknown> = {
    ...((response.data as Partial<IncomingMessage>).headers ??
      (response.headers as { toJSON(): Record<string, unknown> }).toJSON()),
  };
  // The Content-Length of an answer to HEAD, or of a 204 or 304, describes a body that is never sent.
  const bodiless = method === "HEAD" || BODILESS_STATUSES.has(response.status);
  const length = bodiless ? 0 : Number(headers["content-length"]);
  const { bytes, decoded } = await readBody(response.data, {
    contentEncoding: bodiless ? undefined : headerText(headers["content-encoding"]),
    transferEncoding: bodiless ? undefined : headerText(headers["transfer-encoding"]),
    // What was sent on the wire, after axios: the request of the hop that answered.
    acceptEncoding: () =>
      headerText((response.request as Partial<ClientRequest> | undefined)?.getHeader?.("accept-encoding")),
    contentLength: Number.isSafeInteger(length) && length >= 0 ? length : undefined,
    maxBytes,
    deadline,
  });
  // The headers describe the data returned: once decoded, it is no longer gzip, nor of the compressed length.
  if (decoded) {
    delete headers["content-encoding"];
    delete headers["content-length"];
  }
  return { status: response.status, statusText: response.statusText ?? "", headers, body: bytes, url: url.href };
};
