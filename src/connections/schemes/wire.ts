/** How a signed request's URL and form body read on the wire: shared by the schemes that sign them. */

/**
 * Percent-encodes everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`), as
 * OAuth 1.0a (RFC 5849 section 3.6) and AWS's canonical requests both want.
 * @example rfc3986("a b+c!") // "a%20b%2Bc%21"
 */
export const rfc3986 = (text: string): string =>
  encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * The name/value pairs of a query string or form body, decoded as a server decodes them
 * (application/x-www-form-urlencoded: `+` is a space, repeated names stay repeated, in order).
 * @example formPairs("?a=1&a=x+y&b") // [["a", "1"], ["a", "x y"], ["b", ""]]
 */
export const formPairs = (text: string): Array<[string, string]> => [...new URLSearchParams(text)];
