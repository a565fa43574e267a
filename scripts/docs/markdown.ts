/**
 * Markdown building blocks for the generated docs. Text from the component definition is
 * written by people for the designer, not for Markdown, so everything that reaches the page
 * goes through one of these: a stray `<scheme>` would vanish as an HTML tag, a `|` would split
 * a table row, and a newline would end it.
 */

/** Characters with a meaning in inline Markdown; `|` is left to `cell`, which knows it is in a table. */
const INLINE_SPECIALS = /[\\`*_[\]~]/g;

/**
 * Escapes text so it renders as written: Markdown punctuation is backslash-escaped, `<`/`>`
 * become entities (so `<token>` is not taken for HTML), and `&` only where it would start an
 * entity, to keep `a=1&b=2` readable in the source.
 * @example escapeInline("'Authorization: Bearer <token>'") // "'Authorization: Bearer &lt;token&gt;'"
 */
export const escapeInline = (text: string): string =>
  text
    .replace(/&(?=#?\w+;)/g, "&amp;")
    .replace(INLINE_SPECIALS, (char) => `\\${char}`)
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");

/**
 * Makes Markdown safe inside a table cell: `|` is escaped (GFM honours `\|` even inside code
 * spans) and line breaks become `<br>`, since a newline would end the row.
 * @example cell("a | b\nc") // "a \\| b<br>c"
 */
export const cell = (markdown: string): string => markdown.replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

/** The longest run of backticks in `text`, so a fence or code span can be made longer than it. */
const longestBacktickRun = (text: string): number => Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));

/** A code span for one line, fenced with more backticks than the line holds. */
const codeLine = (line: string): string => {
  // An empty span would print its backticks; a blank line of a multi-line value stays blank.
  if (line === "") return "";
  const ticks = "`".repeat(longestBacktickRun(line) + 1);
  // Markdown strips one space from each end of a span that has a space at both ends; a span
  // that does, or that starts or ends with a backtick, gets one space of padding on each side.
  const needsPadding = /^`|`$/.test(line) || (/^ .* $/.test(line) && line.trim() !== "");
  const padded = needsPadding ? ` ${line} ` : line;
  return `${ticks}${padded}${ticks}`;
};

/**
 * Renders text in code font. A code span cannot hold a line break, so multi-line text becomes
 * one span per line, joined by newlines (which `cell` turns into `<br>`).
 * @example code("a`b") // "``a`b``"
 */
export const code = (text: string): string => text.split(/\r?\n/).map(codeLine).join("\n");

/**
 * A fenced code block whose fence is longer than any backtick run in `text`.
 * @example fence('{"a": 1}', "json") // "```json\n{\"a\": 1}\n```"
 */
export const fence = (text: string, language = ""): string => {
  const ticks = "`".repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${ticks}${language}\n${text}\n${ticks}`;
};

/**
 * A GFM table. Cells are Markdown (already escaped for inline use); `cell` makes them safe for
 * the row. Columns are not padded to a width, so changing one input changes one line of the page.
 * @example table(["Input", "Key"], [["URL", "`url`"]]) // "| Input | Key |\n| --- | --- |\n| URL | `url` |"
 */
export const table = (headers: readonly string[], rows: readonly (readonly string[])[]): string => {
  const row = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [row(headers), row(headers.map(() => "---")), ...rows.map(row)].join("\n");
};
