import { formatResult } from "./output";
import type { Body } from "./resultView";

/** Where the runner writes: stdout or stderr, which may or may not be a terminal. */
export interface Stream {
  write: (chunk: string | Uint8Array) => unknown;
  isTTY?: boolean;
}

const NEWLINE = "\n";

/**
 * Prints a body on stdout: text exactly as received (a final newline added only on a terminal,
 * so the prompt does not join the last line, and never in a pipe), JSON indented, bytes raw
 * into a pipe or a file (`> logo.png`, `| sha256sum`). Bytes are not dumped on a terminal,
 * where they would garble it; stderr says how to get them instead.
 * @example printBody({ kind: "text", text: "id,name\n1,Widget\n" }, process.stdout, process.stderr)
 */
export const printBody = (body: Body, stdout: Stream, stderr: Stream): void => {
  switch (body.kind) {
    case "text":
      stdout.write(stdout.isTTY && !body.text.endsWith(NEWLINE) ? `${body.text}${NEWLINE}` : body.text);
      return;
    case "json":
      stdout.write(formatResult(body.value));
      return;
    case "binary":
      if (!stdout.isTTY) {
        stdout.write(body.bytes);
        return;
      }
      stderr.write(
        `The response is binary (${body.bytes.length} bytes, ${body.contentType ?? "no content type"}), so it is not printed on a terminal: save it with -o FILE, pipe it, or see it as base64 with --json\n`,
      );
      return;
    default: {
      const unknownKind: never = body;
      throw new Error(`Unhandled body: ${JSON.stringify(unknownKind)}`);
    }
  }
};
