/**
 * The differential corpus: commands people paste, written by the team. `{URL}` (or `__URL__`)
 * stands for the recording server's base URL (http://127.0.0.1:PORT) and `{HOST}` (`__HOST__`)
 * for 127.0.0.1:PORT. Most are
 * generated from argument lists (so the same request also appears in Windows cmd and PowerShell
 * form); the hand-written ones follow API docs, Postman, Insomnia and the browsers' "Copy as cURL".
 */

export interface CorpusEntry {
  /** What the action is given. */
  command: string;
  /** What the real curl runs, when not `command` itself (cmd and PowerShell forms run their bash form). */
  bash?: string;
}

/** POSIX single quotes. */
const sh = (arg: string): string => (/^[A-Za-z0-9_./:=@-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`);

/**
 * What Chrome's and Edge's "Copy as cURL (cmd)" writes for one argument (DevTools'
 * escapeStringWin, as fixed to escape `&` too).
 */
const cmd = (arg: string): string =>
  `^"${arg
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/[^a-zA-Z0-9\s_\-:=+~'/.',?;()*`]/g, "^$&")
    .replace(/%(?=[a-zA-Z0-9_])/g, "%^")
    .replace(/\r?\n/g, "^\n\n")}^"`;

/** PowerShell single quotes (a quote doubled). */
const ps = (arg: string): string => `'${arg.replaceAll("'", "''")}'`;

const bashOf = (args: string[]): string => `curl ${args.map(sh).join(" ")}`;
const cmdOf = (args: string[]): string => `curl ${args.map(cmd).join(" ^\n  ")}`;
/** Firefox's "Copy as cURL (Windows)": the same quoting, on one line. */
const cmdLineOf = (args: string[]): string => `curl ${args.map(cmd).join(" ")}`;
const powershellOf = (args: string[]): string => `curl.exe ${args.map(ps).join(" `\n  ")}`;

const METHODS: string[][] = [
  [],
  ["-X", "PUT"],
  ["-X", "PATCH"],
  ["-X", "DELETE"],
  ["-X", "POST"],
  ["--request", "PUT"],
];

const BODIES: string[][] = [
  [],
  ["-d", "a=1"],
  ["-d", "a=1", "-d", "b=two words"],
  ["--data-raw", '{"name":"Acme","tags":["a","b"]}', "-H", "Content-Type: application/json"],
  ["--data-binary", "line one\nline two\n"],
  ["--data-urlencode", "q=a b&c/d~e*f!"],
  ["--data-urlencode", "=just text", "--data-urlencode", "plain"],
  ["--json", '{"a":1}'],
  ["--json", '{"a":', "--json", "1}"],
  ["-F", "field=value"],
  ["-F", 'title="Q3; report"', "-F", "tag=x"],
  ["--form-string", "raw=@not-a-file;type=x"],
  ["--data-ascii", "x=%41"],
];

const HEADERS: string[][] = [
  [],
  ["-H", "X-Trace: abc-123"],
  ["-H", "Accept: application/xml"],
  ["-H", "Accept:"],
  ["-H", "X-Empty;"],
  ["-A", "my-agent/1.0"],
  ["-e", "https://ref.example/page;auto"],
  ["-b", "sid=abc", "-b", "theme=dark"],
  ["--compressed"],
  ["-u", "user:pa55 w0rd"],
  // Repeated in one spelling: Node's client sends a name given in two spellings with the first (see the reference page).
  ["-H", "X-A: 1", "-H", "X-A: 2", "-H", "X-B: 3"],
  ["-H", "Authorization: Bearer t0ken", "-H", "X-Api-Version: 2024-01-01"],
  ["--oauth2-bearer", "bearer-t0ken"],
  ["-H", "Content-Type: text/plain; charset=utf-8"],
];

const EXTRAS: string[][] = [
  [],
  ["-s"],
  ["-sS", "-o", "out.json"],
  ["-v", "-i"],
  ["--max-time", "5"],
  ["-L", "--max-redirs", "3"],
  ["--url-query", "page=2"],
  ["-w", "%{http_code}", "-D", "headers.txt"],
  ["--connect-timeout", "2", "-k"],
];

const PATHS = ["/v1/items", "/v1/items/42?expand=owner", "/search?q=a%20b&limit=10", "/"];

/** -I sends no body; -r is refused with one (curl would send a Content-Range). */
/** Placeholders the Windows quoting leaves alone (cmd would escape the braces of {URL}). */
const URL = "__URL__";
const HOST = "__HOST__";

const generated = (): string[][] => {
  const all: string[][] = [];
  let index = 0;
  for (const [m, method] of METHODS.entries()) {
    for (const [b, body] of BODIES.entries()) {
      for (const [h, headers] of HEADERS.entries()) {
        index += 1;
        // A quarter of the product, chosen so that every body meets every header kind under one
        // method or two (a plain `index % 4` would never pick the headers at even places).
        if ((m + b + h) % 4 !== 0) continue;
        // -F with a Content-Type other than multipart/form-data is refused (see curl-parse.test.ts).
        if (body[0]?.startsWith("-F") || body[0] === "--form-string") {
          if (headers.includes("Content-Type: text/plain; charset=utf-8")) continue;
        }
        const extra = EXTRAS[index % EXTRAS.length];
        const path = PATHS[index % PATHS.length];
        all.push([...method, `${URL}${path}`, ...headers, ...body, ...extra]);
      }
    }
  }
  return all;
};

/** Commands whose GET and HEAD variants matter: -G moves data to the query, -I sends HEAD, -r a Range. */
const QUERY_AND_HEAD: string[][] = [
  ["-G", `${URL}/search`, "-d", "q=curl", "-d", "page=2"],
  ["-G", `${URL}/search?x=1`, "--data-urlencode", "q=a b"],
  [`${URL}/search?x=1`, "--url-query", "q=a b", "--url-query", "+raw=a%20b", "--url-query", "=solo"],
  ["-I", `${URL}/file.bin`],
  ["--head", `${URL}/file.bin`, "-H", "X-A: 1"],
  ["-r", "0-499", `${URL}/file.bin`],
  ["--range", "500-", `${URL}/file.bin`, "-H", "If-Range: abc"],
  ["-r", "0-1,5-9", `${URL}/file.bin`],
  ["-X", "post", `${URL}/lower`],
  ["--sil", "--user-ag", "abbrev/1", "--refer", "https://r.example/", `${URL}/abbrev`],
  ["--data-urle", "q=a b", `${URL}/abbrev`],
  [`${HOST}/no-scheme`],
  ["--url", `${URL}/via-url-flag`, "-H", "X-A: 1"],
  ["-XPOST", "-HX-Packed: 1", `${URL}/packed`, "-dx=1"],
  ["-sSL", `${URL}/switches`],
  ["--location-trusted", `${URL}/trusted`],
  ["-H", "Host: example.test", `${URL}/host`],
  ["-H", "Cookie: a=1", "-b", "b=2", `${URL}/cookies`],
  ["-A", "", `${URL}/empty-agent`, "-H", "User-Agent: from-header"],
  [`${URL}/unicode`, "-H", "X-Name: Zoë", "--data-raw", "naïve ☕"],
  [`${URL}/json-accept`, "--json", '{"a":1}', "-H", "Accept: text/plain"],
  [`${URL}/json-type`, "-H", "Content-Type: application/vnd.api+json", "--json", "{}"],
  [`${URL}/mixed`, "-d", "a=1", "--json", "{}", "-d", "b=2"],
  ["-g", `${URL}/globoff`],
];

const fromArgs = (args: string[]): CorpusEntry[] => [
  { command: bashOf(args) },
  // The Windows forms of every fourth command: enough to cover each body and header kind.
];

/** The same requests as copied for Windows cmd and PowerShell; the real curl runs their bash form. */
const windowsForms = (args: string[]): CorpusEntry[] => [
  { command: cmdOf(args), bash: bashOf(args) },
  { command: cmdLineOf(args), bash: bashOf(args) },
  { command: powershellOf(args), bash: bashOf(args) },
];

/** Written out as API docs, Postman, Insomnia and the browsers give them. */
const HAND_WRITTEN: CorpusEntry[] = [
  // Stripe: the key as the -u user with an empty password.
  {
    command:
      'curl {URL}/v1/charges \\\n  -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: \\\n  -d amount=2000 \\\n  -d currency=usd \\\n  -d source=tok_visa \\\n  -d description="My First Test Charge"',
  },
  {
    command:
      'curl {URL}/v1/customers \\\n  -u sk_test_abc: \\\n  -d "metadata[order_id]"=6735 \\\n  -d email="jenny.rosen@example.com"',
  },
  { command: "curl -G {URL}/v1/charges \\\n  -u sk_test_abc: \\\n  -d limit=3" },
  // GitHub REST docs.
  {
    command:
      'curl -L \\\n  -X POST \\\n  -H "Accept: application/vnd.github+json" \\\n  -H "Authorization: Bearer <YOUR-TOKEN>" \\\n  -H "X-GitHub-Api-Version: 2022-11-28" \\\n  {URL}/repos/OWNER/REPO/issues \\\n  -d \'{"title":"Found a bug","body":"I\'"\'"\'m having a problem with this.","labels":["bug"]}\'',
  },
  {
    command:
      'curl -L \\\n  -H "Accept: application/vnd.github+json" \\\n  -H "X-GitHub-Api-Version: 2022-11-28" \\\n  "{URL}/repos/OWNER/REPO/pulls?state=open&per_page=5"',
  },
  // Slack incoming webhook.
  {
    command:
      "curl -X POST -H 'Content-type: application/json' --data '{\"text\":\"Hello, World!\"}' {URL}/services/T000/B000/XXXX",
  },
  { command: 'curl -F token=xoxb-1234 -F channel=C1234567890 -F text="Hello" {URL}/api/chat.postMessage' },
  // Twilio: -u SID:token and --data-urlencode.
  {
    command:
      'curl -X POST "{URL}/2010-04-01/Accounts/AC123/Messages.json" \\\n--data-urlencode "Body=Hi there, it\'s 5 o\'clock" \\\n--data-urlencode "From=+15017122661" \\\n--data-urlencode "To=+15558675310" \\\n-u AC123:your_auth_token',
  },
  // SendGrid.
  {
    command:
      'curl --request POST \\\n--url {URL}/v3/mail/send \\\n--header \'Authorization: Bearer SG.xxxx\' \\\n--header \'Content-Type: application/json\' \\\n--data \'{"personalizations":[{"to":[{"email":"a@example.com"}]}],"from":{"email":"b@example.com"},"subject":"Hi"}\'',
  },
  // Postman's code view.
  {
    command:
      "curl --location '{URL}/api/users' \\\n--header 'Content-Type: application/json' \\\n--header 'Cookie: session=abc' \\\n--data-raw '{\n    \"name\": \"Ada\",\n    \"role\": \"admin\"\n}'",
  },
  {
    command:
      "curl --location --request PUT '{URL}/api/users/7' \\\n--header 'Content-Type: application/x-www-form-urlencoded' \\\n--data-urlencode 'name=Ada Lovelace' \\\n--data-urlencode 'note=a+b=c'",
  },
  { command: "curl --location '{URL}/upload' \\\n--form 'title=\"Quarterly report\"' \\\n--form 'kind=\"pdf\"'" },
  { command: "curl --location --request DELETE '{URL}/api/users/7' \\\n--header 'Authorization: Basic dXNlcjpwYXNz'" },
  // Insomnia's code view.
  {
    command:
      "curl --request POST \\\n  --url {URL}/graphql \\\n  --header 'Content-Type: application/json' \\\n  --data '{\"query\":\"query { viewer { login } }\"}'",
  },
  {
    command:
      "curl --request GET \\\n  --url '{URL}/items?page=2&sort=-created' \\\n  --header 'Accept: application/json' \\\n  --header 'X-Api-Key: k-123'",
  },
  // Chrome/Edge "Copy as cURL (bash)".
  {
    command:
      "curl '{URL}/api/items?page=1' \\\n  -H 'accept: application/json, text/plain, */*' \\\n  -H 'accept-language: en-US,en;q=0.9' \\\n  -b '_ga=GA1.1.123; session=eyJhbGciOi' \\\n  -H 'referer: https://app.example.com/items' \\\n  -H 'sec-ch-ua: \"Chromium\";v=\"124\", \"Not-A.Brand\";v=\"99\"' \\\n  -H 'sec-ch-ua-mobile: ?0' \\\n  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' \\\n  --compressed",
  },
  {
    command:
      "curl '{URL}/api/comments' \\\n  -H 'content-type: application/json' \\\n  -H 'origin: https://app.example.com' \\\n  --data-raw $'{\"text\":\"it\\'s \\\\u00e9 \\\\\"quoted\\\\\"\\\\n\"}' \\\n  --compressed",
  },
  {
    command:
      "curl '{URL}/login' \\\n  -H 'content-type: application/x-www-form-urlencoded' \\\n  --data-raw 'user=ada&pass=p%40ss' \\\n  --compressed",
  },
  // Firefox "Copy as cURL".
  {
    command:
      "curl '{URL}/api/search' -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0' -H 'Accept: */*' -H 'Accept-Language: en-US,en;q=0.5' -H 'Accept-Encoding: gzip, deflate, br' -H 'Content-Type: application/json' -H 'Origin: https://app.example.com' -H 'Connection: keep-alive' -H 'Cookie: a=1; b=2' -H 'Sec-Fetch-Mode: cors' --data-raw '{\"q\":\"shoes\"}'",
  },
  // Safari "Copy as cURL".
  {
    command:
      "curl '{URL}/api/me' \\\n-X 'GET' \\\n-H 'Accept: application/json' \\\n-H 'Accept-Language: en-GB,en;q=0.9' \\\n-H 'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15'",
  },
  // Heredoc bodies.
  {
    command:
      'curl -X POST {URL}/items -H \'Content-Type: application/json\' --data-binary @- <<\'EOF\'\n{\n  "name": "Acme",\n  "tags": ["a", "b"]\n}\nEOF',
  },
  { command: "curl {URL}/items -d @- <<EOF\nname=Acme\n&kind=tool\nEOF" },
  { command: 'curl {URL}/q --data-urlencode "text@-" <<"END"\nhello world & more\nEND' },
  { command: "curl {URL}/j --json @- <<'JSON'\n{\"a\": 1}\nJSON" },
  // A # inside a word is text to a shell, unquoted too: a URL's fragment (curl does not send it), a body, -#.
  { command: "curl {URL}/docs/page#section -d tag=#1 -d x\\#y" },
  { command: "curl -# {URL}/progress --url-query tag=#1" },
  // Bash whose quoted text looks like Windows syntax: a Markdown fence ending a line, a ^".
  { command: "curl {URL}/notes \\\n  -H 'Content-Type: text/markdown' \\\n  --data-raw 'Run:\n```\nnpm test\n```\n'" },
  { command: `curl {URL}/caret -d 'a=^"b^"' -d "c=^\\"d"` },
  // The options that change only what curl shows or saves.
  { command: "curl -sS -f -o /dev/null -w '%{http_code}\\n' --progress-bar -D - {URL}/quiet" },
  { command: "curl -v --trace-ascii trace.txt -c jar.txt -O {URL}/file.txt" },
  { command: "curl --no-progress-meter --fail-with-body -i {URL}/status" },
  // Browser "Copy as cURL (cmd)" written by hand the way Chrome does it.
  {
    command:
      'curl ^"{URL}/api?a=1^&b=two^%^20words^" ^\n  -H ^"accept: */*^" ^\n  -H ^"content-type: application/json^" ^\n  --data-raw ^"^{^\\^"name^\\^":^\\^"Ada^\\^"^}^" ^\n  --compressed',
    bash: "curl '{URL}/api?a=1&b=two%20words' -H 'accept: */*' -H 'content-type: application/json' --data-raw '{\"name\":\"Ada\"}' --compressed",
  },
  {
    command: 'curl "{URL}/plain-cmd" ^\n  -H "X-A: 1" ^\n  -d "a=1&b=2"',
    bash: "curl '{URL}/plain-cmd' -H 'X-A: 1' -d 'a=1&b=2'",
  },
  // PowerShell with curl.exe and backticks.
  {
    command: 'curl.exe -X POST "{URL}/ps" `\n  -H "Content-Type: application/json" `\n  -d \'{"a": "b"}\'',
    bash: "curl -X POST '{URL}/ps' -H 'Content-Type: application/json' -d '{\"a\": \"b\"}'",
  },
  {
    command: 'curl.exe "{URL}/ps-escape" `\n  -H "X-Q: say `"hi`"" `\n  --data-raw "tab`there"',
    bash: "curl '{URL}/ps-escape' -H 'X-Q: say \"hi\"' --data-raw $'tab\\there'",
  },
];

const withWindows = (all: string[][]): CorpusEntry[] =>
  all.flatMap((args, index) => [...fromArgs(args), ...(index % 6 === 0 ? windowsForms(args) : [])]);

/** Every command of the corpus. */
export const CORPUS: CorpusEntry[] = [...withWindows([...generated(), ...QUERY_AND_HEAD]), ...HAND_WRITTEN];
