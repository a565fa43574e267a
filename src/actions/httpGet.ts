import { action } from "@prismatic-io/spectral";
import { EXAMPLES } from "./examples";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";

export const httpGet = action({
  display: { label: "GET Request", description: "Issue a HTTP GET request" },
  inputs: { ...urlInputs, ...sharedInputs },
  examplePayload: EXAMPLES.list,
  perform: (context, inputs) => sendRequest(context, { method: "GET", ...inputs }),
});
