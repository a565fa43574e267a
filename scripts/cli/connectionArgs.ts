import { CLIENT_AUTHENTICATIONS, type ClientAuthentication } from "../../src/connections/oauth2Grants";
import { atPathOrText, connectionReadingOf, type FileRef } from "./atPath";
import { isKeyValueList, type RuntimeConnection, type RuntimeInput } from "./component";
import { UsageError, unknownName } from "./errors";
import type { Flag } from "./flags";
import { parseRow } from "./rows";
import { assertRunnable } from "./runnable";
import { CLIENT_AUTHENTICATION_FLAG, runnerFlagsOf, TOKEN_FLAGS } from "./tokenSource";

/** The connection the command line describes, before defaults are applied. */
export interface ConnectionChoice {
  /** The action input the connection goes into, e.g. "connection". */
  inputKey: string;
  /** The connection's key, e.g. "apiKey". */
  key: string;
  /** Text as typed, rows of a list, or a `@path` still to be read (see files.ts). */
  fields: Record<string, string | FileRef | { key: string; value: string }[]>;
  /** For OAuth 2.0 connections: the token the platform would have obtained (`expires_in` in seconds). */
  token: Record<string, string | number>;
  /** For a token the runner fetches: how its request authenticates the client; body when not given. */
  clientAuthentication?: ClientAuthentication;
}

const fieldNames = (connection: RuntimeConnection): string[] => [
  ...connection.inputs.map((input) => input.key),
  ...runnerFlagsOf(connection),
];

const chooseConnection = (inputKey: string, keyFlags: Flag[], connections: RuntimeConnection[]): RuntimeConnection => {
  const valid = connections.map((connection) => connection.key);
  if (keyFlags.length > 1) throw new UsageError(`--${inputKey} was given more than once`);
  const key = keyFlags[0]?.value;
  if (key === undefined)
    throw new UsageError(`--${inputKey} needs a connection key. Valid connections: ${valid.join(", ")}`);
  const connection = connections.find((candidate) => candidate.key === key);
  if (!connection) throw unknownName("connection", key, valid);
  return connection;
};

const addField = (choice: ConnectionChoice, input: RuntimeInput, flag: Flag, value: string): void => {
  if (isKeyValueList(input)) {
    const rows = (choice.fields[input.key] as { key: string; value: string }[] | undefined) ?? [];
    choice.fields[input.key] = [...rows, parseRow(flag.name, value)];
    return;
  }
  if (input.key in choice.fields) throw new UsageError(`--${flag.name} was given more than once`);
  const reading = connectionReadingOf(input);
  choice.fields[input.key] = reading ? atPathOrText(value, reading, `--${flag.name} ${value}`) : value;
};

const isClientAuthentication = (value: string): value is ClientAuthentication =>
  (CLIENT_AUTHENTICATIONS as readonly string[]).includes(value);

/** Adds a flag that is not a field: part of the token, or how the runner asks for one. */
const addRunnerFlag = (choice: ConnectionChoice, flag: Flag, name: string, value: string): void => {
  const given = name === CLIENT_AUTHENTICATION_FLAG ? choice.clientAuthentication : choice.token[TOKEN_FLAGS[name]];
  if (given !== undefined) throw new UsageError(`--${flag.name} was given more than once`);
  if (name !== CLIENT_AUTHENTICATION_FLAG) {
    choice.token[TOKEN_FLAGS[name]] = value;
    return;
  }
  if (!isClientAuthentication(value)) {
    throw new UsageError(`--${flag.name} takes ${CLIENT_AUTHENTICATIONS.join(" or ")}, not "${value}"`);
  }
  choice.clientAuthentication = value;
};

/** Adds one `--connection.<field>` flag to the choice, checking the field exists on that connection. */
const addFieldFlag = (choice: ConnectionChoice, connection: RuntimeConnection, flag: Flag): void => {
  const field = flag.name.slice(choice.inputKey.length + 1);
  if (flag.value === undefined) throw new UsageError(`--${flag.name} needs a value`);
  if (runnerFlagsOf(connection).includes(field)) {
    addRunnerFlag(choice, flag, field, flag.value);
    return;
  }
  const input = connection.inputs.find((candidate) => candidate.key === field);
  if (!input) {
    throw unknownName("field", field, fieldNames(connection), {
      where: ` for connection ${connection.key}`,
      typed: (name) => `--${choice.inputKey}.${name}`,
    });
  }
  addField(choice, input, flag, flag.value);
};

/**
 * Reads `--connection <key>` and its `--connection.<field> <value>` flags, checked against the
 * component's connections. OAuth 2.0 connections also take `--connection.accessToken` (and
 * `--connection.tokenType`), which become the token the platform would hand over; client
 * credentials ones take `--connection.clientAuthentication body|basic` for the runner's token request.
 * A connection missing what a local run needs is refused here, naming the flags to add.
 * @example
 * const flags = [{ name: "connection", value: "apiKey" }, { name: "connection.apiKey", value: "k" }];
 * readConnection("connection", flags, component.connections)
 * // { inputKey: "connection", key: "apiKey", fields: { apiKey: "k" }, token: {} }
 */
export const readConnection = (
  inputKey: string,
  flags: Flag[],
  connections: RuntimeConnection[],
): ConnectionChoice | undefined => {
  const keyFlags = flags.filter((flag) => flag.name === inputKey);
  const fieldFlags = flags.filter((flag) => flag.name !== inputKey);
  if (keyFlags.length === 0 && fieldFlags.length === 0) return undefined;
  if (keyFlags.length === 0) {
    const valid = connections.map((connection) => connection.key).join(", ");
    throw new UsageError(
      `--${fieldFlags[0].name} needs --${inputKey} <key> to say which connection. Valid connections: ${valid}`,
    );
  }
  const connection = chooseConnection(inputKey, keyFlags, connections);
  const choice: ConnectionChoice = { inputKey, key: connection.key, fields: {}, token: {} };
  for (const flag of fieldFlags) addFieldFlag(choice, connection, flag);
  assertRunnable(choice, connection);
  return choice;
};
