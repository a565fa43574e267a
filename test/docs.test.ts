import { describe, expect, it } from "vitest";
import { isFresh, STALE_MESSAGE } from "../scripts/docs";
import { cell, code, escapeInline } from "../scripts/docs/markdown";
import { toDisplayable } from "../scripts/docs/payload";
import { renderComponentDocs } from "../scripts/docs/render";
import { createSlugger } from "../scripts/docs/slug";
import type { DocComponent } from "../scripts/docs/types";

describe("the committed docs page", () => {
  it("is what the component definition renders now", () => {
    // Comparing the strings would print a page-long diff; the message says what to do instead.
    expect(isFresh(), STALE_MESSAGE).toBe(true);
  });
});

/** A small definition with one of everything the page shows. */
const fixture: DocComponent = {
  key: "demo",
  display: { label: "Demo", description: "Calls the <demo> API." },
  connections: [
    {
      key: "apiKey",
      label: "API Key",
      comments: "Sends the key | in a header",
      inputs: [
        { key: "apiKey", label: "API Key", type: "password", required: true, comments: "The key", default: "" },
        { key: "region", label: "Region", type: "string", default: "eu" },
      ],
    },
    {
      key: "oauth",
      label: "OAuth",
      oauth2Type: "client_credentials",
      inputs: [{ key: "headers", label: "Headers", type: "string", collection: "keyvaluelist" }],
    },
  ],
  actions: {
    fetch: {
      key: "fetch",
      display: { label: "Fetch", description: "Fetches a thing" },
      inputs: [
        {
          key: "url",
          label: "URL",
          type: "string",
          required: true,
          comments: "a | b\nc",
          example: "https://x.test/?a=1|2",
        },
        {
          key: "responseType",
          label: "Response Type",
          type: "string",
          default: "json",
          model: [
            { label: "json", value: "json" },
            { label: "text", value: "text" },
            { label: "binary", value: "binary" },
          ],
        },
        {
          key: "mode",
          label: "Mode",
          type: "string",
          model: [
            { label: "Automatic", value: "auto" },
            { label: "JSON", value: "json" },
          ],
        },
        { key: "query", label: "Query", type: "code", language: "graphql", example: "query {\n  a\n}" },
        { key: "files", label: "Files", type: "data", collection: "keyvaluelist" },
        { key: "flag", label: "Flag", type: "boolean", default: "false" },
        { key: "connection", label: "Connection", type: "connection" },
      ],
      examplePayload: { data: Buffer.from("hello"), headers: { "content-type": "text/plain" } },
    },
    branch: {
      key: "branch",
      display: { label: "Branch", description: "Picks a path" },
      allowsBranching: true,
      staticBranchNames: ["Success", "Error"],
      inputs: [],
      examplePayload: { branch: "Success", data: {} },
    },
  },
};

const page = renderComponentDocs(fixture, { version: "9.9.9" });
/** The table row of the input with this key. */
const rowOf = (key: string) =>
  page.split("\n").find((line) => line.startsWith("| ") && line.includes(`| \`${key}\` |`));

