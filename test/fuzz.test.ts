/**
 * Property-based fuzzing of every input of every action (the issue's property): any value either
 * gives an error naming that input before anything reaches the server, or a request the server
 * receives as given.
 *
 * Actions and inputs come from the component's definition, so an input added tomorrow is fuzzed
 * the day it lands. Each action x input pair gets two properties: one feeding "anything" (objects
 * with __proto__ keys, cycles, functions, symbols, bigints, odd numbers, hostile text), one feeding
 * values shaped like what the input expects, checked against an oracle of what must arrive.
 *
 * Reproduce a run with FUZZ_SEED=<seed>; scale the run counts with FUZZ_RUNS=<factor>; print how
 * each property's values were judged (refused, checked on the wire, no oracle) with FUZZ_STATS=1.
 * A failure lists fast-check's shrunk counterexample, then every distinct problem the run met.
 */
import { Readable } from "node:stream";
import { isDeepStrictEqual } from "node:util";
import busboy from "busboy";
import fc from "fast-check";
import { afterAll, beforeAll, describe, it } from "vitest";
import { MAX_NAME_CHARS } from "../src/limits";
import {
  actionKeys,
  type ConnectionDefinition,
  connectionDefinitions,
  type InputDefinition,
  inputsOf,
} from "./helpers/definition";
import { type ActionOutput, run } from "./helpers/harness";
import { type Handler, type Recorded, sha256, startServer, type TestServer } from "./helpers/servers";

const SEED = Number(process.env.FUZZ_SEED ?? 20_240_611);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1);
/** A step that has not settled by then is reported as hanging rather than left to the test timeout. */
const WATCHDOG_MS = 6_000;
/** Shrinking a slow counterexample stops here; fast-check then reports the smallest one found so far. */
const PROPERTY_BUDGET_MS = 5_000;
const MB = 2 ** 20;

// ---------------------------------------------------------------------------------------------
// The shared recording server
// ---------------------------------------------------------------------------------------------

/** What the token endpoint hands out, so a fetched-token connection's request can be checked. */
const ISSUED_TOKEN = "fz-issued-token";
const CURSOR = "fz-cursor-7";
/** Retry-After in seconds: 3e9 ms, more than a Node timer can hold, so an unclamped wait overflows to 1 ms. */
const RETRY_AFTER_SECONDS = 3_000_000;

const json = (
  response: Parameters<Handler>[1],
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) => {
  response.writeHead(status, { "content-type": "application/json", ...headers });
  response.end(JSON.stringify(body));
};

/** Every path answers at once: the suite never waits on the server. */
const handler: Handler = (request, response) => {
  switch (request.path) {
    case "/token":
      return json(response, 200, { access_token: ISSUED_TOKEN, token_type: "Bearer", expires_in: 3600 });
    case "/unavailable":
      return json(response, 503, []);
    case "/retry-later":
      return json(response, 503, [], { "retry-after": String(RETRY_AFTER_SECONDS) });
    case "/accepted":
      // A long-running operation that is done at the first poll.
      return json(response, 202, {}, { location: "/fz" });
    case "/cursor-page":
      // The second page is the one asked for with the cursor: only then does the walk end.
      return json(response, 200, { items: [1], next: request.url.includes(CURSOR) ? null : CURSOR });
    default:
      return json(response, 200, []);
  }
};

let server: TestServer;
let serverHost: string;
beforeAll(async () => {
  server = await startServer(handler);
  serverHost = new URL(server.url).host;
});
afterAll(() => server?.close());

/** Node reports a timer it cannot hold (over 2^31-1 ms) with this warning, then fires it after 1 ms. */
const overflowedTimers: string[] = [];
const onWarning = (warning: Error) => {
  if (warning.name === "TimeoutOverflowWarning") overflowedTimers.push(warning.message.split("\n")[0]);
};
beforeAll(() => {
  process.on("warning", onWarning);
});
afterAll(() => {
  process.off("warning", onWarning);
});

// ---------------------------------------------------------------------------------------------
// Samples and how they print
// ---------------------------------------------------------------------------------------------

/** What a well-formed generated cURL command stands for: what curl itself would send. */
interface CurlPlan {
  method: string;
  target: string;
  headers: Array<[string, string]>;
  body?: string;
  authorization?: string;
}

/** A generated value, printed short: a 10 MB counterexample must not become a 10 MB report. */
class Sample {
  constructor(
    readonly value: unknown,
    readonly curl?: CurlPlan,
  ) {}

  [fc.toStringMethod](): string {
    return shorten(fc.stringify(this.value), 600);
  }
}

const sample = (value: unknown): Sample => new Sample(value);

const shorten = (text: string, max = 160): string =>
  text.length <= max ? text : `${text.slice(0, max - 60)}…(${text.length} chars)…${text.slice(-40)}`;

/** Characters a report would show as nothing (C1 controls, NBSP, zero-width marks), written as escapes. */
const INVISIBLE = /[\u007f-\u00a0\u00ad\u200b-\u200f\u2028\u2029\ufeff]/g;

const show = (value: unknown): string =>
  shorten(
    typeof value === "string"
      ? JSON.stringify(value).replace(INVISIBLE, (char) => `\\u${code(char).toString(16).padStart(4, "0")}`)
      : String(value),
  );

const kindOf = (value: unknown): string => {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value !== "object") return typeof value;
  const prototype = Object.getPrototypeOf(value);
  if (prototype === null) return "null-prototype object";
  const name = prototype.constructor?.name;
  return typeof name === "string" && name !== "Object" ? `${name} object` : "object";
};

// ---------------------------------------------------------------------------------------------
// Arbitraries
// ---------------------------------------------------------------------------------------------

const fromCode = (code: number) => String.fromCharCode(code);

/** Single characters (and a few short sequences) that break parsers, encoders and header writers. */
const SPECIAL_CHARS = [
  "\r",
  "\n",
  "\r\n",
  "\t",
  "\0",
  "\x7f",
  "\x1b",
  "\u2603",
  "\u{1F600}",
  "\uD800",
  "\uDFFF",
  "\u00e9",
  "\u00ff",
  "\u0080",
  "\u00a0",
  "\ufeff",
  "\u2028",
  "\uE000",
  "%",
  "%zz",
  "%2",
  "%C3%A9",
  "%FF",
  '"',
  "'",
  "\\",
  "&",
  "=",
  "?",
  "#",
  "/",
  "+",
  " ",
  ";",
  ":",
  ",",
  "@",
  "[",
  "]",
  "{",
  "}",
  "<",
  ">",
  "$",
  "`",
];

const charArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 4, arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map(fromCode) },
  { weight: 4, arbitrary: fc.constantFrom(...SPECIAL_CHARS) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map(fromCode) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }).map(fromCode) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
);

const textArb = (maxLength = 12, minLength = 0) => fc.string({ unit: charArb, minLength, maxLength });

/** 10-100 KB strings built from a short seed: cheap to make and to shrink (the seed and the length shrink). */
const longTextArb = fc
  .tuple(textArb(6, 1), fc.integer({ min: 10_000, max: 100_000 }))
  .map(([seed, length]) => seed.repeat(Math.ceil(length / seed.length)).slice(0, length));

const NUMERIC_TEXT = [
  "0",
  "1",
  "00",
  "007",
  "-1",
  "1.5",
  "1e3",
  " 42 ",
  "+5",
  "0x10",
  "\u0661\u0662",
  "Infinity",
  "NaN",
  "2147483647",
  "2147483648",
  "4294967296",
  "99999999999",
  "9007199254740993",
  "1".repeat(400),
];

const numericArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 3, arbitrary: fc.constantFrom(...NUMERIC_TEXT) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 50 }).map(String) },
  { weight: 2, arbitrary: fc.nat().map(String) },
  { weight: 2, arbitrary: fc.bigInt({ min: 0n, max: 10n ** 25n }).map(String) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(2 ** 31, 1e21, Number.MAX_SAFE_INTEGER + 2, -0, 10n) },
);

const keyArb = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "toString",
    "valueOf",
    "key",
    "value",
    "data",
    "contentType",
    "type",
    "fields",
  ),
  textArb(6),
);

const anythingArb = fc.anything({
  key: keyArb,
  stringUnit: charArb,
  maxDepth: 3,
  maxKeys: 4,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
});

/** A fresh container around the generated value, so the generator's own value is never mutated. */
const circularArb = anythingArb.chain((inner) =>
  fc.constantFrom("object", "array").map((shape) => {
    if (shape === "array") {
      const list: unknown[] = [inner];
      list.push(list);
      return list;
    }
    const record: Record<string, unknown> = { key: "k", value: inner };
    record.self = record;
    return record;
  }),
);

const nastyArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: anythingArb },
  { weight: 1, arbitrary: circularArb },
  { weight: 1, arbitrary: fc.func(fc.anything()) },
  { weight: 1, arbitrary: textArb(6).map((description) => Symbol(description)) },
  { weight: 1, arbitrary: fc.bigInt() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: numericArb },
  { weight: 3, arbitrary: textArb(40) },
  { weight: 1, arbitrary: longTextArb },
);

/** The nasty cases every input gets on every run, whatever the random ones turn out to be. */
const nastyExamples = (): unknown[] => {
  const circular: Record<string, unknown> = { key: "k", value: "v" };
  circular.self = circular;
  const nullPrototype = Object.assign(Object.create(null), { key: "k", value: "v" });
  return [
    JSON.parse('{"__proto__": {"polluted": "yes"}, "key": "k", "value": "v"}'),
    { constructor: "c", key: "constructor", value: { prototype: "p" } },
    circular,
    [circular],
    nullPrototype,
    Symbol("fuzz"),
    () => "a function",
    10n ** 30n,
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -1,
    1e21,
    2 ** 31,
    "99999999999",
    "2147483648",
    "%zz",
    "%",
    "\u2603",
    "\uD800",
    "a\r\nX-Injected: 1",
    "\0",
    "\x7f",
    "\u00e9",
    "x".repeat(100_000),
    [{ key: "k", value: "v" }],
    [{ key: { a: 1 }, value: "v" }],
    [{ key: "k", value: 10n }],
    ["5"],
    [true],
    { k: "v" },
    { data: Buffer.from("file bytes"), contentType: "text/plain" },
  ];
};

const tokenArb = fc.stringMatching(/^[A-Za-z0-9-]{1,10}$/);

const headerNameArb = fc.oneof(
  { weight: 5, arbitrary: tokenArb.map((name) => `X-Fz-${name}`) },
  { weight: 2, arbitrary: fc.constantFrom("Accept", "Content-Type", "User-Agent", "Accept-Encoding", "X-Api-Key") },
  { weight: 1, arbitrary: textArb(6) },
);

/** Header values: mostly what HTTP can carry (visible ASCII, TAB, Latin-1), with the odd character it cannot. */
const headerCharArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(fromCode) },
  { weight: 2, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map(fromCode) },
  { weight: 1, arbitrary: fc.constant("\t") },
  { weight: 1, arbitrary: charArb },
);
const headerValueArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: fc.string({ unit: headerCharArb, maxLength: 16 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.dictionary(tokenArb, textArb(4), { maxKeys: 2 }) },
);

const rowValueArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 6, arbitrary: textArb(16) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.boolean(), fc.constant(null)) },
  { weight: 1, arbitrary: fc.array(textArb(6), { maxLength: 3 }) },
  { weight: 1, arbitrary: fc.dictionary(textArb(4), textArb(4), { maxKeys: 2 }) },
);

const bytesArb = fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes));

/**
 * Files as earlier steps hand them over: `{ data, contentType }` (some with a `fileName` of their
 * own), a bare Buffer, a Buffer that went through JSON.
 */
const fileArb = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record(
      {
        data: bytesArb,
        contentType: fc.oneof(fc.constantFrom("application/pdf", "text/csv; charset=utf-8", ""), textArb(12)),
        fileName: fc.oneof(fc.constantFrom("q3.pdf", ""), textArb(12)),
      },
      { requiredKeys: ["data", "contentType"] },
    ),
  },
  { weight: 1, arbitrary: bytesArb },
  { weight: 1, arbitrary: bytesArb.map((bytes) => bytes.toJSON()) },
);

/** A key/value list in each form the designer or an earlier step may hand over. */
const keyValueArb = (name: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>) => {
  const rows = fc.array(fc.record({ key: name, value }), { maxLength: 4 });
  return fc.oneof(
    { withCrossShrink: true },
    { weight: 4, arbitrary: rows },
    { weight: 1, arbitrary: rows.map((list) => Object.fromEntries(list.map(({ key, value: v }) => [key, v]))) },
    { weight: 1, arbitrary: rows.map((list) => JSON.stringify(list)) },
    { weight: 1, arbitrary: fc.array(fc.record({ key: name, value: longTextArb }), { maxLength: 1 }) },
  );
};

const jsonValueArb = fc.jsonValue({ maxDepth: 3, stringUnit: charArb });
const jsonObjectArb = fc.dictionary(textArb(6), jsonValueArb, { maxKeys: 4 });

const dataArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 4, arbitrary: textArb(40) },
  { weight: 2, arbitrary: jsonValueArb.map((value) => JSON.stringify(value)) },
  { weight: 3, arbitrary: jsonValueArb },
  { weight: 3, arbitrary: fileArb },
  { weight: 1, arbitrary: longTextArb },
  { weight: 1, arbitrary: fc.constantFrom("", " ", "null") },
);

const choiceArb = (model: { value: string }[]) => {
  const values = model.map(({ value }) => value);
  return fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...values) },
    { weight: 2, arbitrary: fc.constantFrom(...values).chain((value) => fc.mixedCase(fc.constant(value))) },
    { weight: 1, arbitrary: fc.constantFrom(...values).map((value) => ` ${value}\t`) },
    { weight: 2, arbitrary: textArb(8) },
  );
};

const booleanArb = fc.constantFrom(
  true,
  false,
  "true",
  "false",
  "TRUE",
  " yes ",
  "no",
  "on",
  "off",
  "1",
  "0",
  "",
  "maybe",
  1,
  0,
);

const textInputArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 4, arbitrary: textArb(20) },
  { weight: 2, arbitrary: fc.constantFrom("data.items", "$.meta.next", "links[0].href", "application/json", "a b") },
  { weight: 1, arbitrary: numericArb },
  { weight: 1, arbitrary: longTextArb },
);

// ---------------------------------------------------------------------------------------------
// Interpreting what was given: an independent reading of each input's documented meaning
// ---------------------------------------------------------------------------------------------

/** What must happen to a value: refused (naming the input), checked against what arrived, or no oracle. */
type Expectation =
  | { kind: "refuse"; why: string; mention?: RegExp; observe?: (sent: Recorded[]) => string }
  | { kind: "accept"; check: (sent: Recorded[], outcome: Outcome) => string[] | Promise<string[]> }
  | { kind: "any" };

interface Outcome {
  error?: Error & Record<string, unknown>;
  output?: ActionOutput;
}

const ANY: Expectation = { kind: "any" };
const refuse = (why: string, mention?: RegExp, observe?: (sent: Recorded[]) => string): Expectation => ({
  kind: "refuse",
  why,
  mention,
  observe,
});
const accept = (check: (sent: Recorded[], outcome: Outcome) => string[] | Promise<string[]>): Expectation => ({
  kind: "accept",
  check,
});
const isExpectation = (value: unknown): value is Expectation =>
  typeof value === "object" && value !== null && "kind" in value && !Array.isArray(value);

const isBlank = (value: unknown): boolean =>
  value === undefined || value === null || (typeof value === "string" && value.trim() === "");

const isPlainRecord = (value: unknown): value is Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
};

const isBoxed = (value: unknown): boolean =>
  value instanceof String || value instanceof Number || value instanceof Boolean;

/** An object, function or symbol: never text, whatever String() makes of it. */
const isNotText = (value: unknown): boolean =>
  (typeof value === "object" && value !== null && !isBoxed(value)) ||
  typeof value === "function" ||
  typeof value === "symbol";

/** True when the text holds half of a surrogate pair: it has no UTF-8 form, so it cannot be sent as given. */
const hasLoneSurrogate = (text: string): boolean => {
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xdc00 && unit <= 0xdfff) return true;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return true;
      index += 1;
    }
  }
  return false;
};

/** The text with every lone surrogate replaced by U+FFFD, as a UTF-8 round trip does. */
const wellFormed = (text: string): string => Buffer.from(text, "utf8").toString("utf8");

/** The first character HTTP cannot carry in a field value (RFC 9110: VCHAR, obs-text, SP, HTAB). */
const firstUnsendableHeaderChar = (text: string): { index: number; char: string } | undefined => {
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    const allowed = code === 0x09 || (code >= 0x20 && code <= 0x7e) || (code >= 0x80 && code <= 0xff);
    if (!allowed) return { index, char: text[index] };
  }
  return undefined;
};

