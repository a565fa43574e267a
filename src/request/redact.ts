/** What replaces a secret wherever a request is shown. */
export const MASK = "[REDACTED]";

/** Headers whose whole value is a credential, whoever set them. */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "api-key",
  "apikey",
  "x-auth-token",
  "x-access-token",
  "x-csrf-token",
]);

/** Query parameters that commonly carry credentials. */
const SENSITIVE_QUERY =
  /^(api[-_]?key|apikey|key|token|access[-_]?token|refresh[-_]?token|id[-_]?token|client[-_]?secret|secret|password|passwd|pwd|sig|signature|code|auth)$/i;

/** Tokens written as JSON (a token endpoint's answer, an API echoing one): masked whatever their value. */
const TOKEN_FIELDS = /("(?:access_token|refresh_token|id_token)"\s*:\s*")(?:[^"\\]|\\.)*"?/g;

/** How a secret may be spelled in a URL: by encodeURIComponent, by the URL setter (which also escapes ' in a query), by URLSearchParams. */
const urlSpellings = (secret: string): string[] => {
  const component = encodeURIComponent(secret);
  return [component, component.replace(/'/g, "%27"), new URLSearchParams([["", secret]]).toString().slice(1)];
};

/** Shorter values are too common to mask inside free text without garbling it. */
const MIN_SECRET_LENGTH = 3;

/**
 * Masks a request's secrets in anything shown to a person: log lines, debug dumps, errors.
 * Known secrets are masked wherever they appear (a server may echo them back); headers and
 * query parameters that conventionally hold credentials are masked whatever their value.
 * @example new Redactor(["s3cret"]).text("token s3cret rejected") // "token [REDACTED] rejected"
 */
export class Redactor {
  private readonly secrets: string[];

  constructor(
    secrets: Iterable<string>,
    private readonly extraHeaders: ReadonlySet<string> = new Set(),
  ) {
    const variants = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      variants.add(secret);
      for (const spelling of urlSpellings(secret)) variants.add(spelling);
    }
    // Longest first, so a secret that contains another is masked whole.
    this.secrets = [...variants].sort((a, b) => b.length - a.length);
  }

  /** A copy that also masks these secrets. */
  with(secrets: Iterable<string>): Redactor {
    return new Redactor([...this.secrets, ...secrets], this.extraHeaders);
  }

  /** Values of a URL's credential-like query parameters, to be masked wherever they reappear. */
  static queryCredentials(url: URL): string[] {
    return [...url.searchParams].filter(([key]) => Redactor.isSensitiveParameter(key)).map(([, value]) => value);
  }

  /** True for query or form parameter names that conventionally carry credentials. */
  static isSensitiveParameter(name: string): boolean {
    return SENSITIVE_QUERY.test(name);
  }

  isSensitiveHeader(name: string): boolean {
    const lower = name.toLowerCase();
    return SENSITIVE_HEADERS.has(lower) || this.extraHeaders.has(lower);
  }

  text(value: string): string {
    let result = value.replace(TOKEN_FIELDS, `$1${MASK}"`);
    for (const secret of this.secrets) {
      if (result.includes(secret)) result = result.split(secret).join(MASK);
    }
    return result;
  }

  headers(headers: Record<string, unknown>): Record<string, unknown> {
    const masked: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      masked[name] = this.isSensitiveHeader(name)
        ? MASK
        : this.text(Array.isArray(value) ? value.join(", ") : String(value));
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
    // A placeholder that survives URL encoding, swapped for the mask once the URL is text.
    const placeholder = "REDACTEDSECRET";
    if (url.username) url.username = placeholder;
    if (url.password) url.password = placeholder;
    for (const key of new Set(url.searchParams.keys())) {
      if (Redactor.isSensitiveParameter(key)) url.searchParams.set(key, placeholder);
    }
    return this.text(url.href).split(placeholder).join(MASK);
  }
}
