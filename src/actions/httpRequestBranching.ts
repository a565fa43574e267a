import { action } from "@prismatic-io/spectral";
import { dataInputs, multipartInputs } from "../inputs/body";
import { methodInputs } from "../inputs/method";
import { sharedInputs, urlInputs, withoutInputs } from "../inputs/shared";
import { BRANCHES, sendBranching } from "../request/branch";
import { EXAMPLES } from "./examples";

export const httpRequestBranching = action({
  display: {
    label: "HTTP Request (Success/Error Branches)",
    description:
      "Issue a request with any method and follow the Success branch for 1xx-3xx or the Error branch for 4xx/5xx and requests that got no answer",
  },
  allowsBranching: true,
  staticBranchNames: Object.values(BRANCHES),
  // Every status leads to a branch, so "Fail On Error Status" is not offered.
  inputs: {
    ...urlInputs,
    ...methodInputs,
    ...dataInputs,
    ...multipartInputs,
    ...withoutInputs(sharedInputs, "failOnErrorStatus"),
  },
  examplePayload: EXAMPLES.branch,
  perform: (context, inputs) => sendBranching(context, inputs),
});