const describeChar = (char: string): string => `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;

/** The word the refusal of a non-Latin-1 header must use to say where the character is. */
const MENTIONS_POSITION = /\bposition\b|\bat (index|character|offset) \d|\bcharacter \d|\bindex \d/i;

/**
 * The verdict on a header value HTTP cannot carry. `header` names where it would arrive, so the
 * report can say what the server got instead (axios strips such characters without a word).
 * The refusal must say where the character is when it is outside Latin-1 and nothing else is wrong.
 */
const headerCharVerdict = (
  text: string,
  what: string,
  options: { header?: string; position?: boolean } = {},
): Expectation | undefined => {
  const bad = firstUnsendableHeaderChar(text);
  if (!bad) return undefined;
  const why = `${what} with ${describeChar(bad.char)} at position ${bad.index}, which an HTTP header cannot carry`;
  const { header } = options;
  const observe = header
    ? (sent: Recorded[]) =>
        sent[0] ? `the server got ${show(header)}: ${show(JSON.stringify(headerValues(sent[0], header)))}` : ""
    : undefined;
  const mention =
    options.position && code(bad.char) > 0xff && !LINE_BREAK_OR_NUL.test(text) ? MENTIONS_POSITION : undefined;
  return refuse(why, mention, observe);
};

const code = (char: string) => char.charCodeAt(0);

/** HTTP drops spaces and tabs around a field value (RFC 9110 5.5): the one change the wire makes. */
const trimOws = (text: string): string => text.replace(/^[ \t]+|[ \t]+$/g, "");

type JsonKind = "clean" | "lossy" | "unsendable";

/**
 * Whether a value has a faithful JSON form: "unsendable" when JSON.stringify throws (cycles,
 * bigint) or yields nothing, "lossy" when it silently drops or bends parts (functions, Maps,
 * NaN, Dates), "clean" otherwise.
 */
const jsonKind = (value: unknown, seen = new Set<unknown>(), top = true): JsonKind => {
  if (value === null || typeof value === "string" || typeof value === "boolean") return "clean";
  if (typeof value === "number") return Number.isFinite(value) ? "clean" : "lossy";
  if (typeof value === "bigint") return "unsendable";
  if (typeof value === "function" || typeof value === "symbol" || value === undefined) {
    return top ? "unsendable" : "lossy";
  }
  if (seen.has(value)) return "unsendable";
  if (!Array.isArray(value) && !isPlainRecord(value)) return stringifies(value) ? "lossy" : "unsendable";
  seen.add(value);
  let kind: JsonKind = "clean";
  const children = Array.isArray(value) ? Array.from(value) : Object.values(value);
  if (Array.isArray(value) && children.length !== Object.keys(value).length) kind = "lossy"; // holes
  if (!Array.isArray(value) && Object.getOwnPropertySymbols(value).length > 0) kind = "lossy";
  for (const child of children) {
    const childKind = jsonKind(child, seen, false);
    if (childKind === "unsendable") {
      seen.delete(value);
      return "unsendable";
    }
    if (childKind === "lossy") kind = "lossy";
  }
  seen.delete(value);
  return kind;
};

const stringifies = (value: unknown): boolean => {
  try {
    JSON.stringify(value);
    return true;
  } catch {
    return false;
  }
};

/** The JSON text of a value, or what must happen instead. */
const jsonTextOf = (value: unknown, what: string): string | Expectation => {
  const kind = jsonKind(value);
  if (kind === "unsendable") return refuse(`${what} (a ${kindOf(value)}) that has no JSON form`);
  if (kind === "lossy") return ANY;
  return JSON.stringify(value);
};

interface Row {
  key: string;
  value: unknown;
}

/**
 * A key/value list as documented: rows of { key, value } (blank rows skipped, repeats kept), a
 * plain object, or the JSON text of either.
 */
const rowsOf = (value: unknown): { rows: Row[] } | Expectation => {
  if (isBlank(value)) return { rows: [] };
  let list = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return refuse("text that is neither a JSON list of key/value pairs nor a JSON object");
    }
  }
  if (Array.isArray(list)) {
    const rows: Row[] = [];
    for (let index = 0; index < list.length; index += 1) {
      if (!(index in list)) continue; // a hole in a sparse list is no row at all
      const row: unknown = list[index];
      if (!isPlainRecord(row) || !("key" in row)) {
        return refuse(`row ${index + 1}, which is a ${kindOf(row)} and not a key/value pair`);
      }
      if (isBlank(row.key)) {
        if (!isBlank(row.value)) return refuse(`row ${index + 1}, which has a value but no key`);
        continue;
      }
      if (isNotText(row.key)) return refuse(`row ${index + 1}, whose key is a ${kindOf(row.key)}`);
      // Documented: only the spaces and tabs around a key are dropped; anything else is the key.
      rows.push({ key: String(row.key).replace(/^[ \t]+|[ \t]+$/g, ""), value: row.value });
    }
    return { rows };
  }
  if (isPlainRecord(list)) return { rows: Object.entries(list).map(([key, v]) => ({ key, value: v })) };
  if (Buffer.isBuffer(list) || typeof list !== "object" || list === null) {
    return refuse(`a ${kindOf(list)}, which is not a key/value list`);
  }
  return ANY; // Maps, Sets, Dates, typed arrays: no documented meaning either way
};

/** A value as text in a query string or form: text as it is, numbers and booleans spelled, objects as JSON. */
const pairTextOf = (value: unknown, what: string): string | Expectation => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") {
    return hasLoneSurrogate(value) ? refuse(`${what} with a lone surrogate, which has no UTF-8 form`) : value;
  }
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : ANY;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "symbol" || typeof value === "function") return refuse(`${what} that is a ${typeof value}`);
  if (isBoxed(value)) return ANY;
  return jsonTextOf(value, what);
};

/** The name/value pairs a list stands for, list values repeated (the default Array Format). */
const pairsOf = (value: unknown, what: string): Array<[string, string]> | Expectation => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const pairs: Array<[string, string]> = [];
  for (const { key, value: rowValue } of read.rows) {
    if (hasLoneSurrogate(key)) return refuse(`${what} name with a lone surrogate, which has no UTF-8 form`);
    // A hole in a list value is no value at all.
    const items = Array.isArray(rowValue) ? rowValue.filter((_, index) => index in rowValue) : [rowValue];
    for (const item of items) {
      const text = pairTextOf(item, `${what} value`);
      if (isExpectation(text)) return text;
      pairs.push([key, text]);
    }
  }
  return pairs;
};

/** Percent-decoding that never throws: a malformed sequence stays as it is. */
const lenientDecode = (text: string): string =>
  text.replace(/(%[0-9a-fA-F]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });

const queryPairsOf = (requestTarget: string): Array<[string, string]> | string => {
  const at = requestTarget.indexOf("?");
  if (at === -1) return [];
  const pairs: Array<[string, string]> = [];
  for (const part of requestTarget.slice(at + 1).split("&")) {
    if (part === "") continue;
    const equals = part.indexOf("=");
    const [name, value] = equals === -1 ? [part, ""] : [part.slice(0, equals), part.slice(equals + 1)];
    try {
      pairs.push([decodeURIComponent(name.replace(/\+/g, " ")), decodeURIComponent(value.replace(/\+/g, " "))]);
    } catch {
      return `the query part ${show(part)} is not valid percent-encoded UTF-8`;
    }
  }
  return pairs;
};

const headerValues = (request: Recorded, name: string): string[] => {
  const values: string[] = [];
  for (let index = 0; index < request.rawHeaders.length; index += 2) {
    if (request.rawHeaders[index].toLowerCase() === name.toLowerCase()) values.push(request.rawHeaders[index + 1]);
  }
  return values;
};

/**
 * The request an oracle checks. Nothing recorded is fine when the server itself turned the
 * request away (431 for a huge request line, a reset while a huge body was still being written);
 * otherwise the value was accepted and never arrived.
 */
const requestAt = (sent: Recorded[], outcome: Outcome, index = 0): Recorded | string | undefined => {
  const request = sent[index];
  if (request) return request;
  const { error, output } = outcome;
  // A step that returns failing statuses as data (branching, Fail On Error Status off) reports the server's refusal there.
  if (!error && typeof output?.data?.status === "number" && output.data.status >= 400) return undefined;
  if (!error) return `the step completed, but the server received ${sent.length} request(s), not ${index + 1}`;
  if (error.name === "HttpStatusError" || /ECONNRESET|EPIPE|socket hang up/.test(error.message)) return undefined;
  return `the value was accepted, but nothing reached the server: ${error.name}: ${shorten(error.message)}`;
};

const withRequest = (
  sent: Recorded[],
  outcome: Outcome,
  check: (request: Recorded) => string[],
  index = 0,
): string[] => {
  const request = requestAt(sent, outcome, index);
  if (request === undefined) return [];
  if (typeof request === "string") return [request];
  return check(request);
};

const samePairs = (what: string, received: Array<[string, string]> | string, expected: Array<[string, string]>) => {
  if (typeof received === "string") return [received];
  return isDeepStrictEqual(received, expected)
    ? []
    : [
        `${what}: the server received ${show(JSON.stringify(received))}, but ${show(JSON.stringify(expected))} was given`,
      ];
};

// ---------------------------------------------------------------------------------------------
// Oracles, one per input whose "as given" is well defined
// ---------------------------------------------------------------------------------------------

type Oracle = (sample: Sample) => Expectation;

/** True for a character WHATWG URL parsing strips from the ends of a URL (C0 controls and space). */
const isC0OrSpace = (char: string | undefined) => char !== undefined && code(char) <= 0x20;

const urlOracle: Oracle = ({ value }) => {
  if (typeof value !== "string")
    return isBlank(value) ? refuse("a blank URL") : refuse(`a ${kindOf(value)} as the URL`);
  // Only ASCII whitespace is trimmed: U+FEFF or U+2028 at an end is part of what was typed.
  const typed = value.replace(/^[ \t\n\f\r]+|[ \t\n\f\r]+$/g, "");
  if (typed === "") return refuse("a blank URL");
  if (/[\t\n\r]/.test(typed)) {
    return refuse("a URL with a TAB, CR or LF inside, which URL parsing would silently remove");
  }
  if (isC0OrSpace(typed[0]) || isC0OrSpace(typed[typed.length - 1])) {
    return refuse("a URL that starts or ends with a control character, which URL parsing would silently remove");
  }
  let url: URL;
  try {
    url = new URL(typed);
  } catch {
    return refuse("text that is not an absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return refuse(`a ${url.protocol} URL`);
  // What URL parsing would rewrite in the path (before ? or #): a backslash, a . or .. segment.
  const typedPath = (/^[a-z][a-z0-9+.-]*:\/\/[^/\\]*(.*)$/is.exec(typed)?.[1] ?? "").split(/[?#]/)[0];
  if (typedPath.includes("\\")) return refuse("a backslash in the path, which URL parsing reads as /");
  if (typedPath.split("/").some((segment) => /^(\.|%2e){1,2}$/i.test(segment))) {
    return refuse("a . or .. segment in the path, which URL parsing resolves away");
  }
  if (url.protocol !== "http:" || url.host !== serverHost) return ANY; // not the recording server
  const target = `${url.pathname}${url.search}`;
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return undefined;
    }
  };
  const user = decode(url.username);
  const password = decode(url.password);
  const authorization =
    (url.username || url.password) && user !== undefined && password !== undefined
      ? `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`
      : undefined;
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const problems: string[] = [];
      if (request.url !== target) {
        problems.push(
          `the request line carried ${show(request.url)}, but the typed URL serializes (WHATWG) to ${show(target)}`,
        );
      }
      const received = headerValues(request, "authorization");
      if (authorization && !isDeepStrictEqual(received, [authorization])) {
        problems.push(`the URL's user:password arrived as ${show(received.join(", "))}, not ${show(authorization)}`);
      }
      return problems;
    }),
  );
};

/** Headers the transport owns or that change how the exchange runs; not compared. */
const NOT_COMPARED_HEADERS = new Set([
  "content-length",
  "transfer-encoding",
  "connection",
  "keep-alive",
  "expect",
  "upgrade",
  "te",
  "trailer",
  "proxy-connection",
  "host",
]);
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

const headerTextOf = (value: unknown): string | Expectation => {
  if (isBlank(value)) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : ANY;
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "symbol" || typeof value === "function")
    return refuse(`a header value that is a ${typeof value}`);
  if (isBoxed(value)) return ANY;
  return jsonTextOf(value, "a header value");
};

const headersOracle: Oracle = ({ value }) => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const expected = new Map<string, string[]>();
  const texts: Array<[string, string]> = [];
  for (const { key, value: rowValue } of read.rows) {
    if (!TOKEN.test(key)) return refuse(`the header name ${show(key)}, which is not an RFC 9110 token`);
    const text = headerTextOf(rowValue);
    if (isExpectation(text)) return text;
    texts.push([key, text]);
  }
  // Only when nothing else is wrong must the refusal point at the character.
  const alone = !texts.some(([, text]) => LINE_BREAK_OR_NUL.test(text));
  for (const [key, text] of texts) {
    const verdict = headerCharVerdict(text, `the value of header ${show(key)}`, { header: key, position: alone });
    if (verdict) return verdict;
    const name = key.toLowerCase();
    expected.set(name, [...(expected.get(name) ?? []), trimOws(text)]);
  }
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const problems: string[] = [];
      for (const [name, values] of expected) {
        if (NOT_COMPARED_HEADERS.has(name)) continue;
        const received = headerValues(request, name).map(trimOws);
        const wanted = name === "cookie" ? [values.join("; ")] : values;
        if (!isDeepStrictEqual(received, wanted)) {
          problems.push(
            `header ${show(name)} arrived as ${show(JSON.stringify(received))}, but ${show(JSON.stringify(wanted))} was given (bytes read as Latin-1)`,
          );
        }
      }
      return problems;
    }),
  );
};

const queryOracle: Oracle = ({ value }) => {
  const pairs = pairsOf(value, "a query parameter");
  if (isExpectation(pairs)) return pairs;
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => samePairs("Query Parameter", queryPairsOf(request.url), pairs)),
  );
};

const contentTypeOf = (request: Recorded): string | undefined => {
  const values = headerValues(request, "content-type");
  return values.length === 0 ? undefined : values.join(", ");
};

const bodyCheck =
  (bytes: Buffer, contentType: string | undefined) =>
  (request: Recorded): string[] => {
    const problems: string[] = [];
    if (!request.body.equals(bytes)) {
      problems.push(
        `the body arrived as ${request.body.length} bytes (sha256 ${request.sha256.slice(0, 12)}: ${show(request.body.toString("latin1"))}), but ${bytes.length} bytes (sha256 ${sha256(bytes).slice(0, 12)}: ${show(bytes.toString("latin1"))}) were given`,
      );
    }
    const received = contentTypeOf(request);
    if (contentType !== undefined && received !== contentType) {
      problems.push(`Content-Type arrived as ${show(received)}, not ${show(contentType)}`);
    }
    return problems;
  };

/** Bytes in the forms an earlier step holds a file in, with the media type and name it came with. */
const fileOf = (value: unknown): { bytes: Buffer; contentType?: unknown; fileName?: unknown } | undefined => {
  const bytesOf = (candidate: unknown): Buffer | undefined => {
    if (Buffer.isBuffer(candidate)) return candidate;
    if (candidate instanceof Uint8Array) return Buffer.from(candidate);
    if (isPlainRecord(candidate) && candidate.type === "Buffer" && Array.isArray(candidate.data)) {
      const data = candidate.data as unknown[];
      return data.every((byte) => Number.isInteger(byte) && (byte as number) >= 0 && (byte as number) <= 255)
        ? Buffer.from(data as number[])
        : undefined;
    }
    return undefined;
  };
  const bare = bytesOf(value);
  if (bare) return { bytes: bare };
  if (typeof value !== "object" || value === null) return undefined;
  const { data, contentType, fileName } = value as Record<string, unknown>;
  const inner = bytesOf(data);
  return inner ? { bytes: inner, contentType, fileName } : undefined;
};

const TEXT_TYPE = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json";
const FORM_TYPE = "application/x-www-form-urlencoded";

