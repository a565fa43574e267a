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
  httpCurl: renderCurlNote(),
  httpPaginate: [
    "{{includeFullResponse}} adds `lastResponse` to the result: the status, status text, headers and final URL of the last page fetched, next to `items`, `pages` and `truncated`. The example above, with it on:",
    renderPayload(examples.pagesWithFullResponse),
    "With {{failOnErrorStatus}} off, `lastResponse` is always there, and a page answered with a 4xx or 5xx (after its retries) stops the walk instead of failing the step: the items collected so far are returned with `truncated: true`, and `lastResponse` is that page, with its decoded body as `data`, so a later step can branch on `lastResponse.status`. With it on (the default), such a page fails the step.",
  ].join("\n\n"),
};
