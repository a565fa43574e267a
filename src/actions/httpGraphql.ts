import { action } from "@prismatic-io/spectral";
import { graphqlInputs } from "../inputs/graphql";
import { failureInputs, sharedInputs, urlInputs } from "../inputs/shared";
import { sendGraphql } from "../request/graphql";

/** GraphQL answers JSON, so the response type is not offered. */
const { responseType: _responseType, ...graphqlSharedInputs } = sharedInputs;

export const httpGraphql = action({
  display: {
    label: "GraphQL Request",
    description: "POST a GraphQL query or mutation with variables; GraphQL errors fail the step unless partial data is allowed",
  },
  inputs: { ...urlInputs, ...graphqlInputs, ...graphqlSharedInputs, ...failureInputs },
  perform: (context, inputs) => sendGraphql(context, inputs),
});