const isJsonText = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** Data under Body Type "auto": files as they are, text as UTF-8, everything else as its JSON. */
const dataOracle: Oracle = ({ value }) => {
  if (value === undefined || value === null || value === "") return accept(() => []);
  const file = fileOf(value);
  if (file) {
    const { contentType } = file;
    if (typeof contentType === "string" && contentType !== "") {
      const verdict = headerCharVerdict(contentType, "a file content type", { header: "content-type" });
      if (verdict) return verdict;
    } else if (contentType !== undefined && contentType !== null && contentType !== "") {
      return ANY;
    }
    const type = typeof contentType === "string" && contentType !== "" ? trimOws(contentType) : undefined;
    return accept((sent, outcome) => withRequest(sent, outcome, bodyCheck(file.bytes, type)));
  }
  if (typeof value === "string") {
    if (hasLoneSurrogate(value)) return refuse("text with a lone surrogate, which has no UTF-8 form");
    const type = isJsonText(value) ? JSON_TYPE : TEXT_TYPE;
    return accept((sent, outcome) => withRequest(sent, outcome, bodyCheck(Buffer.from(value, "utf8"), type)));
  }
  const text = jsonTextOf(value, "data");
  if (isExpectation(text)) return text;
  return accept((sent, outcome) => withRequest(sent, outcome, bodyCheck(Buffer.from(text, "utf8"), JSON_TYPE)));
};

/** Content Type under Body Type "raw" with text data (the context this input is fuzzed in). */
const contentTypeOracle: Oracle = ({ value }) => {
  if (isBlank(value)) return accept((sent, outcome) => withRequest(sent, outcome, bodyCheck(RAW_BODY, TEXT_TYPE)));
  if (typeof value !== "string" && typeof value !== "number") return ANY;
  // Whitespace around a typed value is trimmed, as for the URL; what is inside must be sendable.
  const text = String(value).trim();
  const verdict = headerCharVerdict(text, "a content type", { header: "content-type" });
  if (verdict) return verdict;
  const wanted = [trimOws(text)];
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const received = contentTypeOf(request);
      return received !== undefined && wanted.includes(received)
        ? []
        : [`Content-Type arrived as ${show(received)}, but ${show(text)} was given`];
    }),
  );
};

const formFieldsOracle: Oracle = ({ value }) => {
  const pairs = pairsOf(value, "a form field");
  if (isExpectation(pairs)) return pairs;
  if (pairs.length === 0) return ANY;
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const type = contentTypeOf(request);
      const problems = type === FORM_TYPE ? [] : [`Content-Type arrived as ${show(type)}, not ${FORM_TYPE}`];
      const received = [...new URLSearchParams(request.body.toString("utf8"))];
      return [...problems, ...samePairs("Form Fields", received as Array<[string, string]>, pairs)];
    }),
  );
};

interface Part {
  field: string;
  fileName?: string;
  contentType?: string;
  sha256: string;
  text: string;
}

/** Reads a multipart body as a server would, file names and paths in UTF-8 and untouched. */
const partsOf = (request: Recorded): Promise<Part[] | string> =>
  new Promise((resolve) => {
    const type = contentTypeOf(request) ?? "";
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { "content-type": type }, defParamCharset: "utf8", preservePath: true });
    } catch (error) {
      resolve(`the body is not multipart/form-data (${(error as Error).message}; Content-Type ${show(type)})`);
      return;
    }
    const parts: Part[] = [];
    parser.on("field", (field, value) => {
      const bytes = Buffer.from(value, "utf8");
      parts.push({ field, sha256: sha256(bytes), text: value });
    });
    parser.on("file", (field, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const bytes = Buffer.concat(chunks);
        parts.push({
          field,
          fileName: info.filename,
          contentType: info.mimeType,
          sha256: sha256(bytes),
          text: bytes.toString("utf8"),
        });
      });
    });
    parser.on("error", (error: Error) => resolve(`the multipart body cannot be read: ${error.message}`));
    parser.on("close", () => resolve(parts));
    Readable.from([request.body]).pipe(parser);
  });

const MEDIA_TYPE = /^[ \t]*([!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+)[ \t]*(;|$)/;

interface ExpectedPart {
  field: string;
  fileName?: string;
  contentType?: string;
  bytes: Buffer;
}

const partTextOf = (value: unknown, what: string): string | Expectation => {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") {
    return hasLoneSurrogate(value) ? refuse(`${what} with a lone surrogate, which has no UTF-8 form`) : value;
  }
  if (typeof value === "number" && !Number.isFinite(value)) return ANY;
  if (typeof value === "bigint") return String(value);
  if (isBoxed(value)) return ANY;
  return jsonTextOf(value, what);
};

const multipartCheck = (expected: ExpectedPart[]) => (sent: Recorded[], outcome: Outcome) => {
  const request = requestAt(sent, outcome);
  if (request === undefined) return [];
  if (typeof request === "string") return [request];
  return partsOf(request).then((parts) => {
    if (typeof parts === "string") return [parts];
    const received = parts.map(({ field, fileName, sha256: digest }) => ({ field, fileName, sha256: digest }));
    const wanted = expected.map(({ field, fileName, bytes }) => ({ field, fileName, sha256: sha256(bytes) }));
    const describe = (list: Array<{ field: string; fileName?: string }>, texts: string[]) =>
      JSON.stringify(
        list.map(({ field, fileName }, index) => ({ field, fileName, text: shorten(texts[index] ?? "", 40) })),
      );
    const problems = isDeepStrictEqual(received, wanted)
      ? []
      : [
          `the multipart parts arrived as ${show(
            describe(
              received,
              parts.map((part) => part.text),
            ),
          )}, but ${show(
            describe(
              wanted,
              expected.map((part) => part.bytes.toString("utf8")),
            ),
          )} were given`,
        ];
    expected.forEach((part, index) => {
      // A server reads a part's type as type/subtype, without parameters; anything else as text/plain.
      const essence = part.contentType === undefined ? undefined : MEDIA_TYPE.exec(part.contentType)?.[1].toLowerCase();
      const got = parts[index]?.contentType;
      if (essence !== undefined && got !== essence) {
        problems.push(`part ${index + 1} arrived with Content-Type ${show(got)}, not ${show(part.contentType)}`);
      }
    });
    return problems;
  });
};

/**
 * Multipart field names travel in a quoted header parameter: a control character or a backslash
 * cannot be sent as given, and a quote is written as %22, as the HTML standard's
 * multipart/form-data encoding (and every browser) does.
 */
