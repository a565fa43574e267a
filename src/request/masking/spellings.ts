/**
 * Every form in which a secret may come back from a server or be written by a library: percent-
 * encoded (as encodeURIComponent, the URL setter, forms and curl write it, with upper- or
 * lower-case hex), JSON-escaped (also with `\/` and `\uXXXX`), HTML-escaped and base64; and
 * the forms a second encoding makes of those: a URL quoted inside a query (`%252F`), JSON text
 * quoted inside a JSON string (`\\\"`).
 */

const hex = (char: string): string => `%${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`;

const withLowerHex = (spelled: string): string[] => [
  spelled,
  spelled.replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
];

const percentForms = (secret: string): string[] => {
  const component = encodeURIComponent(secret);
  const strict = component.replace(/[!'()*]/g, hex);
  const form = new URLSearchParams([["", secret]]).toString().slice(1);
  return [component, strict, form, component.replace(/'/g, "%27")].flatMap(withLowerHex);
};

const jsonForms = (secret: string): string[] => {
  const escaped = JSON.stringify(secret).slice(1, -1);
  const ascii = escaped.replace(/[\u007f-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return [escaped, escaped.replaceAll("/", "\\/"), ascii, ascii.replaceAll("/", "\\/")];
};

const htmlForms = (secret: string): string[] => {
  const text = secret.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
  const quoted = text.replaceAll('"', "&quot;");
  return [text, quoted.replaceAll("'", "&#39;"), quoted.replaceAll("'", "&#x27;"), quoted.replaceAll("'", "&apos;")];
};

const base64Forms = (secret: string): string[] => {
  const bytes = Buffer.from(secret, "utf8");
  const standard = bytes.toString("base64");
  return [standard, standard.replace(/=+$/, ""), bytes.toString("base64url")];
};

/**
 * The secret and each of its encoded forms, once and twice encoded, without repeats.
 * @example spellingsOf("a/b") // ["a/b", "a%2Fb", "a%2fb", "a\\/b", "YS9i", "a%252Fb", ...]
 */
export const spellingsOf = (secret: string): string[] => {
  const percent = percentForms(secret);
  const json = jsonForms(secret);
  return [
    ...new Set([
      secret,
      ...percent,
      ...json,
      ...htmlForms(secret),
      ...base64Forms(secret),
      ...percent.flatMap(percentForms),
      ...json.flatMap(jsonForms),
    ]),
  ];
};
