import { action } from "@prismatic-io/spectral";
import { dataInputs } from "../inputs/body";
import { pageMethodInputs } from "../inputs/method";
import { paginationInputs } from "../inputs/pagination";
import { sharedInputs, urlInputs, withoutInputs } from "../inputs/shared";
import { sendPaginated } from "../request/paginate/paginate";
import { EXAMPLES } from "./examples";

export const httpPaginate = action({
  display: {
    label: "Fetch All Pages",
    description:
      "Walk every page of a paginated JSON API (Link header, next URL, cursor, offset or page number) and return all items, with limits that always stop",
  },
  // Items are read from each page's JSON, so the response type is not offered, and a page is no long-running operation.
  inputs: {
    ...urlInputs,
    ...pageMethodInputs,
    ...dataInputs,
    ...paginationInputs,
    ...withoutInputs(sharedInputs, "responseType", "waitForCompletion", "pollIntervalMS"),
  },
  examplePayload: EXAMPLES.pages,
  perform: (context, inputs) => sendPaginated(context, inputs),
});