const partNameVerdict = (name: string, what: string): Expectation | undefined => {
  if (name.length > MAX_NAME_CHARS) return refuse(`${what} longer than ${MAX_NAME_CHARS} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused.
  if (/[\u0000-\u001F\u007F\\]/.test(name)) {
    return refuse(`${what} ${show(name)} with a control character or backslash, which a multipart header cannot carry`);
  }
  if (hasLoneSurrogate(name)) return refuse(`${what} with a lone surrogate, which has no UTF-8 form`);
  return undefined;
};

/** A part name as it arrives: the HTML standard writes a quote inside the quoted name as %22. */
const onTheWire = (name: string): string => name.replaceAll('"', "%22");

const formDataOracle: Oracle = ({ value }) => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const expected: ExpectedPart[] = [];
  for (const { key, value: rowValue } of read.rows) {
    const verdict = partNameVerdict(key, "a field name");
    if (verdict) return verdict;
    // Documented: a list value is one part per item (the default Array Format); a hole is no item.
    const items = Array.isArray(rowValue) ? rowValue.filter((_, index) => index in rowValue) : [rowValue];
    for (const item of items) {
      const text = partTextOf(item, "a form field value");
      if (isExpectation(text)) return text;
      expected.push({ field: onTheWire(key), bytes: Buffer.from(text, "utf8") });
    }
  }
  return expected.length === 0 ? ANY : accept(multipartCheck(expected));
};

const fileDataOracle: Oracle = ({ value }) => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const expected: ExpectedPart[] = [];
  for (const { key, value: rowValue } of read.rows) {
    const verdict = partNameVerdict(key, "a file field name");
    if (verdict) return verdict;
    const file = fileOf(rowValue);
    if (file) {
      const { contentType } = file;
      if (typeof contentType === "string" && contentType !== "") {
        const typeVerdict = headerCharVerdict(contentType, "a file content type");
        if (typeVerdict) return typeVerdict;
      }
      const type = typeof contentType === "string" && contentType.trim() !== "" ? contentType : undefined;
      // Documented: a file's own fileName (text, not empty) names its part when File Data File Names does not.
      const ownName = typeof file.fileName === "string" && file.fileName !== "" ? file.fileName : undefined;
      const nameVerdict = ownName === undefined ? undefined : partNameVerdict(ownName, "a file's own name");
      if (nameVerdict) return nameVerdict;
      const fileName = onTheWire(ownName ?? key);
      expected.push({ field: onTheWire(key), fileName, contentType: type, bytes: file.bytes });
      continue;
    }
    const text = partTextOf(rowValue, "a file given as text");
    if (isExpectation(text)) return text;
    expected.push({ field: onTheWire(key), fileName: onTheWire(key), bytes: Buffer.from(text, "utf8") });
  }
  return expected.length === 0 ? ANY : accept(multipartCheck(expected));
};

/** The file the File Data File Names input is fuzzed against (see NEEDS). */
const NAMED_FILE = { key: "file", bytes: Buffer.from("file bytes"), contentType: "text/plain" };

const fileNamesOracle: Oracle = ({ value }) => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const orphan = read.rows.find(({ key }) => key !== NAMED_FILE.key);
  if (orphan) return refuse(`a file name for ${show(orphan.key)}, which File Data has no entry for`);
  const named = read.rows[0];
  let fileName = NAMED_FILE.key;
  if (named) {
    const text = partTextOf(named.value, "a file name");
    if (isExpectation(text)) return text;
    const verdict = text === "" ? undefined : partNameVerdict(text, "a file name");
    if (verdict) return verdict;
    if (text !== "") fileName = text;
  }
  return accept(
    multipartCheck([
      {
        field: NAMED_FILE.key,
        fileName: onTheWire(fileName),
        contentType: NAMED_FILE.contentType,
        bytes: NAMED_FILE.bytes,
      },
    ]),
  );
};

const methodOracle =
  (model: string[]): Oracle =>
  ({ value }) => {
    if (isBlank(value)) return ANY;
    if (typeof value !== "string") return ANY;
    const wanted = model.find((choice) => choice.toLowerCase() === value.trim().toLowerCase());
    if (!wanted) return refuse(`the method ${show(value)}, which is not one of ${model.join(", ")}`);
    return accept((sent, outcome) =>
      withRequest(sent, outcome, (request) =>
        request.method === wanted.toUpperCase() ? [] : [`the method arrived as ${request.method}, not ${wanted}`],
      ),
    );
  };

/** The GraphQL action's base step, against which one input at a time is replaced. */
const GRAPHQL_QUERY = "{ fuzz }";

const graphqlCheck = (expected: Record<string, unknown>) => (sent: Recorded[], outcome: Outcome) =>
  withRequest(sent, outcome, (request) => {
    let body: unknown;
    try {
      body = JSON.parse(request.body.toString("utf8"));
    } catch {
      return [`the posted body is not JSON: ${show(request.body.toString("utf8"))}`];
    }
    const wanted = JSON.parse(JSON.stringify(expected));
    return isDeepStrictEqual(body, wanted)
      ? []
      : [`the posted JSON was ${show(JSON.stringify(body))}, but ${show(JSON.stringify(wanted))} was given`];
  });

const graphqlQueryOracle: Oracle = ({ value }) => {
  if (typeof value !== "string" || value.trim() === "")
    return isBoxed(value) ? ANY : refuse("a blank or non-text query");
  return accept(graphqlCheck({ query: value }));
};

const variablesOracle: Oracle = ({ value }) => {
  const read = rowsOf(value);
  if (isExpectation(read)) return read;
  const variables: Record<string, unknown> = {};
  for (const { key, value: rowValue } of read.rows) {
    const kind = jsonKind(rowValue);
    if (kind === "unsendable")
      return refuse(`the variable ${show(key)} holding a ${kindOf(rowValue)} with no JSON form`);
    if (kind === "lossy") return ANY;
    Object.defineProperty(variables, key, { value: rowValue, enumerable: true, writable: true, configurable: true });
  }
  return accept(graphqlCheck({ query: GRAPHQL_QUERY, ...(Object.keys(variables).length > 0 ? { variables } : {}) }));
};

const variablesObjectOracle: Oracle = ({ value }) => {
  if (isBlank(value)) return accept(graphqlCheck({ query: GRAPHQL_QUERY }));
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return refuse("text that is not JSON");
    }
  }
  if (!isPlainRecord(parsed)) {
    return isBoxed(parsed) || (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed))
      ? ANY
      : refuse(`a ${kindOf(parsed)}, which is not a JSON object`);
  }
  const kind = jsonKind(parsed);
  if (kind === "unsendable") return refuse("variables with no JSON form");
  if (kind === "lossy") return ANY;
  const variables = parsed;
  return accept(graphqlCheck({ query: GRAPHQL_QUERY, ...(Object.keys(variables).length > 0 ? { variables } : {}) }));
};

const operationNameOracle: Oracle = ({ value }) => {
  if (isBlank(value)) return accept(graphqlCheck({ query: GRAPHQL_QUERY }));
  if (typeof value !== "string" && typeof value !== "number") return ANY;
  const name = String(value).trim();
  return accept(graphqlCheck({ query: GRAPHQL_QUERY, operationName: name }));
};

const curlOracle: Oracle = ({ curl }) => {
  if (!curl) return ANY;
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const problems: string[] = [];
      if (request.method !== curl.method)
        problems.push(`curl would send ${curl.method}, the server got ${request.method}`);
      if (request.url !== curl.target) {
        problems.push(`curl would send ${show(curl.target)} on the request line, the server got ${show(request.url)}`);
      }
      for (const [name, value] of curl.headers) {
        // curl writes the command's bytes (UTF-8); the server reads header bytes as Latin-1.
        const wanted = Buffer.from(value, "utf8").toString("latin1");
        const received = headerValues(request, name).map(trimOws);
        if (!isDeepStrictEqual(received, [wanted])) {
          problems.push(`curl would send header ${name}: ${show(wanted)}, the server got ${show(received.join(", "))}`);
        }
      }
      if (curl.authorization && !isDeepStrictEqual(headerValues(request, "authorization"), [curl.authorization])) {
        problems.push(`curl would send Authorization ${show(curl.authorization)}`);
      }
      if (curl.body !== undefined) {
        const bytes = Buffer.from(curl.body, "utf8");
        if (!request.body.equals(bytes)) {
          problems.push(
            `curl would send a ${bytes.length}-byte body (sha256 ${sha256(bytes).slice(0, 12)}), the server got ${request.body.length} bytes (sha256 ${request.sha256.slice(0, 12)})`,
          );
        }
        const type = contentTypeOf(request);
        if (type !== FORM_TYPE)
          problems.push(`curl would send Content-Type ${FORM_TYPE}, the server got ${show(type)}`);
      }
      return problems;
    }),
  );
};

/** Keys that must never be read as data in a connection: they reach into the prototype chain. */
const PROTOTYPE_KEYS = ["__proto__", "constructor", "prototype"];

/** A connection field as text, or what must happen instead. */
const fieldTextOf = (value: unknown, name: string): string | undefined | Expectation => {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (isBoxed(value)) return ANY;
  return refuse(`a connection field ${name} holding a ${kindOf(value)}`);
};

const LINE_BREAK_OR_NUL = /[\r\n\0]/;

/**
 * A field the connection sends: required; in a header, no line breaks and only characters a
 * header can carry. A field sent in a token request's form body is percent-encoded there, so
 * any text goes (documented: line breaks are refused where a value goes into a header).
 */
const sentField = (
  fields: Record<string, unknown>,
  name: string,
  options: { inHeader: boolean; required: boolean; header?: string },
): string | undefined | Expectation => {
  const text = fieldTextOf(fields[name], name);
  if (isExpectation(text)) return text;
  if (text === undefined) return options.required ? refuse(`a connection without ${name}`) : undefined;
  if (options.inHeader && LINE_BREAK_OR_NUL.test(text)) return refuse(`a connection ${name} with a line break or NUL`);
  if (hasLoneSurrogate(text)) return refuse(`a connection ${name} with a lone surrogate`);
  if (!options.inHeader) return text;
  return headerCharVerdict(text, `the connection field ${name}`, { header: options.header }) ?? text;
};

const authorizationCheck = (wanted: string) => (sent: Recorded[], outcome: Outcome) =>
  withRequest(
    sent.filter((request) => request.path !== "/token"),
    outcome,
    (request) => {
      const received = headerValues(request, "authorization").map(trimOws);
      return isDeepStrictEqual(received, [trimOws(wanted)])
        ? []
        : [`Authorization arrived as ${show(received.join(", "))}, but the connection gives ${show(wanted)}`];
    },
  );

const apiKeyExpectation = (definition: ConnectionDefinition, fields: Record<string, unknown>): Expectation => {
  const choice = closedChoiceVerdict(definition, fields, "keyPlacement");
  if (choice) return choice;
  const placement =
    String(fields.keyPlacement ?? "")
      .trim()
      .toLowerCase() || "authorization";
  const keyHeader = placement === "header" ? String(fields.keyName ?? "").trim() : "authorization";
  const key = sentField(fields, "apiKey", { inHeader: placement !== "query", required: true, header: keyHeader });
  if (typeof key !== "string") return key ?? ANY;
  if (placement === "authorization") {
    const schemeText = fieldTextOf(fields.authScheme, "authScheme");
    if (isExpectation(schemeText)) return schemeText;
    const typed = (schemeText ?? "").trim() || "Basic";
    // Documented: a choice is read whatever its case, and the choice's own spelling is sent.
    const model = definition.inputs.find((input) => input.key === "authScheme")?.model ?? [];
    const scheme = model.find(({ value }) => value.toLowerCase() === typed.toLowerCase())?.value ?? typed;
    if (scheme.toLowerCase() === "none") return accept(authorizationCheck(key));
    if (!TOKEN.test(scheme)) return refuse(`an Authentication Scheme ${show(scheme)} that is not a single word`);
    return accept(authorizationCheck(`${scheme} ${key}`));
  }
  const nameText = fieldTextOf(fields.keyName, "keyName");
  if (isExpectation(nameText)) return nameText;
  const name = (nameText ?? "").trim();
  if (name === "") return refuse(`Key Placement ${placement} without a Key Name`);
  if (placement === "header") {
    if (!TOKEN.test(name)) return refuse(`a Key Name ${show(name)} that is not a header name`);
    return accept((sent, outcome) =>
      withRequest(sent, outcome, (request) => {
        const received = headerValues(request, name).map(trimOws);
        return isDeepStrictEqual(received, [trimOws(key)])
          ? []
          : [`header ${name} arrived as ${show(received.join(", "))}, but the connection gives ${show(key)}`];
      }),
    );
  }
  if (hasLoneSurrogate(name)) return refuse("a Key Name with a lone surrogate");
  return accept((sent, outcome) =>
    withRequest(sent, outcome, (request) => {
      const pairs = queryPairsOf(request.url);
      if (typeof pairs === "string") return [pairs];
      const received = pairs.filter(([pairName]) => pairName === name).map(([, v]) => v);
      return isDeepStrictEqual(received, [key])
        ? []
        : [
            `query parameter ${show(name)} arrived as ${show(JSON.stringify(received))}, but the connection gives ${show(key)}`,
          ];
    }),
  );
};

const platformTokenExpectation = (token: unknown): Expectation => {
  if (!isPlainRecord(token)) return refuse(`an OAuth 2.0 connection whose token is a ${kindOf(token)}`);
  const access = token.access_token;
  if (typeof access !== "string" || access === "") return refuse("an OAuth 2.0 connection without an access token");
  if (LINE_BREAK_OR_NUL.test(access)) return refuse("an access token with a line break");
  const verdict = headerCharVerdict(access, "the access token", { header: "authorization" });
  if (verdict) return verdict;
  const type = typeof token.token_type === "string" ? token.token_type.trim() : "";
  const scheme = type === "" || /^bearer$/i.test(type) || !TOKEN.test(type) ? "Bearer" : type;
  return accept(authorizationCheck(`${scheme} ${access}`));
};

/** A field offered as a closed list (where the credential goes, how the client authenticates): another value is a mistake. */
const closedChoiceVerdict = (
  definition: ConnectionDefinition,
  fields: Record<string, unknown>,
  key: string,
): Expectation | undefined => {
  const model = definition.inputs.find((input) => input.key === key)?.model;
  const text = fieldTextOf(fields[key], key);
  if (isExpectation(text)) return text;
  if (!model || text === undefined || text.trim() === "") return undefined;
  const known = model.some(({ value }) => value.toLowerCase() === text.trim().toLowerCase());
  return known ? undefined : refuse(`a connection whose ${key} is the unknown ${show(text)}`);
};

/** Token Expired Statuses: blank, or HTTP error statuses (400 to 599) separated by commas. */
const expiredStatusesVerdict = (value: unknown): Expectation | undefined => {
  const text = fieldTextOf(value, "tokenExpiredStatuses");
  if (isExpectation(text) || text === undefined || text.trim() === "") return isExpectation(text) ? text : undefined;
  const isErrorStatus = (entry: string) => /^\d{3}$/.test(entry) && Number(entry) >= 400 && Number(entry) <= 599;
  if (text.split(",").every((entry) => isErrorStatus(entry.trim()))) return undefined;
  return refuse(`a connection whose tokenExpiredStatuses ${show(text)} is no list of error statuses`);
};

const fetchedTokenExpectation = (
  definition: ConnectionDefinition,
  fields: Record<string, unknown>,
  grant: string[],
): Expectation => {
  for (const name of ["tokenUrl", "clientId", ...grant]) {
    const text = sentField(fields, name, { inHeader: false, required: true });
    if (typeof text !== "string") return text ?? ANY;
  }
  for (const name of ["clientSecret", "scopes"]) {
    const text = sentField(fields, name, { inHeader: false, required: false });
    if (isExpectation(text)) return text;
  }
  const statuses = expiredStatusesVerdict(fields.tokenExpiredStatuses);
  if (statuses) return statuses;
  const headers = rowsOf(fields.headers);
  if (isExpectation(headers))
    return headers.kind === "refuse" ? refuse(`token request headers: ${headers.why}`) : headers;
  if (fields.tokenUrl !== `${server.url}/token`) return ANY;
  const choice = closedChoiceVerdict(definition, fields, "clientAuthentication");
  if (choice) return choice;
  return accept((sent, outcome) => {
    const problems = authorizationCheck(`Bearer ${ISSUED_TOKEN}`)(sent, outcome);
    const tokenRequest = sent.find((request) => request.path === "/token");
    if (tokenRequest) {
      const form = new URLSearchParams(tokenRequest.body.toString("utf8"));
      const names: Record<string, string> = {
        username: "username",
        password: "password",
        refreshToken: "refresh_token",
      };
      for (const field of grant) {
        const given = String(fields[field]);
        if (form.get(names[field]) !== given) {
          problems.push(
            `the token request carried ${names[field]}=${show(form.get(names[field]))}, not ${show(given)}`,
          );
        }
      }
    }
    return problems;
  });
};

const GRANT_FIELDS: Record<string, string[]> = {
  oauth2Password: ["username", "password"],
  oauth2RefreshToken: ["refreshToken"],
};

const connectionOracle: Oracle = ({ value }) => {
  if (!value) return ANY; // every falsy value means "no connection"
  if (typeof value !== "object" || Array.isArray(value)) return refuse(`a ${kindOf(value)} as the connection`);
  const connection = value as Record<string, unknown>;
  const dangerous = PROTOTYPE_KEYS.find((key) => Object.hasOwn(connection, key));
  if (dangerous) return refuse(`a connection object with a ${show(dangerous)} key`);
  const definition = connectionDefinitions.find((candidate) => candidate.key === connection.key);
  if (!definition) return refuse(`a connection of the unknown type ${show(String(connection.key))}`);
  const fields = connection.fields ?? {};
  if (!isPlainRecord(fields)) return refuse(`connection fields that are a ${kindOf(fields)}`);
  const dangerousField = PROTOTYPE_KEYS.find((key) => Object.hasOwn(fields, key));
  if (dangerousField) return refuse(`connection fields with a ${show(dangerousField)} key`);
  switch (definition.key) {
    case "apiKey":
      return apiKeyExpectation(definition, fields);
    case "basicAuth": {
      const username = sentField(fields, "username", { inHeader: false, required: true });
      if (typeof username !== "string") return username ?? ANY;
      const password = sentField(fields, "password", { inHeader: false, required: true });
      if (typeof password !== "string") return password ?? ANY;
      return accept(authorizationCheck(`Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`));
    }
    case "bearerToken": {
      const token = sentField(fields, "token", { inHeader: true, required: true, header: "authorization" });
      if (typeof token !== "string") return token ?? ANY;
      return accept(authorizationCheck(`Bearer ${token}`));
    }
    default:
      if (definition.platformToken) return platformTokenExpectation(connection.token ?? {});
      if (GRANT_FIELDS[definition.key])
        return fetchedTokenExpectation(definition, fields, GRANT_FIELDS[definition.key]);
      return ANY;
  }
};

/** A pagination query parameter name: the request must carry it with the value the mode gives it. */
const paramNameOracle =
  (fallback: string, wantedValue: () => string, requestIndex: number): Oracle =>
  ({ value }) => {
    if (!isBlank(value) && typeof value !== "string" && typeof value !== "number") return ANY;
    const name = isBlank(value) ? fallback : String(value).trim();
    if (hasLoneSurrogate(name)) return refuse("a parameter name with a lone surrogate, which has no UTF-8 form");
    return accept((sent, outcome) =>
      withRequest(
        sent,
        outcome,
        (request) => {
          const pairs = queryPairsOf(request.url);
          if (typeof pairs === "string") return [pairs];
          const received = pairs.filter(([pairName]) => pairName === name).map(([, v]) => v);
          return isDeepStrictEqual(received, [wantedValue()])
            ? []
            : [
                `page ${requestIndex + 1} was asked for with ${show(request.url)}: no ${show(name)}=${show(wantedValue())}`,
              ];
        },
        requestIndex,
      ),
    );
  };

/** A whole number sent in the query as the user typed it (leading zeros aside). */
const numberParamOracle =
  (param: string): Oracle =>
  ({ value }) => {
    if (typeof value !== "string" || !/^\d+$/.test(value.trim())) return ANY;
    const wanted = BigInt(value.trim()).toString();
    return accept((sent, outcome) =>
      withRequest(sent, outcome, (request) => {
        const pairs = queryPairsOf(request.url);
        if (typeof pairs === "string") return [pairs];
        const received = pairs.filter(([name]) => name === param).map(([, v]) => v);
        return received.length === 0 || isDeepStrictEqual(received, [wanted])
          ? []
          : [`${param} was sent as ${show(received.join(","))}, but ${show(wanted)} was given`];
      }),
    );
  };

/** The text Raw bodies carry while Content Type is fuzzed. */
const RAW_BODY = Buffer.from("fuzz body");
const PAGE_SIZE = "5";

const ORACLES: Record<string, Oracle> = {
  url: urlOracle,
  headers: headersOracle,
  queryParams: queryOracle,
  data: dataOracle,
  contentType: contentTypeOracle,
  formFields: formFieldsOracle,
  formData: formDataOracle,
  fileData: fileDataOracle,
  fileDataFileNames: fileNamesOracle,
  query: graphqlQueryOracle,
  variables: variablesOracle,
  variablesObject: variablesObjectOracle,
  operationName: operationNameOracle,
  curlCommand: curlOracle,
  connection: connectionOracle,
  cursorParam: paramNameOracle("cursor", () => CURSOR, 1),
  offsetParam: paramNameOracle("offset", () => "0", 0),
  limitParam: paramNameOracle("limit", () => PAGE_SIZE, 0),
  pageParam: paramNameOracle("page", () => "1", 0),
  startPage: numberParamOracle("page"),
  pageSize: numberParamOracle("limit"),
};

/** Inputs whose value may rightly be an object: a body, variables, a connection. */
const OBJECT_INPUTS = new Set(["data", "variablesObject", "connection"]);

/** True for an input that holds one piece of text (or a flag): an object there is never meant. */
const holdsText = (input: InputDefinition): boolean =>
  !input.collection && ["string", "code", "text", "boolean"].includes(input.type) && !OBJECT_INPUTS.has(input.key);

const expectationFor = (input: InputDefinition, given: Sample): Expectation => {
  if (holdsText(input) && isNotText(given.value)) {
    return refuse(`a ${kindOf(given.value)} where ${input.label} expects text`);
  }
  const oracle =
    ORACLES[input.key] ??
    (["method", "httpMethod"].includes(input.key) && input.model
      ? methodOracle(input.model.map(({ value }) => value))
      : undefined);
  return oracle ? oracle(given) : ANY;
};

// ---------------------------------------------------------------------------------------------
// The base step each input is fuzzed against
// ---------------------------------------------------------------------------------------------

/**
 * What an input needs around it to have an effect worth checking: Content Type matters with a
 * Raw body, a file name needs its file, a pagination parameter its mode, a retry timer a retry.
 * `path` points the step's URL (or cURL command) at a server path that answers as needed.
 */
const NEEDS: Record<string, Record<string, unknown>> = {
  contentType: { bodyType: "raw", data: RAW_BODY.toString() },
  fileDataFileNames: {
    fileData: [{ key: NAMED_FILE.key, value: { data: NAMED_FILE.bytes, contentType: NAMED_FILE.contentType } }],
  },
  cursorParam: { paginationMode: "cursor", itemsPath: "items", path: "/cursor-page" },
  cursorPath: { paginationMode: "cursor" },
  nextUrlPath: { paginationMode: "nextUrl" },
  offsetParam: { paginationMode: "offset" },
  limitParam: { paginationMode: "offset" },
  pageSize: { paginationMode: "offset" },
  pageParam: { paginationMode: "page" },
  startPage: { paginationMode: "page" },
  // Fetch All Pages sends its GraphQL inputs only in GraphQL cursor mode (the GraphQL action has no mode to set).
  query: { paginationMode: "graphqlCursor" },
  variables: { paginationMode: "graphqlCursor" },
  variablesObject: { paginationMode: "graphqlCursor" },
  operationName: { paginationMode: "graphqlCursor" },
  cursorVariable: { paginationMode: "graphqlCursor" },
  hasNextPagePath: { paginationMode: "graphqlCursor" },
  pageConcurrency: { paginationMode: "page" },
  // A short timeout turns a long wait into "waiting would pass the timeout" instead of a sleep.
  retryDelayMS: { maxRetries: "1", timeout: "300", path: "/unavailable" },
  maxRetries: { retryDelayMS: "1", path: "/unavailable" },
  useExponentialBackoff: { maxRetries: "2", retryDelayMS: "1", path: "/unavailable" },
  retryAllErrors: { maxRetries: "2", retryDelayMS: "1", path: "/unavailable" },
  retryNonIdempotent: { maxRetries: "2", retryDelayMS: "1", path: "/unavailable" },
  // No timeout here: a Retry-After beyond a Node timer must be refused by the wait limit, not by a deadline.
  maxRetryWaitMS: { maxRetries: "1", timeout: "", path: "/retry-later" },
  // A short poll keeps each value well inside the property's time budget, past which fast-check
  // moves on and a poll still waiting would reach the server during another input's values.
  // Poll Interval itself is fuzzed for its validation only, for the same reason.
  waitForCompletion: { pollIntervalMS: "1", path: "/accepted" },
};

/**
 * A valid step for the action with one input left to the fuzzer: the URL (or cURL command) at
 * the recording server, what the action cannot run without (a GraphQL query, what every
 * pagination mode needs), short timeouts so nothing waits, everything else at its default.
 */
const baseStep = (action: string, fuzzed: string): Record<string, unknown> => {
  const keys = new Set(inputsOf(action).map(({ key }) => key));
  const { path = "/fz", ...needs } = NEEDS[fuzzed] ?? {};
  const step: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (keys.has(key) && key !== fuzzed) step[key] = value;
  };
  const timeout = "timeout" in needs ? String(needs.timeout) : "4000";
  // The cURL action takes its timeouts from the command, in seconds.
  const maxTime = timeout === "" ? "" : ` -m ${Number(timeout) / 1000}`;
  set("url", `${server.url}${path}`);
  set("curlCommand", `curl ${server.url}${path}${maxTime} --connect-timeout 2`);
  set("query", GRAPHQL_QUERY);
  set("timeout", timeout);
  set("connectTimeout", "2000");
  set("nextUrlPath", "next");
  set("cursorPath", "next");
  set("pageSize", PAGE_SIZE);
  for (const [key, value] of Object.entries(needs)) set(key, value);
  return step;
};

// ---------------------------------------------------------------------------------------------
// Shaped values per input, from what the definition says it holds
// ---------------------------------------------------------------------------------------------

const isNumericInput = (input: InputDefinition): boolean =>
  !input.model && [input.default, input.example].some((value) => /^\d+$/.test(String(value ?? "")));

const urlArbFor = (): fc.Arbitrary<Sample> => {
  const { port } = server;
  const origin = `http://127.0.0.1:${port}`;
  const piece = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_CHARS, "..", ".", "./", "../", "//", "%2e%2e", "?", "#") },
    { weight: 3, arbitrary: fc.stringMatching(/^[a-z0-9]{1,6}$/) },
    { weight: 2, arbitrary: textArb(4) },
  );
  const tail = fc.array(piece, { maxLength: 10 }).map((pieces) => pieces.join(""));
  // Userinfo never holds what would end the authority (/ ? # \), so the host stays the server's.
  const userinfo = fc
    .tuple(textArb(6), textArb(6))
    .map(([user, password]) => `${user}:${password}@`.replace(/[/?#\\]/g, "_").replace(/@(?!$)/g, "_"));
  return fc
    .oneof(
      { weight: 6, arbitrary: tail.map((t) => `${origin}/${t}`) },
      { weight: 2, arbitrary: fc.tuple(userinfo, tail).map(([info, t]) => `http://${info}127.0.0.1:${port}/${t}`) },
      {
        weight: 1,
        arbitrary: fc
          .tuple(
            fc.constantFrom(" ", "\n", "\t", "\u00a0", "\0", "\x01", ""),
            tail,
            fc.constantFrom(" ", "\r\n", "\x7f", ""),
          )
          .map(([before, t, after]) => `${before}${origin}/${t}${after}`),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          "http://fuzz.invalid/x",
          "https://user:p%zz@fuzz.invalid/",
          "/relative",
          "127.0.0.1/x",
          "ftp://fuzz.invalid/",
          "javascript:alert(1)",
          `HTTP://127.0.0.1:${port}/Up`,
          `http:127.0.0.1:${port}/x`,
          `http:\\\\127.0.0.1:${port}\\back`,
          origin,
          `${origin}/a\tb`,
          `${origin}/a\r\nb`,
          `${origin}/%zz?q=%&r=%ZZ#frag`,
          `http://u%zz:p@127.0.0.1:${port}/`,
        ),
      },
      { weight: 1, arbitrary: longTextArb.map((t) => `${origin}/${t}`) },
    )
    .map(sample);
};

/** Words a hostile cURL command is built from: options, shell syntax, odd numbers, quotes. */
const CURL_WORDS = [
  "-X",
  "-H",
  "-d",
  "--data-raw",
  "--data-urlencode",
  "-F",
  "--form-string",
  "-u",
  "-G",
  "-I",
  "-k",
  "-L",
  "--url",
  "-m",
  "--max-time",
  "--connect-timeout",
  "-x",
  "--compressed",
  "-s",
  "--unknown",
  "$(id)",
  "`id`",
  "|",
  ";",
  "&&",
  ">",
  "#",
  "\\\n",
  "'",
  '"',
  "${",
  "$HOME",
  "@file",
  "99999999",
  "3000000",
  "0.0001",
  "1e5",
  "a=b",
  "Name: v",
];

/** Control characters replaced: curl refuses them in a header, so a well-formed command has none. */
const withoutControls = (text: string): string =>
  Array.from(text, (char) => (code(char) < 0x20 || code(char) === 0x7f ? "_" : char)).join("");

const shellQuote = (word: string) => `'${word.replace(/'/g, "'\\''")}'`;

/** Text curl receives intact through a shell: no NUL, no lone surrogates, none of the parser's private marks. */
const curlTextArb = (maxLength: number) =>
  textArb(maxLength).map((text) => wellFormed(text.replace(/[\0\uE000-\uE002]/g, "_")));

const curlPlanArb = (): fc.Arbitrary<Sample> => {
  const segment = fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9._~-]{1,8}$/),
    fc.constantFrom("%20", "%C3%A9", "%2F", "a+b", "!$&()*,;=:@", "%zz"),
  );
  const query = fc.array(
    fc.tuple(fc.stringMatching(/^[A-Za-z0-9._~-]{1,6}$/), fc.stringMatching(/^[A-Za-z0-9._~%-]{0,6}$/)),
    { maxLength: 3 },
  );
  // Mostly ASCII, where curl and HTTP agree byte for byte; now and then a character beyond it.
  const curlHeaderChar = fc.oneof(
    { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map(fromCode) },
    { weight: 1, arbitrary: headerCharArb },
  );
  const headerValue = fc
    .string({ unit: curlHeaderChar, minLength: 1, maxLength: 16 })
    .map((text) => withoutControls(text).trim())
    .filter((text) => text !== "" && !text.startsWith("@"));
  return fc
    .record({
      method: fc.option(fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), { nil: undefined }),
      path: fc.array(segment, { maxLength: 4 }),
      query,
      headers: fc.uniqueArray(
        fc.tuple(
          tokenArb.map((name) => `X-Fz-${name}`),
          headerValue,
        ),
        {
          maxLength: 3,
          selector: ([name]) => name.toLowerCase(),
        },
      ),
      data: fc.option(fc.array(curlTextArb(24), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      user: fc.option(fc.tuple(fc.stringMatching(/^[A-Za-z0-9._-]{1,8}$/), curlTextArb(8)), { nil: undefined }),
      continued: fc.boolean(),
    })
    .map(({ method, path, query: pairs, headers, data, user, continued }) => {
      const search = pairs.length > 0 ? `?${pairs.map(([name, value]) => `${name}=${value}`).join("&")}` : "";
      const target = `/${path.join("/")}${search}`;
      const words = ["curl"];
      if (method) words.push("-X", method);
      words.push(shellQuote(`${server.url}${target}`));
      for (const [name, value] of headers) words.push("-H", shellQuote(`${name}: ${value}`));
      for (const part of data ?? []) words.push("--data-raw", shellQuote(part));
      if (user) words.push("-u", shellQuote(`${user[0]}:${user[1]}`));
      const plan: CurlPlan = {
        method: method ?? (data ? "POST" : "GET"),
        target,
        headers,
        body: data?.join("&"),
        authorization: user ? `Basic ${Buffer.from(`${user[0]}:${user[1]}`).toString("base64")}` : undefined,
      };
      return new Sample(words.join(continued ? " \\\n  " : " "), plan);
    });
};

