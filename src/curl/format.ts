import type { Redactor } from "../request/masking/redactor";

/** A request as it was sent, described for the debug log. */
export interface SentRequest {
  method: string;
  url: URL;
  /** Repeated values become repeated -H. */
  headers: Record<string, string | string[]>;
  body?:
    | { kind: "none" }
    | { kind: "text"; text: string }
    | { kind: "binary"; length: number; contentType?: string }
    | {
        kind: "multipart";
        fields: { key: string; value: string }[];
        files: { field: string; fileName: string; contentType?: string; length: number }[];
      };
  /** Adds -k. */
  insecure?: boolean;
  /** Adds -x, credentials masked. */
  proxyUrl?: URL;
  /** Adds --cert and --key (or --cert-type P12) placeholders: the files hold secrets and cannot be pasted. */
  clientCertificate?: "pem" | "pkcs12";
  /**
   * Adds a --cacert placeholder. curl's --cacert replaces its roots where the step adds to the
   * system's, so the file curl is given must hold both (the README says so).
   */
  caCertificates?: boolean;
  /** The connection's own flags for a scheme curl knows (`--digest`, `--aws-sigv4 ...`), with placeholders. */
  schemeFlags?: string[];
}

/** Between the parts of the command: one option per line, continued POSIX-style. */
const LINE_BREAK = " \\\n  ";
/** A method that is a plain token needs no quotes; anything else is quoted. */
const PLAIN_WORD = /^[A-Za-z0-9_.-]+$/;
/** curl computes the length itself, and a masked body would make a copied one wrong. */
const COMPUTED_BY_CURL = "content-length";
/** In a -F file name or type these would end or split the word, so curl wants it in double quotes. */
const FORM_WORD_SPECIALS = /[;,"\\]/;
/** In a -F value curl reads these as a file, quoting or part attributes; --form-string does not. */
const FORM_VALUE_SPECIALS = /^[@<"]|;/;

/**
 * Quotes one word for a POSIX shell: inside single quotes nothing is special, and a single
 * quote itself is written as `'\''`.
 * @example shellQuote("it's") // "'it'\\''s'"
 */
export const shellQuote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`;

const headerFlags = (request: SentRequest, redactor: Redactor): string[] => {
  const isMultipart = request.body?.kind === "multipart";
  return Object.entries(request.headers).flatMap(([name, values]) => {
    const lower = name.toLowerCase();
    // For -F curl writes its own multipart Content-Type, with the boundary of the body it builds.
    if (lower === COMPUTED_BY_CURL || (isMultipart && lower === "content-type")) return [];
    return (Array.isArray(values) ? values : [values]).map((value) => {
      const shown = String(redactor.headers({ [name]: value })[name]);
      // `Name:` would tell curl to drop the header; `Name;` sends it empty.
      return `-H ${shellQuote(shown === "" ? `${name};` : `${name}: ${shown}`)}`;
    });
  });
};

const formWord = (word: string): string =>
  FORM_WORD_SPECIALS.test(word) ? `"${word.replace(/["\\]/g, "\\$&")}"` : word;

const multipartFlags = (body: Extract<SentRequest["body"], { kind: "multipart" }>, redactor: Redactor): string[] => [
  ...body.fields.map(({ key, value }) => {
    const shown = redactor.text(value);
    const flag = FORM_VALUE_SPECIALS.test(shown) ? "--form-string" : "-F";
    return `${flag} ${shellQuote(`${redactor.text(key)}=${shown}`)}`;
  }),
  ...body.files.map(({ field, fileName, contentType }) => {
    const type = contentType ? `;type=${formWord(contentType)}` : "";
    return `-F ${shellQuote(`${redactor.text(field)}=@${formWord(redactor.text(fileName))}${type}`)}`;
  }),
];

const bodyFlags = (body: SentRequest["body"], redactor: Redactor): string[] => {
  switch (body?.kind) {
    case undefined:
    case "none":
      return [];
    case "text":
      return [`--data-raw ${shellQuote(redactor.text(body.text))}`];
    case "binary": {
      // The bytes cannot be pasted; the placeholder says what to put in their place.
      const type = body.contentType ? ` of ${body.contentType}` : "";
      return [`--data-binary ${shellQuote(`@<${body.length} bytes${type}>`)}`];
    }
    case "multipart":
      return multipartFlags(body, redactor);
    default: {
      const unknownBody: never = body;
      throw new Error(`Unhandled body kind: ${JSON.stringify(unknownBody)}`);
    }
  }
};

/** The files curl would read the client certificate and CAs from, as placeholders naming what goes there. */
const certificateFlags = ({ clientCertificate, caCertificates }: SentRequest): string[] => [
  ...(clientCertificate === "pem" ? ["--cert '<client-certificate.pem>'", "--key '<private-key.pem>'"] : []),
  ...(clientCertificate === "pkcs12" ? ["--cert-type P12", "--cert '<client-bundle.p12>:<passphrase>'"] : []),
  ...(caCertificates ? ["--cacert '<ca-certificates.pem>'"] : []),
];

const transportFlags = (request: SentRequest, redactor: Redactor): string[] => [
  ...(request.insecure ? ["-k"] : []),
  ...(request.schemeFlags ?? []),
  ...certificateFlags(request),
  ...(request.proxyUrl ? [`-x ${shellQuote(redactor.url(request.proxyUrl))}`] : []),
];

/** `-X HEAD` makes curl wait for a body that never comes; `-I` is curl's way to send HEAD. */
const methodFlag = (method: string): string =>
  method.toUpperCase() === "HEAD" ? "-I" : `-X ${PLAIN_WORD.test(method) ? method : shellQuote(method)}`;

/**
 * The cURL command that repeats a request that was sent, for the debug log: one option per
 * line, each value quoted for a POSIX shell, every secret masked by the redactor. Bodies that
 * cannot be pasted (binary data, files) appear as placeholders naming their size and type.
 * @example toCurl({ method: "GET", url: new URL("https://api.example.com/items"), headers: { Accept: "application/json" } }, new Redactor([]))
 * // "curl -X GET 'https://api.example.com/items' \\\n  -H 'Accept: application/json'"
 */
export const toCurl = (request: SentRequest, redactor: Redactor): string =>
  [
    `curl ${methodFlag(request.method)} ${shellQuote(redactor.url(request.url))}`,
    ...headerFlags(request, redactor),
    ...bodyFlags(request.body, redactor),
    ...transportFlags(request, redactor),
  ].join(LINE_BREAK);
