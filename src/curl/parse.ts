import type { KeyValue } from "../inputs/keyValues";
import { InvalidValue, isBlank, kindOf, wellFormed } from "../inputs/values";
import { toRequestUrl } from "./arguments";
import { curlHeaders } from "./curlHeaders";
import { applyFlag, type Draft, newDraft } from "./draft";
import { readFlags } from "./flags";
import { extractHeredoc } from "./heredoc";
import { type CurlConnection, settleAuth, settleProxy } from "./settle";
import { toShellWords } from "./shellWords";
import { cmdWords, powershellWords, syntaxOf } from "./windowsWords";

export type { CurlConnection } from "./settle";

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
  const draft = newDraft([...positionals], stdin, notApplicable);
  for (const flag of flags) applyFlag(draft, flag);
  return draft;
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
