import { setTimeout as sleep } from "node:timers/promises";
import type { ActionContext } from "@prismatic-io/spectral";
import { MAX_POLLS } from "../limits";
import type { Deadline } from "./deadline";
import { RequestFailedError } from "./errors";
import { dropsToPlainHttp } from "./exchange";
import { followUpSpec } from "./followUp";
import type { Performed } from "./report";
import { parseRetryAfter } from "./retryAfter";
import type { RequestSpec } from "./spec";
import { headerText } from "./target";

type Context = Pick<ActionContext, "logger">;

/** Sends one request of the step under its deadline: the builder's, passed in. */
export type PerformOnce = (spec: RequestSpec) => Promise<Performed>;

const ACCEPTED = 202;

/**
 * Where a 202 says to look for the outcome. Location first: where a server sends both (Azure),
 * Location answers 202 until the operation is done, while Operation-Location is a status
 * document that answers 200 from the start.
 */
const MONITOR_HEADERS = ["location", "operation-location"] as const;

/** Headers about the request's body; a poll is a GET without one. */
const BODY_HEADERS = new Set(["content-type", "content-length", "content-encoding", "idempotency-key"]);

/** The URL a 202 points to, resolved against the URL that answered; undefined when there is none. */
const monitorOf = ({ received }: Performed): URL | undefined => {
  for (const name of MONITOR_HEADERS) {
    const value = headerText(received.headers[name])?.trim();
    if (!value) continue;
    try {
      const url = new URL(value, received.url);
      if (url.protocol === "http:" || url.protocol === "https:") return url;
    } catch {
      // An unreadable header is no place to poll: the next one may be, else the 202 is the answer.
    }
  }
  return undefined;
};

/** The step's request as a poll: a GET of the monitor URL, with no body, credentials only on the step's origin. */
const pollSpec = (spec: RequestSpec, url: URL): RequestSpec =>
  followUpSpec(spec, url, {
    method: "GET",
    responseType: spec.responseType,
    queryParams: [],
    headers: spec.headers.filter(({ key }) => !BODY_HEADERS.has(key.toLowerCase())),
    bodyType: "none",
    data: undefined,
    formFields: undefined,
    formData: undefined,
    fileData: undefined,
    fileDataFileNames: undefined,
    waitForCompletion: false,
  });

/** How long to wait before the next poll: the 202's Retry-After, else Poll Interval; or why the step cannot. */
const waitBeforePoll = (spec: RequestSpec, accepted: Performed, deadline: Deadline): number => {
  const retryAfterMs = parseRetryAfter(headerText(accepted.received.headers["retry-after"]), Date.now());
  const fail = (reason: string) =>
    new RequestFailedError(accepted.redactor.text(`${accepted.prefix} answered 202 Accepted; ${reason}`));
  if (retryAfterMs !== undefined && retryAfterMs > spec.maxRetryWaitMS) {
    throw fail(
      `the server asked to wait ${Math.ceil(retryAfterMs / 1000)} s (Retry-After) before polling again, longer than the ${spec.maxRetryWaitMS} ms allowed by "Max Retry Wait (ms)"`,
    );
  }
  const waitMs = retryAfterMs ?? spec.pollIntervalMS ?? 0;
  if (waitMs > 0 && waitMs >= deadline.remainingMs()) {
    throw fail(`waiting ${waitMs} ms to poll again would pass the ${deadline.timeoutMs} ms timeout`);
  }
  return waitMs;
};

/**
 * With Wait For Completion, follows a 202 Accepted to its outcome: polls the URL in its
 * Location or Operation-Location (GET, after Retry-After or Poll Interval) until an answer other
 * than 202, which becomes the step's answer. Each poll is a request of the step like any other:
 * redirects, retries, guard, pacing and the one deadline. A 202 with no such header is the answer.
 * @example const performed = await completed(context, spec, first, deadline, (poll) => performOnce(context, poll, deadline))
 */
export const completed = async (
  context: Context,
  spec: RequestSpec,
  first: Performed,
  deadline: Deadline,
  performOnce: PerformOnce,
): Promise<Performed> => {
  let answer = first;
  let monitor = monitorOf(first);
  for (let polls = 1; answer.received.status === ACCEPTED && monitor !== undefined; polls += 1) {
    if (polls > MAX_POLLS) {
      throw new RequestFailedError(
        answer.redactor.text(`${first.prefix} was still 202 Accepted after ${MAX_POLLS} polls; the step stops here`),
      );
    }
    if (dropsToPlainHttp(new URL(answer.received.url), monitor) && !spec.allowInsecureRedirects) {
      throw new RequestFailedError(
        answer.redactor.text(
          `${answer.prefix} answered 202 Accepted with an operation to poll over plain http (${monitor.origin}); turn on "Allow HTTPS to HTTP Redirects" to poll it`,
        ),
      );
    }
    await sleep(waitBeforePoll(spec, answer, deadline));
    if (spec.debugRequest) context.logger.info(`Polling ${answer.redactor.url(monitor)} (poll ${polls})`);
    answer = await performOnce(pollSpec(spec, monitor));
    // A later 202 may point somewhere new; without a header, the same URL is polled again.
    monitor = monitorOf(answer) ?? monitor;
  }
  return answer;
};
