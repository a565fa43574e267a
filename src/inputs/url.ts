import { InvalidValue, isBlank } from "./values";

export const ALLOWED_PROTOCOLS = ["http:", "https:"] as const;

/**
 * Reads an absolute http(s) URL. The value is not quoted in errors: it may carry credentials.
 * @example toHttpUrl("https://api.example.com/items?limit=10").hostname // "api.example.com"
 */
export const toHttpUrl = (value: unknown): URL => {
  if (isBlank(value)) throw new InvalidValue("is required");
  if (typeof value !== "string") throw new InvalidValue(`must be text; got a ${typeof value}`);
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw new InvalidValue("is not a valid absolute URL; it must look like https://api.example.com/path");
  }
  if (!(ALLOWED_PROTOCOLS as readonly string[]).includes(url.protocol)) {
    throw new InvalidValue(`must use http or https; "${url.protocol}" URLs are not allowed`);
  }
  if (url.hostname === "") throw new InvalidValue("has no host name");
  return url;
};

/** Same as `toHttpUrl`, but blank means "not set". */
export const toOptionalHttpUrl = (value: unknown): URL | undefined => (isBlank(value) ? undefined : toHttpUrl(value));
