import type { ActionLogger } from "@prismatic-io/spectral";
import { type SentRequest, toCurl } from "../curl/format";
import type { BodySource, EncodedBody } from "./body";
import { MASK, Redactor } from "./redact";
import type { ReceivedResponse } from "./result";
import { excerpt } from "./result";

/** How much of a textual body a debug line shows. */
const PREVIEW_CHARS = 2000;

/** A form body as text, with credential-like fields masked by name as well as by value. */
const maskedForm = (pairs: Array<[string, string]>, redactor: Redactor): string =>
  pairs.map(([key, value]) => `${key}=${Redactor.isSensitiveParameter(key) ? MASK : redactor.text(value)}`).join("&");

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

/** The body as the cURL command shows it: text as text, bytes and files as placeholders. */
const curlBody = (source: BodySource, body: EncodedBody, redactor: Redactor): SentRequest["body"] => {
  switch (source.kind) {
    case "none":
      return { kind: "none" };
    case "json":
    case "text":
      return { kind: "text", text: source.text };
    case "urlencoded":
      return { kind: "text", text: maskedForm(source.pairs, redactor) };
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

/** A request as the debug log describes it. */
export interface LoggedRequest {
  method: string;
  url: URL;
  headers: Record<string, string | string[]>;
  source: BodySource;
  body: EncodedBody;
  insecure: boolean;
  proxyUrl?: URL;
}

/**
 * Every line a request writes to the step's log. Debug lines are built only when Debug Request
 * is on, so a request without it pays nothing; every line goes through the redactor.
 */
export class RequestLog {
  constructor(
    private readonly logger: ActionLogger | undefined,
    private readonly redactor: Redactor,
    private readonly debug: boolean,
  ) {}

  /** The request, and the cURL command that repeats it outside the platform. */
  request({ method, url, headers, source, body, insecure, proxyUrl }: LoggedRequest): void {
    if (!this.debug) return;
    this.write("info", "HTTP request", {
      method,
      url: this.redactor.url(url),
      headers: this.redactor.headers(headers),
      body: describeBody(source, body, this.redactor),
    });
    const sent = { method, url, headers, body: curlBody(source, body, this.redactor), insecure, proxyUrl };
    this.write("info", `Equivalent cURL command:\n${toCurl(sent, this.redactor)}`);
  }

  response(response: ReceivedResponse): void {
    if (!this.debug) return;
    const isText = /json|text|xml|html|urlencoded/i.test(String(response.headers["content-type"] ?? ""));
    this.write("info", "HTTP response", {
      status: response.status,
      statusText: response.statusText,
      url: this.redactor.url(response.url),
      headers: this.redactor.headers(response.headers),
      body: isText
        ? excerpt(this.redactor.text(response.body.toString("utf8")), PREVIEW_CHARS)
        : `<${response.body.length} bytes>`,
    });
  }

  /** Retries and redirects are logged whether or not debugging is on: they explain a slow step. */
  retry(method: string, url: URL, retryNumber: number, retries: number, reason: string, waitMs: number): void {
    this.write(
      "warn",
      `Retry ${retryNumber} of ${retries} for ${method} ${this.redactor.url(url)} after ${reason}; waiting ${waitMs} ms`,
    );
  }

  redirect(status: number, from: URL, to: URL): void {
    if (!this.debug) return;
    this.write("info", `Redirect ${status} from ${this.redactor.url(from)} to ${this.redactor.url(to)}`);
  }

  private write(level: "info" | "warn", message: string, details?: Record<string, unknown>): void {
    const line = details ? `${message}: ${JSON.stringify(details)}` : message;
    this.logger?.[level](line);
  }
}
