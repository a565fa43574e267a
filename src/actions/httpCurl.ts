import { action } from "@prismatic-io/spectral";
import { withCommandConnection } from "../curl/toSpec";
import { curlInputs } from "../inputs/curl";
import { sharedInputs, withoutInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpCurl = action({
  display: {
    label: "Run a cURL command",
    description: "Paste a cURL command and run it through the same request builder as every other action",
  },
  // The command decides the URL, query, headers, body, TLS, redirects, timeouts and proxy.
  inputs: {
    ...curlInputs,
    ...withoutInputs(
      sharedInputs,
      "queryParams",
      "arrayFormat",
      "headers",
      "timeout",
      "connectTimeout",
      "followRedirects",
      "proxyUrl",
      "ignoreSslErrors",
    ),
  },
  examplePayload: EXAMPLES.created,
  perform: (context, { curlCommand, ...inputs }) => sendRequest(context, withCommandConnection(inputs, curlCommand)),
});
