import type { ActionLogger } from "@prismatic-io/spectral";
import { type SentRequest, toCurl } from "../curl/format";
import type { ClientIdentity } from "../tls/identity";
import type { BodySource, EncodedBody } from "./body";
import { previewText } from "./decode/text";
import { excerpt } from "./excerpt";
import { isCredentialName } from "./masking/names";
import { MASK, type Redactor, shownUrl } from "./masking/redactor";
import type { ReceivedResponse } from "./result";

const DAY_MS = 24 * 60 * 60 * 1000;
/** A client certificate closer than this to its expiry is warned about on every step. */
const EXPIRY_WARNING_DAYS = 30;

/** How much of a textual body a debug line shows. */
const PREVIEW_CHARS = 2000;
/** How much of a body is masked for a preview: enough that masking before the cut leaves the preview whole. */
const PREVIEW_SOURCE_BYTES = 64 * 1024;

/** The start of a body as text, in its charset, for a preview: a large body is never decoded or masked whole. */
export const previewOf = ({ body, headers }: Pick<ReceivedResponse, "body" | "headers">): string =>
  previewText(body.subarray(0, PREVIEW_SOURCE_BYTES), headers["content-type"]);

/** A form body as text, with credential-like fields masked by name as well as by value. */
const maskedForm = (pairs: Array<[string, string]>, redactor: Redactor): string =>
  pairs.map(([key, value]) => `${key}=${isCredentialName(key) ? MASK : redactor.text(value)}`).join("&");

const describeBody = (source: BodySource, body: EncodedBody, redactor: Redactor): string => {
  switch (source.kind) {
    case "none":
      return "(none)";
    case "json":
    case "text":
      return excerpt(redactor.text(source.text), PREVIEW_CHARS);
    case "binary":
      return `<${body.length} bytes of ${body.contentType}>`;
    case "urlencoded":
      return maskedForm(source.pairs, redactor);
    case "multipart": {
      const fields = source.fields.map(({ key }) => key);
      const files = source.files.map((part) => `${part.field} (${part.fileName}, ${part.file.bytes.length} bytes)`);
      return `<multipart/form-data, ${body.length} bytes; fields: ${fields.join(", ") || "none"}; files: ${files.join(", ") || "none"}>`;
    }
    default: {
      const unknownKind: never = source;
      return `<${String(unknownKind)}>`;
    }
  }
};

/** A form body as it goes on the wire (URLSearchParams' encoding), credential-like fields masked. */
const encodedMaskedForm = (pairs: Array<[string, string]>, redactor: Redactor): string =>
  pairs
    .map(([key, value]) => {
      const encoded = new URLSearchParams([[key, value]]).toString();
      const name = encoded.slice(0, encoded.indexOf("="));
      return isCredentialName(key) ? `${name}=${MASK}` : redactor.text(encoded);
    })
    .join("&");

/** The body as the cURL command shows it: text as text, bytes and files as placeholders. */
const curlBody = (source: BodySource, body: EncodedBody, redactor: Redactor): SentRequest["body"] => {
  switch (source.kind) {
    case "none":
      return { kind: "none" };
    case "json":
    case "text":
      return { kind: "text", text: source.text };
    case "urlencoded":
      // Encoded as it was sent, so a pasted copy sends the same bytes.
      return { kind: "text", text: encodedMaskedForm(source.pairs, redactor) };
    case "binary":
      return { kind: "binary", length: body.length, contentType: body.contentType };
    case "multipart":
      return {
        kind: "multipart",
        fields: source.fields,
        files: source.files.map(({ field, fileName, file }) => ({
          field,
          fileName,
          contentType: file.contentType,
          length: file.bytes.length,
        })),
      };
    default: {
      const unknownKind: never = source;
      return { kind: "text", text: String(unknownKind) };
    }
  }
};

/**
 * The cURL command that repeats a request outside the platform, secrets as placeholders: what
 * Debug Request logs and Include Full Response returns as `curlCommand`. Pasted into Run a cURL
 * command, it sends the same request.
 * @example curlCommandOf(request, redactor) // "curl -X POST 'https://api.example.com/orders' -H 'Authorization: Bearer <token>' ..."
 */
