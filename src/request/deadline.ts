const NOT_WATCHING = (): void => undefined;

/**
 * One clock for a whole step: every attempt, every wait between attempts and the reading of the
 * response body share it, so "Timeout" bounds what the user waits, not only socket idle time.
 *
 * What stops at the deadline watches it (`watch`): a request on the wire, a body being read. An
 * AbortSignal is made only for the APIs that take nothing else (axios-retry's waits, a stream
 * pipeline): creating one, and adding and removing its listeners, cost a small request more
 * than all of its other timers and listeners together.
 */
export class Deadline {
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly endsAt: number;
  private readonly watchers = new Set<() => void>();
  private controller: AbortController | undefined;
  /** Why whatever watched stopped, once the time is up: the error an aborted signal carries. */
  private stopReason: DOMException | undefined;

  constructor(readonly timeoutMs: number | undefined) {
    this.endsAt = timeoutMs ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    // Only a step with a timeout has something to stop: without one, nothing is timed or watched.
    if (timeoutMs) this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  private expire(): void {
    this.stopReason = new DOMException("This operation was aborted", "AbortError");
    this.controller?.abort(this.stopReason);
    for (const stop of this.watchers) stop();
    this.watchers.clear();
  }

  get expired(): boolean {
    return this.stopReason !== undefined;
  }

  /** The error to stop with once the time is up (as an aborted signal's reason). */
  get reason(): DOMException | undefined {
    return this.stopReason;
  }

  /** A signal that aborts at the deadline, made on first ask; none without a timeout. */
  get signal(): AbortSignal | undefined {
    if (this.timer === undefined) return undefined;
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.stopReason) this.controller.abort(this.stopReason);
    }
    return this.controller.signal;
  }

  /**
   * Calls `stop` once when the time is up, at once if it already is; returns what stops watching.
   * @example const unwatch = deadline.watch(() => request.destroy()); request.once("close", unwatch);
   */
  watch(stop: () => void): () => void {
    if (this.timer === undefined) return NOT_WATCHING;
    if (this.stopReason) {
      stop();
      return NOT_WATCHING;
    }
    this.watchers.add(stop);
    return () => this.watchers.delete(stop);
  }

  /**
   * Stops now whatever still watches, as the deadline would: for work the step no longer needs
   * (a page fetched ahead that the walk will not use), which would otherwise be waited for.
   */
  stopNow(): void {
    if (!this.stopReason) this.expire();
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
