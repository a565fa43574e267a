/**
 * One clock for a whole step: every attempt, every wait between attempts and the reading of the
 * response body share it, so "Timeout" bounds what the user waits, not only socket idle time.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout | undefined;
  private readonly endsAt: number;

  constructor(readonly timeoutMs: number | undefined) {
    this.endsAt = timeoutMs ? Date.now() + timeoutMs : Number.POSITIVE_INFINITY;
    if (timeoutMs) this.timer = setTimeout(() => this.controller.abort(), timeoutMs);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  remainingMs(): number {
    return Math.max(0, this.endsAt - Date.now());
  }

  dispose(): void {
    clearTimeout(this.timer);
  }
}
