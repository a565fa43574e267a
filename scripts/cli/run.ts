import type { Command } from "./args";
import { fetchClientCredentialsToken, type PlatformToken } from "./clientCredentials";
import type { ComponentDefinition, ConnectionValue, RuntimeComponent, RuntimeConnection } from "./component";
import { EXIT } from "./errors";
import { resolveFiles } from "./files";
import { formatResult, messageOf } from "./output";
import { toConnectionValue, toRuntimeParams } from "./params";
import { invokeAction, type RuntimeLogger } from "./runtime";
import { CLIENT_AUTHENTICATION_FLAG, tokenSourceOf } from "./tokenSource";

type RunCommand = Extract<Command, { kind: "run" }>;

/** Where a run writes, and the folder the user typed the command in, which `@path` is read from. */
export interface RunOutput {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  userDir: string;
}

/** Fetches the token the platform would have fetched for a connection; a stand-in in tests. */
export type FetchToken = (connection: ConnectionValue) => Promise<PlatformToken>;

/** The client's place in the runner's token request when the command line does not say. */
const DEFAULT_CLIENT_AUTHENTICATION = "body";

// parseArgs only accepts keys of component.connections, so the definition is there.
const definitionOf = (component: ComponentDefinition, key: string): RuntimeConnection | undefined =>
  (component.connections ?? []).find((connection) => connection.key === key);

/**
 * The command with the token the platform would have handed over: for a client credentials
 * connection given without `--connection.accessToken`, fetched from its token URL now.
 * Every other command is returned as it is.
 * @example const ready = await withRunnerToken(component, command); // ready.connection.token.access_token
 */
export const withRunnerToken = async (
  component: ComponentDefinition,
  command: RunCommand,
  fetchToken: FetchToken = fetchClientCredentialsToken,
): Promise<RunCommand> => {
  const choice = command.connection;
  const definition = choice && definitionOf(component, choice.key);
  if (!choice || !definition || tokenSourceOf(definition) !== "runner" || choice.token.access_token !== undefined) {
    return command;
  }
  const connection = toConnectionValue(choice, definition);
  const clientAuthentication = choice.clientAuthentication ?? DEFAULT_CLIENT_AUTHENTICATION;
  const token = await fetchToken({
    ...connection,
    fields: { ...connection.fields, [CLIENT_AUTHENTICATION_FLAG]: clientAuthentication },
  });
  return { ...command, connection: { ...choice, token: { ...token } } };
};

/**
 * The raw params for one command: the inputs with their files read, the connection value the
 * platform would hand over, and every default the designer would have filled in.
 * @example paramsFor(component, command, resolveFiles(command.inputs, process.cwd()))
 */
export const paramsFor = (
  component: RuntimeComponent,
  command: RunCommand,
  given: Record<string, unknown>,
): Record<string, unknown> => {
  const choice = command.connection;
  const definition = choice && definitionOf(component, choice.key);
  const connection = choice && definition ? { [choice.inputKey]: toConnectionValue(choice, definition) } : {};
  return toRuntimeParams(component.actions[command.actionKey], { ...given, ...connection });
};

/**
 * Runs one action and prints its result as JSON on stdout, or its error message on stderr.
 * A client credentials token is fetched first, as the platform does before the step runs.
 * @example const code = await runCommand(component, command, logger, { stdout: print, stderr: warn });
 */
export const runCommand = async (
  component: RuntimeComponent,
  command: RunCommand,
  logger: RuntimeLogger,
  output: RunOutput,
  fetchToken: FetchToken = fetchClientCredentialsToken,
): Promise<number> => {
  // Files are read first: a wrong @path is a command-line mistake, reported before any token is fetched.
  const given = resolveFiles(command.inputs, output.userDir);
  for (const note of command.notes ?? []) output.stderr(`${note}\n`);
  let ready: RunCommand;
  try {
    ready = await withRunnerToken(component, command, fetchToken);
  } catch (error) {
    output.stderr(`Cannot get a token for connection ${command.connection?.key}: ${messageOf(error)}\n`);
    return EXIT.failed;
  }
  if (ready !== command)
    output.stderr(`Fetched a client credentials token for connection ${command.connection?.key}\n`);
  try {
    const result = await invokeAction(component, command.actionKey, paramsFor(component, ready, given), logger);
    output.stdout(formatResult(result));
    return EXIT.ok;
  } catch (error) {
    output.stderr(`${command.actionKey} failed: ${messageOf(error)}\n`);
    return EXIT.failed;
  }
};
