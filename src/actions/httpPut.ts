import { action } from "@prismatic-io/spectral";
import { dataInputs } from "../inputs/body";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpPut = action({
  display: { label: "PUT Request", description: "Issue a HTTP PUT request" },
  inputs: { ...urlInputs, ...dataInputs, ...sharedInputs },
  examplePayload: EXAMPLES.replaced,
  perform: (context, inputs) => sendRequest(context, { method: "PUT", ...inputs }),
});
