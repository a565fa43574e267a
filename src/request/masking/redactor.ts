import { MAX_SHOWN_URL_CHARS } from "../../limits";
import { isCredentialName } from "./names";
import { foundIn, literalsOf, type Needle, needlesOf } from "./spellings";

/** What replaces a secret wherever a request is shown. */
export const MASK = "[REDACTED]";

/** Shorter values are too common to mask inside free text without garbling it; named places are masked whatever their length. */
const MIN_SECRET_LENGTH = 3;

/** A JSON string field: `"name": "value"`, the value with its escapes. */
const JSON_FIELD = /"((?:[^"\\]|\\.)*)"(\s*:\s*)"(?:[^"\\]|\\.)*"/g;

/** A `name=value` pair of a query string or form body, wherever it stands in a text. */
const FORM_PAIR = /(^|[?&\s;,"'])([^=&\s?;,"']+)=([^&\s;,"']*)/g;

/** A parameter name as its server reads it, so `api%5Fkey` is known for `api_key`. */
const decodedName = (name: string): string => {
  try {
    return decodeURIComponent(name.replaceAll("+", " "));
  } catch {
    return name;
  }
};

/** The secrets worth masking: text long enough not to mask by accident. */
const usable = (secrets: Iterable<string>): string[] =>
  [...secrets].filter((secret) => typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH);

/** The text with each range replaced by the mask; ranges are sorted and do not overlap. */
const masked = (value: string, ranges: Array<[number, number]>): string => {
  if (ranges.length === 0) return value;
  let result = "";
  let at = 0;
  for (const [start, end] of ranges) {
    result += value.slice(at, start) + MASK;
    at = end;
  }
  return result + value.slice(at);
};

/** Deeper data is left as it is: parsed JSON is never this deep in practice, and recursion must stop. */
const MAX_JSON_DEPTH = 64;

/** A placeholder that survives URL encoding, swapped for the mask once the URL is text. */
const PLACEHOLDER = "REDACTEDSECRET";

/**
 * The one place that masks a step's secrets in whatever leaves it: log lines, debug dumps,
 * errors and the parts of results the component adds. It masks every value the step knows to
 * be secret, in every encoded form (see spellings.ts), wherever it appears (a server may echo
 * it back, inside a longer text), and whatever the value of a parameter, header or JSON field
 * whose name says it is a credential. Its secrets may be given as a function, called only once
 * something is masked (most requests log nothing and fail in nothing), and its spellings are
 * worked out then too.
 * @example new Redactor(["s3cret"]).text("token s3cret rejected") // "token [REDACTED] rejected"
 */
export class Redactor {
  private gathered: string[] | undefined;
  private pending: (() => Iterable<string>) | undefined;
  private readonly learned: string[] = [];
  private spellings: { needles: Needle[]; literals: string[] } | null | undefined;

  constructor(secrets: Iterable<string> | (() => Iterable<string>)) {
    if (typeof secrets === "function") this.pending = secrets;
    else this.gathered = usable(secrets);
  }

  /** Every secret known so far: those given (gathered on first use) and those learnt since. */
  private get sources(): string[] {
    if (this.gathered === undefined) {
      this.gathered = usable((this.pending as () => Iterable<string>)());
      this.pending = undefined;
    }
    return this.learned.length === 0 ? this.gathered : [...this.gathered, ...this.learned];
  }

  /** Masks these secrets too from now on: values a scheme made while sending (a signature). */
  learn(secrets: Iterable<string>): void {
    const added = usable(secrets);
    if (added.length === 0) return;
    this.learned.push(...added);
    this.spellings = undefined;
  }

  /** A copy that also masks these secrets. */
  with(secrets: Iterable<string>): Redactor {
    return new Redactor(() => [...this.sources, ...secrets]);
  }

  /**
   * What to look for to find every secret in any of its spellings, worked out once; null when
   * there are no secrets.
   */
  private known(): { needles: Needle[]; literals: string[] } | null {
    if (this.spellings === undefined) {
      const secrets = [...new Set(this.sources)];
      this.spellings =
        secrets.length === 0 ? null : { needles: secrets.flatMap(needlesOf), literals: secrets.flatMap(literalsOf) };
    }
    return this.spellings;
  }

  text(value: string): string {
    // Known values first: a name=value pattern stops at `&` and would leave the rest of a value that holds one.
    const known = this.known();
    const result = known ? masked(value, foundIn(value, known.needles, known.literals)) : value;
    return result
      .replace(JSON_FIELD, (field, name: string, colon: string) =>
        isCredentialName(name) ? `"${name}"${colon}"${MASK}"` : field,
      )
      .replace(FORM_PAIR, (pair, before: string, name: string) =>
        isCredentialName(decodedName(name)) ? `${before}${name}=${MASK}` : pair,
      );
  }

  /** True for a header whose whole value is a credential, whoever set it. */
  isSecretHeader(name: string): boolean {
    return isCredentialName(name);
  }

  headers(headers: Record<string, unknown>): Record<string, unknown> {
    const masked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      masked[name] = isCredentialName(name) ? MASK : this.text(Array.isArray(value) ? value.join(", ") : String(value));
    }
    return masked;
  }

  url(value: URL | string): string {
    let url: URL;
    try {
      url = new URL(String(value));
    } catch {
      return this.text(String(value));
    }
    if (url.username) url.username = PLACEHOLDER;
    if (url.password) url.password = PLACEHOLDER;
    // Credential-named query parameters are masked by `text`, which leaves the rest as written.
    return this.text(url.href).split(PLACEHOLDER).join(MASK);
  }

  /**
   * A copy of JSON data with every secret masked in its text, e.g. a GraphQL `errors` array.
   * @example new Redactor(["s3cret"]).json([{ message: "bad s3cret" }]) // [{ message: "bad [REDACTED]" }]
   */
  json(value: unknown): unknown {
    // Each string is masked as text, so one that holds JSON (an escaped secret) is masked in that form too.
    const masked = (item: unknown, depth: number): unknown => {
      if (typeof item === "string") return this.text(item);
      if (typeof item !== "object" || item === null || depth > MAX_JSON_DEPTH) return item;
      if (Array.isArray(item)) return item.map((entry) => masked(entry, depth + 1));
      return Object.fromEntries(
        Object.entries(item).map(([name, entry]) => [
          this.text(name),
          isCredentialName(name) && typeof entry === "string" ? MASK : masked(entry, depth + 1),
        ]),
      );
    };
    return masked(value, 0);
  }
}

/**
 * A URL as errors and log lines show it: masked, then cut to a readable length.
 * @example shownUrl(redactor, "https://api.test/a?token=t") // "https://api.test/a?token=[REDACTED]"
 */
export const shownUrl = (redactor: Redactor, url: URL | string): string => {
  const masked = redactor.url(url);
  return masked.length > MAX_SHOWN_URL_CHARS ? `${masked.slice(0, MAX_SHOWN_URL_CHARS)}…` : masked;
};
