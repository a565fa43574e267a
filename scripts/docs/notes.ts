/**
 * Notes for actions where a shared input means something of its own, which its comment (written
 * once for every action) cannot say. Inputs are named as `{{key}}` and resolved against the
 * action's own inputs (see prose.ts), so a note cannot outlive an input it names. Example
 * payloads come from src/actions/examples.json, which real runs write.
 */
import examples from "../../src/actions/examples.json";
import { renderCurlNote } from "./curl";
import { renderPayload } from "./payload";

/**
 * The notes, by action key, as Markdown with `{{key}}` references.
 * @example ACTION_NOTES.httpPaginate.startsWith("{{includeFullResponse}} adds") // true
 */
export const ACTION_NOTES: Readonly<Record<string, string>> = {
  httpGet: [
    '**An RSS feed as JSON.** With {{responseType}} `xml` and {{select}} `to_array(rss.channel.item)[].{title: title, id: guid."#text"}`, the feed below returns `[{ "title": "Version 007", "id": "42" }]`. Without Select it returns the whole document: attributes as `@_name`, the text of an element that has attributes as `#text`, repeated elements as lists (one element is a value, hence `to_array()`), namespace prefixes kept, every value the text it was.',
    '```xml\n<rss version="2.0"><channel><title>Releases</title>\n  <item><title>Version 007</title><guid isPermaLink="false">42</guid></item>\n</channel></rss>\n```',
    '**A CSV export to rows.** With {{responseType}} `csv`, {{responseCharset}} `windows-1252` and {{select}} `[?Country == \'FR\'].Name`, the export `Name;Country` / `"Café Dupont";FR` / `Bolt;DE` returns `["Café Dupont"]`. The delimiter (`,` `;` tab `|`) is detected from the header line; with {{csvHeader}} off every row is a list of strings.',
    "A rate-limited partner API, worked through: with {{maxRequestsPerSecond}} `2`, requests to `https://partner.example.com` leave at most one every 500 ms, evenly spaced, counting every retry, redirect hop and token request, and shared with every other step of the process that calls that origin (a loop over many customers included). When an answer says `X-RateLimit-Remaining: 0` (or `RateLimit-Remaining: 0`, or `RateLimit: remaining=0`), the next request to that origin, from any step, waits for its `X-RateLimit-Reset` (seconds, or an epoch time), unless that is further off than {{maxRetryWaitMS}}: then the step fails at once, naming the headers and the wait. Every wait counts against {{timeout}}.",
  ].join("\n\n"),
  httpPost: [
    "An export job polled to completion: with {{waitForCompletion}} on, a POST to `https://reports.example.com/v1/exports` answered `202 Accepted` with `Location: /v1/exports/e-81/status` is followed by GETs of that URL (with the connection's credentials, as it is on the step's own origin), each after the 202's `Retry-After` or {{pollIntervalMS}}, until an answer other than 202; that answer (the finished export, or the file a `303 See Other` leads to) is the step's result, decoded as {{responseType}} says, and a 4xx or 5xx from a poll fails the step. `Operation-Location` is polled when there is no `Location`; a 202 with neither is returned as it is, and so is a `200` status document such as `{\"status\": \"Running\"}`: polling stops at the first answer that is not 202. {{timeout}} bounds the POST and every poll.",
  ].join("\n\n"),
  httpGraphql: [
    "{{select}} applies to what the step would return without it: the response's `data` (or `{ data, errors }` with {{allowPartialData}} on), e.g. `repository.issues.nodes[].number`.",
  ].join("\n\n"),
  httpCurl: renderCurlNote(),
  httpPaginate: [
    "{{includeFullResponse}} adds `lastResponse` to the result: the status, status text, headers and final URL of the last page fetched, next to `items`, `pages` and `truncated`. The example above, with it on:",
    renderPayload(examples.pagesWithFullResponse),
    "With {{failOnErrorStatus}} off, `lastResponse` is always there, and a page answered with a 4xx or 5xx (after its retries) stops the walk instead of failing the step: the items collected so far are returned with `truncated: true`, and `lastResponse` is that page, with its decoded body as `data`, so a later step can branch on `lastResponse.status`. With it on (the default), such a page fails the step.",
    "With {{partialResults}} on, a page that fails for any reason (a 4xx or 5xx, a network error or timeout, a body that is not JSON or has no items, GraphQL errors, a cursor that comes back) ends the walk and the step succeeds with `{ items, pages, truncated: true, error, failedPage }`: the items of the `pages` pages before it, `error` the message the step would have failed with (credentials masked, as in every error) and `failedPage` the failing page's number. Inputs that cannot be used still fail the step, before anything is sent.",
    '**A GraphQL connection walked to the end.** With {{paginationMode}} `graphqlCursor`, {{query}} `query Issues($project: ID!, $after: String) { issues(project: $project, first: 100, after: $after) { nodes { id title } pageInfo { hasNextPage endCursor } } }`, {{variablesObject}} `{"project": "P-42"}`, {{itemsPath}} `data.issues.nodes`, {{cursorPath}} `data.issues.pageInfo.endCursor` and {{hasNextPagePath}} `data.issues.pageInfo.hasNextPage`, each page is a `POST` of `{ query, variables }`: the first without `after`, each next one with `after` ({{cursorVariable}}) set to the page before\'s `endCursor`, until `hasNextPage` is false. It returns `{ items: [{ id, title }, ...], pages, truncated }`; a page that answers 200 with GraphQL `errors` fails the step with the server\'s messages and the page number.',
    "With {{pageConcurrency}} above 1 (offset and page modes), the first page is fetched alone and then up to that many pages are in flight; items keep page order and the walk ends exactly where it would one page at a time. `pages` counts the pages the walk read: a few pages fetched ahead of its end are discarded, never returned. Each page is a request of its own through the request builder, with the step's retries and guard.",
  ].join("\n\n"),
};
