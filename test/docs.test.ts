import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DOCS_PATH, isFresh, README_PATH, STALE_MESSAGE } from "../scripts/docs";
import { sharedSentence } from "../scripts/docs/action";
import { cell, code, escapeInline } from "../scripts/docs/markdown";
import { toDisplayable } from "../scripts/docs/payload";
import { PLATFORM_DIFFERENCES, renderPlatformDifferences } from "../scripts/docs/platform";
import { labelsOf, resolveLabels } from "../scripts/docs/prose";
import { BLOCK_END, BLOCK_START, withGeneratedBlock } from "../scripts/docs/readme";
import { renderComponentDocs } from "../scripts/docs/render";
import { splitShared } from "../scripts/docs/shared";
import { createSlugger } from "../scripts/docs/slug";
import type { DocAction, DocComponent, DocInput } from "../scripts/docs/types";
import component from "../src";

/** The anchors of a Markdown page's headings, as GitHub computes them. */
const anchorsOf = (markdown: string): Set<string> => {
  const anchor = createSlugger();
  const headings = markdown.replace(/^```[\s\S]*?^```/gm, "").match(/^#{1,6} .*$/gm) ?? [];
  // Headings are escaped for Markdown; GitHub slugs the text as rendered.
  return new Set(headings.map((line) => anchor(line.replace(/^#+ /, "").replace(/\\(.)/g, "$1"))));
};

describe("the committed docs page and README", () => {
  it("are what the component definition renders now", () => {
    // Comparing the strings would print a page-long diff; the message says what to do instead.
    expect(isFresh(), STALE_MESSAGE).toBe(true);
  });

  const page = readFileSync(DOCS_PATH, "utf8");
  const readme = readFileSync(README_PATH, "utf8");

  it("link only to headings that exist, within the page and from the README into it", () => {
    const pageAnchors = anchorsOf(page);
    const inPage = [...page.matchAll(/\]\(#([^)]+)\)/g)].map((match) => match[1]);
    const fromReadme = [...readme.matchAll(/\]\(docs\/http\.md#([^)]+)\)/g)].map((match) => match[1]);
    expect(fromReadme).toEqual(expect.arrayContaining(["shared-inputs", "coming-from-the-platforms-http-component"]));
    for (const anchor of [...inPage, ...fromReadme]) expect(pageAnchors, `#${anchor}`).toContain(anchor);
    const readmeAnchors = anchorsOf(readme);
    for (const [, anchor] of readme.matchAll(/\]\(#([^)]+)\)/g)) expect(readmeAnchors, `#${anchor}`).toContain(anchor);
  });

  it("list the shared inputs once, and name per action the ones it leaves out", () => {
    expect(page.match(/\| `retryDelayMS` \|/g)).toHaveLength(1);
    expect(page).toContain(
      "Inputs: the [shared inputs](#shared-inputs) except Response Type, CSV Header, Wait For Completion and Poll Interval (ms), and these:",
    );
    expect(page).toContain(
      "Inputs: the [shared inputs](#shared-inputs) except Response Type, CSV Header, Select, Wait For Completion and Poll Interval (ms), and these:",
    );
    expect(page).toContain("Inputs: the [shared inputs](#shared-inputs) except Fail On Error Status, and these:");
    expect(page).toMatch(/Inputs: the \[shared inputs\]\(#shared-inputs\) except URL, Query Parameter, .* and these:/);
  });

  it("carry the same platform comparison", () => {
    const comparison = renderPlatformDifferences(labelsOf(Object.values(component.actions) as DocAction[]));
    expect(page).toContain(comparison);
    expect(readme).toContain(`${BLOCK_START}\n\n${comparison}\n\n${BLOCK_END}`);
  });
});

describe("the platform comparison", () => {
  it("says for every difference what this component does, why, and how to get the platform's behaviour", () => {
    for (const difference of PLATFORM_DIFFERENCES) {
      expect(difference.title).not.toBe("");
      for (const part of [difference.here, difference.why, difference.old]) expect(part.length).toBeGreaterThan(20);
    }
  });

  it("quotes the platform only where its page says something, and fails on an input no action has", () => {
    const labels = new Map([["timeout", "Timeout"]]);
    const text = renderPlatformDifferences(labels, [{ title: "T", here: "{{timeout}} here", why: "w", old: "o" }]);
    expect(text).toContain("- **T**\n  - *This component:* **Timeout** here\n  - *Why:* w");
    expect(text).not.toContain("The platform's component:");
    expect(() => resolveLabels("{{gone}}", labels, "a note")).toThrow(
      'a note names an input "gone" that no action has',
    );
  });
});

describe("the README's generated block", () => {
  it("is replaced between its markers and nowhere else", () => {
    const readme = `# R\n\n${BLOCK_START}\nold\n${BLOCK_END}\n\n## Next\n`;
    expect(withGeneratedBlock(readme, "new")).toBe(`# R\n\n${BLOCK_START}\n\nnew\n\n${BLOCK_END}\n\n## Next\n`);
    expect(withGeneratedBlock(withGeneratedBlock(readme, "new"), "new")).toBe(withGeneratedBlock(readme, "new"));
    expect(() => withGeneratedBlock("# R\n", "new")).toThrow(/markers/);
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
    {
      key: "oauthPkce",
      label: "OAuth PKCE",
      oauth2Type: "authorization_code",
      oauth2PkceMethod: "S256",
      inputs: [],
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

  it("shows a connection's OAuth 2.0 type, and its PKCE method when it has one", () => {
    expect(page).toContain("### OAuth\n\nKey: `oauth`\n\nOAuth 2.0 type: `client_credentials`\n\n|");
    expect(page).toContain(
      "### OAuth PKCE\n\nKey: `oauthPkce`\n\nOAuth 2.0 type: `authorization_code`\n\nPKCE method: `S256`\n\nThis connection has no inputs.",
    );
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

const input = (key: string, extra: Partial<DocInput> = {}): DocInput => ({ key, label: key, type: "string", ...extra });
const action = (key: string, inputs: DocInput[]): DocAction => ({
  key,
  display: { label: key, description: "d" },
  inputs,
});
const url = input("url", { label: "URL", required: true });
const timeout = input("timeout", { label: "Timeout" });
const retries = input("retries", { label: "Retries", default: "0" });

/** A definition whose actions share url, timeout and retries, each in another way. */
const sharing: DocComponent = {
  key: "s",
  display: { label: "S", description: "Shares." },
  actions: {
    get: action("get", [url, timeout, retries]),
    post: { ...action("post", [url, input("data"), timeout, retries]), examplePayload: { data: 1 } },
    curl: action("curl", [input("command"), retries]),
    slow: action("slow", [url, { ...timeout, default: "5000" }, retries]),
    bare: action("bare", [input("x")]),
  },
};
const sharedPage = renderComponentDocs(sharing, {
  version: "1",
  sharedInputKeys: ["url", "timeout", "retries", "unused"],
  sections: [{ title: "Coming from elsewhere", body: "Body." }],
  actionNotes: { post: "A note." },
});
/** The text of one action's section. */
const sectionOf = (key: string) => sharedPage.split(/^### /m).find((part) => part.startsWith(`${key}\n`)) ?? "";

describe("renderComponentDocs with shared inputs", () => {
  it("lists the shared inputs once, in their own section, after the prose sections", () => {
    expect(sharedPage).toContain(
      "- [Coming from elsewhere](#coming-from-elsewhere)\n- [Shared inputs](#shared-inputs)",
    );
    expect(sharedPage).toContain("## Coming from elsewhere\n\nBody.\n\n## Shared inputs");
    expect(sharedPage.match(/\| `retries` \|/g)).toHaveLength(1);
    expect(sharedPage).not.toContain("`unused`");
  });

  it("says per action which shared inputs it takes and tables only its own", () => {
    expect(sectionOf("get")).toContain("Inputs: the [shared inputs](#shared-inputs), and no others.");
    expect(sectionOf("get")).not.toContain("| Input |");
    expect(sectionOf("post")).toContain("Inputs: the [shared inputs](#shared-inputs), and these:");
    expect(sectionOf("post")).toContain("| data | `data` |");
    expect(sectionOf("curl")).toContain(
      "Inputs: the [shared inputs](#shared-inputs) except URL and Timeout, and these:",
    );
    expect(sectionOf("bare")).toContain("Inputs: none of the [shared inputs](#shared-inputs), and these:");
  });

  it("shows a shared input an action redefines in that action's own table", () => {
    expect(sectionOf("slow")).toContain("Inputs: the [shared inputs](#shared-inputs), and these:");
    expect(sectionOf("slow")).toContain("| Timeout | `timeout` | `string` | `5000` |  |");
  });

  it("puts an action's notes after its example output", () => {
    expect(sectionOf("post")).toContain(
      '#### Example output\n\n```json\n{\n  "data": 1\n}\n```\n\n#### Notes\n\nA note.',
    );
  });
});

describe("splitShared and sharedSentence", () => {
  it("takes each shared input from the first action that has it", () => {
    const { shared, of } = splitShared(Object.values(sharing.actions), ["retries", "timeout"]);
    expect(shared).toEqual([retries, timeout]);
    expect(of(sharing.actions.curl)).toEqual({ own: [input("command")], omitted: [timeout] });
  });

  it("joins the omitted labels as a sentence", () => {
    const link = { anchor: "shared", count: 3 };
    expect(sharedSentence({ own: [], omitted: [url] }, link)).toBe(
      "Inputs: the [shared inputs](#shared) except URL, and no others.",
    );
    expect(sharedSentence({ own: [], omitted: [url, timeout, retries] }, link)).toBe(
      "Inputs: none of the [shared inputs](#shared), and no others.",
    );
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
