import type { KeyValue } from "../inputs/keyValues";
import type { ArrayFormat } from "../inputs/shared";

const text = (value: unknown): string =>
  value === undefined || value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);

/**
 * The name/value pairs a key/value list stands for, in order. Repeated keys stay repeated; a
 * value that is a list (from a previous step) is written as the array format says.
 * @example toPairs([{ key: "tag", value: ["a", "b"] }], "brackets") // [["tag[]", "a"], ["tag[]", "b"]]
 */
export const toPairs = (list: KeyValue[], format: ArrayFormat): Array<[string, string]> =>
  list.flatMap(({ key, value }): Array<[string, string]> => {
    if (!Array.isArray(value)) return [[key, text(value)]];
    switch (format) {
      case "repeat":
        return value.map((item) => [key, text(item)]);
      case "brackets":
        return value.map((item) => [`${key}[]`, text(item)]);
      case "comma":
        return [[key, value.map(text).join(",")]];
      default: {
        const unknownFormat: never = format;
        throw new Error(`Unhandled array format: ${String(unknownFormat)}`);
      }
    }
  });
