import type { Command } from "./args";
import type { RuntimeComponent } from "./component";
import { EXIT } from "./errors";
import { resolveFiles } from "./files";
import { formatResult, messageOf } from "./output";
import { toConnectionValue, toRuntimeParams } from "./params";
import { invokeAction, type RuntimeLogger } from "./runtime";

type RunCommand = Extract<Command, { kind: "run" }>;

export interface RunOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/**
 * The raw params for one command: files read from disk, the connection value the platform
 * would hand over, and every default the designer would have filled in.
 * @example paramsFor(component, { kind: "run", actionKey: "httpGet", inputs: { url: "https://x.test" } })
 */
export const paramsFor = (component: RuntimeComponent, command: RunCommand): Record<string, unknown> => {
  const given = resolveFiles(command.inputs);
  const choice = command.connection;
  if (choice) {
    // parseArgs only accepts keys of component.connections, so the definition is there.
    const definition = (component.connections ?? []).find((connection) => connection.key === choice.key);
    if (definition) given[choice.inputKey] = toConnectionValue(choice, definition);
  }
  return toRuntimeParams(component.actions[command.actionKey], given);
};

/**
 * Runs one action and prints its result as JSON on stdout, or its error message on stderr.
 * @example const code = await runCommand(component, command, logger, { stdout: print, stderr: warn });
 */
export const runCommand = async (
  component: RuntimeComponent,
  command: RunCommand,
  logger: RuntimeLogger,
  output: RunOutput,
): Promise<number> => {
  const params = paramsFor(component, command);
  try {
    const result = await invokeAction(component, command.actionKey, params, logger);
    output.stdout(formatResult(result));
    return EXIT.ok;
  } catch (error) {
    output.stderr(`${command.actionKey} failed: ${messageOf(error)}\n`);
    return EXIT.failed;
  }
};
