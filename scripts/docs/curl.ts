/**
 * The httpCurl part of the reference page, written from the option tables in src/curl/: every
 * option the action reads (each needs a line here, or this file does not compile), the ones that
 * only change what curl prints, the refused ones with their reasons, and where the request
 * differs from the real curl's.
 */
import {
  OUTPUT_ONLY_SWITCHES,
  OUTPUT_ONLY_VALUES,
  SWITCH_FLAGS,
  type SwitchFlag,
  VALUE_FLAGS,
  type ValueFlag,
} from "../../src/curl/flags";
import { REFUSED_OPTIONS } from "../../src/curl/refused";

/** What each option does here; keyed by the tables' names, so a new option cannot go undocumented. */
const MEANINGS: Record<ValueFlag | SwitchFlag, string> = {
  method:
    "the method, sent as typed (`-X post` sends `post`); GET, POST, PUT, PATCH, DELETE, HEAD and OPTIONS in any case",
  header: "a header, in order; `Name;` sends it empty, `Name:` drops curl's own header of that name (Accept, say)",
  userAgent: "User-Agent",
  referer: "Referer; `;auto` is accepted (the first request is the same)",
  cookie: "Cookie, `name=value` (several are joined with `;`); a cookie file is refused",
  data: "body text, joined with `&`; `@-` reads a heredoc in the command (newlines stripped, as curl does)",
  dataRaw: "body text as it is, `@` included",
  dataBinary: "body bytes as they are; `@-` reads a heredoc",
  dataUrlencode: "`content`, `=content`, `name=content` and `name@-`, encoded as curl 7.88 does (a space is `+`)",
  form: "a multipart field; a value in double quotes is sent without them; files (`@`, `<`) and `;type=` are refused",
  formString: "a multipart field, taken as it is",
  user: "`user:password`: Basic, or the credentials of --digest and --aws-sigv4",
  url: "the URL",
  maxTime: "Timeout, in seconds",
  connectTimeout: "Connect Timeout, in seconds",
  proxy: "an http(s) proxy (http:// when no scheme is given)",
  proxyUser: "the proxy's `user:password`",
  json: "a JSON body with `Content-Type` and `Accept: application/json`; several are joined as they are",
  urlQuery: "a query part: like --data-urlencode, and `+text` as it is",
  maxRedirs: "Max Redirects (-1: the largest allowed)",
  range: "`Range: bytes=…` (refused with a body, for which curl sends a Content-Range)",
  oauth2Bearer: "the bearerToken connection with this token",
  awsSigv4:
    '`"aws:amz:REGION:SERVICE"` with -u KEY:SECRET (and -H x-amz-security-token): the awsSignatureV4 connection',
  get: "sends the data in the query",
  head: "HEAD",
  insecure: "Ignore SSL Errors",
  location: "Follow Redirects",
  locationTrusted: "Follow Redirects; credentials still never go to another origin",
  compressed: "`Accept-Encoding: deflate, gzip, br`",
  globoff: "`{}` and `[]` in the URL are not a glob",
  digest: "with -u user:password: the digestAuth connection",
  basic: "Basic, which -u means anyway",
};

const code = (spellings: readonly string[]) => spellings.map((spelling) => `\`${spelling}\``).join(", ");

const supported = (): string => {
  const rows = [
    ...Object.entries(VALUE_FLAGS).map(([name, spellings]) => [code(spellings), MEANINGS[name as ValueFlag]]),
    ...Object.entries(SWITCH_FLAGS).map(([name, spellings]) => [code(spellings), MEANINGS[name as SwitchFlag]]),
  ];
  return ["| Option | Here |", "| --- | --- |", ...rows.map(([option, meaning]) => `| ${option} | ${meaning} |`)].join(
    "\n",
  );
};

const refused = (): string =>
  [
    "| Option | Refused: |",
    "| --- | --- |",
    ...REFUSED_OPTIONS.map(({ options, reason }) => `| ${code(options)} | ${reason} |`),
  ].join("\n");

const RULES = [
  "**The rule.** For every command curl would run without local files, a shell or a terminal, the action sends what the curl binary sends: the method as typed, the request target, the headers (curl's own first: `Accept: */*`, Range, User-Agent, Referer, Cookie; then each -H in order; then what --json adds) and the body bytes. The test suite checks this against Debian's curl 7.88 over a corpus of a few hundred commands (`test/curl-differential.test.ts`). What it cannot do it refuses, naming the option, before anything is sent.",
  "**Read as they are copied.** bash (quotes, `$'…'`, `\\` continuations, heredocs `<<'EOF'` for `@-`), Windows cmd (Chrome's and Edge's Copy as cURL (cmd): `^` escapes, `^\"` quotes, `^%`, `^` continuations) and PowerShell (`curl.exe` with backtick continuations, read as PowerShell 7.3+ passes arguments). `$VAR` stays literal text; pipes, redirections, command substitution and variables in PowerShell or unquoted heredocs are refused. A URL without a scheme is read as `http://`, as curl does, and the debug log says so. Unique abbreviations of long options are read (`--sil`), ambiguous ones refused, as curl does.",
  "**The connection.** `--oauth2-bearer`, `--digest` and `--aws-sigv4` stand for the bearerToken, digestAuth and awsSignatureV4 connections; the Connection input, when set, wins over them. Their secrets are masked like any connection's.",
];

const DIFFERENCES = [
  "User-Agent is the connector's (`prismatic-http-connector/…`) unless -A or -H sets one; `-A ''` or `-H 'User-Agent:'` still sends ours.",
  "Node writes Host, Authorization, Content-Length and our User-Agent in its own places, and adds `Connection: keep-alive`; a bodiless POST, PUT, PATCH or DELETE carries `Content-Length: 0` (curl sends none). The values are curl's.",
  "--compressed offers `deflate, gzip, br`: curl 7.88 also offers zstd, which Node 20 cannot decode.",
  "A header given twice in two spellings (`-H 'X-A: 1' -H 'x-a: 2'`) goes out with the first spelling both times: Node's HTTP client keys headers by name. The values and their order are curl's.",
  "A multipart body has its own boundary (curl's is random too); a Content-Length header in the command is replaced by the body's.",
  "Credentials never follow a redirect to another origin, --location-trusted or not, and `-e ';auto'` does not set Referer on redirects.",
  "Without --max-redirs, Max Redirects applies (10 by default; curl follows 50).",
  "With -G, curl 7.88 drops --url-query parts; the action keeps them.",
];

/**
 * The httpCurl note: the rule, the options read, those noted as not applicable, those refused,
 * and the differences from curl.
 * @example renderCurlNote().includes("--json") // true
 */
export const renderCurlNote = (): string =>
  [
    ...RULES,
    "**Options read**",
    supported(),
    `**Not applicable, noted in the debug log** (they change only what curl prints or saves): ${code([...OUTPUT_ONLY_SWITCHES, ...OUTPUT_ONLY_VALUES])}.`,
    "**Refused**, besides any option not listed here: files (`-d @file`, `-F name=@file`, `-H @file`, `-b file`), protocols other than http and https (a URL or proxy), URL globs and several URLs (one request per step), methods other than the seven above, `-F` with part attributes or with a Content-Type other than multipart/form-data.",
    refused(),
    "**Where the request differs from curl's**",
    DIFFERENCES.map((line) => `- ${line}`).join("\n"),
  ].join("\n\n");
