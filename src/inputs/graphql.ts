import { input } from "@prismatic-io/spectral";
import { hasInexactNumber } from "../request/decode/exactJson";
import { type KeyValue, toKeyValueList } from "./keyValues";
import { withInputNames } from "./named";
import { InvalidValue, isBlank, kindOf, toBoolean, toJsonText, toOptionalText, wellFormed } from "./values";

const toQuery = (value: unknown): string => {
  if (isBlank(value)) throw new InvalidValue("is required");
  if (typeof value !== "string") throw new InvalidValue(`must be text; got ${kindOf(value)}`);
  return wellFormed(value);
};

/** Variables are sent with their JSON types; a value JSON cannot carry is refused, not dropped. */
const toVariableList = (value: unknown): KeyValue[] =>
  toKeyValueList(value).map((row, index) => {
    try {
      toJsonText(row.value);
    } catch (error) {
      if (error instanceof InvalidValue) throw new InvalidValue(`row ${index + 1}'s value ${error.message}`);
      throw error;
    }
    return row;
  });

/** Reads a JSON object given as text or as a previous step's output. */
const toJsonObject = (value: unknown): Record<string, unknown> => {
  if (isBlank(value)) return {};
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw new InvalidValue("is not valid JSON");
    }
    // JSON.parse would change it (round it, or make it Infinity or 0), and the changed number would be sent.
    if (hasInexactNumber(value)) {
      throw new InvalidValue(
        "has a number JavaScript would change (an integer beyond ±(2^53 - 1), or more digits or range than a double holds); write it as a string",
      );
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Buffer.isBuffer(parsed)) {
    throw new InvalidValue('must be a JSON object, e.g. {"id": 42}');
  }
  toJsonText(parsed);
  return parsed as Record<string, unknown>;
};

/** The Query input as both actions show it; Fetch All Pages needs it in one mode only. */
const queryDisplay = {
  label: "Query",
  placeholder: "query { items { id name } }",
  type: "code",
  language: "graphql",
  example: "query Item($id: ID!) { item(id: $id) { id name } }",
} as const;

/** The operation's variables and name, the same in every action that sends GraphQL. */
const operationInputs = {
  variables: input({
    label: "Variables",
    placeholder: "Variable name and value",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments:
      "Variables as a list. Values are sent as given (text, or what a reference holds); for numbers, booleans or objects use Variables Object. These win over Variables Object.",
    example: "id: 42",
    clean: toVariableList,
  }),
  variablesObject: input({
    label: "Variables Object",
    placeholder: '{"id": 42}',
    type: "code",
    language: "json",
    required: false,
    comments: "Variables as a JSON object, with their JSON types.",
    example: '{"id": 42, "includeArchived": false}',
    clean: toJsonObject,
  }),
  operationName: input({
    label: "Operation Name",
    placeholder: "Item",
    type: "string",
    required: false,
    comments: "Which operation to run when the query holds several.",
    example: "Item",
    clean: toOptionalText,
  }),
};

/** What the GraphQL action adds: the operation and its variables. */
export const graphqlInputs = withInputNames({
  query: input({ ...queryDisplay, required: true, comments: "The GraphQL query or mutation to send.", clean: toQuery }),
  ...operationInputs,
  allowPartialData: input({
    label: "Allow Partial Data",
    type: "boolean",
    required: false,
    default: "false",
    comments:
      "When off, a response with a non-empty errors array fails the step with those messages. When on, the step returns { data, errors } so partial results can be used.",
    example: "false",
    clean: (value: unknown) => toBoolean(value, false),
  }),
});

/**
 * What Fetch All Pages takes for its GraphQL Cursor mode: the same operation inputs, the query
 * optional (the other modes send no GraphQL), each page's cursor set in the variables.
 */
export const graphqlPageInputs = withInputNames({
  query: input({
    ...queryDisplay,
    required: false,
    comments:
      "GraphQL Cursor mode only, and required there: the query POSTed for every page, with Cursor Variable set to the previous page's cursor (left out on the first page). Declare that variable, e.g. query Items($after: String) { items(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }.",
    example:
      "query Items($after: String) { items(first: 100, after: $after) { nodes { id } pageInfo { hasNextPage endCursor } } }",
    clean: (value: unknown) => (isBlank(value) ? undefined : toQuery(value)),
  }),
  ...operationInputs,
});
