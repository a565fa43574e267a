/**
 * XML to JSON with fast-xml-parser's conventions: attributes as `@_name`, the text of an element
 * that has attributes (or children) as `#text`, an element that appears more than once under
 * the same parent as an array (once, as a value: use JMESPath's `to_array()` in Select when a
 * list may have one item), namespace prefixes kept in names (`soap:Envelope`, `@_xmlns:soap`).
 * Every value stays the text it was (`007`, `1e5` and `12345678901234567890` are not
 * re-numbered); text is trimmed; comments, processing instructions and the `<?xml ?>`
 * declaration are dropped; CDATA is text.
 *
 * A body is read in pieces by the streaming builder (xmlStream.ts), which returns exactly what
 * fast-xml-parser would without holding the decoded text whole or building a second tree. A
 * document with a `<!DOCTYPE` goes to fast-xml-parser itself, unchanged: its bounded entity
 * expansion and its refusal of external entities are what the safety contract below rests on,
 * and DOCTYPE documents are small hand-written ones, not exports. So does any document the
 * builder cannot answer for exactly, not well-formed ones included, so that every error is
 * fast-xml-parser's own, with its line and column.
 *
 * Safety: external entities (`SYSTEM`, `PUBLIC`) are refused, never fetched; an entity whose
 * value refers to other entities is not expanded (so a billion-laughs document stays small);
 * DOCTYPE entities are bounded in count and in how much they add (see limits.ts).
 */
import type { X2jOptions } from "fast-xml-parser";
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as fastXmlParser from /* webpackDefer: true */ "fast-xml-parser";
import { MAX_XML_DEPTH, MAX_XML_ENTITY_EXPANSIONS, MAX_XML_EXPANDED_CHARS } from "../../limits";
import { ResponseFormatError } from "../errors";
import { type CharsetChoice, charsetOf, decodeChunksIn, decodeIn } from "./text";
import { undefinedEntity, XML_ENTITIES } from "./xmlReferences";
import { buildXml, NotStreamable } from "./xmlStream";

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

/** What holds no references: comments, CDATA, processing instructions and the DOCTYPE (which declares entities). */
const WITHOUT_REFERENCES =
  /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<!DOCTYPE(?:[^[>]|\[[\s\S]*?\])*>/gi;
/** An internal general entity a DOCTYPE declares (`<!ENTITY % name` is a parameter entity, not usable in content). */
const ENTITY_DECLARATION = /<!ENTITY\s+([^\s%]+)\s/g;

/**
 * Refuses a reference to an entity neither XML nor the document's DOCTYPE defines, saying
 * where: the validator accepts `&bogus;` and the parser would keep it as written, as if text.
 */
const checkEntitiesDefined = (text: string): void => {
  if (!undefinedEntity(text)) return;
  const declared = new Set(Array.from(text.matchAll(ENTITY_DECLARATION), (match) => match[1]));
  // Blanked, newlines kept, so what is found is at its own line and column.
  const content = text.replace(WITHOUT_REFERENCES, (skipped) => skipped.replace(/[^\n]/g, " "));
  const found = undefinedEntity(content, declared);
  if (!found) return;
  const before = content.slice(0, found.at);
  const line = before.split("\n").length;
  const col = found.at - before.lastIndexOf("\n");
  throw new ResponseFormatError(
    `the response body is not well-formed XML${where(line, col)}: entity "&${found.name};" is not defined`,
  );
};

/**
 * Parses XML text with fast-xml-parser, validating it first; a document that is not well-formed
 * fails saying where.
 * @example parseWithFastXmlParser('<item id="7">Widget</item>') // { item: { "@_id": "7", "#text": "Widget" } }
 */
export const parseWithFastXmlParser = (text: string): unknown => {
  if (text.trim() === "") return null;
  const valid = fastXmlParser.XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    throw new ResponseFormatError(`the response body is not well-formed XML${where(line, col)}: ${msg}`);
  }
  checkEntitiesDefined(text);
  try {
    return new fastXmlParser.XMLParser(PARSER_OPTIONS).parse(text);
  } catch (error) {
    // The parser's own refusals: an external entity, too many or too large expansions, nesting too deep.
    throw new ResponseFormatError(`the response body cannot be read as XML: ${(error as Error).message}`);
  }
};

/** The streaming builder's answer, or fast-xml-parser's where the builder declines. */
const readXml = (pieces: Iterable<string>, whole: () => string): unknown => {
  try {
    return buildXml(pieces);
  } catch (error) {
    if (error instanceof NotStreamable) return parseWithFastXmlParser(whole());
    throw error;
  }
};

/**
 * Parses XML text as described above; a document that is not well-formed fails saying where.
 * @example parseXmlText('<item id="7">Widget</item>') // { item: { "@_id": "7", "#text": "Widget" } }
 */
export const parseXmlText = (text: string): unknown => readXml([text], () => text);

/**
 * Decodes an XML body (Response Charset, else the Content-Type's charset, else the document's own
 * declaration, else UTF-8) and parses it, `chunkBytes` at a time. An empty body is `null`, as for JSON.
 * @example parseXml(Buffer.from("<a><b>1</b><b>2</b></a>"), "application/xml") // { a: { b: ["1", "2"] } }
 */
export const parseXml = (body: Buffer, contentType: unknown, chosen?: string, chunkBytes?: number): unknown => {
  const choice: CharsetChoice = { chosen, declared: charsetOf(contentType) ?? declaredEncoding(body) };
  return readXml(decodeChunksIn(body, choice, chunkBytes), () => decodeIn(body, choice));
};
