import fc from "fast-check";
import uniq from "lodash/uniq";
import { describe, expect, it } from "vitest";

/**
 * The bundle swaps spectral's quadratic `cleanParams` for a linear one (scripts/webpack/cleanParams.js).
 * Both texts are evaluated here as the bundle evaluates them, and must give the same object, with
 * the same keys in the same order, and call the cleaners in the same order, for any step's values.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const swap = require("../scripts/webpack/cleanParams.js") as { ORIGINAL: string; REPLACEMENT: string };

type Clean = (value: unknown) => unknown;
type CleanParams = (params: Record<string, unknown>, cleaners: Record<string, Clean>) => Record<string, unknown>;

const compile = (text: string): CleanParams =>
  new Function("uniq_1", `${text}\nreturn cleanParams;`)({ default: uniq }) as CleanParams;

const original = compile(swap.ORIGINAL);
const replacement = compile(swap.REPLACEMENT);

/** Keys a step's values may have, integer-like and Object.prototype names among them. */
const key = fc.oneof(
  fc.constantFrom("url", "headers", "constructor", "toString", "hasOwnProperty", "0", "1", "10", "data"),
  fc.string({ maxLength: 6 }).filter((text) => text !== "__proto__"),
);
const value = fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(undefined), fc.constant(null), fc.object());

/** Cleaners that record the order they are called in and change the value visibly. */
const run = (clean: CleanParams, params: Record<string, unknown>, cleanerKeys: string[]) => {
  const calls: string[] = [];
  const cleaners = Object.fromEntries(
    cleanerKeys.map((name) => [
      name,
      (input: unknown) => {
        calls.push(name);
        return { cleaned: input };
      },
    ]),
  );
  try {
    const result = clean(params, cleaners);
    return { keys: Object.keys(result), result, calls, prototype: Object.getPrototypeOf(result) };
  } catch (error) {
    // A key such as "toString" finds Object.prototype's function as its cleaner, in both.
    return { threw: String(error), calls };
  }
};

describe("the bundle's cleanParams", () => {
  it("is found in spectral's perform.js as the loader expects", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const perform = require("node:fs").readFileSync(
      require.resolve("@prismatic-io/spectral/dist/serverTypes/perform.js"),
      "utf8",
    ) as string;
    expect(perform).toContain(swap.ORIGINAL);
  });

  it("gives what spectral's gives: the same keys in the same order, values cleaned in the same order", () => {
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { maxKeys: 30 }),
        fc.uniqueArray(key, { maxLength: 30 }),
        (params, names) => {
          expect(run(replacement, params, names)).toEqual(run(original, params, names));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never lets a __proto__ key give the result a prototype", () => {
    const params = JSON.parse('{"url":"u","__proto__":{"polluted":true}}') as Record<string, unknown>;
    const result = replacement(params, {});
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(["url"]);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
