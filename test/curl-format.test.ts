import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { type SentRequest, shellQuote, toCurl } from "../src/curl/format";
import { parseCurl } from "../src/curl/parse";
import { MASK, Redactor } from "../src/request/masking/redactor";

const API = "https://api.example.com/v1/items";
const noSecrets = new Redactor([]);

/** The words a real POSIX shell (dash) passes to curl for a formatted command. */
const wordsFromShell = (command: string): string[] => {
  const output = execFileSync("sh", ["-c", command.replace(/^curl /, "printf '%s\\0' ")], { encoding: "utf8" });
  return output.split("\0").slice(0, -1);
};

const get = (overrides: Partial<SentRequest> = {}): SentRequest => ({
  method: "GET",
  url: new URL(API),
  headers: {},
  ...overrides,
});

describe("toCurl: shape", () => {
  it("writes one option per line, continued with backslashes", () => {
    const command = toCurl(
      get({ method: "POST", headers: { Accept: "application/json" }, body: { kind: "text", text: '{"a":1}' } }),
      noSecrets,
    );
    expect(command).toBe(
      [`curl -X POST '${API}' \\`, "  -H 'Accept: application/json' \\", `  --data-raw '{"a":1}'`].join("\n"),
    );
  });

  it("writes a request with nothing but a method and URL on one line", () => {
    expect(toCurl(get({ body: { kind: "none" } }), noSecrets)).toBe(`curl -X GET '${API}'`);
  });

  it("repeats -H for a header sent several times, in order", () => {
    const command = toCurl(get({ headers: { "X-Tag": ["a", "b"], Accept: "text/csv" } }), noSecrets);
    expect(command.split(" \\\n  ").slice(1)).toEqual(["-H 'X-Tag: a'", "-H 'X-Tag: b'", "-H 'Accept: text/csv'"]);
  });

  it("writes an empty header as `Name;`, since `Name:` would make curl drop it", () => {
    expect(toCurl(get({ headers: { "X-Empty": "" } }), noSecrets)).toContain("-H 'X-Empty;'");
  });

  it("leaves out Content-Length, which curl computes", () => {
    const command = toCurl(
      get({ method: "POST", headers: { "Content-Length": "3" }, body: { kind: "text", text: "abc" } }),
      noSecrets,
    );
    expect(command).not.toMatch(/content-length/i);
  });

  it("sends HEAD with -I, as -X HEAD would leave curl waiting for a body", () => {
    expect(toCurl(get({ method: "HEAD" }), noSecrets)).toBe(`curl -I '${API}'`);
  });

  it("adds -k and -x for the transport options", () => {
    const command = toCurl(get({ insecure: true, proxyUrl: new URL("http://proxy.internal:3128") }), noSecrets);
    expect(command).toContain(" \\\n  -k");
    expect(command).toContain(" \\\n  -x 'http://proxy.internal:3128/'");
  });
});

describe("toCurl: bodies that cannot be pasted", () => {
  it("shows a binary body as a placeholder with its size and type", () => {
    const pdf = toCurl(
      get({ method: "PUT", body: { kind: "binary", length: 1234, contentType: "application/pdf" } }),
      noSecrets,
    );
    expect(pdf).toContain("--data-binary '@<1234 bytes of application/pdf>'");
    const untyped = toCurl(get({ method: "PUT", body: { kind: "binary", length: 5 } }), noSecrets);
    expect(untyped).toContain("--data-binary '@<5 bytes>'");
  });

  it("writes multipart fields and files as -F, without the boundary header curl makes itself", () => {
    const command = toCurl(
      get({
        method: "POST",
        headers: { "Content-Type": "multipart/form-data; boundary=----abc", Accept: "application/json" },
        body: {
          kind: "multipart",
          fields: [
            { key: "note", value: "it's here" },
            { key: "raw", value: "@not-a-file" },
          ],
          files: [
            { field: "doc", fileName: "report.pdf", contentType: "application/pdf", length: 10 },
            { field: "data", fileName: 'a;b "c".csv', contentType: "text/csv; charset=utf-8", length: 4 },
            { field: "blob", fileName: "blob.bin", length: 1 },
          ],
        },
      }),
      noSecrets,
    );
    expect(command).not.toContain("boundary");
    expect(wordsFromShell(command).slice(3)).toEqual([
      "-H",
      "Accept: application/json",
      "-F",
      "note=it's here",
      "--form-string",
      "raw=@not-a-file",
      "-F",
      "doc=@report.pdf;type=application/pdf",
      "-F",
      'data=@"a;b \\"c\\".csv";type="text/csv; charset=utf-8"',
      "-F",
      "blob=@blob.bin",
    ]);
  });
});

describe("toCurl: quoting", () => {
  it("quotes every word so a POSIX shell reads it back unchanged", () => {
    const tricky = `it's "quoted" $HOME \`id\` $(id) \\ back\\\nslash ! # & | ; * ? ~ é\ttab\nnewline`;
    const command = toCurl(
      get({
        method: "POST",
        url: new URL(`${API}?q=a%20b&x=1`),
        headers: { "X-Tricky": tricky.replace(/\n/g, " ") },
        body: { kind: "text", text: tricky },
      }),
      noSecrets,
    );
    expect(wordsFromShell(command)).toEqual([
      "-X",
      "POST",
      `${API}?q=a%20b&x=1`,
      "-H",
      `X-Tricky: ${tricky.replace(/\n/g, " ")}`,
      "--data-raw",
      tricky,
    ]);
  });

  it("quotes a word with single quotes, escaping the quote itself", () => {
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
    expect(shellQuote("")).toBe("''");
  });
});

