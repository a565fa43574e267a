import { action } from "@prismatic-io/spectral";
import { formMethodInputs, multipartInputs } from "../inputs/body";
import { sharedInputs, urlInputs } from "../inputs/shared";
import { sendRequest } from "../request";
import { EXAMPLES } from "./examples";

export const httpFormData = action({
  display: {
    label: "POST/PUT Form Data Request",
    description: "POST/PUT data as multipart/form-data. Often useful for uploading binary data.",
  },
  inputs: { ...urlInputs, ...formMethodInputs, ...multipartInputs, ...sharedInputs },
  examplePayload: EXAMPLES.upload,
  perform: (context, { httpMethod, ...inputs }) =>
    sendRequest(context, { method: httpMethod === "put" ? "PUT" : "POST", ...inputs }),
});
