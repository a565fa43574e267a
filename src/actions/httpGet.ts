import { action } from "@prismatic-io/spectral";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpGet = action({
  display: { label: "GET Request", description: "Issue a HTTP GET request" },
  inputs: { ...urlInputs, ...sharedInputs },
  examplePayload: EXAMPLES.list,
  perform: (context, inputs) => sendRequest(context, { method: "GET", ...inputs }),
});
