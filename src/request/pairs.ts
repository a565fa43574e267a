import type { KeyValue, TextValue } from "../inputs/keyValues";
import type { ArrayFormat } from "../inputs/shared";

/**
 * The name/value pairs a key/value list stands for, in order. Repeated keys stay repeated; a
 * value that is a list (from a previous step) is written as the array format says.
 * @example toPairs([{ key: "tag", value: ["a", "b"] }], "brackets") // [["tag[]", "a"], ["tag[]", "b"]]
 */
export const toPairs = (list: KeyValue<TextValue>[], format: ArrayFormat): Array<[string, string]> =>
  list.flatMap(({ key, value }): Array<[string, string]> => {
    if (!Array.isArray(value)) return [[key, value]];
    switch (format) {
      case "repeat":
        return value.map((item) => [key, item]);
      case "brackets":
        return value.map((item) => [`${key}[]`, item]);
      case "comma":
        return [[key, value.join(",")]];
      default: {
        const unknownFormat: never = format;
        throw new Error(`Unhandled array format: ${String(unknownFormat)}`);
      }
    }
  });
