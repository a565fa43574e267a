import { isKeyValueList, type RuntimeConnection, type RuntimeInput } from "./component";
import { UsageError, unknownName } from "./errors";
import type { Flag } from "./flags";
import { parseRow } from "./rows";

/** The connection the command line describes, before defaults are applied. */
export interface ConnectionChoice {
  /** The action input the connection goes into, e.g. "connection". */
  inputKey: string;
  /** The connection's key, e.g. "apiKey". */
  key: string;
  fields: Record<string, string | { key: string; value: string }[]>;
  /** For OAuth 2.0 connections: the token the platform would have obtained. */
  token: Record<string, string>;
}

/**
 * Flags that stand for the OAuth 2.0 token rather than a connection field: the platform runs
 * the OAuth exchange and hands the action `connection.token`, so locally the user gives it.
 */
export const TOKEN_FLAGS: Record<string, string> = { accessToken: "access_token", tokenType: "token_type" };

const fieldNames = (connection: RuntimeConnection): string[] => [
  ...connection.inputs.map((input) => input.key),
  ...(connection.oauth2Type ? Object.keys(TOKEN_FLAGS) : []),
];

const chooseConnection = (inputKey: string, keyFlags: Flag[], connections: RuntimeConnection[]): RuntimeConnection => {
  const valid = connections.map((connection) => connection.key);
  if (keyFlags.length > 1) throw new UsageError(`--${inputKey} was given more than once`);
  const key = keyFlags[0]?.value;
  if (key === undefined) throw new UsageError(`--${inputKey} needs a connection key. Valid connections: ${valid.join(", ")}`);
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
  choice.fields[input.key] = value;
};

/** Adds one `--connection.<field>` flag to the choice, checking the field exists on that connection. */
const addFieldFlag = (choice: ConnectionChoice, connection: RuntimeConnection, flag: Flag): void => {
  const field = flag.name.slice(choice.inputKey.length + 1);
  if (flag.value === undefined) throw new UsageError(`--${flag.name} needs a value`);
  const tokenField = connection.oauth2Type ? TOKEN_FLAGS[field] : undefined;
  if (tokenField) {
    choice.token[tokenField] = flag.value;
    return;
  }
  const input = connection.inputs.find((candidate) => candidate.key === field);
  if (!input) {
    const valid = fieldNames(connection).map((name) => `--${choice.inputKey}.${name}`);
    throw new UsageError(`Unknown field "${field}" for connection ${connection.key}. Valid fields: ${valid.join(", ")}`);
  }
  addField(choice, input, flag, flag.value);
};

/**
 * Reads `--connection <key>` and its `--connection.<field> <value>` flags, checked against the
 * component's connections. OAuth 2.0 connections also take `--connection.accessToken` (and
 * `--connection.tokenType`), which become the token the platform would hand over.
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
  return choice;
};
