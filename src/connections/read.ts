import type { Connection } from "@prismatic-io/spectral";
import { headerNameFault, headerValueProblem } from "../inputs/keyValues";
import { pemTextOf } from "../tls/pem";
import type { Credentials } from "./credentials";
import { type CheckedConnection, connectionProblem as problemOf } from "./fields";

/** How a connection's fields are read and turned into headers: shared by every scheme. */

/**
 * Why a header name a connection field gives cannot be sent, in the words of a connection's
 * error, or undefined (the rule is the Headers input's, `headerNameFault`).
 * @example headerNameProblem("__proto__") // "is __proto__, a header name the HTTP client cannot send"
 */
export const headerNameProblem = (name: string): string | undefined => {
  const fault = headerNameFault(name);
  if (fault === "not a token") return "is not a valid header name";
  return fault === "lost" ? `is ${name}, a header name the HTTP client cannot send` : undefined;
};

/** An error that names the connection and what is wrong with it, never a field's value. */
export const connectionProblem = (connection: Connection, problem: string) => problemOf(connection.key, problem);

/** Reads a required connection field; `checkConnection` has already checked what it holds. */
export const requiredField = (connection: CheckedConnection, field: string, label: string): string => {
  const value = connection.fields[field];
  if (typeof value !== "string" || value === "") throw connectionProblem(connection, `has no ${label}`);
  return value;
};

/** A text field trimmed, or "" when it is empty or not text. */
export const textField = (connection: CheckedConnection, field: string): string => {
  const value = connection.fields[field];
  return typeof value === "string" ? value.trim() : "";
};

/** A text field as typed, or undefined when it is empty. */
export const optionalText = (connection: CheckedConnection, field: string): string | undefined => {
  const value = connection.fields[field];
  return typeof value === "string" && value !== "" ? value : undefined;
};

/** A PEM field given as text or as a file from an earlier step (checkConnection made a file its bytes). */
export const pemText = (connection: CheckedConnection, field: string): string | undefined => {
  const value = connection.fields[field];
  return Buffer.isBuffer(value) ? pemTextOf(value) : optionalText(connection, field);
};

/** Where a header's credential came from, for an error that names it: `field "API Key"`. */
export type Source = string;

/**
 * A credential sent in a header; one Node could not send as it is (a line break, a character
 * outside Latin-1) is refused naming its source, never changed.
 */
export const inHeader = (
  connection: Connection,
  source: Source,
  name: string,
  value: string,
  secrets: string[],
): Credentials => {
  const problem = headerValueProblem(value);
  if (problem) throw connectionProblem(connection, `${source} ${problem}`);
  return { headers: { [name]: value }, query: [], secrets };
};

/** An Authorization header `scheme credential` (the credential alone when there is no scheme). */
export const authorization = (
  connection: Connection,
  source: Source,
  scheme: string | undefined,
  credential: string,
  secrets: string[],
): Credentials => {
  // Checked alone first, so a position in the error is the field's own, not the header's.
  const problem = headerValueProblem(credential);
  if (problem) throw connectionProblem(connection, `${source} ${problem}`);
  return inHeader(connection, source, "Authorization", scheme ? `${scheme} ${credential}` : credential, secrets);
};
