import toPath from "lodash/toPath";
import { ResponseFormatError } from "../errors";

/** How many of an object's keys an error lists. */
const LISTED_KEYS = 8;

/**
 * The value at a lodash path (`data.items`, `links[0].href`) in a parsed body; the body itself
 * when there is no path. Only the body's own data is followed: `constructor.prototype` names
 * nothing, where lodash `get` would walk into the prototype chain (and find an empty array).
 * @example valueAt({ meta: { next: "c2" } }, "meta.next") // "c2"
 */
export const valueAt = (body: unknown, path: string | undefined): unknown => {
  if (path === undefined) return body;
  let value = body;
  for (const key of toPath(path)) {
    if (typeof value !== "object" || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
};

/**
 * Says what a value is, for an error, without quoting it: a body may hold anything.
 * @example describeValue({ data: [], meta: {} }) // "an object (keys: data, meta)"
 */
export const describeValue = (value: unknown): string => {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") {
    const keys = Object.keys(value);
    const listed = keys.slice(0, LISTED_KEYS).join(", ") + (keys.length > LISTED_KEYS ? ", ..." : "");
    return keys.length === 0 ? "an empty object" : `an object (keys: ${listed})`;
  }
  return `a ${typeof value}`;
};

/**
 * The array of items on one page. Anything else fails, naming the path and what was there, so
 * a wrong Items Path never passes as an empty result.
 * @example itemsAt({ data: { items: [1, 2] } }, "data.items") // [1, 2]
 */
export const itemsAt = (body: unknown, path: string | undefined): unknown[] => {
  const value = valueAt(body, path);
  if (Array.isArray(value)) return value;
  const found = describeValue(value);
  if (path === undefined) {
    throw new ResponseFormatError(
      `returned ${found} as its body, not an array of items; set Items Path (itemsPath) to where the array is`,
    );
  }
  throw new ResponseFormatError(`has no array of items at Items Path "${path}": found ${found} there`);
};
