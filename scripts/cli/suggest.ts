import { distance } from "fastest-levenshtein";

/**
 * How far a typo may be from a name and still be suggested: two edits, or a third of the name
 * for long ones. Further than that, a suggestion is more often wrong than helpful.
 */
const MAX_EDITS = 2;
const EDITS_PER_CHAR = 1 / 3;
/** A shorter part of a name is too ambiguous to point at one (`re` is in many inputs). */
const MIN_PART = 3;

const allowedEdits = (given: string): number => Math.max(MAX_EDITS, Math.floor(given.length * EDITS_PER_CHAR));

/**
 * The valid name the user most likely meant: one that differs only in case, then the nearest by
 * edit distance (case ignored) within a few edits, then the only name that contains what was
 * typed (`get` for httpGet). Undefined when nothing is close, so no wild guess is offered.
 * @example closestName("httpGot", ["httpGet", "httpPost"]) // "httpGet"
 * @example closestName("response", ["url", "responseType"]) // "responseType"
 * @example closestName("zzz", ["url"]) // undefined
 */
export const closestName = (given: string, valid: readonly string[]): string | undefined => {
  const lower = given.toLowerCase();
  const sameButCase = valid.find((name) => name.toLowerCase() === lower);
  if (sameButCase) return sameButCase;
  let best: { name: string; edits: number } | undefined;
  for (const name of valid) {
    const edits = distance(lower, name.toLowerCase());
    if (edits <= allowedEdits(given) && edits < given.length && (!best || edits < best.edits)) best = { name, edits };
  }
  if (best) return best.name;
  const containing = valid.filter((name) => name.toLowerCase().includes(lower));
  return given.length >= MIN_PART && containing.length === 1 ? containing[0] : undefined;
};
