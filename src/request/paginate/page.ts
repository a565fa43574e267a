/**
 * One page of a walk: the request it is sent as (the step's own, with the page's URL or GraphQL
 * body), fetching it through the request builder, and reading its items and Stop When.
 */
import type { ActionContext } from "@prismatic-io/spectral";
import type { Deadline } from "../deadline";
import { parseJson } from "../decode/json";
import { ResponseFormatError } from "../errors";
import { followUpSpec } from "../followUp";
import { graphqlOutcome } from "../graphql";
import { type Performed, performRequest, readResponse } from "../index";
import { evaluateJmesPath, isTruthy, type JmesPathExpression } from "../jmespath";
import { overlay } from "../overlay";
import { isRedirectAnswer } from "../result";
import type { RequestSpec } from "../spec";
import { PaginationError } from "./errors";
import { itemsAt } from "./items";
import type { PageRead } from "./next";
import type { PaginationValues, Paging } from "./plan";
import type { PageRequest } from "./query";

/** Everything the paginating action hands over: a request (always read as JSON) and how to page it. */
export type PaginateSpec = Omit<RequestSpec, "responseType"> & PaginationValues;

/**
 * The request of one page: the step's own (connection, headers, body, retries, timeout, TLS,
 * proxy) with that page's URL. Credentials stay with the step's origin, as on a redirect.
 */
const pageSpec = (spec: PaginateSpec, request: PageRequest): RequestSpec => {
  const body = request.graphqlBody && { method: "POST" as const, bodyType: "json" as const, data: request.graphqlBody };
  return followUpSpec(
    spec,
    request.url,
    overlay(body ?? {}, { responseType: "json" as const, queryParams: request.queryParams }),
  );
};

/** Runs a step on a fetched page; its errors start with the request and the page number. */
export const onPage = <T>(performed: Performed, number: number, step: () => T): T => {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof PaginationError || error instanceof ResponseFormatError)) throw error;
    const message = performed.redactor.text(`${performed.prefix} (page ${number}) ${error.message}`);
    throw error instanceof PaginationError ? new PaginationError(message) : new ResponseFormatError(message);
  }
};

/**
 * Parses a page and takes its items; the parsed body is dropped with the page once the next one
 * is known. A GraphQL page with errors fails, as the GraphQL action does without partial data.
 */
const readPage = (performed: Performed, number: number, spec: PaginateSpec, paging: Paging): PageRead => {
  const { received, redactor } = performed;
  const body = readResponse(performed, () =>
    parseJson(received.body, received.headers["content-type"], spec.responseCharset),
  );
  if (paging.mode === "graphqlCursor") graphqlOutcome(body, false, `${performed.prefix} (page ${number})`, redactor);
  const items = onPage(performed, number, () => itemsAt(body, spec.itemsPath));
  return { number, url: new URL(received.url), headers: received.headers, body, items };
};

/** Whether Stop When holds on a page's body: JMESPath truthiness. */
export const stopsHere = (stopWhen: JmesPathExpression | undefined, body: unknown): boolean => {
  if (!stopWhen) return false;
  try {
    return isTruthy(evaluateJmesPath(stopWhen, body));
  } catch (error) {
    if (!(error instanceof ResponseFormatError)) throw error;
    throw new ResponseFormatError(`could not be checked with Stop When (stopWhen): ${error.message}`);
  }
};

/** One page fetched: its response and, unless it is a failing status returned as data, its items. */
export interface Fetched {
  performed: Performed;
  page?: PageRead;
}

/** Fetches and reads one page; a failing status returned as data (Fail On Error Status off) has no items. */
export const fetchPage = async (
  context: Pick<ActionContext, "logger">,
  spec: PaginateSpec,
  walk: { paging: Paging; deadline: Deadline },
  number: number,
  request: PageRequest,
): Promise<Fetched> => {
  const performed = await performRequest(context, pageSpec(spec, request), walk.deadline);
  const { status } = performed.received;
  if (status >= 400) return { performed };
  if (isRedirectAnswer(status)) {
    throw new PaginationError(
      performed.redactor.text(
        `${performed.prefix} (page ${number}) answered ${status}, a redirect, with Follow Redirects off; turn it on to follow it`,
      ),
    );
  }
  return { performed, page: readPage(performed, number, spec, walk.paging) };
};
