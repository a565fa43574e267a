import { type KeyValue, toHeaderList } from "../inputs/keyValues";
import { InvalidValue, isBlank, kindOf, wellFormed } from "../inputs/values";
import { MAX_REDIRECTS_LIMIT } from "../limits";
import { asCurlSends, toBasicAuth, toHeader, toMethod, toMilliseconds, toProxyUrl, toRequestUrl } from "./arguments";
import { type DataFlag, type FormFlag, type Stdin, toDataPart, toFormField, urlencoded } from "./bodyArguments";
import { type BuiltInHeaders, curlHeaders } from "./curlHeaders";
import { type FoundFlag, readFlags, type SwitchFlag, type ValueFlag } from "./flags";
import { extractHeredoc } from "./heredoc";
import { toShellWords } from "./shellWords";
import { cmdWords, powershellWords, syntaxOf } from "./windowsWords";

/** A connection the command stands for (`--oauth2-bearer`, `--digest`, `--aws-sigv4`): a connection key and its fields. */
export interface CurlConnection {
  key: "bearerToken" | "digestAuth" | "awsSignatureV4";
  fields: Record<string, string>;
  /** The field values that are secrets, masked wherever the step reports. */
  secrets: string[];
}

/** A pasted cURL command, read into what the request builder needs. */
export interface CurlRequest {
  /** Upper case. */
  method: string;
  /** -X's value as typed, when not upper case (`post`): curl sends it so. */
  methodSpelling?: string;
  /** Absolute http(s) URL; with `-G` the data is already in its query. */
  url: URL;
  /** In the order curl sends them: its own (Accept: *\/\*, -A, -e, -b, -r), then -H, then --json's. */
  headers: KeyValue<string>[];
  /** Body text from -d/--data-raw/--data-binary/--data-urlencode/--json, joined as curl joins them. */
  data?: string;
  /** True when the body came from -d style flags and no Content-Type header was given (curl then sends application/x-www-form-urlencoded). */
  impliedFormUrlencoded: boolean;
  /** From -F name=value and --form-string; any makes the request multipart. */
  formFields: KeyValue<string>[];
  /** From -u user:password, when no other scheme (--digest, --aws-sigv4) takes it. */
  basicAuth?: { username: string; password: string };
  connection?: CurlConnection;
  /** -k */
  insecure: boolean;
  /** -L (or --location-trusted) */
  followRedirects: boolean;
  /** --max-redirs */
  maxRedirects?: number;
  /** --max-time, in milliseconds. */
  timeoutMs?: number;
  /** --connect-timeout, in milliseconds. */
  connectTimeoutMs?: number;
  /** -x, with -U's credentials. */
  proxyUrl?: URL;
  /** What the debug log says about the command: a scheme assumed, options that do not apply. */
  notes: string[];
}

/** What the options say so far; the method, URL and headers are settled once all are read. */
interface Draft {
  method?: string;
  methodSpelling?: string;
  urls: string[];
  custom: KeyValue<string>[];
  /** Lower-case names of `-H 'Name:'`: curl's own header of that name is not sent. */
  removed: Set<string>;
  builtIn: BuiltInHeaders;
  dataParts: { text: string; joiner: string }[];
  urlQuery: string[];
  formFields: KeyValue<string>[];
  user?: { value: string; typed: string };
  bearer?: string;
  digest: boolean;
  awsSigv4?: string;
  get: boolean;
  head: boolean;
  globoff: boolean;
  insecure: boolean;
  followRedirects: boolean;
  maxRedirects?: number;
  timeoutMs?: number;
  connectTimeoutMs?: number;
  proxy?: string;
  proxyUser?: string;
  stdin: Stdin;
  notes: string[];
}

type ValueHandler = (draft: Draft, value: string, typed: string) => void;

