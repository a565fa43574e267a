import { action } from "@prismatic-io/spectral";
import { dataInputs, multipartInputs } from "../inputs/body";
import { methodInputs } from "../inputs/method";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpRequest = action({
  display: {
    label: "HTTP Request",
    description: "Issue a request with any method (GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS) and any body type",
  },
  inputs: { ...urlInputs, ...methodInputs, ...dataInputs, ...multipartInputs, ...sharedInputs },
  examplePayload: EXAMPLES.created,
  perform: (context, inputs) => sendRequest(context, inputs),
});
