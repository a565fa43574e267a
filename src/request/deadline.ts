/**
 * One clock for a whole step: every attempt, every wait between attempts and the reading of the
 * response body share it, so "Timeout" bounds what the user waits, not only socket idle time.
 */
export class Deadline {
  /** Only a step with a timeout has something to abort: without one, no signal is made or listened to. */
  private readonly controller: AbortController | undefined;
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly endsAt: number;

  constructor(readonly timeoutMs: number | undefined) {
    this.endsAt = timeoutMs ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (timeoutMs) {
      const controller = new AbortController();
      this.controller = controller;
      this.timer = setTimeout(() => controller.abort(), timeoutMs);
    }
  }

  get signal(): AbortSignal | undefined {
    return this.controller?.signal;
  }

  get expired(): boolean {
    return this.controller?.signal.aborted ?? false;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