const addData =
  (flag: DataFlag): ValueHandler =>
  (draft, value, typed) => {
    // curl joins data parts with &, but appends a --json part to what came before as it is.
    const joiner = flag === "json" ? "" : "&";
    draft.dataParts.push({ text: toDataPart(flag, value, typed, draft.stdin), joiner });
    if (flag === "json") draft.builtIn.json = true;
  };
const addFormField =
  (flag: FormFlag): ValueHandler =>
  (draft, value, typed) => {
    draft.formFields.push(toFormField(flag, value, typed));
  };
const headerText = (value: string): string => toHeaderList([{ key: "X", value: asCurlSends(value) }])[0].value;

/** `--url-query`: like --data-urlencode, and a `+` first sends the rest as it is. */
const toQueryPart = (value: string, typed: string, stdin: Stdin): string =>
  value.startsWith("+") ? value.slice(1) : urlencoded(value, typed, stdin);

const WHOLE_NUMBER = /^-?\d+$/;
/** curl's `-r` ranges: `0-499`, `500-`, `-500`, and lists of them. */
const RANGE = /^(\d*-\d*)(,\d*-\d*)*$/;

/** One function per option; a later value wins where curl lets it, like -X, -u and --max-time. */
const VALUE_HANDLERS: Record<ValueFlag, ValueHandler> = {
  method: (draft, value, typed) => {
    draft.method = toMethod(value, typed);
    draft.methodSpelling = value === draft.method ? undefined : value;
  },
  header: (draft, value, typed) => {
    const header = toHeader(value, typed);
    // `Name:` asks for no such header: curl then leaves out its own.
    if (header) draft.custom.push(header);
    else draft.removed.add(value.slice(0, value.indexOf(":")).trim().toLowerCase());
  },
  userAgent: (draft, value) => {
    draft.builtIn.userAgent = headerText(value);
  },
  referer: (draft, value) => {
    // `;auto` also sets Referer on each redirect; the first request is the same.
    draft.builtIn.referer = headerText(value.endsWith(";auto") ? value.slice(0, -";auto".length) : value);
  },
  cookie: (draft, value, typed) => {
    // Without `=` curl reads the value as a cookie file name.
    if (!value.includes("=")) {
      throw new InvalidValue(
        `reads cookies from a file with ${typed}, which this action cannot do; write them as ${typed} 'name=value'`,
      );
    }
    draft.builtIn.cookies.push(headerText(value));
  },
  data: addData("data"),
  dataRaw: addData("dataRaw"),
  dataBinary: addData("dataBinary"),
  dataUrlencode: addData("dataUrlencode"),
  json: addData("json"),
  form: addFormField("form"),
  formString: addFormField("formString"),
  urlQuery: (draft, value, typed) => {
    draft.urlQuery.push(toQueryPart(value, typed, draft.stdin));
  },
  user: (draft, value, typed) => {
    draft.user = { value, typed };
  },
  oauth2Bearer: (draft, value) => {
    wellFormed(value);
    draft.bearer = value;
  },
  awsSigv4: (draft, value) => {
    draft.awsSigv4 = value;
  },
  url: (draft, value) => {
    draft.urls.push(value);
  },
  maxTime: (draft, value, typed) => {
    draft.timeoutMs = toMilliseconds(value, typed);
  },
  connectTimeout: (draft, value, typed) => {
    draft.connectTimeoutMs = toMilliseconds(value, typed);
  },
  maxRedirs: (draft, value, typed) => {
    if (!WHOLE_NUMBER.test(value.trim()))
      throw new InvalidValue(`has ${typed} with a value that is not a whole number`);
    const count = Number(value.trim());
    // curl reads -1 as no limit; the builder's ceiling stands in for it.
    draft.maxRedirects = count < 0 || count > MAX_REDIRECTS_LIMIT ? MAX_REDIRECTS_LIMIT : count;
  },
  range: (draft, value, typed) => {
    if (!RANGE.test(value.trim()))
      throw new InvalidValue(`has ${typed} with a value that is not a byte range such as 0-499`);
    draft.builtIn.range = value.trim();
  },
  proxy: (draft, value) => {
    draft.proxy = value;
  },
  proxyUser: (draft, value) => {
    draft.proxyUser = value;
  },
};

