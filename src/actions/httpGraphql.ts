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
  // GraphQL answers JSON, so the response type is not offered.
  inputs: { ...graphqlUrlInputs, ...graphqlInputs, ...withoutInputs(sharedInputs, "responseType") },
  examplePayload: EXAMPLES.graphql,
  perform: (context, inputs) => sendGraphql(context, inputs),
});
