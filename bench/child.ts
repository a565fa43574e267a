/**
 * Runs measurements in fresh Node processes, so no client can warm or pollute another: the
 * parent forks a bench script with tsx and hands it its arguments as JSON. A child either
 * reports one result and exits (`runChild`), or stays and answers questions (`startWorker`).
 */
import { fork, type Serializable } from "node:child_process";
import path from "node:path";

/** Long enough for a 256 MB transfer on a slow machine; a hung child fails the run instead of stalling it. */
const CHILD_TIMEOUT_MS = 120_000;

/** Forks a bench script under tsx, with its arguments as JSON and a channel to report on. */
const forkScript = (script: string, args: unknown, execArgv: string[], env: Record<string, string>) =>
  fork(path.join(__dirname, script), [JSON.stringify(args)], {
    execArgv: ["--import", "tsx", ...execArgv],
    env: { ...process.env, ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });

/**
 * Forks `script` (a file in bench/) and resolves with what it reports.
 * @example const result = await runChild<Summary>("perRequestChild.ts", { client: "node" })
 */
export const runChild = <T>(
  script: string,
  args: unknown,
  execArgv: string[] = [],
  env: Record<string, string> = {},
  timeoutMs = CHILD_TIMEOUT_MS,
): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const child = forkScript(script, args, execArgv, env);
    let outcome: { result?: T; error?: string } | undefined;
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("message", (message) => {
      outcome = message as typeof outcome;
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (outcome?.error) reject(new Error(`${script}: ${outcome.error}`));
      else if (outcome && "result" in outcome) resolve(outcome.result as T);
      else reject(new Error(`${script} exited (${signal ?? code}) without a result`));
    });
  });

/**
 * The child's side: reads its arguments, runs `measure`, reports the result and exits.
 * @example childMain(async (args: Args) => measure(args))
 */
export const childMain = <A, T>(measure: (args: A) => Promise<T>): void => {
  const args = JSON.parse(process.argv[2] ?? "{}") as A;
  measure(args).then(
    (result) => process.send?.({ result }, () => process.exit(0)),
    (error: Error) => process.send?.({ error: error.stack ?? String(error) }, () => process.exit(1)),
  );
};

/** A child kept alive between measurements: the parent asks, the child measures and answers. */
export interface Worker<Q, T> {
  ask: (question: Q) => Promise<T>;
  close: () => Promise<void>;
}

/**
 * Forks `script` as a worker: it sets itself up from `args` once, then answers every `ask` in
 * turn. Several workers can be alive at once and asked one after another, so measurements of
 * different clients can be interleaved in time (see perRequest.ts).
 * @example const worker = startWorker<Window, Result>("perRequestChild.ts", args); await worker.ask(window)
 */
export const startWorker = <Q extends Serializable, T>(
  script: string,
  args: unknown,
  env: Record<string, string> = {},
): Worker<Q, T> => {
  const child = forkScript(script, args, [], env);
  let pending: { resolve: (result: T) => void; reject: (error: Error) => void } | undefined;
  let exited = false;
  const fail = (error: Error) => {
    pending?.reject(error);
    pending = undefined;
  };
  child.on("message", (message: { result?: T; error?: string }) => {
    const waiting = pending;
    pending = undefined;
    if (message.error) waiting?.reject(new Error(`${script}: ${message.error}`));
    else waiting?.resolve(message.result as T);
  });
  child.on("error", fail);
  child.on("exit", (code, signal) => {
    exited = true;
    fail(new Error(`${script} exited (${signal ?? code}) while asked`));
  });
  return {
    ask: (question) =>
      new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`${script} has exited`));
        if (pending) return reject(new Error(`${script} is already answering`));
        const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
        pending = {
          resolve: (result) => {
            clearTimeout(timer);
            resolve(result);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        child.send(question);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        if (exited) return resolve();
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
};

/**
 * The worker's side: sets up from its arguments, then answers each question with `answer`
 * until the parent disconnects.
 * @example workerMain((args: Args) => { const client = make(args); return (window: Window) => measure(client, window) })
 */
export const workerMain = <A, Q, T>(setUp: (args: A) => (question: Q) => Promise<T>): void => {
  const answer = setUp(JSON.parse(process.argv[2] ?? "{}") as A);
  process.on("message", (question: Q) => {
    answer(question).then(
      (result) => process.send?.({ result }),
      (error: Error) => process.send?.({ error: error.stack ?? String(error) }),
    );
  });
  process.on("disconnect", () => process.exit(0));
};
