import { startCli } from "./cli/main";

/**
 * `npm start`: the runner (scripts/cli/main.ts). npm runs this script from the project root, so
 * the folder the user typed the command in comes from `INIT_CWD`, which npm sets to it; run
 * directly (`tsx scripts/start.ts`), the current folder is that folder.
 */
startCli(process.argv.slice(2), process.env.INIT_CWD ?? process.cwd());
