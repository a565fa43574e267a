import { input } from "@prismatic-io/spectral";
import { toFileList, toOptionalHeaderValue, toSingleTextList, toTextList } from "./keyValues";
import { withInputNames } from "./named";
import { toChoice } from "./values";

/** A body left empty: only a truly empty value counts, so a body of spaces is still sent. */
const toOptionalBody = (value: unknown): unknown => (value === "" || value === null ? undefined : value);

export const BODY_TYPES = ["auto", "json", "raw", "form-urlencoded", "binary", "none"] as const;
export type BodyType = (typeof BODY_TYPES)[number];

/** What POST, PUT and PATCH add: the payload and how to send it. */
export const dataInputs = withInputNames({
  bodyType: input({
    label: "Body Type",
    placeholder: "Body Type",
    type: "string",
    required: false,
    default: "auto",
    model: [
      { label: "Automatic (from the Data value)", value: "auto" },
      { label: "JSON", value: "json" },
      { label: "Raw (XML, CSV, ...) with the Content Type below", value: "raw" },
      { label: "Form URL-encoded (from Form Fields)", value: "form-urlencoded" },
      { label: "Binary file (from Data)", value: "binary" },
      { label: "None", value: "none" },
    ],
    comments:
      "How the body is sent. Automatic: objects and JSON text as JSON, files as binary, other text as text. JSON: Data must be an object or JSON text. Raw: Data sent byte for byte with the Content Type below. Form URL-encoded: the Form Fields list. Binary: Data must be a file from a previous step. None: no body.",
    example: "auto",
    clean: (value: unknown): BodyType => toChoice(value, BODY_TYPES, "auto"),
  }),
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
  contentType: input({
    label: "Content Type",
    placeholder: "application/xml",
    type: "string",
    required: false,
    comments:
      "The Content-Type of a Raw or Binary body, e.g. application/xml, text/csv or application/pdf. A Content-Type header set above still wins.",
    example: "application/xml",
    clean: toOptionalHeaderValue,
  }),
  formFields: input({
    label: "Form Fields",
    placeholder: "Field name and value",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments:
      "The fields of a Form URL-encoded body (application/x-www-form-urlencoded). Repeated names are kept in order.",
    example: "grant_type: client_credentials",
    clean: toTextList,
  }),
});

export const FORM_METHODS = ["post", "put"] as const;

/** The form upload action's verb. */
export const formMethodInputs = withInputNames({
  httpMethod: input({
    label: "HTTP Method",
    placeholder: "HTTP Method",
    type: "string",
    required: true,
    default: "post",
    model: FORM_METHODS.map((value) => ({ label: value.toUpperCase(), value })),
    comments: "The HTTP method to send the form with.",
    example: "post",
    clean: (value: unknown) => toChoice(value, FORM_METHODS, "post"),
  }),
});

/** The parts of a multipart/form-data body. */
export const multipartInputs = withInputNames({
  formData: input({
    label: "Form Data",
    placeholder: "Field name and value",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments:
      "The Form Data to be sent as a multipart form upload. A value that is a list is sent as Array Format says (one part per item by default); an object as its JSON text.",
    example: "description: Quarterly report",
    clean: toTextList,
  }),
  fileData: input({
    label: "File Data",
    placeholder: "Field name and file",
    type: "data",
    collection: "keyvaluelist",
    required: false,
    comments:
      "File Data to be sent as a multipart form upload. Each value may be text, or a file from a previous step (its content type is kept, and so is its fileName if it has one).",
    example: "report: <a file from a previous step>",
    clean: toFileList,
  }),
  fileDataFileNames: input({
    label: "File Data File Names",
    placeholder: "Field name and file name",
    type: "string",
    collection: "keyvaluelist",
    required: false,
    comments:
      "File names to apply to the file data inputs. Keys must match the file data keys above. A file not named here keeps the fileName it came with, or else is named by its key.",
    example: "report: report-2024-q3.pdf",
    clean: toSingleTextList,
  }),
});
