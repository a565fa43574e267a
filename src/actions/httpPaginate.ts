import { action } from "@prismatic-io/spectral";
import { dataInputs } from "../inputs/body";
import { graphqlPageInputs } from "../inputs/graphql";
import { pageMethodInputs } from "../inputs/method";
import { paginationInputs } from "../inputs/pagination";
import { sharedInputs, urlInputs, withoutInputs } from "../inputs/shared";
import { sendPaginated } from "../request/paginate/paginate";
import { EXAMPLES } from "./examples";

export const httpPaginate = action({
  display: {
    label: "Fetch All Pages",
    description:
      "Walk every page of a paginated JSON API (Link header, next URL, cursor, offset, page number or GraphQL connection) and return all items, with limits that always stop",
  },
  // Items are read from each page's JSON, so the response type (and CSV Header) is not offered;
  // Items Path picks the items, so Select is not either (Stop When reads each page). Response
  // Charset applies to every page; a page is no long-running operation, so Wait For Completion is not offered. The GraphQL operation comes after Data: both say what the
  // body is, each in its own modes.
  inputs: {
    ...urlInputs,
    ...pageMethodInputs,
    ...dataInputs,
    ...graphqlPageInputs,
    ...paginationInputs,
    ...withoutInputs(sharedInputs, "responseType", "csvHeader", "select", "waitForCompletion", "pollIntervalMS"),
  },
  examplePayload: EXAMPLES.pages,
  perform: (context, inputs) => sendPaginated(context, inputs),
});
