/**
 * Responses as data: Response Type xml and csv, CSV Header, Response Charset and Select, each
 * against a real server on loopback. Charset bytes are made by glibc's iconv (not by the ICU
 * decoders the connector uses), and CSV rows are checked against Python's csv module.
 */
import { execFileSync } from "node:child_process";
import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDebianPackage } from "./helpers/debian";
import { run, runFailing } from "./helpers/harness";
import { startServer, type TestServer } from "./helpers/servers";

ensureDebianPackage("libc-bin", ["iconv", ["--version"]]);
ensureDebianPackage("python3", ["python3", ["--version"]]);

/** Text in a charset, encoded by iconv. */
const encoded = (text: string, charset: string): Buffer =>
  execFileSync("iconv", ["-f", "UTF-8", "-t", charset], { input: text });

/** Rows of CSV bytes as Python's csv module reads them (a header row keys the others). */
const pythonRows = (bytes: Buffer, delimiter: string, header: boolean): unknown => {
  const script = `import csv, io, json, sys
text = sys.stdin.buffer.read().decode("utf-8-sig")
rows = [r for r in csv.reader(io.StringIO(text, newline=""), delimiter=sys.argv[1]) if r]
print(json.dumps([dict(zip(rows[0], r)) for r in rows[1:]] if sys.argv[2] == "1" else rows))`;
  return JSON.parse(
    execFileSync("python3", ["-c", script, delimiter, header ? "1" : "0"], { input: bytes }).toString(),
  );
};

const RSS = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel>
    <title>Release notes</title>
    <atom:link href="https://example.com/feed" rel="self" type="application/rss+xml"/>
    <item>
      <title>Version 007</title>
      <guid isPermaLink="false">12345678901234567890</guid>
      <dc:creator>Ann &amp; Bob</dc:creator>
      <description><![CDATA[<p>Faster <b>pages</b></p>]]></description>
      <price currency="EUR">1e5</price>
    </item>
    <item>
      <title>Caf&#233; 0.10</title>
      <guid isPermaLink="true">https://example.com/2</guid>
      <category>a</category>
      <category>b</category>
    </item>
  </channel>
</rss>`;

const SOAP = `<?xml version="1.0"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="urn:example:stock">
  <soap:Body>
    <m:GetPriceResponse>
      <m:Price currency="USD">34.50</m:Price>
    </m:GetPriceResponse>
  </soap:Body>
