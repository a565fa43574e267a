import yoctoSpinner from "yocto-spinner";

/**
 * While a request is on its way, a terminal shows a spinner with the time waited on stderr, so a
 * slow server does not look like a hung command. Nothing is shown when stderr is not a terminal
 * (a pipe, a file, CI), nor for requests that answer before the spinner would appear. yocto-spinner
 * clears its line around anything else written meanwhile (debug logs), then draws it again.
 */

/** A request answering within this does not flash a spinner. */
export const SPINNER_DELAY_MS = 300;
/** How often the time waited is updated; tenths of a second are shown. */
const TICK_MS = 100;
const MS_PER_SECOND = 1000;

/**
 * yocto-spinner's own test, so that the runner never starts it where it would print lines
 * instead of drawing: a terminal that is not "dumb", outside CI.
 * @example isInteractive(process.stderr) // false in a pipe
 */
export const isInteractive = (stream: NodeJS.WriteStream): boolean =>
  stream.isTTY === true && process.env.TERM !== "dumb" && !("CI" in process.env);

/**
 * Runs `work`, showing `label` and the seconds waited on `stream` while it runs, when that is a terminal.
 * @example const result = await withProgress("httpGet: waiting for the response", process.stderr, () => invoke());
 */
export const withProgress = async <T>(
  label: string,
  stream: NodeJS.WriteStream,
  work: () => Promise<T>,
): Promise<T> => {
  if (!isInteractive(stream)) return work();
  const startedAt = Date.now();
  const text = () => `${label} ${((Date.now() - startedAt) / MS_PER_SECOND).toFixed(1)}s`;
  const spinner = yoctoSpinner({ stream, text: text() });
  let ticker: NodeJS.Timeout | undefined;
  const shown = setTimeout(() => {
    spinner.start(text());
    ticker = setInterval(() => {
      spinner.text = text();
    }, TICK_MS);
  }, SPINNER_DELAY_MS);
  try {
    return await work();
  } finally {
    clearTimeout(shown);
    clearInterval(ticker);
    spinner.stop();
  }
};
