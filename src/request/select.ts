/**
 * Select: a JMESPath expression (https://jmespath.org) applied to a parsed response body, with
 * @jmespath-community/jmespath (maintained; passes the JMESPath compliance suite). An expression
 * is compiled once, when the input is read, so a bad one fails before anything is sent.
 */
import { compile, type JSONValue, TreeInterpreter } from "@jmespath-community/jmespath";
import { InvalidValue } from "../inputs/values";
import { MAX_SELECT_CHARS } from "../limits";
import { ResponseFormatError } from "./errors";

/** A compiled JMESPath expression and its text, for messages. */
export interface Selection {
  expression: string;
  ast: ReturnType<typeof compile>;
}

/**
 * Compiles a JMESPath expression; a syntax error is an InvalidValue with the parser's reason
 * (withInputNames adds which input it was).
 * @example compileSelection("items[?price > `10`].name").expression // "items[?price > `10`].name"
 */
export const compileSelection = (expression: string): Selection => {
  if (expression.length > MAX_SELECT_CHARS) {
    throw new InvalidValue(`is ${expression.length} characters long, more than the ${MAX_SELECT_CHARS} allowed`);
  }
  try {
    return { expression, ast: compile(expression) };
  } catch (error) {
    throw new InvalidValue(`is not a valid JMESPath expression: ${(error as Error).message}`);
  }
};

/**
 * Applies a selection to parsed data. An error while evaluating (a function given the wrong
 * type, say) is a ResponseFormatError: it depends on what the response held.
 * @example applySelection(compileSelection("items[].id"), { items: [{ id: 1 }, { id: 2 }] }) // [1, 2]
 */
export const applySelection = (selection: Selection, data: unknown): unknown => {
  try {
    return TreeInterpreter.search(selection.ast, data as JSONValue);
  } catch (error) {
    throw new ResponseFormatError(
      `the Select expression ${JSON.stringify(selection.expression)} failed on the response body: ${(error as Error).message}`,
    );
  }
};
