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
      "A cURL command as copied from API docs or a browser: -X, -H, -d/--data-raw/--data-binary, --data-urlencode, -F, -u, -G, --url, -k, -L, --max-time, --connect-timeout and --proxy are understood, quoted and over several lines with \\ continuations. Any other option is refused by name; files (@path) cannot be read on the platform.",
    example:
      "curl -X POST 'https://api.example.com/items' \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"name\":\"Acme\"}'",
    clean: specFromCurl,
  }),
});
