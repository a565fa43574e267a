import { action } from "@prismatic-io/spectral";
import { graphqlInputs } from "../inputs/graphql";
import { graphqlUrlInputs, sharedInputs, withoutInputs } from "../inputs/shared";
import { sendGraphql } from "../request/graphql";
import { EXAMPLES } from "./examples";

export const httpGraphql = action({
  display: {
    label: "GraphQL Request",
    description:
      "POST a GraphQL query or mutation with variables; GraphQL errors fail the step unless partial data is allowed",
  },
  // GraphQL answers JSON at once, so the response type (and CSV Header) is not offered, nor waiting
  // for completion; Select and Response Charset are.
  inputs: {
    ...graphqlUrlInputs,
    ...graphqlInputs,
    ...withoutInputs(sharedInputs, "responseType", "csvHeader", "waitForCompletion", "pollIntervalMS"),
  },
  examplePayload: EXAMPLES.graphql,
  perform: (context, inputs) => sendGraphql(context, inputs),
});
