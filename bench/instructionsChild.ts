/**
 * One client sending `requests` sequential requests of one kind, then exiting: what
 * instructions.ts runs under valgrind. It reports nothing itself; valgrind counts the process.
 */
import { type BenchUrls, type ClientName, makeClient, type PerRequestClient } from "./clients";

export interface InstructionsArgs extends BenchUrls {
  client: ClientName;
  request: keyof PerRequestClient;
  requests: number;
  bundlePath: string;
}

const main = async (args: InstructionsArgs): Promise<void> => {
  const send = makeClient(args.client, args, args.bundlePath)[args.request];
  for (let sent = 0; sent < args.requests; sent += 1) await send();
};

if (require.main === module) {
  main(JSON.parse(process.argv[2] ?? "{}") as InstructionsArgs).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.stack ?? String(error));
      process.exit(1);
    },
  );
}
