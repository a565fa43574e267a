import { input } from "@prismatic-io/spectral";
import { HTTP_METHODS, type HttpMethod } from "../request/spec";
import { withInputNames } from "./named";
import { toChoice } from "./values";

/** The methods a paginated read is sent with: HEAD and OPTIONS answer no items to walk. */
export const PAGE_METHODS = ["GET", "POST"] as const satisfies readonly HttpMethod[];

/** A Method input offering `methods`, each refused value naming the ones offered. */
const methodInput = <M extends HttpMethod>(methods: readonly M[], comments: string) =>
  input({
    label: "Method",
    placeholder: "Method",
    type: "string",
    required: true,
    default: "GET",
    model: methods.map((value) => ({ label: value, value })),
    comments,
    example: "POST",
    clean: (value: unknown): M => toChoice(value, methods, methods[0]),
  });

/** The generic request action's verb. */
export const methodInputs = withInputNames({
  method: methodInput(HTTP_METHODS, "The HTTP method. HEAD returns the status and headers only."),
});

/** Fetch All Pages' verb: GET, or POST for APIs that take the search in the body (Elasticsearch, Notion). */
export const pageMethodInputs = withInputNames({
  method: methodInput(
    PAGE_METHODS,
    "The HTTP method of every page request: GET, or POST for APIs that take the query in the body; the same body is sent with each page. GraphQL cursor mode always POSTs its Query.",
  ),
});
