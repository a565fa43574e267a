import { type Command, parseArgs } from "./cli/args";
import { BUNDLE_PATH, ensureBuilt } from "./cli/build";
import type { RuntimeComponent } from "./cli/component";
import { runDemo } from "./cli/demo";
import { EXIT, UsageError } from "./cli/errors";
import { actionUsage, usage } from "./cli/help";
import { messageOf } from "./cli/output";
import { runCommand } from "./cli/run";
import { loadComponent, stderrLogger } from "./cli/runtime";
import { formatTable } from "./cli/table";

/**
 * `npm start`: builds the bundle when it is stale, loads `dist/index.js` exactly as the
 * platform runtime does, then either runs every action against the embedded demo API and
 * prints a table, or runs one action given on the command line and prints its result as JSON
 * (`--curl "curl ..."` runs a pasted cURL command). A client credentials connection's token is
 * fetched first, as the platform would. Results go to stdout; build notes, logs and errors go to stderr.
 */

const print = (text: string) => process.stdout.write(text);
const warn = (text: string) => process.stderr.write(text);

const execute = async (component: RuntimeComponent, command: Command): Promise<number> => {
  const logger = stderrLogger(component.key);
  switch (command.kind) {
    case "help": {
      const action = command.actionKey ? component.actions[command.actionKey] : undefined;
      print(action ? actionUsage(component, action) : usage(component));
      return EXIT.ok;
    }
    case "demo": {
      const { rows, ok } = await runDemo(component, logger);
      print(formatTable(rows));
      if (!ok) warn("Some demo requests did not succeed.\n");
      return ok ? EXIT.ok : EXIT.failed;
    }
    case "run":
      return runCommand(component, command, logger, { stdout: print, stderr: warn });
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unhandled command: ${JSON.stringify(unknownCommand)}`);
    }
  }
};

const main = async (argv: string[]): Promise<number> => {
  await ensureBuilt();
  const component = loadComponent(BUNDLE_PATH);
  return execute(component, parseArgs(argv, component));
};

/**
 * Exits once stdout and stderr have flushed. The component keeps connections alive for reuse,
 * as the platform wants; a one-shot command must not wait for the server to close them.
 */
const exitAfterFlush = (code: number): void => {
  process.exitCode = code;
  let pending = 2;
  const flushed = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  process.stdout.write("", flushed);
  process.stderr.write("", flushed);
};

main(process.argv.slice(2)).then(exitAfterFlush, (error: unknown) => {
  warn(`${messageOf(error)}\n`);
  if (error instanceof UsageError) warn("Run `npm start -- --help` for usage.\n");
  exitAfterFlush(error instanceof UsageError ? EXIT.usage : EXIT.failed);
});
