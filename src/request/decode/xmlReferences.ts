/**
 * Entity and character references in XML text, read exactly as the fast-xml-parser path reads
 * them (its validator's rule for text, its decoder's for text and attribute values), so the
 * streaming builder (xmlStream.ts) returns the same strings: the five XML names and character
 * references are decoded. Any other `&name;` (HTML's `&nbsp;`) is a reference to an entity the
 * document does not define, which makes it not well-formed: both paths refuse it.
 */

/** XML's five named entities: HTML names such as `&nbsp;` are not XML. */
export const XML_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

const AMPERSAND = "&";
const SEMICOLON = ";";
/** The decoder looks this far past `&` for the `;` that ends a reference, then gives up. */
const REFERENCE_WINDOW = 32;
/** The validator takes an entity name of at most this many word characters. */
const MAX_NAME_CHARS = 20;
const WORD = /\w/;
const DIGIT = /\d/;
const HEX_DIGIT = /[\da-fA-F]/;

/** Where the reference starting at `at` ends (its `;`), or -1 when the validator refuses it. */
const referenceEnd = (text: string, at: number): number => {
  let index = at + 1;
  if (text[index] === SEMICOLON) return -1;
  if (text[index] === "#") {
    index += 1;
    let digit = DIGIT;
    if (text[index] === "x") {
      index += 1;
      digit = HEX_DIGIT;
    }
    for (; index < text.length; index += 1) {
      if (text[index] === SEMICOLON) return index;
      if (!digit.test(text[index])) return -1;
    }
    return -1;
  }
  for (let count = 0; index < text.length; index += 1, count += 1) {
    if (text[index] === SEMICOLON) return index;
    if (!WORD.test(text[index]) || count >= MAX_NAME_CHARS) return -1;
  }
  // A run of text ends at `<`, which is no name character.
  return -1;
};

/**
 * Whether every `&` in a run of element text (between two pieces of markup) starts a reference
 * fast-xml-parser's validator accepts: `&name;` of up to 20 word characters, `&#digits;` or
 * `&#xhex;`. A bare `&` or `&a-b;` makes the document not well-formed there.
 * @example textReferencesValid("Ann &amp; Bob &nbsp;") // true
 * @example textReferencesValid("Ann & Bob") // false
 */
export const textReferencesValid = (text: string): boolean => {
  for (let at = text.indexOf(AMPERSAND); at !== -1; at = text.indexOf(AMPERSAND, at + 1)) {
    at = referenceEnd(text, at);
    if (at === -1) return false;
  }
  return true;
};

const NULL = 0;
const FIRST_SURROGATE = 0xd800;
const LAST_SURROGATE = 0xdfff;
const LAST_CODE_POINT = 0x10ffff;
const FIRST_C0 = 0x01;
const LAST_C0 = 0x1f;
/** The C0 controls XML 1.0 allows, which a reference may therefore name. */
const XML10_C0 = new Set([0x09, 0x0a, 0x0d]);

/**
 * What a character reference (`#233`, `#xE9`) stands for: undefined to leave it as written (not
 * a number, or past Unicode), "" for a character XML forbids (NUL, a surrogate, and in XML 1.0
 * the C0 controls but tab, line feed and carriage return). Digits are read as parseInt does.
 */
const characterFor = (token: string, xml11: boolean): string | undefined => {
  const hex = token[1] === "x" || token[1] === "X";
  const codePoint = hex ? Number.parseInt(token.slice(2), 16) : Number.parseInt(token.slice(1), 10);
  if (Number.isNaN(codePoint) || codePoint < 0 || codePoint > LAST_CODE_POINT) return undefined;
  if (codePoint === NULL || (codePoint >= FIRST_SURROGATE && codePoint <= LAST_SURROGATE)) return "";
  if (!xml11 && codePoint >= FIRST_C0 && codePoint <= LAST_C0 && !XML10_C0.has(codePoint)) return "";
  return String.fromCodePoint(codePoint);
};

/** One of the five XML entities; a name such as `constructor` is not one, whatever objects inherit. */
const namedEntity = (name: string): string | undefined =>
  Object.hasOwn(XML_ENTITIES, name) ? XML_ENTITIES[name] : undefined;

/**
 * Decodes the references in text already trimmed, as fast-xml-parser's decoder does: the five
 * XML entities and character references; anything else, or an `&` with no `;` close after it,
 * stays as written. `xml11` is whether the document declared `version="1.1"`.
 * @example decodeReferences("&lt;caf&#233;&gt; &nbsp;", false) // "<café> &nbsp;"
 */
export const decodeReferences = (text: string, xml11: boolean): string => {
  let at = text.indexOf(AMPERSAND);
  if (at === -1) return text;
  let decoded = "";
  let copied = 0;
  for (; at !== -1; at = text.indexOf(AMPERSAND, at + 1)) {
    let end = at + 1;
    while (end < text.length && text[end] !== SEMICOLON && end - at <= REFERENCE_WINDOW) end += 1;
    if (text[end] !== SEMICOLON || end === at + 1) continue;
    const token = text.slice(at + 1, end);
    const replacement = token[0] === "#" ? characterFor(token, xml11) : namedEntity(token);
    if (replacement === undefined) continue;
    decoded += text.slice(copied, at) + replacement;
    copied = end + 1;
    at = end;
  }
  return copied === 0 ? text : decoded + text.slice(copied);
};

/** A named reference: `&` a name `;` (character references start with `#`, which is no name character). */
const NAMED_REFERENCE = /&([A-Za-z_:][\w.:-]*);/g;

/**
 * The first named reference in `text` to an entity that is neither one of the five nor in
 * `declared`, with where it starts; undefined when there is none.
 * @example undefinedEntity("Ann &amp; Bob &nbsp;") // { name: "nbsp", at: 14 }
 */
export const undefinedEntity = (
  text: string,
  declared: ReadonlySet<string> = new Set(),
): { name: string; at: number } | undefined => {
  // Most runs of text hold no reference at all: the builder asks of every one.
  if (!text.includes(AMPERSAND)) return undefined;
  for (const match of text.matchAll(NAMED_REFERENCE)) {
    const name = match[1];
    if (!Object.hasOwn(XML_ENTITIES, name) && !declared.has(name)) return { name, at: match.index };
  }
  return undefined;
};
