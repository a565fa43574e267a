import { type KeyValue, toHeaderList } from "../inputs/keyValues";
import { InvalidValue, wellFormed } from "../inputs/values";
import { MAX_REDIRECTS_LIMIT } from "../limits";
import { asCurlSends, toHeader, toMethod, toMilliseconds } from "./arguments";
import { type DataFlag, type FormFlag, type Stdin, toDataPart, toFormField, urlencoded } from "./bodyArguments";
import type { BuiltInHeaders } from "./curlHeaders";
import type { FoundFlag, SwitchFlag, ValueFlag } from "./flags";

/** What the options of a pasted command say so far; the method, URL and headers are settled once all are read (parse.ts). */
export interface Draft {
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
    // `-A ''` makes curl send none; the connector always sends its own (the reference page says so).
    draft.builtIn.userAgent = value === "" ? undefined : headerText(value);
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

/**
 * Applies one option to the draft, as curl would: see the handler tables above.
 * @example applyFlag(draft, { kind: "switch", name: "location", typed: "-L" }) // draft.followRedirects === true
 */
export const applyFlag = (draft: Draft, flag: FoundFlag): void => {
  if (flag.kind === "switch") SWITCH_HANDLERS[flag.name](draft);
  else VALUE_HANDLERS[flag.name](draft, flag.value, flag.typed);
};

/**
 * A draft before any option is read: the words that are not options are its URLs, the heredoc
 * its standard input, and the options that do not apply its first note.
 * @example newDraft(["https://x.test"], undefined, []).urls // ["https://x.test"]
 */
export const newDraft = (urls: string[], stdin: Stdin, notApplicable: string[]): Draft => ({
  urls,
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
});
