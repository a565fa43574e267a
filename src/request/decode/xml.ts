/**
 * XML to JSON with fast-xml-parser's conventions: attributes as `@_name`, the text of an element
 * that has attributes (or children) as `#text`, an element that appears more than once under
 * the same parent as an array (once, as a value: use JMESPath's `to_array()` in Select when a
 * list may have one item), namespace prefixes kept in names (`soap:Envelope`, `@_xmlns:soap`).
 * Every value stays the text it was (`007`, `1e5` and `12345678901234567890` are not
 * re-numbered); text is trimmed; comments, processing instructions and the `<?xml ?>`
 * declaration are dropped; CDATA is text.
 *
 * Safety: external entities (`SYSTEM`, `PUBLIC`) are refused, never fetched; an entity whose
 * value refers to other entities is not expanded (so a billion-laughs document stays small);
 * DOCTYPE entities are bounded in count and in how much they add (see limits.ts).
 */
import { type X2jOptions, XMLParser, XMLValidator } from "fast-xml-parser";
import { MAX_XML_DEPTH, MAX_XML_ENTITY_EXPANSIONS, MAX_XML_EXPANDED_CHARS } from "../../limits";
import { ResponseFormatError } from "../errors";
import { type CharsetChoice, charsetOf, decodeIn } from "./text";

/** XML's five named entities: HTML names such as `&nbsp;` are not XML and stay as written. */
const XML_ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** The parser reads `appliesTo` (which entities the limits count), though its types do not list it yet. */
type EntityOptions = Exclude<X2jOptions["processEntities"], boolean | undefined> & { appliesTo: "external" };

const ENTITY_OPTIONS: EntityOptions = {
  enabled: true,
  // Only entities the document declares itself are counted: &amp; and &#233; never grow the text.
  appliesTo: "external",
  maxTotalExpansions: MAX_XML_ENTITY_EXPANSIONS,
  maxExpandedLength: MAX_XML_EXPANDED_CHARS,
};

const PARSER_OPTIONS: X2jOptions = {
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: MAX_XML_DEPTH,
  // No callbacks read the path of a tag, so the parser need not build it as text for each one.
  jPath: false,
  // A named-entity table turns on character references (&#233;) too; without it they stay as
  // written. The option is typed as a boolean but takes a table.
  htmlEntities: XML_ENTITIES as unknown as boolean,
  processEntities: ENTITY_OPTIONS,
};

/** How much of the start of a body is searched for `<?xml ... encoding="..."?>`. */
const DECLARATION_BYTES = 256;
const DECLARED_ENCODING = /^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

/**
 * The encoding an XML document declares for itself, read from its first bytes as ASCII (the
 * declaration is ASCII in every encoding it can name, UTF-16 aside, which has a BOM).
 * @example declaredEncoding(Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><a/>')) // "iso-8859-1"
 */
export const declaredEncoding = (body: Buffer): string | undefined =>
  DECLARED_ENCODING.exec(body.subarray(0, DECLARATION_BYTES).toString("latin1"))?.[1]?.toLowerCase();

const where = (line: number | undefined, col: number | undefined): string =>
  line === undefined ? "" : ` at line ${line}${col === undefined ? "" : `, column ${col}`}`;

/**
 * Parses XML text as described above; a document that is not well-formed fails saying where.
 * @example parseXmlText('<item id="7">Widget</item>') // { item: { "@_id": "7", "#text": "Widget" } }
 */
export const parseXmlText = (text: string): unknown => {
  if (text.trim() === "") return null;
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new ResponseFormatError(`the response body is not well-formed XML${where(line, col)}: ${msg}`);
  }
  try {
    return new XMLParser(PARSER_OPTIONS).parse(text);
  } catch (error) {
    // The parser's own refusals: an external entity, too many or too large expansions, nesting too deep.
    throw new ResponseFormatError(`the response body cannot be read as XML: ${(error as Error).message}`);
  }
};

/**
 * Decodes an XML body (Response Charset, else the Content-Type's charset, else the document's own
 * declaration, else UTF-8) and parses it. An empty body is `null`, as for JSON.
 * @example parseXml(Buffer.from("<a><b>1</b><b>2</b></a>"), "application/xml") // { a: { b: ["1", "2"] } }
 */
export const parseXml = (body: Buffer, contentType: unknown, chosen?: string): unknown => {
  const choice: CharsetChoice = { chosen, declared: charsetOf(contentType) ?? declaredEncoding(body) };
  return parseXmlText(decodeIn(body, choice));
};
