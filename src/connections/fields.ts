import type { Connection } from "@prismatic-io/spectral";
import { toHeaderList } from "../inputs/keyValues";
import { InvalidValue, isBlank, isRecord, kindOf, toText } from "../inputs/values";
import { InputError } from "../request/errors";
import { asFilePayload } from "../request/payload";
import { connections } from "./index";

/** A connection field as its definition declares it; what the checks below need of it. */
interface FieldDefinition {
  label: string;
  type: string;
  collection?: string;
  model?: ReadonlyArray<{ value: string }>;
}

/** Each connection's fields by key, read once from the definitions the platform shows. */
const DEFINITIONS: ReadonlyMap<string, ReadonlyMap<string, FieldDefinition>> = new Map(
  connections.map((definition) => [
    definition.key,
    new Map(Object.entries(definition.inputs as Record<string, FieldDefinition>)),
  ]),
);

/** A connection whose fields have been checked against its definition. */
export interface CheckedConnection extends Connection {
  fields: Record<string, unknown>;
}

export const connectionProblem = (key: string, problem: string): InputError =>
  new InputError("Connection", "connection", `(${key}) ${problem}`);

/**
 * A field's value checked by what the definition says it is; the value is never quoted. A
 * multi-line text field may hold a file from an earlier step (a certificate, say). Line breaks
 * are refused where a value goes into a header, by the connection's own entry (auth.ts).
 */
const checkField = (field: FieldDefinition, value: unknown): unknown => {
  if (field.collection === "keyvaluelist") return toHeaderList(value);
  const file = field.type === "text" ? asFilePayload(value) : undefined;
  if (file) return file.bytes;
  const text = toText(value);
  if (field.type === "string" && /[\r\n\0]/.test(text)) throw new InvalidValue("has a line break or NUL character");
  if (!field.model) return text;
  // A choice is matched as the action inputs' choices are, ignoring case; the value sent is the model's own.
  const choice = field.model.find((option) => option.value.toLowerCase() === text.trim().toLowerCase());
  if (!choice) throw new InvalidValue(`must be one of ${field.model.map((option) => option.value).join(", ")}`);
  return choice.value;
};

/** Keys that only an attempt on the objects themselves would send: no connection has such a field. */
const OBJECT_TRAPS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Checks a connection against its definition before anything is sent: a type this component
 * offers, and each field the type declares holding what the field takes (text, one of its
 * choices, a header list). Keys the definition does not declare (`__proto__`, `constructor`)
 * are never read.
 * @example checkConnection({ key: "bearerToken", fields: { token: "t" } }).fields.token // "t"
 */
export const checkConnection = (connection: unknown): CheckedConnection => {
  if (!isRecord(connection) || typeof connection.key !== "string") {
    throw new InputError("Connection", "connection", `must be a connection; got ${kindOf(connection)}`);
  }
  const { key } = connection;
  const definition = DEFINITIONS.get(key);
  const given = isRecord(connection.fields) ? connection.fields : {};
  const trap = [connection, given].flatMap((object) => Object.keys(object)).find((name) => OBJECT_TRAPS.has(name));
  if (trap) throw new InputError("Connection", "connection", `has a key named ${trap}, which no connection has`);
  if (!definition) {
    throw new InputError(
      "Connection",
      "connection",
      `has a type this component does not know; use one of ${[...DEFINITIONS.keys()].join(", ")}`,
    );
  }
  const fields: Record<string, unknown> = {};
  for (const [name, field] of definition) {
    const value = Object.hasOwn(given, name) ? given[name] : undefined;
    if (isBlank(value)) continue;
    try {
      fields[name] = checkField(field, value);
    } catch (error) {
      if (!(error instanceof InvalidValue)) throw error;
      throw connectionProblem(key, `field "${field.label}" ${error.message}`);
    }
  }
  return { ...(connection as unknown as Connection), fields };
};

/**
 * The values of a connection's secret fields, those of the password type: masked because of
 * their type, so a secret field added to a connection is masked the day it is added.
 * @example secretFieldValues(checkConnection({ key: "basicAuth", fields: { username: "u", password: "p4ss" } })) // ["p4ss"]
 */
export const secretFieldValues = (connection: CheckedConnection): string[] =>
  [...(DEFINITIONS.get(connection.key) ?? [])]
    .filter(([name, field]) => field.type === "password" && typeof connection.fields[name] === "string")
    .map(([name]) => connection.fields[name] as string);
