import type { ActionInputParameters, Connection } from "@prismatic-io/spectral";
import type { dataInputs, multipartInputs } from "../inputs/body";
import type { sharedInputs, urlInputs } from "../inputs/shared";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type SharedValues = ActionInputParameters<typeof urlInputs & typeof sharedInputs>;
type DataValues = ActionInputParameters<typeof dataInputs>;
type FormValues = ActionInputParameters<typeof multipartInputs>;
/** How a body is read as data; optional, since GraphQL and pagination read JSON and offer only some. */
type ResponseDataKey = "csvHeader" | "responseCharset" | "select";
/** Offered by the request actions only: pages and GraphQL answers are not long-running operations. */
type CompletionKeys = "waitForCompletion" | "pollIntervalMS";

/**
 * Everything an action hands the request builder: its verb and its cleaned inputs. Body inputs
 * are optional because each verb adds only its own, and so are the ways of reading the body
 * that not every action offers.
 */
export type RequestSpec = Omit<SharedValues, "connection" | ResponseDataKey | CompletionKeys> &
  Partial<Pick<SharedValues, ResponseDataKey | CompletionKeys>> &
  Partial<DataValues> &
  Partial<FormValues> & {
    method: HttpMethod;
    /** An optional input: the designer may leave it empty. */
    connection?: Connection | null | "";
    /** Values only the builder's own callers know to be secret, e.g. a token request's password. */
    secrets?: string[];
    /**
     * Set by a caller whose answer is itself a credential (a token endpoint): the body is never
     * quoted in an error or a log line, and a redirect to another origin is refused, not followed.
     */
    credentialExchange?: boolean;
    /**
     * Send only the headers given (plus User-Agent, Host and the body's Content-Type and length):
     * no Accept from axios, no Accept-Encoding of our own. Set by httpCurl, whose command says
     * every header curl would send.
     */
    bareHeaders?: boolean;
    /**
     * The method as typed, when its case differs from `method` (`-X post` in a cURL command):
     * sent on the wire as typed, as curl does. Everything else (retries, redirects) reads `method`.
     */
    methodSpelling?: string;
    /** Lines the debug log writes before the request: what a pasted command's options did not apply. */
    notes?: string[];
  };
