import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseJsonExact } from "../src/request/decode/exactJson";
import { run } from "./helpers/harness";
import { startServer } from "./helpers/servers";

/**
 * The number rule of JSON responses: no number is re-numbered. A literal comes back as a number
 * only when that number, printed by JavaScript, is the literal's own decimal value; otherwise
 * (out of a double's range, more digits than it holds, an integer beyond ±(2^53 - 1)) as the
 * string of its exact text.
 */

/** A decimal value exactly: an integer mantissa and a power of ten. */
interface Exact {
  mantissa: bigint;
  exponent: number;
}

/** The exact value of a number as JSON or JavaScript writes it, worked out with BigInt alone. */
const exactOf = (literal: string): Exact => {
  const [, mantissa, exponent = "0"] = /^(-?[\d.]+)(?:[eE]([+-]?\d+))?$/.exec(literal) ?? [];
  const [whole, fraction = ""] = (mantissa ?? "").split(".");
  return { mantissa: BigInt(whole + fraction), exponent: Number(exponent) - fraction.length };
};

const sameValue = (a: Exact, b: Exact): boolean => {
  const low = Math.min(a.exponent, b.exponent);
  return a.mantissa * 10n ** BigInt(a.exponent - low) === b.mantissa * 10n ** BigInt(b.exponent - low);
};

/** Any JSON number literal, from 0 to far past a double's range and precision either way. */
const JSON_NUMBER = fc
  .record({
    minus: fc.boolean(),
    whole: fc.oneof(fc.constant("0"), fc.stringMatching(/^[1-9]\d{0,25}$/)),
    fraction: fc.option(fc.stringMatching(/^\d{1,25}$/), { nil: undefined }),
    exponent: fc.option(
      fc.record({
        letter: fc.constantFrom("e", "E"),
        sign: fc.constantFrom("", "+", "-"),
        digits: fc.integer({ min: 0, max: 400 }),
      }),
      { nil: undefined },
    ),
  })
  .map(
    ({ minus, whole, fraction, exponent }) =>
      `${minus ? "-" : ""}${whole}${fraction === undefined ? "" : `.${fraction}`}${
        exponent === undefined ? "" : `${exponent.letter}${exponent.sign}${exponent.digits}`
      }`,
  );

/** True when `JSON.parse` alone would hand back something other than the literal's value. */
const doubleChanges = (literal: string): boolean => {
  const value = Number(literal);
  if (!Number.isFinite(value)) return true;
  if (/^-?\d+$/.test(literal) && !Number.isSafeInteger(value)) return true;
  return !sameValue(exactOf(String(value)), exactOf(literal));
};

describe("numbers in a JSON response", () => {
  it("are either a number of the literal's own value or the literal's exact text, text only when needed", () => {
    fc.assert(
      fc.property(JSON_NUMBER, (literal) => {
        const [value] = parseJsonExact(`[${literal}]`) as [unknown];
        if (typeof value === "string") {
          expect(value).toBe(literal);
          expect(doubleChanges(literal)).toBe(true);
        } else {
          expect(typeof value).toBe("number");
          expect(sameValue(exactOf(String(value)), exactOf(literal))).toBe(true);
          expect(doubleChanges(literal)).toBe(false);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    ["1e400", "1e400"],
    ["-1e400", "-1e400"],
    ["1E309", "1E309"],
    ["1e-400", "1e-400"],
    ["12345678901234567890.0", "12345678901234567890.0"],
    ["9007199254740993e0", "9007199254740993e0"],
    ["0.10000000000000000555", "0.10000000000000000555"],
    ["12345678901234567890", "12345678901234567890"],
    ["1.5", 1.5],
    ["1e21", 1e21],
    ["1.2345678901234567e20", 123456789012345670000],
    ["0e400", 0],
    ["1.0e2", 100],
    ["5e-324", 5e-324],
    ["4.9e-324", "4.9e-324"],
  ])("%s comes back as %j", (literal, want) => {
    expect(parseJsonExact(`{"v":${literal}}`)).toEqual({ v: want });
  });

  it("keeps -0 a number, as JSON.parse does", () => {
    expect(Object.is((parseJsonExact("[-0]") as number[])[0], -0)).toBe(true);
    expect(Object.is((parseJsonExact("[-0.0e500]") as number[])[0], -0)).toBe(true);
  });

  it("leaves digits and exponents inside strings, and hex hashes, alone", () => {
    const text = '{"a":"x\\"1e400","h":"4e1234ab0123456789012345678","n":[1e5,2.5E-3]}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
  });

  it("never turns a literal that is not JSON into a string", () => {
    for (const text of ["[01234567890123456789]", "[1.e400]", "[-.5e400]", "[+1e400]"]) {
      expect(() => parseJsonExact(text), text).toThrow(SyntaxError);
    }
  });

  it("come back through the action as the server wrote them", async () => {
    const body = '{"big":1e400,"tiny":1e-400,"long":12345678901234567890.0,"pi":3.14159265358979323846,"n":2.5}';
    const server = await startServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json" }).end(body);
    });
    try {
      const { data } = await run("httpGet", { url: server.url });
      expect(data).toEqual({
        big: "1e400",
        tiny: "1e-400",
        long: "12345678901234567890.0",
        pi: "3.14159265358979323846",
        n: 2.5,
      });
      expect(server.requests).toHaveLength(1);
    } finally {
      await server.close();
    }
  });
});
