import type { ActionContext } from "@prismatic-io/spectral";
import { HttpConnectorError, InputError, RequestFailedError } from "./errors";
import { sendRequest } from "./index";
import { overlay } from "./overlay";
import { redactorFor } from "./policies";
import type { RequestSpec } from "./spec";

export const BRANCHES = { success: "Success", error: "Error" } as const;

export interface BranchResult {
  branch: (typeof BRANCHES)[keyof typeof BRANCHES];
  data: unknown;
}

/**
 * Sends the request and names the branch the designer follows: "Success" for 1xx-3xx, "Error"
 * for 4xx/5xx and for a request that got no answer (refused, timed out...). Both branches get
 * the same shape, `{ data, status, statusText, headers, url }`, plus `error` when there was no
 * answer. Inputs that cannot be used still fail the step: that is a design mistake, not an outcome.
 * @example const { branch } = await sendBranching(context, spec) // "Error" for a 404
 */
export const sendBranching = async (
  context: Pick<ActionContext, "logger">,
  spec: Omit<RequestSpec, "failOnErrorStatus">,
): Promise<BranchResult> => {
  try {
    const { data } = await sendRequest(context, overlay(spec, { failOnErrorStatus: false }));
    const { status } = data as { status: number };
    return { branch: status < 400 ? BRANCHES.success : BRANCHES.error, data };
  } catch (error) {
    if (error instanceof InputError || !(error instanceof HttpConnectorError)) throw error;
    const code = error instanceof RequestFailedError ? error.code : undefined;
    return {
      branch: BRANCHES.error,
      data: {
        data: null,
        status: 0,
        statusText: "",
        headers: {},
        // The connection's secrets are not at hand here, but the URL never carries them; the message is already masked.
        url: redactorFor({ ...spec, failOnErrorStatus: false }, spec.url, []).url(spec.url),
        error: { message: error.message, code },
      },
    };
  }
};
