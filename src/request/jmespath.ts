/**
 * JMESPath (https://jmespath.org) for Select and Stop When, with @jmespath-community/jmespath
 * (maintained; passes the JMESPath compliance suite). An expression is compiled once, when its
 * input is read, so a bad one fails before anything is sent.
 */
import type { JSONValue } from "@jmespath-community/jmespath";
// Deferred: evaluated at first use, not when the bundle loads (see webpack.config.js).
import * as jmespath from /* webpackDefer: true */ "@jmespath-community/jmespath";
import { InvalidValue, isBlank, toText } from "../inputs/values";
import { MAX_EXPRESSION_CHARS } from "../limits";
import { ResponseFormatError } from "./errors";

/** A JMESPath expression read once, when the input is cleaned, and evaluated on each body. */
export interface JmesPathExpression {
  text: string;
  node: ReturnType<typeof jmespath.compile>;
}

/**
 * Reads a JMESPath expression (https://jmespath.org); blank means "not set". A syntax error is
 * refused here, with the parser's reason, so a typo fails the step before anything is sent.
 * @example toJmesPath("length(items) < `100`")?.text // "length(items) < `100`"
 */
export const toJmesPath = (value: unknown): JmesPathExpression | undefined => {
  if (isBlank(value)) return undefined;
  const text = toText(value).trim();
  if (text.length > MAX_EXPRESSION_CHARS) {
    throw new InvalidValue(`is ${text.length} characters long, more than the ${MAX_EXPRESSION_CHARS} accepted`);
  }
  try {
    return { text, node: jmespath.compile(text) };
  } catch (error) {
    if (error instanceof RangeError) throw new InvalidValue("is nested too deeply to be read as JMESPath");
    throw new InvalidValue(`is not a valid JMESPath expression: ${(error as Error).message}`);
  }
};

type Interpreter = typeof jmespath.TreeInterpreter;
type Node = Parameters<Interpreter["visit"]>[0];
type Visited = Parameters<Interpreter["visit"]>[1];
type Result = ReturnType<Interpreter["visit"]>;

const hasOwn = Object.prototype.hasOwnProperty;

/** An object's own key, as JSON has it; null for anything else, as JMESPath's field lookup gives. */
const ownField = (value: Visited, name: string): Visited =>
  value !== null && typeof value === "object" && !Array.isArray(value) && hasOwn.call(value, name)
    ? ((value as Record<string, Visited>)[name] ?? null)
    : null;

/**
 * The library's interpreter, reading only what the body holds. Its field lookup is
 * `value[name]`, which also finds what every JavaScript object inherits: on a body without such
 * a key, `constructor` or `toString` gave a function and `items[?constructor]` kept every item,
 * where JMESPath gives null. Objects it builds (a `{key: ...}` hash, merge()) took a `__proto__`
 * key as the object's prototype and lost it; here every key is set as data, as JSON.parse sets
 * it. A `let` scope is a fresh interpreter of the library's own class, so it is given this
 * one's. Made at first use: the library is a deferred import.
 */
const ownKeysInterpreter = (): Interpreter => {
  const Library = jmespath.TreeInterpreter.constructor as new () => Interpreter;
  class OwnKeysInterpreter extends Library {
    override visit(node: Node, value: Visited): Result {
      if (node.type === "Field") return ownField(value, node.name);
      if (node.type === "MultiSelectHash") {
        const pairs = node.children.map((child): [string, Result] => [child.name, this.visit(child.value, value)]);
        return Object.fromEntries(pairs) as Result;
      }
      return super.visit(node, value);
    }

    override withScope(scope: Parameters<Interpreter["withScope"]>[0]): Interpreter {
      return Object.setPrototypeOf(super.withScope(scope), OwnKeysInterpreter.prototype);
    }
  }
  const interpreter = new OwnKeysInterpreter();
  const table = interpreter.runtime._functionTable;
  table.merge = { ...table.merge, _func: (objects: object[]) => Object.fromEntries(objects.flatMap(Object.entries)) };
  return interpreter;
};

let interpreter: Interpreter | undefined;

/**
 * The expression's value on a parsed body. An error raised by one of its functions (a type
 * mismatch, say) is a ResponseFormatError, since it depends on what the response held: it names
 * the expression (`what` says whose it is) and the library's reason, which speaks of types;
 * callers mask it like any error. The interpreter is synchronous, so one shared instance is safe.
 * @example evaluateJmesPath(toJmesPath("meta.done")!, { meta: { done: true } }) // true
 */
export const evaluateJmesPath = (
  expression: JmesPathExpression,
  data: unknown,
  what = "the JMESPath expression",
): unknown => {
  try {
    interpreter ??= ownKeysInterpreter();
    return interpreter.search(expression.node, data as JSONValue);
  } catch (error) {
    throw new ResponseFormatError(`${what} ${JSON.stringify(expression.text)} failed: ${(error as Error).message}`);
  }
};

/**
 * Applies Select to parsed data.
 * @example applySelection(toJmesPath("items[].id")!, { items: [{ id: 1 }, { id: 2 }] }) // [1, 2]
 */
export const applySelection = (selection: JmesPathExpression, data: unknown): unknown =>
  evaluateJmesPath(selection, data, "the Select expression");

/**
 * JMESPath's own truthiness (the spec's "false-like" values): null, false, "", [] and {} are
 * false; everything else, 0 included, is true.
 * @example isTruthy(0) // true
 */
export const isTruthy = (value: unknown): boolean => {
  if (value === null || value === undefined || value === false || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object") return Object.keys(value).length > 0;
  return true;
};
