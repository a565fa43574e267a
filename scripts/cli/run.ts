import type { Command } from "./args";
import { fetchClientCredentialsToken, type PlatformToken } from "./clientCredentials";
import type { ComponentDefinition, ConnectionValue, RuntimeComponent, RuntimeConnection } from "./component";
import { deliverResult, responseTypeOf } from "./deliver";
import { EXIT } from "./errors";
import { resolveConnectionFiles, resolveFiles } from "./files";
import { messageOf } from "./output";
import { toConnectionValue, toRuntimeParams } from "./params";
import { withProgress } from "./progress";
import { invokeAction, type RuntimeLogger } from "./runtime";
import { outputPath, savingInputs } from "./save";
import { CLIENT_AUTHENTICATION_FLAG, tokenSourceOf } from "./tokenSource";

type RunCommand = Extract<Command, { kind: "run" }>;

/** Where a run writes, and the folder the user typed the command in, which `@path` is read from. */
export interface RunOutput {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
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

/** The command with its token, or undefined (the reason on stderr) when none could be had. */
const readyCommand = async (
  component: RuntimeComponent,
  command: RunCommand,
  stderr: NodeJS.WriteStream,
  fetchToken: FetchToken,
): Promise<RunCommand | undefined> => {
  const key = command.connection?.key;
  try {
    const ready = await withRunnerToken(component, command, fetchToken);
    if (ready !== command) stderr.write(`Fetched a client credentials token for connection ${key}\n`);
    return ready;
  } catch (error) {
    stderr.write(`Cannot get a token for connection ${key}: ${messageOf(error)}\n`);
    return undefined;
  }
};

/**
 * Runs one action and delivers its result (printed, or saved with `-o`), or prints its error
 * message on stderr. A client credentials token is fetched first, as the platform does before
 * the step runs; a terminal shows a spinner while the request is on its way.
 * @example const code = await runCommand(component, command, logger, { stdout: process.stdout, stderr: process.stderr, userDir });
 */
export const runCommand = async (
  component: RuntimeComponent,
  command: RunCommand,
  logger: RuntimeLogger,
  output: RunOutput,
  fetchToken: FetchToken = fetchClientCredentialsToken,
): Promise<number> => {
  // Command-line mistakes first (a wrong @path, a missing -o folder), before any token is fetched or request sent.
  const given = resolveFiles(command.inputs, output.userDir);
  const connection = command.connection && resolveConnectionFiles(command.connection, output.userDir);
  command = connection ? { ...command, connection } : command;
  const saveTo = command.options.output === undefined ? undefined : outputPath(command.options.output, output.userDir);
  const ready = await readyCommand(component, command, output.stderr, fetchToken);
  if (!ready) return EXIT.failed;
  const saving = saveTo === undefined ? {} : savingInputs(component.actions[command.actionKey], command.inputs);
  const params = { ...paramsFor(component, ready, given), ...saving };
  let result: unknown;
  try {
    result = await withProgress(`${command.actionKey}: waiting for the response`, output.stderr, () =>
      invokeAction(component, command.actionKey, params, logger),
    );
  } catch (error) {
    output.stderr.write(`${command.actionKey} failed: ${messageOf(error)}\n`);
    return EXIT.failed;
  }
  return deliverResult(result, responseTypeOf(params), { ...output, json: command.options.json, saveTo });
};
