import { action } from "@prismatic-io/spectral";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpDelete = action({
  display: { label: "DELETE Request", description: "Issue a HTTP DELETE request" },
  inputs: { ...urlInputs, ...sharedInputs },
  examplePayload: EXAMPLES.deleted,
  perform: (context, inputs) => sendRequest(context, { method: "DELETE", ...inputs }),
});
