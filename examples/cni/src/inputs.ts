/**
 * spectral's manifest generator types a key/value row's value, Data and the number-like inputs
 * as `string`, though the component takes more: lists, numbers, objects and files. These two
 * helpers make that one visible cast instead of one in every call.
 */

/** A key/value row as the manifest types it. */
type Row = { key: string; value: string };

/**
 * The array form of a key/value input: `{ tag: ["a", "b"] }` becomes `[{ key: "tag", value: ["a", "b"] }]`.
 * Lists, numbers and files reach the component as they are; spectral writes non-string values
 * of the record form `{ tag: [...] }` as JSON text, so a list would arrive as `["a","b"]`.
 * @example queryParams: rows({ tag: ["new", "urgent"], limit: 2 })
 */
export const rows = (record: Record<string, unknown>): Row[] =>
  Object.entries(record).map(([key, value]) => ({ key, value })) as Row[];

/**
 * A value the component reads as more than text (an object for Data, a number for Timeout),
 * typed as the manifest types it.
 * @example data: asInput({ text: "hello" })
 */
export const asInput = (value: unknown): string => value as string;
