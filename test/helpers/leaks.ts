import { inspect } from "node:util";
import { type Secret, spellingsOf } from "./secretForms";

/** One text a person, the platform or a later step can see, and where it came from. */
export interface Shown {
  way: string;
  text: string;
}

/** A secret found in a text, in which forms, with the text around the first one. */
export interface Leak {
  way: string;
  secret: string;
  forms: string[];
  context: string;
}

/** As deep and as hidden as anything that prints an error can go. */
const INSPECT = { depth: Number.POSITIVE_INFINITY, showHidden: true, breakLength: Number.POSITIVE_INFINITY };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

/** A failing serializer shows nothing, which is no leak; its failure is reported as the text. */
const stringify = (value: unknown): string => {
  try {
    return JSON.stringify(value) ?? "";
  } catch (error) {
    return `<JSON.stringify threw: ${(error as Error).message}>`;
  }
};

/** Every way an error is shown: message, stack, JSON, a full inspection, and the same for each cause. */
const errorWays = (error: Error, path: string): Shown[] => {
  const shown = [
    { way: `${path}.message`, text: error.message },
    { way: `${path}.stack`, text: String(error.stack) },
    { way: `JSON.stringify(${path})`, text: stringify(error) },
    { way: `util.inspect(${path})`, text: inspect(error, INSPECT) },
  ];
  const { cause } = error;
  if (cause === undefined) return shown;
  return [
    ...shown,
    ...(cause instanceof Error ? errorWays(cause, `${path}.cause`) : objectWays(cause, `${path}.cause`)),
  ];
};

const objectWays = (value: unknown, path: string): Shown[] => [
  { way: `JSON.stringify(${path})`, text: stringify(value) },
  { way: `util.inspect(${path})`, text: inspect(value, INSPECT) },
];

/**
 * The keys of a shape the component returns that hold the server's own data, returned exactly
 * as received: a response's body and headers, a walk's items. The rest (status line, URL, error)
 * is the component's to mask.
 */
const serverDataKeys = (record: Record<string, unknown>): string[] => {
  if ("status" in record && "headers" in record) return ["data", "headers"];
  if ("items" in record && "pages" in record) return ["items"];
  return [];
};

const withoutServerData = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutServerData);
  if (!isRecord(value)) return value;
  const dropped = new Set(serverDataKeys(value));
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !dropped.has(key))
      .map(([key, entry]) => [key, withoutServerData(entry)]),
  );
};

/**
 * What the component wrote of an action's result: a plain result's `data` is the response body
 * and is left out whole; full responses, branches and walks keep everything but the server's data.
 */
export const componentParts = (result: unknown): unknown => {
  if (!isRecord(result)) return result;
  const { data, ...rest } = result;
  const shaped = isRecord(data) && serverDataKeys(data).length > 0 ? withoutServerData(data) : "<the response body>";
  return withoutServerData({ ...rest, data: shaped });
};

/**
 * Every text that a value shows: an error (message, stack, JSON, inspection, causes), log lines
 * (each line), or an action's result (its JSON and inspection, without the server's own data).
 * @example shownBy("error", error) // [{ way: "error.message", text: "GET http://... failed" }, ...]
 */
export const shownBy = (name: string, value: unknown): Shown[] => {
  if (value instanceof Error) return errorWays(value, name);
  if (typeof value === "string") return [{ way: name, text: value }];
  if (Array.isArray(value) && value.every((line) => typeof line === "string")) {
    return value.map((line, index) => ({ way: `${name}[${index}]`, text: line }));
  }
  return objectWays(componentParts(value), name);
};

const CONTEXT_CHARS = 50;

const around = (text: string, found: string): string => {
  const at = text.indexOf(found);
  const start = Math.max(0, at - CONTEXT_CHARS);
  return `${start > 0 ? "…" : ""}${text.slice(start, at + found.length + CONTEXT_CHARS)}…`;
};

/**
 * Looks for every secret, in every form, in every text; a secret's tag alone betrays a piece
 * of it (a quote cut short, an upper-cased copy).
 * @example findLeaks(shownBy("error", error), [secret]) // [] when nothing shows
 */
export const findLeaks = (shown: Shown[], secrets: Secret[]): Leak[] => {
  const leaks: Leak[] = [];
  for (const secret of secrets) {
    const spellings = spellingsOf(secret.value);
    for (const { way, text } of shown) {
      const found = spellings.filter(([, spelled]) => text.includes(spelled));
      if (found.length > 0) {
        leaks.push({
          way,
          secret: secret.label,
          forms: found.map(([form]) => form),
          context: around(text, found[0][1]),
        });
      } else if (secret.tag && text.includes(secret.tag)) {
        leaks.push({ way, secret: secret.label, forms: ["a piece of it"], context: around(text, secret.tag) });
      }
    }
  }
  return leaks;
};

/** One line per leak, for a failure message that says what showed where. */
export const describeLeak = ({ way, secret, forms, context }: Leak): string =>
  `${way} shows ${secret} (${forms.join(", ")}): ${JSON.stringify(context.replace(/\s+/g, " "))}`;
