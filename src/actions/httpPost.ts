import { action } from "@prismatic-io/spectral";
import { dataInputs } from "../inputs/body";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpPost = action({
  display: { label: "POST Request", description: "Issue a HTTP POST request" },
  inputs: { ...urlInputs, ...dataInputs, ...sharedInputs },
  examplePayload: EXAMPLES.created,
  perform: (context, inputs) => sendRequest(context, { method: "POST", ...inputs }),
});
