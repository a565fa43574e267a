import { run } from "./harness";

/**
 * Runs steps in a process of its own, for what only a fresh process can show (variables Node
 * reads at startup, such as NODE_EXTRA_CA_CERTS). Reads `[{ key, params }]` as JSON from argv
 * and prints, as JSON, each step's data or its error message.
 * @example tsx test/helpers/stepsChild.ts '[{"key":"httpGet","params":{"url":"https://..."}}]'
 */
const main = async (): Promise<void> => {
  const steps = JSON.parse(process.argv[2] ?? "[]") as Array<{ key: string; params: Record<string, unknown> }>;
  const outcomes: Array<{ data?: unknown; error?: string }> = [];
  for (const { key, params } of steps) {
    try {
      outcomes.push({ data: (await run(key, params)).data });
    } catch (error) {
      outcomes.push({ error: error instanceof Error ? error.message : String(error) });
    }
  }
  process.stdout.write(JSON.stringify(outcomes));
};

void main();
