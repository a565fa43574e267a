import type { ResponseType } from "../../inputs/shared";
import type { ReceivedResponse } from "../result";
import { parseJson } from "./json";
import { decodeText } from "./text";

/** Turns a response read whole into the data the step returns for one Response Type. */
export type ResponseDecoder = (response: ReceivedResponse) => unknown;

/**
 * One entry per Response Type: a new type is a new entry, and the compiler refuses a type
 * without one. Each decoder fails with a ResponseFormatError saying what is wrong, never a
 * silent string.
 * @example RESPONSE_DECODERS.text(received) // "id,name\n1,Widget"
 */
export const RESPONSE_DECODERS: Readonly<Record<ResponseType, ResponseDecoder>> = {
  json: ({ body, headers }) => parseJson(body, headers["content-type"]),
  text: ({ body, headers }) => decodeText(body, headers["content-type"]),
  binary: ({ body }) => body,
};
