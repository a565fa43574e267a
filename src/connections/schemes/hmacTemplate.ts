import { InvalidValue } from "../../inputs/values";

/** The String to Sign template of an HMAC Signature connection: parsed once, rendered per attempt. */

/** What a placeholder stands for in one attempt. */
export interface TemplateValues {
  method: string;
  path: string;
  body: Buffer;
  timestamp: string;
  nonce: string;
}

export type Placeholder = keyof TemplateValues;

export const PLACEHOLDERS: readonly Placeholder[] = ["method", "path", "body", "timestamp", "nonce"];

type Piece = { text: string } | { placeholder: Placeholder };

/** `{word}`, a placeholder, and the two escapes a one-line field needs: `\n` and `\\`. */
const TOKENS = /\{([A-Za-z_][A-Za-z0-9_]*)\}|\\n|\\\\/g;
const ESCAPES: Readonly<Record<string, string>> = { "\\n": "\n", "\\\\": "\\" };

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

const listed = PLACEHOLDERS.map((name) => `{${name}}`).join(", ");

/**
 * Parses a template into text and placeholders; a `{word}` that is no placeholder is refused,
 * naming it. Braces around anything else (JSON, say) are text.
 * @example parseTemplate("{timestamp}.{body}") // [{ placeholder: "timestamp" }, { text: "." }, { placeholder: "body" }]
 */
export const parseTemplate = (template: string): Piece[] => {
  const pieces: Piece[] = [];
  let text = "";
  let at = 0;
  for (const match of template.matchAll(TOKENS)) {
    text += template.slice(at, match.index);
    at = match.index + match[0].length;
    const name = match[1];
    if (name === undefined) {
      text += ESCAPES[match[0]];
      continue;
    }
    if (!isPlaceholder(name))
      throw new InvalidValue(`has an unknown placeholder {${name}}; the placeholders are ${listed}`);
    if (text) pieces.push({ text });
    text = "";
    pieces.push({ placeholder: name });
  }
  text += template.slice(at);
  if (text) pieces.push({ text });
  return pieces;
};

/** The placeholders a parsed template uses. */
export const placeholdersOf = (pieces: Piece[]): Set<Placeholder> =>
  new Set(pieces.flatMap((piece) => ("placeholder" in piece ? [piece.placeholder] : [])));

/**
 * The bytes to sign: the text as UTF-8, `{body}` as the body's own bytes (never decoded).
 * @example renderTemplate(parseTemplate("{timestamp}.{body}"), { ...values, timestamp: "1", body: Buffer.from("{}") }).toString() // "1.{}"
 */
export const renderTemplate = (pieces: Piece[], values: TemplateValues): Buffer =>
  Buffer.concat(
    pieces.map((piece) => {
      if ("text" in piece) return Buffer.from(piece.text, "utf8");
      const value = values[piece.placeholder];
      return Buffer.isBuffer(value) ? value : Buffer.from(value, "utf8");
    }),
  );