const curlArbFor = (): fc.Arbitrary<Sample> =>
  fc.oneof(
    { weight: 3, arbitrary: curlPlanArb() },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.oneof(fc.constantFrom(...CURL_WORDS), textArb(6)), { maxLength: 8 })
        .map((words) => sample(`curl ${server.url}/fz ${words.join(" ")}`)),
    },
    { weight: 1, arbitrary: textArb(30).map((text) => sample(`curl ${text}`)) },
  );

const credentialArb = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~+/=-]{1,24}$/) },
  { weight: 3, arbitrary: textArb(16) },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.constant("") },
);

const connectionArbFor = (): fc.Arbitrary<Sample> => {
  const fieldArb = (input: InputDefinition): fc.Arbitrary<unknown> => {
    if (/url$/i.test(input.key)) return fc.constant(`${server.url}/token`);
    if (input.key === "headers") return fc.constantFrom("", '[{"key":"X-Fz","value":"1"}]', "not json", "[1]");
    if (input.model) {
      const values = input.model.map(({ value }) => value);
      return fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...values) },
        { weight: 1, arbitrary: fc.constantFrom(...values.map((value) => value.toUpperCase()), "body", "cookie", "") },
        { weight: 1, arbitrary: textArb(6) },
      );
    }
    if (/^key ?name$/i.test(input.label))
      return fc.oneof(
        tokenArb.map((name) => `X-Fz-${name}`),
        textArb(6),
      );
    return fc.oneof(
      { weight: 1, arbitrary: fc.constant(input.example ?? "x") },
      { weight: 3, arbitrary: credentialArb },
    );
  };
  const tokenArbitrary = fc.record({
    access_token: credentialArb,
    token_type: fc.constantFrom("Bearer", "bearer", "", "MAC", "Bad Type"),
  });
  return fc
    .oneof(
      ...connectionDefinitions.map((definition) =>
        fc
          .tuple(
            fc.record(Object.fromEntries(definition.inputs.map((input) => [input.key, fieldArb(input)])), {
              requiredKeys: [],
            }),
            tokenArbitrary,
          )
          .map(([fields, token]) => ({
            key: definition.key,
            fields,
            ...(definition.platformToken ? { token } : {}),
          })),
      ),
    )
    .map(sample);
};

