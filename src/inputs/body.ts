import { input } from "@prismatic-io/spectral";
import { toKeyValueList } from "./keyValues";
import { withInputNames } from "./named";
import { toChoice } from "./values";

/** A body left empty: only a truly empty value counts, so a body of spaces is still sent. */
const toOptionalBody = (value: unknown): unknown => (value === "" || value === null ? undefined : value);

/** What POST, PUT and PATCH add: the payload. */
export const dataInputs = withInputNames({
  data: input({
    label: "Data",
    placeholder: "Data to send",
    type: "string",
    required: false,
    comments:
      "The HTTP body payload to send to the URL. Must be a string or a reference to output from a previous step. Objects and JSON text are sent as JSON; a file from a previous step is sent as-is with its content type.",
    example: '{"name": "Acme", "plan": "enterprise"}',
    clean: toOptionalBody,
  }),
});

export const FORM_METHODS = ["post", "put"] as const;

/** What the form upload action adds: its verb and the multipart parts. */
export const formInputs = withInputNames({
  httpMethod: input({
    label: "HTTP Method",
    type: "string",
    required: true,
    default: "post",
    model: FORM_METHODS.map((value) => ({ label: value.toUpperCase(), value })),
    comments: "The HTTP method to send the form with.",
    example: "post",
    clean: (value: unknown) => toChoice(value, FORM_METHODS, "post"),
  }),
  formData: input({
    label: "Form Data",
    placeholder: "Field name and value",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments: "The Form Data to be sent as a multipart form upload.",
    example: "description: Quarterly report",
    clean: toKeyValueList,
  }),
  fileData: input({
    label: "File Data",
    placeholder: "Field name and file",
    type: "data",
    collection: "keyvaluelist",
    required: false,
    comments:
      "File Data to be sent as a multipart form upload. Each value may be text, or a file from a previous step (its content type is kept).",
    example: "report: <a file from a previous step>",
    clean: toKeyValueList,
  }),
  fileDataFileNames: input({
    label: "File Data File Names",
    placeholder: "Field name and file name",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments: "File names to apply to the file data inputs. Keys must match the file data keys above.",
    example: "report: report-2024-q3.pdf",
    clean: toKeyValueList,
  }),
});