</soap:Envelope>`;

const BILLION_LAUGHS = `<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<lolz><a>&lol;</a><b>&lol9;</b></lolz>`;

/** One entity of 9,000 characters used 200 times: no nesting, but 1.8 MB from a 10 KB body. */
const QUADRATIC = `<!DOCTYPE a [<!ENTITY big "${"x".repeat(9000)}">]><a>${"&big;".repeat(200)}</a>`;

const QUOTED_CSV = 'id,name,note\r\n1,"Smith, Ann","said ""hi""\r\nthen left"\r\n2,Bob,\r\n';

/** "ポ" is 0x83 0x7C in Shift_JIS: its second byte is "|", so the delimiter must be found in decoded text. */
const SJIS_CSV = "ポポポ,品番\r\nポ,007\r\n";

const CHARSETS = [
  ["windows-1252", "WINDOWS-1252", "Grüße, € und Œuvre"],
  ["iso-8859-15", "ISO-8859-15", "Œuvre à 10 €"],
  ["shift_jis", "SHIFT_JIS", "日本語のテキスト"],
  ["gbk", "GBK", "中文测试文本"],
  ["euc-kr", "EUC-KR", "한국어 텍스트"],
] as const;

interface Reply {
  type?: string;
  body: string | Buffer;
  status?: number;
}

const routes: Record<string, Reply> = {
  "/rss": { type: "application/rss+xml", body: RSS },
  "/soap": { type: "text/xml; charset=utf-8", body: SOAP },
  "/laughs": { type: "application/xml", body: BILLION_LAUGHS },
  "/quadratic": { type: "application/xml", body: QUADRATIC },
  "/broken-xml": { type: "application/xml", body: "<a>\n  <b>1</b>\n  <c>2</b>\n</a>" },
  "/latin1-xml": {
    type: "application/xml",
    body: Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><city>'),
      encoded("Montréal", "ISO-8859-1"),
      Buffer.from("</city>"),
    ]),
  },
  "/empty-xml": { status: 204, body: "" },
  "/quoted-csv": { type: "text/csv", body: QUOTED_CSV },
  "/bom-csv": {
    type: "text/csv",
    body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("id,name\n1,Ann\n")]),
  },
  "/numbers-csv": { type: "text/csv", body: "zip,big,exp\n007,12345678901234567890,1e5\n" },
  "/ragged-csv": { type: "text/csv", body: "id,name\n1,Ann\n2\n3,Cy,extra\n" },
  "/duplicate-csv": { type: "text/csv", body: "id,name,id\n1,Ann,2\n" },
  "/unclosed-csv": { type: "text/csv", body: 'id,name\n1,Ann\n2,"Bob\n' },
  "/stray-quote-csv": { type: "text/csv", body: 'id,name\n1,An"n\n' },
  // The quote on line 2 is never closed: csv-parse only notices at the end, four lines on.
  "/unclosed-early-csv": { type: "text/csv", body: 'id,name\r\n1,"Ann ""A""\r\n2,Bob\r\n3,Cy\r\n4,Di\r\n' },
  "/after-quote-csv": { type: "text/csv", body: 'id,name,city\n1,"Ann"x,Paris\n' },
  "/header-only-csv": { type: "text/csv", body: "id,name\r\n" },
  "/empty-csv": { type: "text/csv", body: "" },
  "/sjis-csv": { type: "text/csv", body: encoded(SJIS_CSV, "SHIFT_JIS") },
  "/items": {
    type: "application/json",
    body: JSON.stringify({
      items: [
        { name: "pen", price: 2 },
        { name: "lamp", price: 40 },
        { name: "desk", price: 300 },
      ],
    }),
  },
  "/missing": { status: 404, type: "application/json", body: JSON.stringify({ error: "no such list" }) },
  "/octets": { type: "application/octet-stream", body: Buffer.from([1, 2, 3]) },
  "/graphql": {
    type: "application/json",
    body: JSON.stringify({ data: { repository: { issues: { nodes: [{ number: 1 }, { number: 2 }] } } } }),
  },
};
for (const [, iconvName, text] of CHARSETS) {
  // Declared as UTF-8, which these bytes are not: only Response Charset reads them right.
  routes[`/text-${iconvName}`] = { type: "text/plain; charset=utf-8", body: encoded(text, iconvName) };
  routes[`/json-${iconvName}`] = { type: "application/json", body: encoded(JSON.stringify({ text }), iconvName) };
  routes[`/xml-${iconvName}`] = {
    type: "application/xml",
    body: encoded(`<doc><text>${text}</text></doc>`, iconvName),
  };
  routes[`/csv-${iconvName}`] = { type: "text/csv", body: encoded(`label;text\nsample;${text}\n`, iconvName) };
}
for (const delimiter of [",", ";", "\t", "|"]) {
  const line = (...fields: string[]) => `${fields.join(delimiter)}\n`;
  routes[`/delimited-${delimiter.charCodeAt(0)}`] = {
    type: "text/csv",
    body: line("id", "name", "city") + line("1", '"Ann, Jr; B|C\tD"', "Paris") + line("2", "Bob", "Lyon"),
  };
}

/** Bodies that start with a byte order mark, under labels that name another encoding (or none). */
const BOM_TEXT = "id,name\nJosé,Zoë 日本\n";
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const BOM_BODIES = [
  ["UTF-16BE", Buffer.from([0xfe, 0xff]), "utf-16"],
  ["UTF-16LE", Buffer.from([0xff, 0xfe]), "utf-8"],
  ["UTF-8", UTF8_BOM, "windows-1252"],
] as const;
for (const [iconvName, mark, label] of BOM_BODIES) {
  const body = (text: string) => Buffer.concat([mark, encoded(text, iconvName)]);
  routes[`/bom-text-${iconvName}`] = { type: `text/plain; charset=${label}`, body: body(BOM_TEXT) };
  routes[`/bom-csv-${iconvName}`] = { type: `text/csv; charset=${label}`, body: body(BOM_TEXT) };
  routes[`/bom-json-${iconvName}`] = { type: `application/json; charset=${label}`, body: body('{"name":"Zoë"}') };
  routes[`/bom-xml-${iconvName}`] = { type: "application/xml", body: body("<doc><name>Zoë</name></doc>") };
}
// A UTF-16 BOM and then an odd number of bytes: no UTF-16 text ends half-way through a unit.
routes["/bom-cut"] = { type: "text/plain; charset=utf-8", body: Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x42]) };

// The examples the README and the reference page give, run as written.
// Bytes WHATWG calls errors in these charsets, which Node's own decoders let through.
const NEVER_VALID = [
  ["gbk", [0xc4, 0xe3, 0xff]],
  ["big5", [0xa4, 0x40, 0x80]],
  ["euc-kr", [0xb0, 0xa1, 0x80]],
  ["windows-874", [0xa1, 0xdb]],
] as const;
for (const [charset, bytes] of NEVER_VALID) {
  routes[`/gap-${charset}`] = { type: `text/plain; charset=${charset}`, body: Buffer.from(bytes) };
  routes[`/gap-${charset}-csv`] = {
    type: `text/csv; charset=${charset}`,
    body: Buffer.concat([Buffer.from("a\n"), Buffer.from(bytes), Buffer.from("\n")]),
  };
}
routes["/doc-rss"] = {
  type: "application/rss+xml",
  body: '<rss version="2.0"><channel><title>Releases</title>\n  <item><title>Version 007</title><guid isPermaLink="false">42</guid></item>\n</channel></rss>',
};
routes["/doc-export"] = {
  type: "text/csv",
  body: encoded('Name;Country\r\n"Café Dupont";FR\r\nBolt;DE\r\n', "WINDOWS-1252"),
};
routes["/doc-customers"] = {
  type: "text/csv; charset=utf-8",
  body: encoded('Customer No;Name;Country\r\n"C-007";"Café Dupont";FR\r\n"C-008";Bolt;DE\r\n', "WINDOWS-1252"),
};

const answer = (reply: Reply, response: ServerResponse) => {
  if (reply.type) response.setHeader("content-type", reply.type);
  response.writeHead(reply.status ?? 200).end(reply.body);
};

let server: TestServer;
/** Stands for a host an external entity would make the parser fetch: it must never be asked. */
let entityHost: TestServer;
beforeAll(async () => {
  server = await startServer((request, response) => {
    const reply = routes[request.path];
    if (reply) answer(reply, response);
    else response.writeHead(404).end();
  });
  entityHost = await startServer((_request, response) => response.end("secret file contents"));
  routes["/external-entity"] = {
    type: "application/xml",
    body: `<?xml version="1.0"?><!DOCTYPE a [<!ENTITY xxe SYSTEM "${entityHost.url}/etc/passwd">]><a>&xxe;</a>`,
  };
});
afterAll(async () => {
  await server.close();
  await entityHost.close();
});

const get = (path: string, extra: Record<string, unknown> = {}) =>
  run("httpGet", { url: `${server.url}${path}`, ...extra });
const getFailing = (path: string, extra: Record<string, unknown> = {}) =>
  runFailing("httpGet", { url: `${server.url}${path}`, ...extra });
/** How many requests the server has seen for a path: a refused input must send none. */
const seen = (path: string) => server.requests.filter((request) => request.path === path).length;

describe("responseType xml", () => {
  it("turns an RSS feed into JSON: attributes as @_, text beside attributes as #text, repeats as lists, namespaces kept", async () => {
    const { data } = await get("/rss", { responseType: "xml" });
    expect(data).toEqual({
      rss: {
        "@_version": "2.0",
        "@_xmlns:atom": "http://www.w3.org/2005/Atom",
        "@_xmlns:dc": "http://purl.org/dc/elements/1.1/",
        channel: {
          title: "Release notes",
          "atom:link": { "@_href": "https://example.com/feed", "@_rel": "self", "@_type": "application/rss+xml" },
          item: [
            {
              title: "Version 007",
              guid: { "#text": "12345678901234567890", "@_isPermaLink": "false" },
              "dc:creator": "Ann & Bob",
              description: "<p>Faster <b>pages</b></p>",
              price: { "#text": "1e5", "@_currency": "EUR" },
            },
            {
              title: "Café 0.10",
              guid: { "#text": "https://example.com/2", "@_isPermaLink": "true" },
              category: ["a", "b"],
            },
          ],
        },
      },
    });
    expect(server.requests.find((request) => request.path === "/rss")?.method).toBe("GET");
  });

  it("reads a SOAP response, and Select reaches into namespaced names", async () => {
    const { data } = await get("/soap", {
      responseType: "xml",
      select: '"soap:Envelope"."soap:Body"."m:GetPriceResponse"."m:Price"',
    });
    expect(data).toEqual({ "#text": "34.50", "@_currency": "USD" });
  });

  it("does not expand nested entities (billion laughs): the document stays its own size", async () => {
    const started = Date.now();
    const { data } = await get("/laughs", { responseType: "xml" });
    expect(data).toEqual({ lolz: { a: "lol", b: "&lol9;" } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("refuses an entity that would add more than the bound, rather than growing the text", async () => {
    const error = await getFailing("/quadratic", { responseType: "xml" });
    expect(error.name).toBe("ResponseFormatError");
    expect(error.message).toMatch(/cannot be read as XML: .*Expanded content length limit exceeded/);
  });

  it("never fetches an external entity", async () => {
    const error = await getFailing("/external-entity", { responseType: "xml" });
    expect(error.message).toMatch(/cannot be read as XML: External entities are not supported/);
    expect(entityHost.requests).toHaveLength(0);
  });

  it("fails on a document that is not well-formed, saying the line and column", async () => {
    const error = await getFailing("/broken-xml", { responseType: "xml" });
    expect(error.message).toBe(
      `GET ${server.url}/broken-xml failed: the response body is not well-formed XML at line 3, column 7: Expected closing tag 'c' (opened in line 3, col 3) instead of closing tag 'b'.`,
    );
  });

  it("reads the encoding the document declares when the Content-Type declares none", async () => {
    expect((await get("/latin1-xml", { responseType: "xml" })).data).toEqual({ city: "Montréal" });
  });

  it("returns null for an empty body", async () => {
    expect((await get("/empty-xml", { responseType: "xml" })).data).toBeNull();
  });
});

describe("responseType csv", () => {
  it("reads quoted commas, doubled quotes and line breaks (CRLF) into rows keyed by the header, as Python's csv does", async () => {
    const { data } = await get("/quoted-csv", { responseType: "csv" });
    expect(data).toEqual([
      { id: "1", name: "Smith, Ann", note: 'said "hi"\r\nthen left' },
      { id: "2", name: "Bob", note: "" },
    ]);
    expect(data).toEqual(pythonRows(Buffer.from(QUOTED_CSV), ",", true));
  });

  it.each([",", ";", "\t", "|"])("detects the delimiter %j", async (delimiter) => {
    const path = `/delimited-${delimiter.charCodeAt(0)}`;
    const { data } = await get(path, { responseType: "csv" });
    expect(data).toEqual([
      { id: "1", name: "Ann, Jr; B|C\tD", city: "Paris" },
      { id: "2", name: "Bob", city: "Lyon" },
    ]);
    expect(data).toEqual(pythonRows(Buffer.from(routes[path].body), delimiter, true));
  });

  it("gives lists of strings with CSV Header off, rows of any length included", async () => {
    const { data } = await get("/ragged-csv", { responseType: "csv", csvHeader: false });
    expect(data).toEqual([["id", "name"], ["1", "Ann"], ["2"], ["3", "Cy", "extra"]]);
    expect(data).toEqual(pythonRows(Buffer.from(routes["/ragged-csv"].body), ",", false));
  });

  it("drops a byte order mark from the first header", async () => {
    expect((await get("/bom-csv", { responseType: "csv" })).data).toEqual([{ id: "1", name: "Ann" }]);
  });

  it("keeps every value as the text it was", async () => {
    expect((await get("/numbers-csv", { responseType: "csv" })).data).toEqual([
      { zip: "007", big: "12345678901234567890", exp: "1e5" },
    ]);
  });

  it("fails on a row with a different number of fields than the header, naming the line", async () => {
    const error = await getFailing("/ragged-csv", { responseType: "csv" });
    expect(error.message).toBe(
      `GET ${server.url}/ragged-csv failed: the CSV row at line 3 has 1 field where the header has 2 fields; turn CSV Header off to get each row as a list of its own length`,
    );
  });

  it("fails on a header that names a column twice", async () => {
    const error = await getFailing("/duplicate-csv", { responseType: "csv" });
    expect(error.message).toMatch(/the CSV header \(line 1\) names the column "id" twice/);
  });

  it.each([
    ["/unclosed-csv", /not valid CSV: a quoted field opened at line 3 \(field 2\) is never closed/],
    ["/unclosed-early-csv", /not valid CSV: a quoted field opened at line 2 \(field 2\) is never closed/],
    ["/after-quote-csv", /not valid CSV at line 2 \(field 2\): a quoted field is followed by something other than/],
    ["/stray-quote-csv", /not valid CSV at line 2 \(field 2\): a quote inside a field that does not start with one/],
  ])("fails on malformed CSV %s saying where", async (path, message) => {
    const error = await getFailing(path, { responseType: "csv" });
    expect(error.name).toBe("ResponseFormatError");
    expect(error.message).toMatch(message);
  });

  it.each(["/empty-csv", "/header-only-csv"])("returns [] for %s", async (path) => {
    expect((await get(path, { responseType: "csv" })).data).toEqual([]);
  });

  it("finds the delimiter in decoded text, not in bytes that only look like one", async () => {
    const bytes = routes["/sjis-csv"].body as Buffer;
    expect(bytes.filter((byte) => byte === 0x7c).length).toBeGreaterThan(1);
    const { data } = await get("/sjis-csv", { responseType: "csv", responseCharset: "shift_jis" });
    expect(data).toEqual([{ ポポポ: "ポ", 品番: "007" }]);
  });
});

describe("Response Charset", () => {
  describe.each(CHARSETS)("%s", (label, iconvName, text) => {
    it("decodes text the server mislabels as UTF-8", async () => {
      expect((await get(`/text-${iconvName}`, { responseType: "text", responseCharset: label })).data).toBe(text);
      const error = await getFailing(`/text-${iconvName}`, { responseType: "text" });
      expect(error.message).toMatch(/is not valid utf-8; choose Response Type binary .* or set Response Charset/);
    });

    it("decodes json, xml and csv", async () => {
      expect((await get(`/json-${iconvName}`, { responseCharset: label })).data).toEqual({ text });
      expect((await get(`/xml-${iconvName}`, { responseType: "xml", responseCharset: label })).data).toEqual({
        doc: { text },
      });
      expect((await get(`/csv-${iconvName}`, { responseType: "csv", responseCharset: label })).data).toEqual([
        { label: "sample", text },
      ]);
    });
  });

  it("reads every byte windows-1252 defines as iconv does (Node's own decoder reads it as ISO-8859-1)", async () => {
    const undefinedBytes = [0x81, 0x8d, 0x8f, 0x90, 0x9d];
    const bytes = Buffer.from([...Array(256).keys()].filter((byte) => byte > 0 && !undefinedBytes.includes(byte)));
    routes["/every-1252-byte"] = { type: "text/plain", body: bytes };
    const expected = execFileSync("iconv", ["-f", "WINDOWS-1252", "-t", "UTF-8"], { input: bytes }).toString();
    expect((await get("/every-1252-byte", { responseType: "text", responseCharset: "windows-1252" })).data).toBe(
      expected,
    );
  });

  it("accepts any WHATWG label for a charset", async () => {
    const { data } = await get("/text-WINDOWS-1252", { responseType: "text", responseCharset: " Latin1 " });
    expect(data).toBe("Grüße, € und Œuvre");
  });

  it.each(NEVER_VALID.map(([charset]) => charset))(
    "fails on bytes %s never holds, declared or chosen, instead of returning them changed",
    async (charset) => {
      for (const [path, type] of [
        [`/gap-${charset}`, "text"],
        [`/gap-${charset}-csv`, "csv"],
      ]) {
        expect((await getFailing(path, { responseType: type })).message).toContain(
          `the response body is not valid ${charset}; choose Response Type binary`,
        );
        expect((await getFailing(path, { responseType: type, responseCharset: charset })).message).toContain(
          `the response body is not valid ${charset} (the Response Charset)`,
        );
      }
    },
  );

  it("refuses a label no decoder knows before sending anything", async () => {
    const before = seen("/text-GBK");
    const error = await getFailing("/text-GBK", { responseType: "text", responseCharset: "klingon-8" });
    expect(error.name).toBe("InputError");
    expect(error.message).toMatch(
      /^Input "Response Charset" \(responseCharset\) is not a charset this connector can decode/,
    );
    expect(seen("/text-GBK")).toBe(before);
  });
});

describe("a byte order mark", () => {
  describe.each(BOM_BODIES.map(([iconvName, , label]) => [iconvName, label]))("%s, labelled %s", (iconvName) => {
    it("names the encoding text and CSV are read in, and is not part of the data", async () => {
      expect((await get(`/bom-text-${iconvName}`, { responseType: "text" })).data).toBe(BOM_TEXT);
      expect((await get(`/bom-csv-${iconvName}`, { responseType: "csv" })).data).toEqual([
        { id: "José", name: "Zoë 日本" },
      ]);
    });

    it("names the encoding JSON and XML are read in", async () => {
      expect((await get(`/bom-json-${iconvName}`)).data).toEqual({ name: "Zoë" });
      expect((await get(`/bom-xml-${iconvName}`, { responseType: "xml" })).data).toEqual({ doc: { name: "Zoë" } });
    });

    it("wins over Response Charset too: it is the bytes' own word", async () => {
      const { data } = await get(`/bom-text-${iconvName}`, { responseType: "text", responseCharset: "shift_jis" });
      expect(data).toBe(BOM_TEXT);
    });
  });

  it("says so when the body is not valid in the encoding it names", async () => {
    const error = await getFailing("/bom-cut", { responseType: "text" });
    expect(error.message).toContain("the response body is not valid utf-16le (as its byte order mark says)");
  });
});

describe("Select", () => {
  it("returns what a JMESPath expression picks from a JSON body", async () => {
    const { data } = await get("/items", { select: "items[?price > `10`].name" });
    expect(data).toEqual(["lamp", "desk"]);
  });

  it("picks from XML, where to_array() keeps a one-item list a list", async () => {
    const { data } = await get("/rss", { responseType: "xml", select: "to_array(rss.channel.item)[].title" });
    expect(data).toEqual(["Version 007", "Café 0.10"]);
    const one = await get("/soap", { responseType: "xml", select: 'to_array("soap:Envelope"."soap:Body")' });
    expect(one.data).toHaveLength(1);
  });

  it("picks from CSV rows", async () => {
    const { data } = await get("/quoted-csv", { responseType: "csv", select: "[?note == ''].name" });
    expect(data).toEqual(["Bob"]);
  });

  it("is the inner data of the full response", async () => {
    const { data } = await get("/items", { select: "length(items)", includeFullResponse: true });
    expect(data.data).toBe(3);
    expect(data.status).toBe(200);
  });

  it("is not applied to a failed response returned as data", async () => {
    const { data } = await get("/missing", { select: "items[].name", failOnErrorStatus: false });
    expect(data.status).toBe(404);
    expect(data.data).toEqual({ error: "no such list" });
  });

  it("applies to a GraphQL step's data", async () => {
    const { data } = await run("httpGraphql", {
      url: `${server.url}/graphql`,
      query: "{ repository { issues { nodes { number } } } }",
      select: "repository.issues.nodes[].number",
    });
    expect(data).toEqual([1, 2]);
  });

  it("refuses an expression that does not parse, before sending anything", async () => {
    const before = seen("/items");
    const error = await getFailing("/items", { select: "items[?price > ]" });
    expect(error.name).toBe("InputError");
    expect(error.message).toMatch(/^Input "Select" \(select\) is not a valid JMESPath expression: Syntax error/);
    expect(seen("/items")).toBe(before);
  });

  it.each(["binary", "text"])(
    "refuses Response Type %s, which gives it nothing to query, before sending",
    async (responseType) => {
      const error = await getFailing("/octets", { responseType, select: "a" });
      expect(error.name).toBe("InputError");
      expect(error.message).toMatch(/^Input "Select" \(select\) needs a parsed body, and Response Type/);
      expect(seen("/octets")).toBe(0);
    },
  );

  it("fails clearly when the expression cannot be evaluated on the body", async () => {
    const error = await getFailing("/items", { select: "abs(items[0].name)" });
    expect(error.name).toBe("ResponseFormatError");
    expect(error.message).toMatch(/the Select expression "abs\(items\[0\]\.name\)" failed: Invalid type/);
  });
});

describe("the documented examples", () => {
  it("an RSS feed as JSON (reference page)", async () => {
    const select = 'to_array(rss.channel.item)[].{title: title, id: guid."#text"}';
    expect((await get("/doc-rss", { responseType: "xml", select })).data).toEqual([{ title: "Version 007", id: "42" }]);
  });

  it("a CSV export to rows (reference page)", async () => {
    const inputs = { responseType: "csv", responseCharset: "windows-1252", select: "[?Country == 'FR'].Name" };
    expect((await get("/doc-export", inputs)).data).toEqual(["Café Dupont"]);
  });

  it("a CSV export to rows (README example 11)", async () => {
    const select = `[?Country == 'FR'].{id: "Customer No", name: Name}`;
    const { data } = await get("/doc-customers", { responseType: "csv", responseCharset: "windows-1252", select });
    expect(data).toEqual([{ id: "C-007", name: "Café Dupont" }]);
  });
});
