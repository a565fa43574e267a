import { setTimeout as sleep } from "node:timers/promises";
import { MAX_PACED_ORIGINS } from "../../limits";
import { RequestFailedError } from "../errors";
import { rateLimitOf } from "./rateLimitHeaders";

/** How one step paces its requests: its own budget, and the limits on any wait. */
export interface Pace {
  /** Max Requests Per Second; undefined for no budget of the step's own. */
  perSecond?: number;
  /** Max Retry Wait: the longest the step waits for a rate-limit window to reset. */
  maxWaitMs: number;
  /** What is left of the step's Timeout. */
  remainingMs: () => number;
}

/** What the process knows of one origin: shared by every step, so their requests share the budget. */
export interface OriginState {
  /** When the latest request to the origin was let go (or is scheduled to be). */
  lastAt: number;
  /** When the latest request to the origin was written out, which can be well after it was let go. */
  sentAt: number;
  /**
   * When the latest request was let go, and when one last finished being written out or gave
   * up: while the first is later, a request let go may still be on its way to the wire. Times,
   * not a count, so a request that never reaches the wire (refused by a signer) cannot leave a
   * debt behind. With those who wait for the next write.
   */
  releasedAt: number;
  settledAt: number;
  onWritten: Array<() => void>;
  /** Until when the origin said no requests are left, and which headers said so. */
  blockedUntil?: number;
  blockedBy?: string;
}

/** Keyed by origin; a Map keeps insertion order, so the oldest origin is forgotten first. */
const origins = new Map<string, OriginState>();

const stateOf = (origin: string): OriginState => {
  let state = origins.get(origin);
  if (!state) {
    const never = Number.NEGATIVE_INFINITY;
    state = { lastAt: never, sentAt: never, releasedAt: never, settledAt: never, onWritten: [] };
    origins.set(origin, state);
    if (origins.size > MAX_PACED_ORIGINS) origins.delete(origins.keys().next().value as string);
  }
  return state;
};

const MS_PER_SECOND = 1000;

export type Turn = { at: number } | { refused: string };

const seconds = (ms: number): string => `${Math.ceil(ms / MS_PER_SECOND)} s`;

/**
 * When a request to an origin may go, given what the origin said (a rate limit at 0 until a
 * reset) and the step's own budget (one request per 1/rate seconds, evenly spaced, never a
 * burst); or why it may not: a wait beyond Max Retry Wait or past the Timeout. Pure.
 * @example planTurn({ ...state, lastAt: 1000 }, { perSecond: 2, maxWaitMs: 60000, remainingMs: () => 5000 }, 1100) // { at: 1500 }
 */
export const planTurn = (state: OriginState, pace: Pace, now: number): Turn => {
  const blockedMs = state.blockedUntil === undefined ? 0 : Math.max(0, state.blockedUntil - now);
  if (blockedMs > pace.maxWaitMs) {
    return {
      refused: `the server said no requests are left (${state.blockedBy}) until its window resets in ${seconds(blockedMs)}, longer than the ${pace.maxWaitMs} ms allowed by "Max Retry Wait (ms)"; the step fails now instead of waiting`,
    };
  }
  const spacedAt = pace.perSecond === undefined ? now : state.lastAt + MS_PER_SECOND / pace.perSecond;
  const at = Math.ceil(Math.max(now, now + blockedMs, spacedAt));
  const waitMs = at - now;
  if (waitMs > 0 && waitMs >= pace.remainingMs()) {
    const why =
      blockedMs > 0
        ? `for the server's rate-limit window to reset (${state.blockedBy})`
        : `for this request's turn under "Max Requests Per Second" (${pace.perSecond} per second)`;
    return { refused: `waiting ${waitMs} ms ${why} would pass the timeout` };
  }
  return { at };
};

/** Resolves when a request let go earlier is written out or given up, or after `ms`. */
const written = (state: OriginState, ms: number): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    state.onWritten.push(() => {
      clearTimeout(timer);
      resolve();
    });
  });

/**
 * A request let go may reach the wire late (the first of a process, a busy event loop), which
 * would bring the next one closer to it than the budget allows: a request whose turn has come
 * first lets the one before it be written out (for at most one interval), then keeps its
 * distance from when it was, as long as the Timeout allows.
 */
