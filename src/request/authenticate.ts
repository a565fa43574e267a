import type { ActionContext } from "@prismatic-io/spectral";
import { type Credentials, credentialsFor } from "../connections/auth";
import type { PostTokenRequest, TokenRequest } from "../connections/tokens";
import type { Deadline } from "./deadline";
import { InputError, RequestFailedError } from "./errors";
import type { RequestSpec } from "./spec";

type Context = Pick<ActionContext, "logger">;
type Send = (context: Context, spec: RequestSpec, deadline: Deadline) => Promise<{ data: unknown }>;

/**
 * A token request as a request of this builder: the step's transport settings (TLS, proxy,
 * timeout, retries, debug) with the token URL, a form body, and its secrets masked.
 * @example tokenSpec(spec, { tokenUrl, fields, headers, secrets }).bodyType // "form-urlencoded"
 */
export const tokenSpec = (spec: RequestSpec, request: TokenRequest): RequestSpec => ({
  ...spec,
  method: "POST",
  url: request.tokenUrl,
  queryParams: [],
  headers: request.headers,
  connection: undefined,
  bodyType: "form-urlencoded",
  data: undefined,
  formFields: request.fields,
  formData: undefined,
  fileData: undefined,
  responseType: "json",
  includeFullResponse: false,
  failOnErrorStatus: true,
  // A token endpoint answers at once; a 202 from it is a failure to read, not an operation to wait for.
  waitForCompletion: false,
  secrets: [...(spec.secrets ?? []), ...request.secrets],
  credentialExchange: true,
});

/**
 * The credentials a request carries: the connection's, fetching a token through `send` when the
 * connection needs one (within the step's deadline); without a connection, `user:password@`
 * from the URL.
 * @example await credentialsOf(context, spec, undefined, sendRequest, deadline)
 */
export const credentialsOf = async (
  context: Context,
  spec: RequestSpec,
  fromUrl: Credentials | undefined,
  send: Send,
  deadline: Deadline,
): Promise<Credentials> => {
  if (!spec.connection && fromUrl) return fromUrl;
  const postTokenRequest: PostTokenRequest = async (request) =>
    (await send(context, tokenSpec(spec, request), deadline)).data;
  try {
    return await credentialsFor(spec.connection, postTokenRequest);
  } catch (error) {
    if (error instanceof InputError || !(error instanceof Error)) throw error;
    throw new RequestFailedError(`the connection could not get an access token: ${error.message}`);
  }
};
