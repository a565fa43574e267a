import type { KeyValue } from "../inputs/keyValues";

/** curl's own Accept; `--json` asks for JSON instead. */
export const CURL_ACCEPT = "*/*";
export const JSON_TYPE = "application/json";
/**
 * What `--compressed` asks for. curl 7.88 also offers zstd, which the response reader cannot
 * undo (Node 20 has no zstd), so zstd is left out: a documented difference.
 */
export const COMPRESSED_ENCODINGS = "deflate, gzip, br";

/** The headers curl writes itself, each replaced by a -H of the same name and dropped by `-H 'Name:'`. */
export interface BuiltInHeaders {
  range?: string;
  userAgent?: string;
  compressed: boolean;
  referer?: string;
  cookies: string[];
  /** `--json` adds Content-Type and Accept after the -H headers, unless they name their own. */
  json: boolean;
}

const byName = (headers: readonly KeyValue<string>[], lowerName: string): boolean =>
  headers.some(({ key }) => key.toLowerCase() === lowerName);

/**
 * The headers in the order curl 7.88 writes them: its own (Range, User-Agent, Accept,
 * Accept-Encoding, Referer, Cookie) first, then every -H in order, then what `--json` adds.
 * Host, Authorization, Content-Length and a form's Content-Type are the request builder's, and
 * so is our User-Agent (without -A), the one difference curl users see.
 * @example curlHeaders({ compressed: false, cookies: [], json: false }, [], new Set()) // [{ key: "Accept", value: "*\/*" }]
 */
export const curlHeaders = (
  builtIn: BuiltInHeaders,
  custom: readonly KeyValue<string>[],
  removed: ReadonlySet<string>,
): KeyValue<string>[] => {
  const own: KeyValue<string>[] = [
    ...(builtIn.range ? [{ key: "Range", value: `bytes=${builtIn.range}` }] : []),
    ...(builtIn.userAgent === undefined ? [] : [{ key: "User-Agent", value: builtIn.userAgent }]),
    ...(builtIn.json ? [] : [{ key: "Accept", value: CURL_ACCEPT }]),
    ...(builtIn.compressed ? [{ key: "Accept-Encoding", value: COMPRESSED_ENCODINGS }] : []),
    ...(builtIn.referer ? [{ key: "Referer", value: builtIn.referer }] : []),
    ...(builtIn.cookies.length > 0 ? [{ key: "Cookie", value: builtIn.cookies.join(";") }] : []),
  ];
  const kept = own.filter(({ key }) => !byName(custom, key.toLowerCase()) && !removed.has(key.toLowerCase()));
  const jsonHeaders = builtIn.json
    ? [
        { key: "Content-Type", value: JSON_TYPE },
        { key: "Accept", value: JSON_TYPE },
      ].filter(({ key }) => !byName(custom, key.toLowerCase()) && !removed.has(key.toLowerCase()))
    : [];
  return [...kept, ...custom, ...jsonHeaders];
};
