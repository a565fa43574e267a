/**
 * Random XML documents for comparing the streaming builder with fast-xml-parser: nested elements
 * with and without namespace prefixes, attributes holding entity and character references,
 * repeated siblings, mixed content, whitespace-only text, CDATA, comments, processing
 * instructions, empty and self-closing elements, text in any script, CRLF line ends.
 */
import fc from "fast-check";

/** Few names, so siblings repeat; some prefixed, some non-ASCII, two that fast-xml-parser renames. */
const NAME = fc.constantFrom(
  "a",
  "b",
  "item",
  "soap:Body",
  "m:Price",
  "x.y-z_1",
  "café",
  "名前",
  "toString",
  "valueOf",
);
const ATTRIBUTE_NAME = fc.constantFrom("id", "x", "xmlns:m", "m:type", "xml:lang", "data-é", "href");

/** Text that means itself, with or without spaces around it. */
const WORDS = fc.constantFrom(
  "007",
  "1e5",
  "Ann",
  " Bob ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "a\rb",
  "Grüße",
  "日本語",
  "😀",
  ">",
  "]]",
  "x y",
);
/** References as written in a document: the XML five and characters (some XML forbids); an HTML name such as `&nbsp;` is refused, see MANGLINGS. */
const REFERENCES = fc.constantFrom(
  "&amp;",
  "&lt;",
  "&gt;",
  "&quot;",
  "&apos;",
  "&#233;",
  "&#x263A;",
  "&#x1F600;",
  "&#32;",
  "&#10;",
  "&#1;",
  "&#0;",
  "&#xD800;",
  "&#;",
);

const textOf = (pieces: fc.Arbitrary<string>) => fc.array(pieces, { maxLength: 5 }).map((parts) => parts.join(""));

/** Element text: never a bare `<` or `&`. */
const TEXT = textOf(
  fc.oneof(
    WORDS,
    REFERENCES,
    fc.string({ maxLength: 4 }).map((s) => s.replace(/[<&]/g, "")),
  ),
);
/** An attribute value for a quote: never that quote, `<` or a bare `&`. */
const attributeValue = (quote: string) =>
  textOf(fc.oneof(WORDS, REFERENCES, fc.constantFrom("'", '"', "a=b", "  x  "))).map((value) =>
    value.replaceAll(quote, ""),
  );
const CDATA = textOf(fc.oneof(WORDS, REFERENCES, fc.constantFrom("<b>", "&", "]", " ", "]]]"))).map((body) =>
  body.replaceAll("]]>", ""),
);
const COMMENT = textOf(fc.oneof(WORDS, fc.constantFrom("<a>", "&", "-", " x "))).map(
  (body) => body.replace(/-(?=-)/g, "- ").replace(/-$/, "- ") || " ",
);
const PROCESSING_INSTRUCTION = fc
  .tuple(
    fc.constantFrom("pi", "xml-stylesheet", "php"),
    fc.constantFrom("", " data", ' href="a.xsl"', " x='1' y=\"2\""),
  )
  .map(([target, data]) => `<?${target}${data}?>`);

const ATTRIBUTE = fc.tuple(ATTRIBUTE_NAME, fc.constantFrom('"', "'"), fc.constantFrom("=", " = ", "\n="));
const attributes = fc
  .uniqueArray(ATTRIBUTE, { selector: ([name]) => name, maxLength: 3 })
  .chain((list) =>
    fc.tuple(
      ...list.map(([name, quote, equals]) =>
        attributeValue(quote).map((value) => ` ${name}${equals}${quote}${value}${quote}`),
      ),
    ),
  )
  .map((list) => list.join(""));

const { element } = fc.letrec<{ element: string; node: string }>((tie) => ({
  element: fc
    .tuple(NAME, attributes, fc.array(tie("node"), { maxLength: 4 }), fc.boolean(), fc.constantFrom("", " ", "\n  "))
    .map(([name, attrs, children, selfClose, space]) =>
      children.length === 0 && selfClose
        ? `<${name}${attrs}${space}/>`
        : `<${name}${attrs}${space}>${children.join("")}</${name}>`,
    ),
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    TEXT,
    tie("element"),
    CDATA.map((body) => `<![CDATA[${body}]]>`),
    COMMENT.map((body) => `<!--${body}-->`),
    PROCESSING_INSTRUCTION,
  ),
}));

const MISC = fc.oneof(
  fc.constantFrom("", " ", "\n", "\r\n"),
  COMMENT.map((body) => `<!--${body}-->`),
  PROCESSING_INSTRUCTION,
);
const DECLARATION = fc.constantFrom(
  "",
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  "<?xml version='1.0'?>",
  '<?xml version="1.1"?>',
);

/** A well-formed document: a declaration perhaps, then comments and PIs around one root element. */
export const XML_DOCUMENT = fc
  .tuple(DECLARATION, fc.array(MISC, { maxLength: 2 }), element, fc.array(MISC, { maxLength: 2 }))
  .map(([declaration, before, root, after]) => declaration + before.join("") + root + after.join(""));
