/**
 * Runs one measurement in a fresh Node process, so no client can warm or pollute another: the
 * parent forks a bench script with tsx, hands it its arguments as JSON and gets one result back.
 */
import { fork } from "node:child_process";
import path from "node:path";

/** Long enough for a 256 MB transfer on a slow machine; a hung child fails the run instead of stalling it. */
const CHILD_TIMEOUT_MS = 120_000;

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
    const child = fork(path.join(__dirname, script), [JSON.stringify(args)], {
      execArgv: ["--import", "tsx", ...execArgv],
      env: { ...process.env, ...env },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
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
