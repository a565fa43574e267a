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

/** The values of credential-named fields of JSON-like data, at any depth, and of JSON text inside it. */
const dataSecrets = (value: unknown, depth: number): string[] => {
  if (typeof value === "string") return textSecrets(value, depth);
  if (typeof value !== "object" || value === null || depth > MAX_DEPTH || ArrayBuffer.isView(value)) return [];
  if (Array.isArray(value)) return value.flatMap((item) => dataSecrets(item, depth + 1));
  return Object.entries(value).flatMap(([name, field]) => {
    const own = isCredentialName(name) ? asSecret(field) : undefined;
    return own === undefined ? dataSecrets(field, depth + 1) : [own];
  });
};

const parsedJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

/** An XML element holding text (CDATA or not), `<name attributes>value</name>`; a namespace prefix is part of the name. */
const XML_ELEMENT = /<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>(?:<!\[CDATA\[([^\]]*(?:\][^\]]+)*)\]\]>|([^<]*))<\/\1\s*>/g;
/** An attribute, `name="value"` or `name='value'`. */
const XML_ATTRIBUTE = /([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/g;

/** The local name: `wsse:Password` is a `Password`. */
const localName = (name: string): string => name.slice(name.lastIndexOf(":") + 1);

/** Values of credential-named elements and attributes, as written and as the XML reader reads them. */
const xmlSecrets = (text: string): string[] => {
  const elements = [...text.matchAll(XML_ELEMENT)]
    .filter(([, name]) => isCredentialName(localName(name)))
    .map(([, , cdata, plain]) => cdata ?? plain);
  const attributes = [...text.matchAll(XML_ATTRIBUTE)]
    .filter(([, name]) => isCredentialName(localName(name)))
    .map(([, , double, single]) => double ?? single);
  return [...elements, ...attributes].flatMap((value) => [value, decodeReferences(value, false)]);
};

/** A form-encoded text: `name=value` pairs joined by `&`, nothing else. */
const FORM_TEXT = /^[^=&\s]+=[^&\s]*(?:&[^=&\s]+=[^&\s]*)*$/;

const formSecrets = (text: string): string[] =>
  [...new URLSearchParams(text)].filter(([name]) => isCredentialName(name)).map(([, value]) => value);

/** A text body: JSON text, XML, or form-encoded pairs, by what it looks like. */
const textSecrets = (text: string, depth: number): string[] => {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    const parsed = parsedJson(trimmed);
    if (typeof parsed === "object" && parsed !== null) return dataSecrets(parsed, depth + 1);
  }
  if (trimmed.startsWith("<")) return xmlSecrets(trimmed);
  return FORM_TEXT.test(trimmed) ? formSecrets(trimmed) : [];
};

/**
 * The secrets in a request's Data: credential-named fields of an object, of JSON text, of XML
 * or of a form-encoded text. A file or other binary data is not looked into.
 * @example bodySecrets({ client_id: "c", client_secret: "s3cret" }) // ["s3cret"]
 * @example bodySecrets("<Login><Password>s3cret</Password></Login>") // ["s3cret", "s3cret"]
 */
export const bodySecrets = (data: unknown): string[] => dataSecrets(data, 0);