export const curlCommandOf = ({ source, body, ...request }: LoggedRequest, redactor: Redactor): string =>
  toCurl({ ...request, body: curlBody(source, body, redactor) }, redactor);

/** A request as the debug log describes it. */
export interface LoggedRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
  source: BodySource;
  body: EncodedBody;
  insecure: boolean;
  proxyUrl?: URL;
  clientCertificate?: SentRequest["clientCertificate"];
  caCertificates?: boolean;
  schemeFlags?: string[];
}

/**
 * Every line a request writes to the step's log. Debug lines are built only when Debug Request
 * is on, so a request without it pays nothing; every line goes through the redactor.
 */
export class RequestLog {
  /**
   * `secretAnswers` is set for a credential exchange (a token request): its response body is a
   * credential, so it is described, never shown.
   */
  constructor(
    private readonly logger: ActionLogger | undefined,
    private readonly redactor: Redactor,
    private readonly debug: boolean,
    private readonly secretAnswers = false,
  ) {}

  /** Whether Debug Request is on: what only debug lines need is worked out only then. */
  get debugging(): boolean {
    return this.debug;
  }

  /** What a pasted cURL command's options did not apply, with the debug output. */
  notes(notes: readonly string[] | undefined): void {
    if (!this.debug) return;
    for (const note of notes ?? []) this.write("info", `cURL command: ${this.redactor.text(note)}`);
  }

  /** The request, and the cURL command that repeats it outside the platform. */
  request({ method, url, headers, source, body, ...transport }: LoggedRequest): void {
    if (!this.debug) return;
    this.write("info", "HTTP request", {
      method,
      url: shownUrl(this.redactor, url),
      headers: this.redactor.headers(headers),
      body: describeBody(source, body, this.redactor),
    });
    this.write(
      "info",
      `Equivalent cURL command:\n${curlCommandOf({ method, url, headers, source, body, ...transport }, this.redactor)}`,
    );
  }

  /**
   * Which client certificate the step presents; a warning, debug or not, when it expires within
   * 30 days, so the renewal is not found by an outage.
   */
  identity(identity: ClientIdentity | undefined, now = Date.now()): void {
    if (!identity) return;
    const { subject, issuer, validTo } = identity.certificate;
    const days = Math.floor((validTo.getTime() - now) / DAY_MS);
    if (days < EXPIRY_WARNING_DAYS) {
      this.write("warn", `The client certificate ${subject} expires on ${validTo.toISOString()}, in ${days} days`);
    }
    if (this.debug) {
      this.write("info", "Client certificate", { subject, issuer, expires: validTo.toISOString() });
    }
  }

  response(response: ReceivedResponse): void {
    if (!this.debug) return;
    const isText = /json|text|xml|html|urlencoded/i.test(String(response.headers["content-type"] ?? ""));
    const hidden = this.secretAnswers ? "; not shown: a token endpoint's answer is a credential" : "";
    this.write("info", "HTTP response", {
      status: response.status,
      statusText: this.redactor.text(response.statusText),
      url: shownUrl(this.redactor, response.url),
      headers: this.redactor.headers(response.headers),
      body:
        isText && !hidden
          ? excerpt(this.redactor.text(previewOf(response)), PREVIEW_CHARS)
          : `<${response.body.length} bytes${hidden}>`,
    });
  }

  /** Retries and redirects are logged whether or not debugging is on: they explain a slow step. */
  retry(method: string, url: URL, retryNumber: number, retries: number, reason: string, waitMs: number): void {
    this.write(
      "warn",
      `Retry ${retryNumber} of ${retries} for ${method} ${shownUrl(this.redactor, url)} after ${this.redactor.text(reason)}; waiting ${waitMs} ms`,
    );
  }

  redirect(status: number, from: URL, to: URL): void {
    if (!this.debug) return;
    this.write("info", `Redirect ${status} from ${shownUrl(this.redactor, from)} to ${shownUrl(this.redactor, to)}`);
  }

  private write(level: "info" | "warn", message: string, details?: Record<string, unknown>): void {
    const line = details ? `${message}: ${JSON.stringify(details)}` : message;
    this.logger?.[level](line);
  }
}