describe("toCurl: secrets", () => {
  const token = "tok-6b1d0c9e";
  const password = "pr0xy-pa55";
  const redactor = new Redactor([token, password]);

  it("masks credential headers whatever their value", () => {
    const command = toCurl(
      get({
        headers: { Authorization: "Bearer opaque-value-1", "X-API-Key": "opaque-value-2", Cookie: "s=opaque-value-3" },
      }),
      noSecrets,
    );
    for (const secret of ["opaque-value-1", "opaque-value-2", "opaque-value-3"]) expect(command).not.toContain(secret);
    expect(command).toContain(`-H 'Authorization: ${MASK}'`);
    expect(command).toContain(`-H 'X-API-Key: ${MASK}'`);
  });

  it("masks known secrets in the URL, headers, body, form fields and file names", () => {
    const command = toCurl(
      get({
        method: "POST",
        url: new URL(`${API}?tenant=${token}`),
        headers: { "X-Echo": `see ${token}` },
        body: {
          kind: "multipart",
          fields: [{ key: "note", value: `token=${token}` }],
          files: [{ field: "doc", fileName: `${token}.txt`, length: 1 }],
        },
      }),
      redactor,
    );
    expect(command).not.toContain(token);
    expect(command).toContain(`-F 'note=token=${MASK}'`);
    const text = toCurl(get({ method: "POST", body: { kind: "text", text: `{"secret":"${token}"}` } }), redactor);
    expect(text).not.toContain(token);
    expect(text).toContain(`--data-raw '{"secret":"${MASK}"}'`);
  });

  it("masks credentials in the URL, the query and the proxy URL", () => {
    const command = toCurl(
      get({
        url: new URL(`https://ada:url-pass-1@api.example.com/items?api_key=query-key-2&limit=5`),
        proxyUrl: new URL(`http://proxyuser:${password}@proxy.internal:3128`),
      }),
      redactor,
    );
    for (const secret of ["url-pass-1", "query-key-2", password, "proxyuser"]) expect(command).not.toContain(secret);
    expect(command).toContain("limit=5");
    expect(command).toContain("@proxy.internal:3128");
  });
});

describe("toCurl then parseCurl: the round trip", () => {
  const cases: SentRequest[] = [
    get(),
    get({ headers: { Accept: "application/json", "X-Tag": ["a", "b"], "X-Empty": "" } }),
    get({
      method: "PATCH",
      url: new URL(`${API}/42?fields=name,email&q=it's%20here#top`),
      headers: { "Content-Type": "application/json" },
      body: {
        kind: "text",
        text: `{"name":"O'Brien","shell":"$HOME \`id\` $(id) \\\n # & | ;","multi":"line1\nline2"}`,
      },
    }),
    get({ method: "POST", headers: { "Content-Type": "text/plain" }, body: { kind: "text", text: "" } }),
    get({ method: "DELETE", url: new URL("http://127.0.0.1:8080/items/1") }),
  ];

  it.each(cases)("gives back the method, URL, headers and body of $method $url", (sent) => {
    const parsed = parseCurl(toCurl(sent, noSecrets));
    expect(parsed.method).toBe(sent.method);
    expect(parsed.url.href).toBe(sent.url.href);
    const headers = Object.entries(sent.headers).flatMap(([key, values]) =>
      (Array.isArray(values) ? values : [values]).map((value) => ({ key, value })),
    );
    // A command without an Accept gets curl's own, as curl would send it.
    const withAccept = headers.some(({ key }) => key.toLowerCase() === "accept");
    expect(parsed.headers).toEqual(withAccept ? headers : [{ key: "Accept", value: "*/*" }, ...headers]);
    expect(parsed.data).toBe(sent.body?.kind === "text" ? sent.body.text : undefined);
  });

  it("gives back HEAD, form fields and the transport options", () => {
    expect(parseCurl(toCurl(get({ method: "HEAD" }), noSecrets)).method).toBe("HEAD");
    const parsed = parseCurl(
      toCurl(
        get({
          method: "PUT",
          insecure: true,
          proxyUrl: new URL("http://proxy.internal:3128"),
          body: {
            kind: "multipart",
            fields: [
              { key: "a", value: "1" },
              { key: "b", value: "x;y" },
              { key: "c", value: "@z" },
            ],
            files: [],
          },
        }),
        noSecrets,
      ),
    );
    expect(parsed).toMatchObject({ method: "PUT", insecure: true });
    expect(parsed.proxyUrl?.href).toBe("http://proxy.internal:3128/");
    expect(parsed.formFields).toEqual([
      { key: "a", value: "1" },
      { key: "b", value: "x;y" },
      { key: "c", value: "@z" },
    ]);
  });
});
