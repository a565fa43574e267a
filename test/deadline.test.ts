import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { Deadline } from "../src/request/deadline";

describe("Deadline", () => {
  it("stops every watcher once, in the order they began watching, when the time is up", async () => {
    const deadline = new Deadline(50);
    const stopped: string[] = [];
    deadline.watch(() => stopped.push("request"));
    deadline.watch(() => stopped.push("body"));
    expect(deadline.expired).toBe(false);
    await sleep(120);
    expect(stopped).toEqual(["request", "body"]);
    expect(deadline.expired).toBe(true);
    expect(deadline.reason).toBeInstanceOf(DOMException);
    expect(deadline.reason?.name).toBe("AbortError");
    deadline.dispose();
  });

  it("forgets a watcher that stopped watching", async () => {
    const deadline = new Deadline(50);
    let calls = 0;
    const unwatch = deadline.watch(() => {
      calls += 1;
    });
    unwatch();
    await sleep(120);
    expect(calls).toBe(0);
    deadline.dispose();
  });

  it("stops a watcher at once when the time is already up", async () => {
    const deadline = new Deadline(20);
    await sleep(60);
    let calls = 0;
    deadline.watch(() => {
      calls += 1;
    });
    expect(calls).toBe(1);
  });

  it("makes a signal only when asked, aborted with the same reason, before or after the time", async () => {
    const early = new Deadline(40);
    const signal = early.signal as AbortSignal;
    expect(signal.aborted).toBe(false);
    await sleep(100);
    expect(signal.aborted).toBe(true);
    expect(signal.reason).toBe(early.reason);

    const late = new Deadline(20);
    await sleep(60);
    expect(late.signal?.aborted).toBe(true);
    expect(late.signal?.reason).toBe(late.reason);
  });

  it("without a timeout, has no signal and never stops anything", async () => {
    const deadline = new Deadline(undefined);
    let calls = 0;
    deadline.watch(() => {
      calls += 1;
    });
    expect(deadline.signal).toBeUndefined();
    expect(deadline.expired).toBe(false);
    expect(deadline.remainingMs()).toBe(Number.POSITIVE_INFINITY);
    expect(calls).toBe(0);
  });

  it("once disposed, stops nothing", async () => {
    const deadline = new Deadline(30);
    let calls = 0;
    deadline.watch(() => {
      calls += 1;
    });
    deadline.dispose();
    await sleep(80);
    expect(calls).toBe(0);
    expect(deadline.expired).toBe(false);
  });
});
