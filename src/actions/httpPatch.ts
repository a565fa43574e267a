import { action } from "@prismatic-io/spectral";
import { dataInputs } from "../inputs/body";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpPatch = action({
  display: { label: "PATCH Request", description: "Issue a HTTP PATCH request" },
  inputs: { ...urlInputs, ...dataInputs, ...sharedInputs },
  examplePayload: EXAMPLES.item,
  perform: (context, inputs) => sendRequest(context, { method: "PATCH", ...inputs }),
});
