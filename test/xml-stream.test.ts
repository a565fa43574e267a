/**
 * The streaming XML builder against fast-xml-parser, the reference it must match: the same value
 * (keys in the same order) for random well-formed documents read whole, in pieces cut anywhere,
 * and as bytes decoded a few at a time; never an answer fast-xml-parser would not give for a
 * document mangled at random; and for malformed documents, a refusal with fast-xml-parser's own
 * message.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_XML_DEPTH } from "../src/limits";
import { DECODE_CHUNK_BYTES } from "../src/request/decode/text";
import { parseWithFastXmlParser, parseXml } from "../src/request/decode/xml";
import { buildXml, NotStreamable } from "../src/request/decode/xmlStream";
import { ResponseFormatError } from "../src/request/errors";
import { runFailing } from "./helpers/harness";
import { startServer } from "./helpers/servers";
import { XML_DOCUMENT } from "./helpers/xmlDocuments";

const RUNS = 400;

/** The same value, down to the order of keys, which JSON output shows. */
const expectSame = (actual: unknown, expected: unknown): void => {
  expect(actual).toStrictEqual(expected);
  expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
};

type Outcome = { value: unknown } | { error: Error };
const outcome = (read: () => unknown): Outcome => {
  try {
    return { value: read() };
  } catch (error) {
    return { error: error as Error };
  }
};

/** A document cut into pieces at the given places. */
const cut = (text: string, places: number[]): string[] => {
  const at = [...new Set(places.map((place) => place % (text.length + 1)))].sort((a, b) => a - b);
  return [...at, text.length].map((end, index) => text.slice(index === 0 ? 0 : at[index - 1], end));
};

