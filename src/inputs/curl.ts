import { input } from "@prismatic-io/spectral";
import { specFromCurl } from "../curl/toSpec";
import { withInputNames } from "./named";

/** What the cURL action adds: the command, which stands for the URL, headers, body and transport inputs. */
export const curlInputs = withInputNames({
  curlCommand: input({
    label: "cURL Command",
    placeholder:
      "curl -X POST https://api.example.com/items -H 'Content-Type: application/json' -d '{\"name\":\"Acme\"}'",
    type: "text",
    required: true,
    comments:
      "A cURL command as copied from API docs, Postman, Insomnia or a browser's Copy as cURL (bash, Windows cmd or PowerShell): it sends what curl would send, with curl's own headers (Accept: */*) and our User-Agent. -X, -H, -d and its kinds, --json, -F, --url-query, -G, -u, --digest, --aws-sigv4, --oauth2-bearer, -A, -e, -b, -r, -k, -L, --max-redirs, --max-time, -x and -U are read; options that only change what curl prints or saves are noted as not applicable. Files (@path), other protocols and any other option are refused by name. --oauth2-bearer, --digest and --aws-sigv4 use the matching connection unless the Connection input is set.",
    example:
      "curl -X POST 'https://api.example.com/items' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"name\":\"Acme\"}'",
    clean: specFromCurl,
  }),
});
