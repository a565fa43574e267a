/**
 * What an action's result shows a person: its body as text, bytes or JSON, and, when the result
 * carries them, the status, content type and branch it came with. The platform wraps every body
 * in `{ data }` (bytes in `{ data, contentType }`); the runner prints the body itself, so text
 * reads as text and `jq` gets the JSON the server sent. A result that is more than that envelope
 * (the branching action's `{ branch, data }`) is shown whole, since its branch is part of the answer.
 */

/** A body as the runner prints or saves it. */
export type Body =
  | { kind: "text"; text: string }
  | { kind: "binary"; bytes: Buffer; contentType?: string }
  | { kind: "json"; value: unknown };

/** The full-response shape: the data with its status and headers. */
export interface FullResponse {
  data: unknown;
  status: number;
  headers: Record<string, unknown>;
}

/** A response as `-o` saves it: the body and what the summary says about it. */
export interface SavedResponse {
  body: Body;
  status?: number;
  contentType?: string;
  branch?: string;
}

const ENVELOPE_KEYS: ReadonlySet<string> = new Set(["data", "contentType"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);

const isFullResponse = (value: unknown): value is FullResponse =>
  isRecord(value) && typeof value.status === "number" && isRecord(value.headers);

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

const textOf = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/**
 * The status and data a result shows: the full response, or for the pagination action the
 * collected items with the status of the last page it read.
 * @example asFullResponse({ data: { data: [1], status: 200, headers: {} } }) // { data: [1], status: 200, headers: {} }
 */
export const asFullResponse = (result: unknown): FullResponse | undefined => {
  const data = isRecord(result) ? result.data : undefined;
  if (isFullResponse(data)) return data;
  const lastPage = isRecord(data) ? data.lastResponse : undefined;
  return isFullResponse(lastPage) && isRecord(data) ? { ...lastPage, data: data.items } : undefined;
};

/**
 * A value as a body: text when the Response Type asked for text, bytes as bytes, else JSON.
 * @example classify("a,b", "text") // { kind: "text", text: "a,b" }
 * @example classify("a,b", "json") // { kind: "json", value: "a,b" }
 */
export const classify = (value: unknown, responseType: string | undefined, contentType?: string): Body => {
  if (value instanceof Uint8Array) return { kind: "binary", bytes: asBuffer(value), contentType };
  if (responseType === "text" && typeof value === "string") return { kind: "text", text: value };
  return { kind: "json", value };
};

/**
 * The body the runner prints for a result: the data of a `{ data }` or `{ data, contentType }`
 * envelope, or the whole result when it holds more.
 * @example bodyOf({ data: "id,name\n" }, "text") // { kind: "text", text: "id,name\n" }
 * @example bodyOf({ branch: "Error", data: { status: 404 } }, "json") // { kind: "json", value: { branch: "Error", ... } }
 */
export const bodyOf = (result: unknown, responseType: string | undefined): Body => {
  const envelope = isRecord(result) && "data" in result && Object.keys(result).every((key) => ENVELOPE_KEYS.has(key));
  if (!envelope) return { kind: "json", value: result };
  return classify(result.data, responseType, textOf(result.contentType));
};

/**
 * What `-o` saves of a result: the body of the full response (which the runner asks for when
 * saving) with its status, content type and branch; the printed body when there is no full response.
 * @example savedResponse({ data: { data: Buffer.from("%PDF"), status: 200, headers: { "content-type": "application/pdf" } } }, "binary")
 * // { body: { kind: "binary", bytes: <Buffer 25 50 44 46>, ... }, status: 200, contentType: "application/pdf" }
 */
export const savedResponse = (result: unknown, responseType: string | undefined): SavedResponse => {
  const full = asFullResponse(result);
  const branch = isRecord(result) ? textOf(result.branch) : undefined;
  if (!full) {
    const body = bodyOf(result, responseType);
    return { body, ...(body.kind === "binary" && body.contentType ? { contentType: body.contentType } : {}) };
  }
  const contentType = textOf(full.headers["content-type"]);
  return {
    body: classify(full.data, responseType, contentType),
    status: full.status,
    ...(contentType ? { contentType } : {}),
    ...(branch ? { branch } : {}),
  };
};