/** Connections the issue names: prototype keys, an unknown Key Placement, values HTTP cannot carry. */
const connectionExamples = (): unknown[] => {
  const circular: Record<string, unknown> = { token: "t" };
  circular.self = circular;
  return [
    { key: "apiKey", fields: { apiKey: "fz-key", keyPlacement: "body", keyName: "X-Key" } },
    { key: "apiKey", fields: JSON.parse('{"__proto__": {"keyPlacement": "query"}, "apiKey": "fz-key"}') },
    { key: "bearerToken", fields: { token: "fz-token", constructor: "x" } },
    JSON.parse('{"key": "bearerToken", "fields": {"token": "t"}, "__proto__": {"x": 1}}'),
    { key: "constructor", fields: {} },
    { key: "__proto__", fields: {} },
    { key: "toString", fields: {} },
    { key: "hasOwnProperty", fields: {} },
    { key: "bearerToken", fields: { token: { a: 1 } } },
    { key: "bearerToken", fields: { token: "t\u2603" } },
    { key: "bearerToken", fields: { token: "caf\u00e9" } },
    { key: "basicAuth", fields: { username: "u\uD800", password: "p" } },
    { key: "apiKey", fields: { apiKey: "k\uD800", keyPlacement: "query", keyName: "api_key" } },
    { key: "bearerToken", fields: circular },
    { key: "bearerToken", fields: "token" },
  ];
};

const kvArbFor = (input: InputDefinition): fc.Arbitrary<unknown> => {
  if (input.key === "headers") return keyValueArb(headerNameArb, headerValueArb);
  if (input.key === "fileDataFileNames") {
    return keyValueArb(
      fc.oneof({ weight: 4, arbitrary: fc.constant(NAMED_FILE.key) }, { weight: 1, arbitrary: textArb(4) }),
      textArb(16),
    );
  }
  const value =
    input.type === "data"
      ? fc.oneof({ weight: 2, arbitrary: fileArb }, { weight: 1, arbitrary: rowValueArb })
      : rowValueArb;
  return keyValueArb(textArb(8, 1), value);
};

const shapedArbFor = (input: InputDefinition): fc.Arbitrary<Sample> => {
  switch (input.key) {
    case "url":
      return urlArbFor();
    case "curlCommand":
      return curlArbFor();
    case "connection":
      return connectionArbFor();
    case "data":
      return dataArb.map(sample);
    case "variablesObject":
      return fc
        .oneof(
          jsonObjectArb,
          jsonObjectArb.map((value) => JSON.stringify(value)),
          jsonValueArb,
        )
        .map(sample);
    case "proxyUrl":
      return fc.oneof(fc.constant(server.url), textInputArb).map(sample);
    default:
      break;
  }
  if (input.collection === "keyvaluelist") return kvArbFor(input).map(sample);
  if (input.model) return choiceArb(input.model).map(sample);
  if (input.type === "boolean") return booleanArb.map(sample);
  if (isNumericInput(input)) return numericArb.map(sample);
  return textInputArb.map(sample);
};

/** Fixed, huge cases: given to the first action that has the input, as examples rather than random values. */
const hugeExamplesFor = (action: string, input: InputDefinition): Sample[] => {
  const first = actionKeys.find((key) => inputsOf(key).some(({ key: inputKey }) => inputKey === input.key));
  if (first !== action) return [];
  if (input.key === "url") {
    return [sample(`${server.url}/${"a".repeat(10 * MB)}`), sample(`${server.url}/fz?q=${"b".repeat(10 * MB)}`)];
  }
  if (input.key === "curlCommand") {
    const body = "c".repeat(10 * MB);
    return [
      new Sample(`curl ${server.url}/big --data-raw '${body}'`, { method: "POST", target: "/big", headers: [], body }),
      sample(`curl '${server.url}/${"d".repeat(10 * MB)}'`),
    ];
  }
  return [];
};