const SWITCH_HANDLERS: Record<SwitchFlag, (draft: Draft) => void> = {
  get: (draft) => {
    draft.get = true;
  },
  head: (draft) => {
    draft.head = true;
  },
  insecure: (draft) => {
    draft.insecure = true;
  },
  location: (draft) => {
    draft.followRedirects = true;
  },
  locationTrusted: (draft) => {
    draft.followRedirects = true;
    draft.notes.push(
      "--location-trusted: redirects are followed, but credentials are never sent to another origin (curl would send them)",
    );
  },
  compressed: (draft) => {
    draft.builtIn.compressed = true;
  },
  globoff: (draft) => {
    draft.globoff = true;
  },
  digest: (draft) => {
    draft.digest = true;
  },
  basic: () => undefined, // what -u means anyway
};

const applyFlag = (draft: Draft, flag: FoundFlag): void => {
  if (flag.kind === "switch") SWITCH_HANDLERS[flag.name](draft);
  else VALUE_HANDLERS[flag.name](draft, flag.value, flag.typed);
};

/** Program names accepted as the first word: `curl`, `curl.exe`, or a path to either. */
const CURL_PROGRAM = /^(.*\/)?curl(\.exe)?$/i;

const requireCurl = (first: string | undefined): void => {
  if (first === undefined) throw new InvalidValue("is required");
  if (CURL_PROGRAM.test(first)) return;
  const prompt = first === "$" || first === ">" ? ` (remove the shell prompt "${first}" before it)` : "";
  throw new InvalidValue(`must start with the word curl${prompt}`);
};

