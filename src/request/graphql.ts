import type { ActionContext } from "@prismatic-io/spectral";
import type { KeyValue } from "../inputs/keyValues";
import { parseJson } from "./decode/json";
import { HttpConnectorError } from "./errors";
import { performRequest, readResponse } from "./index";
import { applySelection } from "./jmespath";
import type { Redactor } from "./masking/redactor";
import { overlay } from "./overlay";
import { type ActionResult, fullResponse, isRedirectAnswer, shapeResult, wantsFullResponse } from "./result";
import type { RequestSpec } from "./spec";

/** What the GraphQL action adds to a request. */
export interface GraphqlSpec {
  query: string;
  variables: KeyValue[];
  variablesObject: Record<string, unknown>;
  operationName?: string;
  allowPartialData: boolean;
}

/** The response carried GraphQL errors and partial data was not allowed; `errors` is masked like the message. */
export class GraphqlError extends HttpConnectorError {
  override name = "GraphqlError";
  constructor(
    message: string,
    readonly errors: unknown,
  ) {
    super(message);
  }
}

interface GraphqlResponse {
  data?: unknown;
  errors?: unknown[];
}

const MAX_LISTED_ERRORS = 5;

/**
 * The JSON body of a GraphQL POST (the GraphQL-over-HTTP convention).
 * @example graphqlBody({ query: "{ a }", variables: [], variablesObject: {}, allowPartialData: false }) // { query: "{ a }" }
 */
export const graphqlBody = (spec: GraphqlSpec): Record<string, unknown> => {
  const variables = {
    ...spec.variablesObject,
    ...Object.fromEntries(spec.variables.map(({ key, value }) => [key, value])),
  };
  return {
    query: spec.query,
    ...(Object.keys(variables).length > 0 ? { variables } : {}),
    ...(spec.operationName ? { operationName: spec.operationName } : {}),
  };
};

/** One error as a line: its message and, when given, where it happened. */
const describeError = (error: unknown): string => {
  const { message, path, locations } = (typeof error === "object" && error !== null ? error : {}) as Record<
    string,
    unknown
  >;
  const text = typeof message === "string" ? message : JSON.stringify(error);
  const at = Array.isArray(path) ? ` (path ${path.join(".")})` : "";
  const line =
    Array.isArray(locations) && locations[0] ? ` (line ${locations[0].line}, column ${locations[0].column})` : "";
  return `${text}${at || line}`;
};

/**
 * Splits a GraphQL response into what the step returns: `data` alone, `{ data, errors }` when
 * partial data is allowed, or an error listing the server's messages.
 * @example graphqlOutcome({ data: { a: 1 } }, false, "POST https://x/graphql", new Redactor([])) // { a: 1 }
 */
export const graphqlOutcome = (
  body: unknown,
  allowPartialData: boolean,
  prefix: string,
  redactor: Redactor,
): unknown => {
  const response = (typeof body === "object" && body !== null ? body : {}) as GraphqlResponse;
  const errors = Array.isArray(response.errors) ? response.errors : [];
  if (allowPartialData) return { data: response.data ?? null, errors };
  if (errors.length === 0) return response.data ?? null;
  const listed = errors.slice(0, MAX_LISTED_ERRORS).map(describeError).join("; ");
  const more = errors.length > MAX_LISTED_ERRORS ? ` (and ${errors.length - MAX_LISTED_ERRORS} more)` : "";
  throw new GraphqlError(redactor.text(`${prefix} returned GraphQL errors: ${listed}${more}`), redactor.json(errors));
};

/**
 * POSTs a GraphQL operation through the request builder and checks its `errors`; Select applies
 * to what would be returned without it (`data`, or `{ data, errors }` with partial data allowed).
 * @example await sendGraphql(context, { ...inputs, query: "{ viewer { login } }" })
 */
export const sendGraphql = async (
  context: Pick<ActionContext, "logger">,
  spec: Omit<RequestSpec, "method" | "responseType"> & GraphqlSpec,
): Promise<ActionResult> => {
  const performed = await performRequest(context, {
    ...spec,
    method: "POST",
    responseType: "json",
    bodyType: "json",
    data: graphqlBody(spec),
  });
  const options = overlay(spec, { method: "POST", responseType: "json" } as const);
  // A failing status the step returns as data is shaped like any other response.
  const { received, redactor, prefix } = performed;
  if (received.status >= 400 || isRedirectAnswer(received.status)) {
    return readResponse(performed, () => shapeResult(received, options, redactor, () => performed.curlCommand));
  }
  const body = readResponse(performed, () =>
    parseJson(received.body, received.headers["content-type"], spec.responseCharset),
  );
  const outcome = graphqlOutcome(body, spec.allowPartialData, prefix, redactor);
  const { select } = spec;
  const data = select ? readResponse(performed, () => applySelection(select, outcome)) : outcome;
  if (!wantsFullResponse(options)) return { data };
  return { data: fullResponse(received, data, redactor, spec.includeFullResponse ? performed.curlCommand : undefined) };
};