// ---------------------------------------------------------------------------------------------
// Running one value and judging what happened
// ---------------------------------------------------------------------------------------------

const CONNECTOR_ERRORS = new Set([
  "HttpStatusError",
  "RequestFailedError",
  "ResponseFormatError",
  "PaginationError",
  "GraphqlError",
]);

/** A JS or Node failure wearing a connector error's name: the input should have been refused. */
const INTERNAL_FAILURE =
  /ERR_INVALID_CHAR|ERR_HTTP_INVALID_HEADER_VALUE|ERR_INVALID_ARG|ERR_UNESCAPED_CHARACTERS|is not a function|Cannot read propert|Cannot convert|Maximum call stack|URI malformed|Do not know how to serialize|circular structure|Invalid character/;

const OBJECT_TEXT = "[object Object]";

/** Every text in a value, however deep, to tell "[object Object]" typed by the user from one made up. */
const givenTexts = (value: unknown, seen = new Set<unknown>(), depth = 0): string[] => {
  if (typeof value === "string") return [value];
  if (typeof value !== "object" || value === null || seen.has(value) || depth > 6) return [];
  seen.add(value);
  return Object.entries(value).flatMap(([key, child]) => [key, ...givenTexts(child, seen, depth + 1)]);
};

const wireTexts = (request: Recorded): string[] => {
  const body = request.body.toString("utf8");
  const basic = headerValues(request, "authorization")
    .filter((value) => value.startsWith("Basic "))
    .map((value) => Buffer.from(value.slice(6), "base64").toString("utf8"));
  return [
    request.url,
    lenientDecode(request.url),
    ...request.rawHeaders,
    body,
    lenientDecode(body.replace(/\+/g, " ")),
    ...basic,
  ];
};

const settle = () => new Promise((resolve) => setImmediate(resolve));

/** Runs the action once with the value in place and lists what is wrong with the outcome. */
const exercise = async (action: string, input: InputDefinition, given: Sample): Promise<string[]> => {
  const step = { ...baseStep(action, input.key), [input.key]: given.value };
  server.requests.length = 0;
  overflowedTimers.length = 0;
  const outcome: Outcome = {};
  let timer: NodeJS.Timeout | undefined;
  const watchdog = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`WATCHDOG: the step did not settle within ${WATCHDOG_MS} ms`)),
      WATCHDOG_MS,
    );
  });
  try {
    outcome.output = await Promise.race([run(action, step), watchdog]);
  } catch (error) {
    outcome.error = (
      error instanceof Error ? error : Object.assign(new Error(String(error)), { name: typeof error })
    ) as Outcome["error"];
  } finally {
    clearTimeout(timer);
  }
  await settle();
  const sent = [...server.requests];
  const problems = await judge(input, given, outcome, sent);
  for (const warning of overflowedTimers) problems.push(`a timer overflowed and fired after 1 ms: ${warning}`);
  const typedObjectText = givenTexts(given.value).some((text) => text.includes(OBJECT_TEXT));
  if (!typedObjectText && sent.some((request) => wireTexts(request).some((text) => text.includes(OBJECT_TEXT)))) {
    problems.push(`"${OBJECT_TEXT}" reached the server, made up from an object`);
  }
  return problems;
};

/** How the values of the current property were judged; printed with FUZZ_STATS=1 to see what an oracle really checks. */
const tally = { refused: 0, checked: 0, unchecked: 0 };

const judge = async (input: InputDefinition, given: Sample, outcome: Outcome, sent: Recorded[]): Promise<string[]> => {
  const named = `Input "${input.label}" (${input.key})`;
  const expectation = expectationFor(input, given);
  const { error } = outcome;
  const text = error ? String(error.message) : "";
  if (error) {
    if (text.startsWith("WATCHDOG")) return [text.slice("WATCHDOG: ".length)];
    if (error.name === "InputError" || text.startsWith('Input "')) {
      if (!text.startsWith(named)) return [`refused, but naming another input: ${shorten(text)}`];
      tally.refused += 1;
      const problems = sent.length > 0 ? [`refused, but only after the server received ${sent.length} request(s)`] : [];
      // Only a refusal about the character must say where it is; one for another reason (size) need not.
      const aboutCharacter = /charact|latin/i.test(text);
      if (expectation.kind === "refuse" && expectation.mention && aboutCharacter && !expectation.mention.test(text)) {
        problems.push(`refused without saying where the bad character is: ${shorten(text)}`);
      }
      return problems;
    }
    if (!CONNECTOR_ERRORS.has(error.name)) return [`crashed with a bare ${error.name}: ${shorten(text)}`];
    if (INTERNAL_FAILURE.test(text))
      return [`failed with an internal error dressed as ${error.name}: ${shorten(text)}`];
  }
  if (expectation.kind === "refuse") {
    const after = error ? `failed later with ${error.name}: ${shorten(text)}` : "completed";
    const observed = expectation.observe?.(sent);
    return [
      `accepted ${expectation.why}; instead of naming ${named}, the step ${after}${observed ? ` (${observed})` : ""}`,
    ];
  }
  if (expectation.kind === "accept") {
    tally.checked += 1;
    return expectation.check(sent, outcome);
  }
  tally.unchecked += 1;
  return [];
};

// ---------------------------------------------------------------------------------------------
// The properties
// ---------------------------------------------------------------------------------------------

/** A stable seed per test, so one test's failure replays alone with the same FUZZ_SEED. */
const seedFor = (name: string): number => {
  let hash = SEED | 0;
  for (const char of name) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash;
};

/** More runs where an oracle checks the wire; fewer where "as given" only means "no crash". */
const runsFor = (input: InputDefinition, kind: "nasty" | "shaped"): number => {
  const checked = input.key in ORACLES || input.key === "method" || input.key === "httpMethod";
  const base = kind === "nasty" ? 15 : checked ? 40 : 15;
  return Math.max(1, Math.round(base * RUNS));
};

/** The cases the issue names for one input, run every time whatever the random values are. */
const SHAPED_EXAMPLES: Record<string, () => unknown[]> = {
  connection: connectionExamples,
  headers: () => [
    [{ key: "X-Fz-Snowman", value: "\u2603" }],
    [{ key: "X-Fz-Latin1", value: "caf\u00e9 \u00ff" }],
    [{ key: "X-Fz-Control", value: "a\u0001b\u007f" }],
    [{ key: "__proto__", value: "x" }],
    [
      { key: "X-Fz-Repeat", value: "1" },
      { key: "x-fz-repeat", value: "2" },
    ],
  ],
  queryParams: () => [
    [{ key: "q", value: "\uD800" }],
    [
      { key: "tag", value: ["a", "b"] },
      { key: "tag", value: "c" },
    ],
    { "a b": "c&d=e", "%zz": "%" },
  ],
  contentType: () => ["text/plain; charset=\u2603", "application/xml\u0000", { type: "text/csv" }],
  data: () => ["\uD800", '{"a": 1}', { data: Buffer.from("%PDF"), contentType: "application/pdf\r\nX-Injected: 1" }],
  curlCommand: () => [
    // --max-time and --connect-timeout in seconds: 3e9 ms is more than a Node timer holds.
    `curl ${server.url}/fz -m 3000000`,
    `curl ${server.url}/fz --connect-timeout 3000000`,
    new Sample(`curl ${server.url}/fz -H 'X-Fz: \u0080'`, {
      method: "GET",
      target: "/fz",
      headers: [["X-Fz", "\u0080"]],
    }),
  ],
};

const examplesFor = (action: string, input: InputDefinition, kind: "nasty" | "shaped"): Sample[] => {
  if (kind === "nasty") return nastyExamples().map(sample);
  const specific = (SHAPED_EXAMPLES[input.key]?.() ?? []).map((value) =>
    value instanceof Sample ? value : sample(value),
  );
  return [...specific, ...hugeExamplesFor(action, input)];
};

/** A problem with its values blanked out, so the same fault met with different values is listed once. */
const signatureOf = (problem: string): string =>
  problem
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/U\+[0-9A-F]{4}/g, "U+…")
    .replace(/\d+(\.\d+)?(e\+\d+)?|Infinity/g, "N");

interface Met {
  count: number;
  problem: string;
  example: string;
}

const listMet = (met: Map<string, Met>): string =>
  [...met.values()]
    .sort((a, b) => b.count - a.count)
    .slice(0, 12)
    .map(({ count, problem, example }) => `  - ${count}x ${problem}\n      e.g. ${shorten(example, 300)}`)
    .join("\n");

const fuzz = async (action: string, input: InputDefinition, kind: "nasty" | "shaped") => {
  const arbitrary = kind === "nasty" ? nastyArb.map(sample) : shapedArbFor(input);
  const examples = examplesFor(action, input, kind);
  const parameters = (chosen: Sample[]): fc.Parameters<[Sample]> => ({
    seed: seedFor(`${action}.${input.key}.${kind}`),
    // fast-check counts examples among the runs: the random values come on top of them.
    numRuns: runsFor(input, kind) + chosen.length,
    examples: chosen.map((example): [Sample] => [example]),
    plugins: [fc.interruptAfterTimeLimit(PROPERTY_BUDGET_MS)],
    includeErrorInReport: true,
  });
  // First every value runs, whatever the others did: one early failure must not hide the rest.
  const met = new Map<string, Met>();
  const failedExamples: Sample[] = [];
  Object.assign(tally, { refused: 0, checked: 0, unchecked: 0 });
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arbitrary, async (given) => {
      runs += 1;
      const problems = await exercise(action, input, given);
      if (problems.length > 0 && examples.includes(given)) failedExamples.push(given);
      for (const problem of problems) {
        const entry = met.get(signatureOf(problem));
        if (entry) entry.count += 1;
        else met.set(signatureOf(problem), { count: 1, problem, example: given[fc.toStringMethod]() });
      }
    }),
    parameters(examples),
  );
  if (process.env.FUZZ_STATS) {
    const { refused, checked, unchecked } = tally;
    console.info(`${action}.${input.key} ${kind}: ${refused} refused, ${checked} checked, ${unchecked} unchecked`);
  }
  if (met.size === 0) return;
  // Then the same values again (examples that passed left out: the random ones do not depend on
  // them), stopping at the first bad one so fast-check shrinks it.
  const details = await fc.check(
    fc.asyncProperty(arbitrary, async (given) => {
      const problems = await exercise(action, input, given);
      if (problems.length > 0) throw new Error(problems.join("\n"));
    }),
    parameters(failedExamples),
  );
  const report = fc.defaultReportMessage(details) ?? "fast-check did not meet the failure again on replay";
  throw new Error(`${report}\n\nEvery distinct problem met in ${runs} values:\n${listMet(met)}`);
};

describe.each(actionKeys)("%s", (action) => {
  describe.each(inputsOf(action).map((input): [string, InputDefinition] => [input.key, input]))("%s", (_key, input) => {
    it("refuses anything it cannot send, naming the input", () => fuzz(action, input, "nasty"));
    it("sends well-shaped values as given", () => fuzz(action, input, "shaped"));
  });
});