/** A URL that names its scheme; curl reads one without (`api.example.com/x`) as http. */
const HAS_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
/** curl's URL globs: `{a,b}` anywhere, `[1-5]` anywhere but a bracketed (IPv6) host. */
const isGlob = (url: string): boolean => {
  if (/[{}]/.test(url)) return true;
  const afterScheme = url.replace(/^[^/]*\/\//, "");
  const rest = afterScheme.startsWith("[") ? afterScheme.slice(afterScheme.indexOf("]") + 1) : afterScheme;
  return /[[\]]/.test(rest);
};

/** Settles the one URL: curl takes several and makes a request for each; a step makes one. */
const singleUrl = (draft: Draft): URL => {
  if (draft.urls.length === 0) throw new InvalidValue("has no URL to call");
  if (draft.urls.length > 1)
    throw new InvalidValue(`has ${draft.urls.length} URLs; this action sends one request, to one URL`);
  let text = draft.urls[0].trim();
  if (!HAS_SCHEME.test(text)) {
    text = `http://${text}`;
    draft.notes.push("the URL has no scheme: curl assumes http://, and so does this action");
  }
  if (!draft.globoff && isGlob(text)) {
    throw new InvalidValue(
      "has a URL with {...} or [...], which curl expands into several requests (a glob); this action sends one: " +
        "add -g (--globoff) to send the characters as they are, or write one URL",
    );
  }
  return toRequestUrl(text);
};

/** curl refuses these mixes too ("You can only select one HTTP request method"). */
const refuseMixedBodies = (draft: Draft): void => {
  const hasData = draft.dataParts.length > 0;
  const hasForm = draft.formFields.length > 0;
  if (hasData && hasForm) throw new InvalidValue("combines -F form fields with -d style data; send one or the other");
  if (hasForm && (draft.get || draft.head))
    throw new InvalidValue("combines -F form fields with -G or -I, which send no body");
  if (hasData && draft.head && !draft.get)
    throw new InvalidValue("combines -I with -d style data; add -G to send the data in the URL");
  const type = draft.custom.find(({ key }) => key.toLowerCase() === "content-type");
  if (hasForm && type && !type.value.toLowerCase().startsWith("multipart/form-data")) {
    throw new InvalidValue(
      "combines -F form fields with a Content-Type other than multipart/form-data, for which curl sends parts as attachments; remove the Content-Type header",
    );
  }
  if (draft.builtIn.range && ((hasData && !draft.get) || hasForm)) {
    throw new InvalidValue(
      "combines -r (--range) with a body, for which curl sends a Content-Range this action does not; send the range without a body",
    );
  }
};

const impliedMethod = (draft: Draft): string => {
  if (draft.head) return "HEAD";
  if (draft.formFields.length > 0) return "POST";
  return draft.dataParts.length > 0 && !draft.get ? "POST" : "GET";
};

/** Appends query parts after the URL's own query, joined with &, as curl does for --url-query and -G. */
const withQueryParts = (url: URL, parts: string[]): URL => {
  if (parts.length === 0) return url;
  const moved = new URL(url.href);
  moved.search = [moved.search.slice(1), ...parts].filter((part) => part !== "").join("&");
  return moved;
};

const hasContentType = (headers: KeyValue<string>[]): boolean =>
  headers.some(({ key }) => key.toLowerCase() === "content-type");

/** The words after the program: bash's, cmd's or PowerShell's quoting, whichever the command was copied in. */
const wordsOf = (command: string): string[] => {
  switch (syntaxOf(command)) {
    case "cmd":
      return cmdWords(command);
    case "powershell":
      return powershellWords(command);
    case "posix":
      return toShellWords(command);
    default:
      throw new Error("Unhandled command syntax");
  }
};

const readDraft = (command: string): Draft => {
  const { command: withoutHeredoc, stdin } = extractHeredoc(command);
  const words = wordsOf(withoutHeredoc);
  requireCurl(words[0]);
  const { flags, positionals, notApplicable } = readFlags(words.slice(1));
  const draft: Draft = {
    urls: [...positionals],
    custom: [],
    removed: new Set(),
    builtIn: { compressed: false, cookies: [], json: false },
    dataParts: [],
    urlQuery: [],
    formFields: [],
    digest: false,
    get: false,
    head: false,
    globoff: false,
    insecure: false,
    followRedirects: false,
    stdin,
    notes:
      notApplicable.length > 0
        ? [`not applicable here (they change only what curl prints or saves): ${notApplicable.join(", ")}`]
        : [],
  };
  for (const flag of flags) applyFlag(draft, flag);
  return draft;
};

/** curl's `--aws-sigv4 "aws:amz:REGION:SERVICE"`; the region and service are required here. */
const AWS_PROVIDER = /^([^:]+):([^:]+):([^:]+):([^:]+)$/;

const awsConnection = (draft: Draft, value: string, user: { username: string; password: string }): CurlConnection => {
  const match = AWS_PROVIDER.exec(value.trim());
  if (!match) {
    throw new InvalidValue(
      'has --aws-sigv4 without a region and service; write it as --aws-sigv4 "aws:amz:REGION:SERVICE", e.g. "aws:amz:us-east-1:execute-api"',
    );
  }
  // The signer adds x-amz-security-token itself, from the session token.
  const token = draft.custom.find(({ key }) => key.toLowerCase() === "x-amz-security-token");
  draft.custom = draft.custom.filter((header) => header !== token);
  const fields = {
    accessKeyId: user.username,
    secretAccessKey: user.password,
    ...(token ? { sessionToken: token.value } : {}),
    region: match[3],
    service: match[4],
  };
  return { key: "awsSignatureV4", fields, secrets: [user.password, ...(token ? [token.value] : [])] };
};

/** -u, --digest, --aws-sigv4 and --oauth2-bearer: Basic credentials, or the connection they stand for. */
const settleAuth = (draft: Draft): Pick<CurlRequest, "basicAuth" | "connection"> => {
  const user = draft.user && toBasicAuth(draft.user.value, draft.user.typed);
  if (draft.bearer !== undefined) {
    if (user || draft.digest || draft.awsSigv4) {
      throw new InvalidValue("combines --oauth2-bearer with -u, --digest or --aws-sigv4; give one way to authenticate");
    }
    return { connection: { key: "bearerToken", fields: { token: draft.bearer }, secrets: [draft.bearer] } };
  }
  if (draft.digest && draft.awsSigv4) throw new InvalidValue("combines --digest with --aws-sigv4; give one of them");
  if ((draft.digest || draft.awsSigv4) && !user) {
    throw new InvalidValue(`has ${draft.digest ? "--digest" : "--aws-sigv4"} without -u 'user:password' to sign with`);
  }
  if (user && draft.digest) {
    const fields = { username: user.username, password: user.password };
    return { connection: { key: "digestAuth", fields, secrets: [user.password] } };
  }
  if (user && draft.awsSigv4) return { connection: awsConnection(draft, draft.awsSigv4, user) };
  return { basicAuth: user };
};

/** -x with -U's `user:password`; -U without -x names no proxy here. */
const settleProxy = (draft: Draft): URL | undefined => {
  const proxy = draft.proxy === undefined ? undefined : toProxyUrl(draft.proxy);
  if (!draft.proxyUser) return proxy;
  if (!proxy) {
    draft.notes.push("-U (--proxy-user) is not applicable: the command names no proxy with -x");
    return undefined;
  }
  const { username, password } = toBasicAuth(draft.proxyUser, "-U");
  const withUser = new URL(proxy.href);
  withUser.username = encodeURIComponent(username);
  withUser.password = encodeURIComponent(password);
  return withUser;
};

/**
 * Reads a pasted cURL command into a request, without running anything or reading files or
 * the environment. It takes `unknown` so it can be an input's `clean` as it is. Bash, Windows
 * cmd and PowerShell quoting are read. Options it does not understand are refused by name;
 * errors never quote a credential (a -u value, a header value, the URL).
 * @example parseCurl("curl -sS https://api.example.com/items -H 'Accept: application/json'").method // "GET"
 * @example parseCurl("curl -d 'name=Ada' https://api.example.com/users").impliedFormUrlencoded // true
 */
export const parseCurl = (command: unknown): CurlRequest => {
  if (isBlank(command)) throw new InvalidValue("is required");
  // The designer may hand over a reference to another step's output; only text is a command.
  if (typeof command !== "string") throw new InvalidValue(`must be text; got ${kindOf(command)}`);
  const draft = readDraft(wellFormed(command));
  const target = singleUrl(draft);
  refuseMixedBodies(draft);
  const auth = settleAuth(draft);
  const proxyUrl = settleProxy(draft);
  const headers = curlHeaders(draft.builtIn, draft.custom, draft.removed);
  const joined =
    draft.dataParts.length > 0
      ? draft.dataParts.map(({ text, joiner }, index) => (index === 0 ? text : `${joiner}${text}`)).join("")
      : undefined;
  const data = draft.get ? undefined : joined;
  const query = [...draft.urlQuery, ...(draft.get && joined !== undefined ? [joined] : [])];
  return {
    method: draft.method ?? impliedMethod(draft),
    ...(draft.methodSpelling ? { methodSpelling: draft.methodSpelling } : {}),
    url: withQueryParts(target, query),
    headers,
    data,
    impliedFormUrlencoded: data !== undefined && !hasContentType(headers),
    formFields: draft.formFields,
    ...auth,
    insecure: draft.insecure,
    followRedirects: draft.followRedirects,
    maxRedirects: draft.maxRedirects,
    timeoutMs: draft.timeoutMs,
    connectTimeoutMs: draft.connectTimeoutMs,
    proxyUrl,
    notes: draft.notes,
  };
};