describe("renderComponentDocs", () => {
  it("opens with the title, the description, the version and a table of contents", () => {
    expect(page).toContain("# Demo Connector\n\nCalls the &lt;demo&gt; API.");
    expect(page).toContain("Version: `9.9.9`");
    expect(page).toContain("- [Connections](#connections)\n  - [API Key](#api-key)\n  - [OAuth](#oauth)");
    expect(page).toContain("- [Actions](#actions)\n  - [Fetch](#fetch)\n  - [Branch](#branch)");
  });

  it("renders each input as a row of Input | Key | Type | Default | Comments", () => {
    expect(page).toContain("| Input | Key | Type | Default | Comments |\n| --- | --- | --- | --- | --- |");
    expect(rowOf("region")).toBe("| Region | `region` | `string` | `eu` |  |");
    expect(rowOf("flag")).toBe("| Flag | `flag` | `boolean` | `false` |  |");
    expect(rowOf("connection")).toBe("| Connection | `connection` | `connection` |  |  |");
  });

  it("marks required and secret inputs, and leaves a spectral-filled empty default blank", () => {
    expect(rowOf("apiKey")).toBe("| API Key *(required, secret)* | `apiKey` | `password` |  | The key |");
  });

  it("escapes | and line breaks inside cells, in prose and in code spans alike", () => {
    expect(rowOf("url")).toBe(
      "| URL *(required)* | `url` | `string` |  | a \\| b<br>c<br>Example: `https://x.test/?a=1\\|2` |",
    );
    expect(page).toContain("Sends the key | in a header"); // outside a table, | needs no escape
  });

  it("names collections and code languages in the Type column", () => {
    expect(rowOf("headers")).toContain("| `key/value list` |");
    expect(rowOf("files")).toContain("| `key/value list of data` |");
    expect(rowOf("query")).toContain("| `code (graphql)` |");
    // A multi-line example keeps its lines, one code span each.
    expect(rowOf("query")).toContain("Example: `query {`<br>`  a`<br>`}`");
  });

  it("lists a closed set of choices, with labels only where they say more than the value", () => {
    expect(rowOf("responseType")).toContain("| `string`<br>One of: `json`, `text`, `binary` | `json` |");
    expect(rowOf("mode")).toContain("| `string`<br>One of:<br>`auto`: Automatic<br>`json` |");
  });

  it("shows a connection's OAuth 2.0 type", () => {
    expect(page).toContain("### OAuth\n\nKey: `oauth`\n\nOAuth 2.0 type: `client_credentials`");
  });

  it("names the branches of a branching action and says when there are no inputs", () => {
    expect(page).toContain(
      "### Branch\n\nKey: `branch`\n\nPicks a path\n\nBranches: `Success`, `Error`\n\nThis action has no inputs.",
    );
    expect(page.match(/Branches:/g)).toHaveLength(1);
  });

  it("shows an example payload as JSON, with Buffers as a placeholder", () => {
    expect(page).toContain(
      [
        "#### Example output",
        "",
        "```json",
        '{\n  "data": "<binary data, 5 bytes>",\n  "headers": {\n    "content-type": "text/plain"\n  }\n}',
        "```",
      ].join("\n"),
    );
    // Both actions have an example, so the second heading's anchor is numbered as GitHub would.
    expect(page.match(/#### Example output/g)).toHaveLength(2);
  });

  it("is deterministic and ends with one newline", () => {
    expect(renderComponentDocs(fixture, { version: "9.9.9" })).toBe(page);
    expect(page.endsWith("}\n```\n")).toBe(true);
  });
});

describe("the Markdown helpers", () => {
  it("escapes what Markdown would otherwise interpret", () => {
    expect(escapeInline("a *b* _c_ [d] <e> &amp; a=1&b=2 \\")).toBe(
      "a \\*b\\* \\_c\\_ \\[d\\] &lt;e&gt; &amp;amp; a=1&b=2 \\\\",
    );
    expect(cell("a|b\r\nc")).toBe("a\\|b<br>c");
  });

  it("fences code spans around backticks", () => {
    expect(code("a`b")).toBe("``a`b``");
    expect(code("`a")).toBe("`` `a ``");
    expect(code(" a ")).toBe("`  a  `");
    expect(code("  a")).toBe("`  a`");
  });

  it("numbers repeated headings' anchors as GitHub does", () => {
    const anchor = createSlugger();
    expect(anchor("OAuth 2.0 Client Credentials")).toBe("oauth-20-client-credentials");
    expect(anchor("POST/PUT Form Data Request")).toBe("postput-form-data-request");
    expect([anchor("Example output"), anchor("Example output")]).toEqual(["example-output", "example-output-1"]);
  });

  it("replaces binary data anywhere in a payload, including Buffers already turned into JSON", () => {
    expect(toDisplayable([{ file: new Uint8Array(3) }, { type: "Buffer", data: [1, 2] }, "text", 1, null])).toEqual([
      { file: "<binary data, 3 bytes>" },
      "<binary data, 2 bytes>",
      "text",
      1,
      null,
    ]);
  });
});
