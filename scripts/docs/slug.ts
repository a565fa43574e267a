/**
 * Heading anchors as GitHub computes them (the github-slugger algorithm), so links in the
 * table of contents land on the rendered page.
 */

/** Everything but letters, marks, digits, connector punctuation, spaces and hyphens is dropped. */
const DROPPED = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu;

/**
 * The anchor of a heading with this text, before duplicates are numbered.
 * @example slug("POST/PUT Form Data Request") // "postput-form-data-request"
 */
export const slug = (heading: string): string => heading.toLowerCase().replace(DROPPED, "").replace(/ /g, "-");

/**
 * Returns a function giving each heading its anchor in document order: a repeated heading gets
 * `-1`, `-2`, … as GitHub numbers them. Call it for every heading, in the order they appear.
 * @example const next = createSlugger(); next("Example output"); next("Example output") // "example-output-1"
 */
export const createSlugger = (): ((heading: string) => string) => {
  const seen = new Set<string>();
  return (heading) => {
    const base = slug(heading);
    let candidate = base;
    for (let n = 1; seen.has(candidate); n++) candidate = `${base}-${n}`;
    seen.add(candidate);
    return candidate;
  };
};
