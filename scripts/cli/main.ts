import { type Command, parseArgs } from "./args";
import { BUNDLE_PATH, ensureBuilt } from "./build";
import type { RuntimeComponent } from "./component";
import { runDemo } from "./demo";
import { EXIT, UsageError } from "./errors";
import { actionUsage, usage } from "./help";
import { messageOf } from "./output";
import { runCommand } from "./run";
import { loadComponent, stderrLogger } from "./runtime";
import { formatTable } from "./table";

const print = (text: string) => process.stdout.write(text);
const warn = (text: string) => process.stderr.write(text);

const execute = async (component: RuntimeComponent, command: Command, userDir: string): Promise<number> => {
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
      return runCommand(component, command, logger, { stdout: process.stdout, stderr: process.stderr, userDir });
    default: {
      const unknownCommand: never = command;
      throw new Error(`Unhandled command: ${JSON.stringify(unknownCommand)}`);
    }
  }
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

/**
 * The runner, however it was started (`npm start`, `npx http-connector`): builds the bundle when
 * it is stale, loads `dist/index.js` exactly as the platform runtime does, then runs every action
 * against the embedded demo API and prints a table, or runs the one action given on the command
 * line. Results go to stdout; build notes, logs and errors go to stderr. `userDir` is the folder
 * the user typed the command in: relative paths (`@path`, `-o`) are read from there.
 * @example startCli(process.argv.slice(2), process.cwd());
 */
export const startCli = (argv: string[], userDir: string): void => {
  const main = async (): Promise<number> => {
    await ensureBuilt();
    const component = loadComponent(BUNDLE_PATH);
    return execute(component, parseArgs(argv, component), userDir);
  };
  main().then(exitAfterFlush, (error: unknown) => {
    warn(`${messageOf(error)}\n`);
    if (error instanceof UsageError) warn("Run `npm start -s -- --help` for usage.\n");
    exitAfterFlush(error instanceof UsageError ? EXIT.usage : EXIT.failed);
  });
};