const awaitSent = async (state: OriginState, pace: Pace): Promise<void> => {
  if (pace.perSecond === undefined) return;
  const intervalMs = MS_PER_SECOND / pace.perSecond;
  if (state.releasedAt > state.settledAt) await written(state, Math.min(intervalMs, pace.remainingMs()));
  const now = Date.now();
  const extraMs = Math.ceil(state.sentAt + intervalMs - now);
  if (extraMs <= 0 || extraMs >= pace.remainingMs()) return;
  state.lastAt = Math.max(state.lastAt, now + extraMs);
  await sleep(extraMs);
};

/** Whether the origin said "none left" after a turn was planned, until after it. */
const blockedPast = (state: OriginState, at: number): boolean =>
  state.blockedUntil !== undefined && state.blockedUntil > at;

/** The slow way of `takeTurn`: a budget of the step's own, or an origin that said none are left. */
const waitForTurn = async (state: OriginState, pace: Pace): Promise<void> => {
  for (;;) {
    const now = Date.now();
    const turn = planTurn(state, pace, now);
    if ("refused" in turn) throw new RequestFailedError(turn.refused, "ERR_RATE_LIMITED");
    state.lastAt = Math.max(state.lastAt, turn.at);
    if (turn.at > now) await sleep(turn.at - now);
    // planTurn waited out every block known when it planned, so only a later one can reach past the turn.
    if (!blockedPast(state, turn.at)) break;
  }
  await awaitSent(state, pace);
  state.releasedAt = Date.now();
};

/**
 * Waits for a request's turn at its origin, then lets it go; a turn that cannot come in time
 * fails at once. The turn is reserved before the wait, so concurrent requests (parallel pages,
 * steps of one process) each get their own slot and never go together. An answer that says no
 * requests are left may arrive while a request waits for its slot (a parallel page's, another
 * step's): the request then takes a new turn after the reset instead of going in its old slot.
 * Most requests have no budget of their own and go to an origin that said nothing: their turn
 * is now, noted at once, with no promise to wait on (undefined).
 * @example await takeTurn("https://api.example.com", { perSecond: 5, maxWaitMs: 60000, remainingMs: () => 30000 })
 */
export const takeTurn = (origin: string, pace: Pace): Promise<void> | undefined => {
  const state = stateOf(origin);
  const now = Date.now();
  if (pace.perSecond !== undefined || blockedPast(state, now)) return waitForTurn(state, pace);
  // What planTurn and awaitSent come to for such a request: a turn at `now`, nothing to wait for.
  state.lastAt = Math.max(state.lastAt, now);
  state.releasedAt = now;
  return undefined;
};

/**
 * Notes that a request to an origin was written out (called by the transport), so the next one
 * keeps its distance from when it really went; `wasWritten` false for one that ended before.
 * @example noteSent("https://api.example.com")
 */
export const noteSent = (origin: string, wasWritten = true): void => {
  const state = stateOf(origin);
  const now = Date.now();
  if (wasWritten) state.sentAt = Math.max(state.sentAt, now);
  state.settledAt = Math.max(state.settledAt, now);
  for (const wake of state.onWritten.splice(0)) wake();
};

/**
 * Remembers a response's rate-limit headers for its origin: at 0 remaining with a reset, the
 * next request there waits for the reset. A block lifts only when its time has passed, as a
 * response that was in flight meanwhile may still report requests left.
 * @example noteRateLimit("https://api.example.com", { "ratelimit-remaining": "0", "ratelimit-reset": "2" })
 */
export const noteRateLimit = (origin: string, headers: Record<string, unknown>): void => {
  const now = Date.now();
  const limit = rateLimitOf(headers, now);
  if (limit === undefined || limit.remaining > 0 || limit.resetMs === undefined) return;
  const state = stateOf(origin);
  const until = now + limit.resetMs;
  if (state.blockedUntil !== undefined && state.blockedUntil >= until) return;
  state.blockedUntil = until;
  state.blockedBy = `${limit.remainingHeader}: 0 and ${limit.resetHeader}`;
};
