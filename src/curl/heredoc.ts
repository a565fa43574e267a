import { InvalidValue } from "../inputs/values";

/** A command with its heredoc taken out: the text curl would read on standard input (`@-`). */
export interface WithStdin {
  command: string;
  stdin?: string;
}

/** `<<'EOF'`, `<<"EOF"`, `<<EOF` or `<<-EOF` at the end of a line: where a heredoc's body starts. */
const OPERATOR = /(^|\s)<<(-?)[ \t]*(?:'([A-Za-z_]\w*)'|"([A-Za-z_]\w*)"|([A-Za-z_]\w*))[ \t]*$/;
/** In an unquoted heredoc a shell would expand these; the action has no shell. */
const EXPANDED = /[$`\\]/;

/**
 * Takes a heredoc (`--data-binary @- <<'EOF'` and the lines up to `EOF`) out of a pasted
 * command, so the body text in it can stand for standard input. The operator must end its line
 * and the delimiter line must end the command, as in every pasted example; an unquoted heredoc
 * whose text a shell would expand (`$`, backticks, `\`) is refused.
 * @example extractHeredoc("curl -d @- x <<'EOF'\na=1\nEOF").stdin // "a=1\n"
 */
export const extractHeredoc = (command: string): WithStdin => {
  const lines = command.split(/\r?\n/);
  const start = lines.findIndex((line) => OPERATOR.test(line));
  if (start === -1) return { command };
  const [, , dash, single, double, bare] = OPERATOR.exec(lines[start]) ?? [];
  const delimiter = single ?? double ?? bare;
  const strip = (line: string) => (dash ? line.replace(/^\t+/, "") : line);
  const end = lines.findIndex((line, index) => index > start && strip(line) === delimiter);
  if (end === -1) throw new InvalidValue(`has a heredoc (<<${delimiter}) without its closing ${delimiter} line`);
  if (lines.slice(end + 1).some((line) => line.trim() !== "")) {
    throw new InvalidValue(
      `has text after the heredoc's closing ${delimiter} line; the action runs one command without a shell`,
    );
  }
  const body = lines.slice(start + 1, end).map(strip);
  const text = body.map((line) => `${line}\n`).join("");
  if (bare !== undefined && EXPANDED.test(text)) {
    throw new InvalidValue(
      `has a heredoc whose text a shell would expand ($, backticks or \\); quote its delimiter (<<'${delimiter}') to send the text as it is`,
    );
  }
  const operatorLine = lines[start].replace(OPERATOR, "$1");
  return { command: [...lines.slice(0, start), operatorLine].join("\n"), stdin: text };
};
