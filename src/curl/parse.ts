import { type KeyValue, toHeaderList } from "../inputs/keyValues";
import { InvalidValue, isBlank, kindOf, wellFormed } from "../inputs/values";
import { asCurlSends, toBasicAuth, toHeader, toMethod, toMilliseconds, toProxyUrl, toRequestUrl } from "./arguments";
import { type DataFlag, type FormFlag, toDataPart, toFormField } from "./bodyArguments";
import { type FoundFlag, readFlags, type SwitchFlag, type ValueFlag } from "./flags";
import { toShellWords } from "./shellWords";

/** A pasted cURL command, read into what the request builder needs. */
export interface CurlRequest {
  /** Upper case. */
  method: string;
  /** Absolute http(s) URL; with `-G` the data is already in its query. */
  url: URL;
  /** From -H (and -A, -e, -b), in order; repeated names are kept. */
  headers: KeyValue<string>[];
  /** Body text from -d/--data-raw/--data-binary/--data-urlencode, joined as curl joins them. */
  data?: string;
  /** True when the body came from -d style flags and no Content-Type header was given (curl then sends application/x-www-form-urlencoded). */
  impliedFormUrlencoded: boolean;
  /** From -F name=value and --form-string; any makes the request multipart. */
  formFields: KeyValue<string>[];
  /** From -u user:password. */
  basicAuth?: { username: string; password: string };
  /** -k */
  insecure: boolean;
  /** -L */
  followRedirects: boolean;
  /** --max-time, in milliseconds. */
  timeoutMs?: number;
  /** --connect-timeout, in milliseconds. */
  connectTimeoutMs?: number;
  /** -x */
  proxyUrl?: URL;
}

/** What the options say so far; the method and URL are settled once all are read. */
interface Draft extends Omit<CurlRequest, "method" | "url" | "data" | "impliedFormUrlencoded"> {
  method?: string;
  urls: string[];
  dataParts: string[];
  get: boolean;
  head: boolean;
}

type ValueHandler = (draft: Draft, value: string, typed: string) => void;

const namedHeader =
  (key: string): ValueHandler =>
  (draft, value) => {
    draft.headers.push(...toHeaderList([{ key, value: asCurlSends(value) }]));
  };
const addData =
  (flag: DataFlag): ValueHandler =>
  (draft, value, typed) => {
    draft.dataParts.push(toDataPart(flag, value, typed));
  };
const addFormField =
  (flag: FormFlag): ValueHandler =>
  (draft, value, typed) => {
    draft.formFields.push(toFormField(flag, value, typed));
  };

/** One function per option; a later value wins where curl lets it, like -X, -u and --max-time. */
const VALUE_HANDLERS: Record<ValueFlag, ValueHandler> = {
  method: (draft, value, typed) => {
    draft.method = toMethod(value, typed);
  },
  header: (draft, value, typed) => {
    const header = toHeader(value, typed);
    if (header) draft.headers.push(header); // `Name:` asks for no such header
  },
  userAgent: namedHeader("User-Agent"),
  referer: namedHeader("Referer"),
  cookie: (draft, value, typed) => {
    // Without `=` curl reads the value as a cookie file name.
    if (!value.includes("=")) {
      throw new InvalidValue(
        `reads cookies from a file with ${typed}, which this action cannot do; write them as ${typed} 'name=value'`,
      );
    }
    namedHeader("Cookie")(draft, value, typed);
  },
  data: addData("data"),
  dataRaw: addData("dataRaw"),
  dataBinary: addData("dataBinary"),
  dataUrlencode: addData("dataUrlencode"),
  form: addFormField("form"),
  formString: addFormField("formString"),
  user: (draft, value, typed) => {
    draft.basicAuth = toBasicAuth(value, typed);
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
  proxy: (draft, value) => {
    draft.proxyUrl = toProxyUrl(value);
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

/** Settles the one URL: curl takes several and makes a request for each; a step makes one. */
const singleUrl = (draft: Draft): URL => {
  if (draft.urls.includes("^")) {
    throw new InvalidValue("uses ^ to continue lines (Windows cmd); end each continued line with \\ instead");
  }
  if (draft.urls.length === 0) throw new InvalidValue("has no URL to call");
  if (draft.urls.length > 1)
    throw new InvalidValue(`has ${draft.urls.length} URLs; this action sends one request, to one URL`);
  return toRequestUrl(draft.urls[0]);
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
};

const impliedMethod = (draft: Draft): string => {
  if (draft.head) return "HEAD";
  if (draft.formFields.length > 0) return "POST";
  return draft.dataParts.length > 0 && !draft.get ? "POST" : "GET";
};

/** With -G, curl appends the data to the URL's query, after any query it already has. */
const withDataInQuery = (url: URL, data: string): URL => {
  const moved = new URL(url.href);
  moved.search = moved.search.length > 1 ? `${moved.search.slice(1)}&${data}` : data;
  return moved;
};

const hasContentType = (headers: KeyValue<string>[]): boolean =>
  headers.some(({ key }) => key.toLowerCase() === "content-type");

const readDraft = (command: string): Draft => {
  const words = toShellWords(command);
  requireCurl(words[0]);
  const { flags, positionals } = readFlags(words.slice(1));
  const draft: Draft = {
    urls: [...positionals],
    headers: [],
    dataParts: [],
    formFields: [],
    get: false,
    head: false,
    insecure: false,
    followRedirects: false,
  };
  for (const flag of flags) applyFlag(draft, flag);
  return draft;
};

/**
 * Reads a pasted cURL command into a request, without running anything or reading files or
 * the environment. It takes `unknown` so it can be an input's `clean` as it is. Options it does not understand are refused by name; errors never quote a
 * credential (a -u value, a header value, the URL).
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
  const { method, urls: _urls, dataParts, get, head: _head, ...settled } = draft;
  const joined = dataParts.length > 0 ? dataParts.join("&") : undefined;
  const data = get ? undefined : joined;
  return {
    ...settled,
    method: method ?? impliedMethod(draft),
    url: get && joined ? withDataInQuery(target, joined) : target,
    data,
    impliedFormUrlencoded: data !== undefined && !hasContentType(settled.headers),
  };
};
