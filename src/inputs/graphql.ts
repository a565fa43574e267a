import { input } from "@prismatic-io/spectral";
import { hasUnsafeInteger } from "../request/decode/exactJson";
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
    // JSON.parse would round it, and the rounded number would be sent.
    if (hasUnsafeInteger(value)) {
      throw new InvalidValue("has an integer beyond ±(2^53 - 1), which would be rounded; write it as a string");
    }
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed) || Buffer.isBuffer(parsed)) {
    throw new InvalidValue('must be a JSON object, e.g. {"id": 42}');
  }
  toJsonText(parsed);
  return parsed as Record<string, unknown>;
};

/** What the GraphQL action adds: the operation and its variables. */
export const graphqlInputs = withInputNames({
  query: input({
    label: "Query",
    placeholder: "query { items { id name } }",
    type: "code",
    language: "graphql",
    required: true,
    comments: "The GraphQL query or mutation to send.",
    example: "query Item($id: ID!) { item(id: $id) { id name } }",
    clean: toQuery,
  }),
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
