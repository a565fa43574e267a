import { decodeReferences } from "../decode/xmlReferences";
import { isCredentialName } from "./names";

/**
 * The secrets a request body carries, known by the names of the fields that hold them: a JSON
 * field at any depth (`client_secret`, GraphQL's `variables.password`), a form-encoded text's
 * pairs, an XML element or attribute (`<Password>…</Password>`, `apiKey="…"`). A server that
 * rejects them often quotes them back ("client secret X is not valid"). Values too short to mask
 * in free text are left out by the redactor.
 */

/** Deeper data is not looked into: no real body is this deep, and the walk must stop. */
const MAX_DEPTH = 64;

/** Values that may hold a secret: text and numbers (a PIN); not flags, not nulls. */
const asSecret = (value: unknown): string | undefined =>
  typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;

/**
 * Every text and number inside a credential-named field, however it is held: `"password": ["s"]`,
 * `"apiKey": {"value": "s"}`. What a credential's name covers is all secret, whatever its shape.
 */
const leaves = (value: unknown, depth: number): string[] => {
  const own = asSecret(value);
  if (own !== undefined) return [own];
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || ArrayBuffer.isView(value)) return [];
  return Object.values(value).flatMap((item) => leaves(item, depth + 1));
};

/** The values of credential-named fields of JSON-like data, at any depth, and of JSON text inside it. */
const dataSecrets = (value: unknown, depth: number, hints: BodyHints): string[] => {
  if (typeof value === "string") return textSecrets(value, depth, hints);
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || ArrayBuffer.isView(value)) return [];
  if (Array.isArray(value)) return value.flatMap((item) => dataSecrets(item, depth + 1, hints));
  return Object.entries(value).flatMap(([name, field]) =>
    isCredentialName(name) ? leaves(field, depth + 1) : dataSecrets(field, depth + 1, hints),
  );
};

const parsedJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/**
 * An XML element holding text, `<name attributes>value</name>`, where the value may mix text,
 * CDATA sections and comments (a pretty-printed `<Password>` on lines of its own, a comment
 * before its CDATA); a namespace prefix is part of the name.
 */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>((?:[^<]|<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>)*)<\/\1\s*>/g;
/** A comment, or a CDATA section (its text in the group). */
const XML_MARKUP = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>/g;
/**
 * An attribute, `name="value"` or `name='value'`. A name starts only where no name character
 * stands before it, so a long run of text is read once, not again from each of its characters.
 */
const XML_ATTRIBUTE = /(?<![\w.:-])([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

/** The local name: `wsse:Password` is a `Password`. */
const localName = (name: string): string => name.slice(name.lastIndexOf(":") + 1);

/**
 * An element's value as written without its comments and CDATA markers, and as an XML reader
 * reads it (references decoded outside CDATA), both trimmed as a reader trims text.
 * @example elementValues("\n  <!-- c --><![CDATA[s&amp;]]>\n") // ["s&amp;", "s&amp;"]
 */
const elementValues = (content: string): string[] => {
  let written = "";
  let read = "";
  let at = 0;
  for (const match of content.matchAll(XML_MARKUP)) {
    const text = content.slice(at, match.index);
    written += text + (match[1] ?? "");
    read += decodeReferences(text, false) + (match[1] ?? "");
    at = (match.index as number) + match[0].length;
  }
  const rest = content.slice(at);
  return [(written + rest).trim(), (read + decodeReferences(rest, false)).trim()];
};

/** Values of credential-named elements and attributes, as written and as the XML reader reads them. */
const xmlSecrets = (text: string): string[] => {
  const elements = [...text.matchAll(XML_ELEMENT)]
    .filter(([, name]) => isCredentialName(localName(name)))
    .flatMap(([, , content]) => elementValues(content));
  const attributes = [...text.matchAll(XML_ATTRIBUTE)]
    .filter(([, name]) => isCredentialName(localName(name)))
    .flatMap(([, , double, single]) => [double ?? single, decodeReferences(double ?? single, false)]);
  return [...elements, ...attributes];
};

/**
 * A form-encoded text: `name=value` pairs joined by `&`. A value may hold a space as typed
 * (`scope=read write`), which a form sends encoded.
 */
const FORM_TEXT = /^[^=&\s]+=[^&]*(?:&[^=&\s]+=[^&]*)*$/;

const formSecrets = (text: string): string[] =>
  [...new URLSearchParams(text)].filter(([name]) => isCredentialName(name)).map(([, value]) => value);

/** What the request says of its body besides the Data: sent as a form (by Body Type or Content-Type). */
export interface BodyHints {
  form?: boolean;
}

/** A text body: JSON text, XML, or form-encoded pairs, by what it looks like or is sent as. */
const textSecrets = (text: string, depth: number, hints: BodyHints): string[] => {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    const parsed = parsedJson(trimmed);
    if (typeof parsed === "object" && parsed !== null) return dataSecrets(parsed, depth + 1, hints);
  }
  if (trimmed.startsWith("<")) return xmlSecrets(trimmed);
  return (depth === 0 && hints.form) || FORM_TEXT.test(trimmed) ? formSecrets(trimmed) : [];
};

/**
 * The secrets in a request's Data: credential-named fields of an object, of JSON text, of XML
 * or of a form-encoded text. A file or other binary data is not looked into.
 * @example bodySecrets({ client_id: "c", client_secret: "s3cret" }) // ["s3cret"]
 * @example bodySecrets("<Login><Password>s3cret</Password></Login>") // ["s3cret", "s3cret"]
 * @example bodySecrets("password=s3cret&scope=a b", { form: true }) // ["s3cret"]
 */
export const bodySecrets = (data: unknown, hints: BodyHints = {}): string[] => dataSecrets(data, 0, hints);
