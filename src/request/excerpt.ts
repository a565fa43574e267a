const EXCERPT_CHARS = 200;

/** A short, single-line start of a text, for error messages. */
export const excerpt = (text: string, chars = EXCERPT_CHARS): string => {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > chars ? `${flat.slice(0, chars)}…` : flat;
};
