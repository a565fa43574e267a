import type { ResponseType } from "../../inputs/shared";
import type { ReceivedResponse } from "../result";
import { parseCsv } from "./csv";
import { parseJson } from "./json";
import { decodeText } from "./text";
import { parseXml } from "./xml";

/** What the step's inputs say about reading a body, besides its type. */
export interface DecodeOptions {
  /** Response Charset: decodes text in this charset whatever the response declares. */
  responseCharset?: string;
  /** CSV Header: the first CSV row names the keys of the others. */
  csvHeader: boolean;
}

/** Turns a response read whole into the data the step returns for one Response Type. */
export type ResponseDecoder = (response: ReceivedResponse, options: DecodeOptions) => unknown;

/**
 * One entry per Response Type: a new type is a new entry, and the compiler refuses a type
 * without one. Each decoder fails with a ResponseFormatError saying what is wrong, never a
 * silent string.
 * @example RESPONSE_DECODERS.text(received, { csvHeader: true }) // "id,name\n1,Widget"
 */
export const RESPONSE_DECODERS: Readonly<Record<ResponseType, ResponseDecoder>> = {
  json: ({ body, headers }, { responseCharset }) => parseJson(body, headers["content-type"], responseCharset),
  text: ({ body, headers }, { responseCharset }) => decodeText(body, headers["content-type"], responseCharset),
  binary: ({ body }) => body,
  xml: ({ body, headers }, { responseCharset }) => parseXml(body, headers["content-type"], responseCharset),
  csv: ({ body, headers }, { responseCharset, csvHeader }) =>
    parseCsv(body, headers["content-type"], responseCharset, csvHeader),
};

/** Response Types whose data is parsed into values Select can query. */
export const SELECTABLE_TYPES: ReadonlySet<ResponseType> = new Set(["json", "xml", "csv"]);
