import { input } from "@prismatic-io/spectral";
import { HTTP_METHODS, type HttpMethod } from "../request/spec";
import { withInputNames } from "./named";
import { toChoice } from "./values";

/** The generic request action's verb. */
export const methodInputs = withInputNames({
  method: input({
    label: "Method",
    placeholder: "Method",
    type: "string",
    required: true,
    default: "GET",
    model: HTTP_METHODS.map((value) => ({ label: value, value })),
    comments: "The HTTP method. HEAD returns the status and headers only.",
    example: "POST",
    clean: (value: unknown): HttpMethod => toChoice(value, HTTP_METHODS, "GET"),
  }),
});
