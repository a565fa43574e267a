import type { ActionInputParameters } from "@prismatic-io/spectral";
import type { dataInputs, formInputs } from "../inputs/body";
import type { sharedInputs, urlInputs } from "../inputs/shared";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

type SharedValues = ActionInputParameters<typeof urlInputs & typeof sharedInputs>;
type DataValues = ActionInputParameters<typeof dataInputs>;
type FormValues = Omit<ActionInputParameters<typeof formInputs>, "httpMethod">;

/**
 * Everything an action hands the request builder: its verb and its cleaned inputs. Body inputs
 * are optional because each verb adds only its own.
 */
export type RequestSpec = SharedValues & Partial<DataValues> & Partial<FormValues> & { method: HttpMethod };