const MANGLINGS = [
  "&nbsp;",
  "<",
  ">",
  "&",
  '"',
  "'",
  "/",
  "=",
  " ",
  "!",
  "?",
  "-",
  "]",
  ";",
  "\u00a0",
  "\uFEFF",
  "\r",
  "<!--",
  "-->",
].concat(["<![CDATA[", "]]>", "<?", "?>", "</", "< ", "</ ", "/>", "&#", "<a>", "</a>", "<!DOCTYPE a>", "<!x>"]);
/** A well-formed document with a few characters inserted, removed, repeated or cut off. */
const MANGLED = fc
  .tuple(
    XML_DOCUMENT,
    fc.array(fc.tuple(fc.nat(), fc.nat(5), fc.constantFrom(...MANGLINGS), fc.constantFrom("insert", "delete", "cut")), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([document, changes]) =>
    changes.reduce((text, [place, length, inserted, change]) => {
      const at = place % (text.length + 1);
      if (change === "insert") return text.slice(0, at) + inserted + text.slice(at);
      if (change === "delete") return text.slice(0, at) + text.slice(at + length);
      return text.slice(0, at);
    }, document),
  );

describe("the streaming XML builder is fast-xml-parser's twin", () => {
  it("returns what fast-xml-parser returns for random well-formed documents, without handing any back", () => {
    fc.assert(
      fc.property(XML_DOCUMENT, (document) => {
        expectSame(buildXml([document]), parseWithFastXmlParser(document));
      }),
      { numRuns: RUNS },
    );
  });

  it("returns the same whatever the text is cut into, and from bytes decoded a few at a time", () => {
    fc.assert(
      fc.property(
        XML_DOCUMENT,
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 7 }),
        (document, places, bytes) => {
          const expected = parseWithFastXmlParser(document);
          expectSame(buildXml(cut(document, places)), expected);
          expectSame(parseXml(Buffer.from(document), "application/xml", undefined, bytes), expected);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("never answers where fast-xml-parser would answer otherwise or refuse, however a document is mangled or cut", () => {
    fc.assert(
      fc.property(MANGLED, fc.array(fc.nat(), { maxLength: 6 }), (document, places) => {
        const streamed = outcome(() => buildXml(cut(document, places)));
        if ("error" in streamed) {
          expect(streamed.error).toBeInstanceOf(NotStreamable);
          return;
        }
        expectSame(streamed.value, parseWithFastXmlParser(document));
      }),
      { numRuns: RUNS * 2 },
    );
  });
});

/** Not well-formed for either parser; the comment says what is wrong. */
const MALFORMED = [
  "<a>\n  <b>1</b>\n  <c>2</b>\n</a>", // closed by the wrong tag
  "<a><b>1</b>", // never closed
  "<a><b>1</b></a><c>2</c>", // two roots
  "<a>1</a>tail", // text after the root
  "lead<a/>", // text before it
  "<a>1 & 2</a>", // a bare ampersand
  "<a>&a-b;</a>", // a reference the validator refuses
  "<a>&#X41;</a>", // an upper-case X in a character reference
  '<a x="1" x="2"/>', // a repeated attribute
  "<a x=1/>", // an unquoted value
  "<a x/>", // an attribute without one
  '<a x="1"y="2"/>', // no space between attributes
  '<a x="1/>', // an open quote
  "< a/>", // a space after <
  "<a></ a>", // and in a closing tag
  "<a>< !----></a>", // and before a comment
  "<1a/>", // a name that starts with a digit
  '\n<?xml version="1.0"?><a/>', // a declaration that is not at the very start
  "<a><!-- never closed </a>",
  "<a><![CDATA[never closed</a>",
  "<a><?pi never closed</a>",
  "<!-- only a comment -->",
  "<a>\u00a0</a>\u00a0", // no-break space is not XML white space
  "<a><constructor/></a>", // a name that would reach Object.prototype
  "<a>&bogus;</a>", // a reference to an entity nothing defines
  "<a>\n  <b>&nbsp;</b>\n</a>", // an HTML name, which XML does not define
  '<a x="&copy;"/>', // and in an attribute
  "<a>&constructor;</a>", // a name objects inherit is no entity either
  `${"<a>".repeat(MAX_XML_DEPTH + 2)}${"</a>".repeat(MAX_XML_DEPTH + 2)}`, // nested too deeply
];

describe("documents fast-xml-parser refuses", () => {
  it.each(MALFORMED)("are refused by both, with fast-xml-parser's message: %j", (document) => {
    const expected = outcome(() => parseWithFastXmlParser(document));
    expect("error" in expected && expected.error).toBeInstanceOf(ResponseFormatError);
    expect(() => buildXml([document])).toThrow(NotStreamable);
    const message = "error" in expected ? expected.error.message : "";
    expect(() => parseXml(Buffer.from(document), "application/xml", undefined, 3)).toThrow(message);
  });

  it("says where an undefined entity is referred to", () => {
    expect(() => parseXml(Buffer.from("<a>\n  <b>x &bogus;</b>\n</a>"), "application/xml")).toThrow(
      'the response body is not well-formed XML at line 2, column 8: entity "&bogus;" is not defined',
    );
  });

  it("still reads the five, character references, DOCTYPE-declared entities, and & inside comments and CDATA", () => {
    expect(parseXml(Buffer.from("<a>&amp;&lt;&gt;&quot;&apos;&#233;&#x263A;</a>"), "application/xml")).toEqual({
      a: "&<>\"'é☺",
    });
    const declared = '<!DOCTYPE a [<!ENTITY co "Acme">]><a x="&co;">&co; Ltd</a>';
    expect(parseXml(Buffer.from(declared), "application/xml")).toEqual({ a: { "@_x": "Acme", "#text": "Acme Ltd" } });
    const hidden = "<a><!-- &bogus; --><![CDATA[&nbsp;]]>x</a>";
    expect(parseXml(Buffer.from(hidden), "application/xml")).toEqual({ a: "&nbsp;x" });
  });

  it("fails the step on an undefined entity in a response", async () => {
    const server = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/xml" }).end("<a>&bogus;</a>");
    });
    try {
      const error = await runFailing("httpGet", { url: `${server.url}/x`, responseType: "xml" });
      expect(error.message).toBe(
        `GET ${server.url}/x failed: the response body is not well-formed XML at line 1, column 4: entity "&bogus;" is not defined`,
      );
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });

  it("says where, as it always has", () => {
    expect(() => parseXml(Buffer.from(MALFORMED[0]), "application/xml")).toThrow(
      "the response body is not well-formed XML at line 3, column 7: Expected closing tag 'c' (opened in line 3, col 3) instead of closing tag 'b'.",
    );
  });
});

/** sax objects to these, but only to what fast-xml-parser ignores: the builder reads them itself. */
const READ_DESPITE_SAX = [
  '<a href="/q?x=1&y=2"/>', // `&` starting no reference in an attribute, kept as written
  "<m:a><n:b/></m:a>", // prefixes nothing declares
  "<a>x</a >", // space before `>` in a closing tag
];

/** sax refuses these or reads them otherwise, fast-xml-parser reads them: they are handed to it. */
const HANDED_TO_FAST_XML_PARSER = [
  '<a href="/q?x=1&y"/>', // the same right before the closing quote, which sax would take into the value
  "<a><!-- a -- b --></a>", // `--` inside a comment
  "<a><!-- a ---></a>",
  "<a><!ELEMENT x ANY></a>", // a declaration in the body
  "<a><![cdata[x]]></a>", // CDATA in lower case
  '<a><?pi x="?>"?></a>', // `?>` inside quotes in a processing instruction
  "<a>&1ab;</a>", // a reference fast-xml-parser's validator takes and sax does not
  // What fast-xml-parser's validator lets through after a self-closing root, or inside an element.
  "<a><b>1</b></a><c/>",
  "<a/><c>1</c>",
  "<a/>tail",
  '<a><?xml version="1.0"?></a>',
  "   ", // no root element: null, as for an empty body
  "",
];

describe("documents sax reads otherwise", () => {
  it.each(READ_DESPITE_SAX)("are read by the builder as fast-xml-parser reads them: %j", (document) => {
    expectSame(buildXml(cut(document, [3, 9])), parseWithFastXmlParser(document));
  });

  it.each(HANDED_TO_FAST_XML_PARSER)("are handed to fast-xml-parser, whose answer they get: %j", (document) => {
    expect(() => buildXml([document])).toThrow(NotStreamable);
    const expected = outcome(() => parseWithFastXmlParser(document));
    expect(outcome(() => parseXml(Buffer.from(document), "application/xml", undefined, 2))).toStrictEqual(expected);
  });

  it("includes every document with a DOCTYPE, so its entities are expanded (and bounded) as before", () => {
    const document = '<!DOCTYPE a [<!ENTITY who "World">]><a>Hello &who;</a>';
    expect(() => buildXml([document])).toThrow(new NotStreamable("a DOCTYPE"));
    expect(parseXml(Buffer.from(document), "application/xml")).toEqual({ a: "Hello World" });
  });

  it("counts nesting as fast-xml-parser does: one level more than MAX_XML_DEPTH is read, the next is not", () => {
    const nested = (levels: number) => `${"<a>".repeat(levels)}x${"</a>".repeat(levels)}`;
    expectSame(buildXml([nested(MAX_XML_DEPTH + 1)]), parseWithFastXmlParser(nested(MAX_XML_DEPTH + 1)));
    expect(() => buildXml([nested(MAX_XML_DEPTH + 2)])).toThrow(NotStreamable);
  });
});

describe("reading a body in pieces", () => {
  const TAIL = '<b a="caf&#233;">😀 &amp; 日本</b><c d="é"/><![CDATA[<é>]]></a>';

  it("reads right wherever the 64 KB boundary falls: inside a character, a reference, a tag or a CDATA section", () => {
    const expected = parseWithFastXmlParser(`<a><p>x</p>${TAIL}`);
    for (let into = 0; into < Buffer.byteLength(TAIL); into += 1) {
      // The padding puts the boundary `into` bytes into the tail.
      const head = `<a><p>${"x".repeat(DECODE_CHUNK_BYTES - "<a><p>".length - "</p>".length - into)}</p>`;
      const body = Buffer.from(head + TAIL);
      expect(Buffer.byteLength(head) + into).toBe(DECODE_CHUNK_BYTES);
      const { a } = parseXml(body, "application/xml") as { a: Record<string, unknown> };
      expectSame({ a: { ...a, p: "x" } }, expected);
    }
  });

  it("keeps a character cut between pieces in any charset", () => {
    const document = '<?xml version="1.0"?><a b="€">Grüße 日本 😀</a>';
    for (const [charset, bytes] of [
      ["utf-16le", Buffer.from(document, "utf16le")],
      ["windows-1252", Buffer.from('<a b="\x80">caf\xe9</a>', "latin1")],
      ["utf-8", Buffer.from(document)],
    ] as const) {
      const whole = parseXml(bytes, `application/xml; charset=${charset}`);
      for (let size = 1; size <= 5; size += 1) {
        expectSame(parseXml(bytes, `application/xml; charset=${charset}`, undefined, size), whole);
      }
    }
  });

  it("fails on bytes the charset does not allow with the decoder's message, even after XML that is not well-formed", () => {
    const invalid = Buffer.concat([Buffer.from("<a>1</b>"), Buffer.from([0xc3])]);
    for (const size of [1, 4, DECODE_CHUNK_BYTES]) {
      expect(() => parseXml(invalid, "application/xml", undefined, size)).toThrow(
        "the response body is not valid utf-8 (no charset was declared)",
      );
    }
  });
});
