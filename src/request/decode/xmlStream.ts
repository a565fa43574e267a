/**
 * XML to JSON read piece by piece with sax, building the output as elements close, so a large
 * document is never held as one string nor as a second tree: the value is exactly what the
 * fast-xml-parser path in xml.ts returns (its conventions are listed there).
 *
 * Every reference is kept as written while sax reads (its entity table answers `&name;` with
 * itself) and decoded here after trimming, as fast-xml-parser does (xmlReferences.ts). Where the
 * two parsers part ways, in a document that is not well-formed or in constructs exports never
 * use (a DOCTYPE, `<!ELEMENT` in the body, `?>` in quotes in a processing instruction), the
 * builder does not guess: it throws NotStreamable and the caller reads the document with
 * fast-xml-parser, which then gives its own answer or error, exactly as before.
 */
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as sax from /* webpackDefer: true */ "sax";
import { MAX_XML_DEPTH } from "../../limits";
import { decodeReferences, textReferencesValid, undefinedEntity } from "./xmlReferences";

/** The builder cannot answer exactly as fast-xml-parser would; the reason is for debugging. */
export class NotStreamable extends Error {
  override name = "NotStreamable";
}

const ATTRIBUTE_PREFIX = "@_";
const TEXT_KEY = "#text";
/** Names fast-xml-parser refuses as element names: they would reach Object.prototype. */
const REFUSED_NAMES = new Set(["__proto__", "constructor", "prototype"]);
/** Names fast-xml-parser renames to `__name`, so no element shadows a method every object has. */
const RENAMED_NAMES = new Set([
  "hasOwnProperty",
  "toString",
  "valueOf",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
]);
/** fast-xml-parser checks its limit before it counts the element being opened, so it opens one more. */
const MAX_LEVELS = MAX_XML_DEPTH + 1;
const XML_DECLARATION = "xml";
/** An attribute in a processing instruction, as fast-xml-parser reads them (for `version`). */
const PI_ATTRIBUTE = /([^\s=]+)\s*(=\s*(?:"([^"]*)"|'([^']*)'))?/g;
const XML11 = 1.1;

/**
 * Fields sax keeps on its parser that its types leave out: the state it is in (one of
 * `sax.STATE`), the character just read, the quote of the attribute value being read, and what
 * followed `<!`.
 */
interface SaxInternals {
  state: number;
  c: string;
  q: string;
  sgmlDecl: string;
}
/** sax's parser states, read when they are first needed. */
const saxStates = (): Record<string, number> => (sax as unknown as { STATE: Record<string, number> }).STATE;

/** `<` or `</` then white space, which fast-xml-parser refuses where it starts markup and sax skips. */
const SPACED_MARKUP = /<\/?[ \t\r\n]/g;
/** The end of a piece that may be cut before such a space: held back and read with the next piece. */
const OPEN_MARKUP_END = /<\/?$/;
/**
 * The two characters JavaScript's `\s` takes for space that XML takes for name characters:
 * fast-xml-parser cuts names at them, so a name holding one would come out cut.
 */
const NAME_SPACE = /[\u1680\uFEFF]/;

/** An element being read, or (`name` "") the document around the root. */
interface Frame {
  name: string;
  children?: Record<string, unknown>;
  attributes?: Record<string, string>;
  /** Decoded text so far, every piece trimmed on its own. */
  text: string;
  /** Text since the last piece of markup (comments aside, which fast-xml-parser reads through). */
  raw: string;
}

/**
 * V8 keeps a substring of 13 characters or more as a view of the string it was cut from, so a
 * value cut from a piece of the document would keep that whole piece alive as long as the value
 * lives: the output would hold the decoded text after all. A JSON round trip is the cheapest
 * exact copy (every string survives it, lone surrogates included), and a flat one.
 */
const MIN_VIEW_CHARS = 13;
const detached = (text: string): string =>
  text.length < MIN_VIEW_CHARS ? text : (JSON.parse(JSON.stringify(text)) as string);

/** fast-xml-parser reads a document with every `\r\n` and lone `\r` as `\n`. */
const lineFeeds = (text: string): string => (text.includes("\r") ? text.replace(/\r\n?/g, "\n") : text);

/** sax's answer for every reference: itself, so nothing is decoded before it is trimmed. */
const KEEP_REFERENCES = new Proxy<Record<string, string>>(
  {},
  { get: (_table, name) => (typeof name === "string" ? `&${name};` : undefined) },
);

/**
 * Whether fast-xml-parser would read a processing instruction sax read as `<?name body?>`
 * otherwise: it ends one at the first `?>` outside quotes (counting from the `?` after `<`,
 * so `<?>` is a whole one), and a name with `=`, a quote or what JavaScript takes for space
 * in it would give it attributes.
 */
const piReadElsewhere = (name: string, body: string): boolean => {
  if (/[\s"'=]/.test(name)) return true;
  const content = `?${name} ${body}`;
  if (content.includes("?>")) return true;
  for (let at = 0; at < content.length; at += 1) {
    const char = content[at];
    if (char !== '"' && char !== "'") continue;
    at = content.indexOf(char, at + 1);
    if (at === -1) return true;
  }
  return false;
};

/**
 * Whether a processing instruction sets XML 1.1 for the references after it: fast-xml-parser reads
 * the attributes of each one, and one with any attribute sets 1.0 unless its `version` is 1.1.
 */
const piVersion = (body: string, xml11: boolean): boolean => {
  let version: string | undefined;
  let any = false;
  for (const [, attribute, , double, single] of body.matchAll(PI_ATTRIBUTE)) {
    const value = double ?? single;
    if (value === undefined) continue;
    any = true;
    if (attribute === "version") version = decodeReferences(value.trim(), xml11);
  }
  return any ? Number(version) === XML11 : xml11;
};

/** An element's value: its text alone, or an object of its children, then `#text`, then its attributes. */
const elementValue = ({ children, attributes, text: pieces }: Frame): unknown => {
  const text = detached(pieces);
  if (!children && !attributes) return text;
  const value = children ?? {};
  if (text !== "") value[TEXT_KEY] = text;
  return attributes ? Object.assign(value, attributes) : value;
};

/** Adds a child's value under its name; a name met again becomes a list, in document order. */
const addChild = (parent: Frame, name: string, value: unknown): void => {
  parent.children ??= {};
  const { children } = parent;
  if (!Object.hasOwn(children, name)) children[name] = value;
  else if (Array.isArray(children[name])) (children[name] as unknown[]).push(value);
  else children[name] = [children[name], value];
};

/**
 * Builds what fast-xml-parser would return for the XML text given in pieces (cut anywhere).
 * Throws NotStreamable where it cannot answer exactly as that parser would, including for a
 * document that is not well-formed; errors from reading the pieces pass through.
 * @example buildXml(['<a x="1"><b>2</b>', "<b>3</b></a>"]) // { a: { b: ["2", "3"], "@_x": "1" } }
 */
export const buildXml = (pieces: Iterable<string>): unknown => {
  const parser = sax.parser(true, { xmlns: true });
  const internals = parser as unknown as SaxInternals;
  parser.ENTITIES = KEEP_REFERENCES;
  const decline = (reason: string): never => {
    throw new NotStreamable(reason);
  };

  const document: Frame = { name: "", text: "", raw: "" };
  const open: Frame[] = [document];
  let current = document;
  let rootClosed = false;
  let xml11 = false;
  let cdata = "";
  let bom = false;

  /** A piece of markup ends the text before it: trimmed, then decoded, as one piece of the element's text. */
  const endText = (frame: Frame): void => {
    if (frame.raw === "") return;
    const trimmed = frame.raw.trim();
    frame.raw = "";
    if (trimmed !== "") frame.text += decodeReferences(trimmed, xml11);
  };

  parser.onerror = (error) => {
    const { c, q } = internals;
    // A `&` that starts no reference inside an attribute value: sax keeps it as written, as
    // fast-xml-parser does, unless the character after it is the closing quote, which sax would
    // then read as part of the value.
    if (q !== "" && c !== q && error.message.startsWith("Invalid character in entity name")) parser.resume();
    // fast-xml-parser does not read namespaces: a prefix nothing declares is only a name.
    else if (/^(Unbound namespace prefix|xml: prefix|xmlns: prefix)/.test(error.message)) parser.resume();
    else decline(`sax: ${error.message.split("\n")[0]}`);
  };
  parser.ondoctype = () => decline("a DOCTYPE");
  parser.onsgmldeclaration = () => decline("a declaration other than DOCTYPE");
  parser.onprocessinginstruction = ({ name, body }) => {
    if (name === XML_DECLARATION && parser.startTagPosition !== (bom ? 2 : 1)) decline("a late XML declaration");
    if (piReadElsewhere(name, body)) decline("a processing instruction fast-xml-parser reads otherwise");
    endText(current);
    xml11 = piVersion(body, xml11);
  };
  parser.ontext = (text) => {
    if (current !== document && !textReferencesValid(text)) decline("a & that starts no reference");
    // Refused with its line and column by fast-xml-parser's path, where the document is whole.
    if (undefinedEntity(text)) decline("a reference to an entity nothing defines");
    current.raw += lineFeeds(text);
  };
  parser.onopencdata = () => {
    // sax takes `<![cdata[` in any case; fast-xml-parser's validator only `<![CDATA[`.
    if (internals.sgmlDecl !== "[CDATA") decline("a CDATA section not spelled CDATA");
    endText(current);
  };
  parser.oncdata = (text) => {
    cdata += text;
  };
  parser.onclosecdata = () => {
    current.text += lineFeeds(cdata);
    cdata = "";
  };
  parser.onopentagstart = ({ name }) => {
    if (NAME_SPACE.test(name)) decline("a name holding U+1680 or U+FEFF");
    if (rootClosed && current === document) decline("a second root element");
    if (REFUSED_NAMES.has(name)) decline(`an element named ${name}`);
    endText(current);
    current = { name: RENAMED_NAMES.has(name) ? `__${name}` : name, text: "", raw: "" };
    open.push(current);
  };
  parser.onattribute = ({ name, value }) => {
    current.attributes ??= {};
    const { attributes } = current;
    if (NAME_SPACE.test(name)) decline("a name holding U+1680 or U+FEFF");
    const key = ATTRIBUTE_PREFIX + name;
    // With namespaces on, sax passes a repeated attribute on; fast-xml-parser refuses it.
    if (Object.hasOwn(attributes, key)) decline("a repeated attribute");
    if (undefinedEntity(value)) decline("a reference to an entity nothing defines");
    attributes[key] = detached(decodeReferences(lineFeeds(value).trim(), xml11));
  };
  parser.onopentag = ({ isSelfClosing }) => {
    // `open` holds the document too; self-closing elements are not counted, as there.
    if (!isSelfClosing && open.length - 1 > MAX_LEVELS) decline("elements nested too deeply");
  };
  parser.onclosetag = () => {
    endText(current);
    const closed = current;
    open.pop();
    current = open[open.length - 1];
    addChild(current, closed.name, elementValue(closed));
    if (current === document) rootClosed = true;
  };

  /** Writes text up to a `<` or `</` followed by space, then asks sax whether that started markup. */
  const write = (text: string): void => {
    let from = 0;
    for (const { index, 0: found } of text.matchAll(SPACED_MARKUP)) {
      const space = index + found.length - 1;
      parser.write(text.slice(from, space));
      from = space;
      if (internals.state === saxStates()[found.length === 2 ? "OPEN_WAKA" : "CLOSE_TAG"]) decline("a space after <");
    }
    parser.write(text.slice(from));
  };
  let held = "";
  for (const piece of pieces) {
    if (piece === "") continue;
    if (parser.position === 0 && held === "") bom = piece.startsWith("\uFEFF");
    const text = held + piece;
    held = OPEN_MARKUP_END.exec(text)?.[0] ?? "";
    write(text.slice(0, text.length - held.length));
  }
  write(held);
  parser.close();
  if (!rootClosed) decline("no root element");
  // The document is always an object: its root element, and the text of any CDATA beside it.
  const result = document.children ?? {};
  if (document.text !== "") result[TEXT_KEY] = detached(document.text);
  return result;
};
