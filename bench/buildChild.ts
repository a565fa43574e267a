/**
 * Builds the bundles the cold-start benchmark compares, each with the project's own
 * webpack.config.js and only its output folder (and, for the references, its entry) changed.
 * Runs in a child process so webpack's memory never sits in the measuring parent.
 */
import fs from "node:fs";
import path from "node:path";
import webpack, { type Configuration, type StatsModule } from "webpack";
import { BUILD_DIR, BUNDLES, type BuiltBundle, type BundleName } from "./bundles";
import { childMain } from "./child";

const REPO = path.resolve(__dirname, "..");
// eslint-disable-next-line @typescript-eslint/no-require-imports
const projectConfig = (): Configuration => require(path.join(REPO, "webpack.config.js")) as Configuration;

/** Names of the plugins in webpack.config.js that cut modules; the stock reference is built without them. */
const CUT_PLUGINS = new Set(["NormalModuleReplacementPlugin", "SpectralCutGuard"]);

const configFor = (name: BundleName): Configuration => {
  const base = projectConfig();
  const output = { ...base.output, path: path.join(BUILD_DIR, name) };
  const reference = path.join(__dirname, "reference", "index.ts");
  if (name === "component") return { ...base, context: REPO, output };
  if (name === "reference") return { ...base, context: REPO, output, entry: reference };
  return {
    ...base,
    context: REPO,
    output,
    entry: reference,
    resolve: { ...base.resolve, alias: {} },
    plugins: (base.plugins ?? []).filter((plugin) => !CUT_PLUGINS.has(plugin?.constructor.name ?? "")),
  };
};

const packageOf = (moduleName: string): string => {
  const inPackage = /node_modules[\\/]((?:@[^\\/]+[\\/])?[^\\/]+)/.exec(moduleName);
  if (inPackage) return inPackage[1];
  if (moduleName.startsWith("./src") || moduleName.startsWith("./bench")) return "own code";
  return moduleName.startsWith("data:") ? "cut stubs" : "node built-ins and webpack runtime";
};

/** Every module once: concatenated modules are opened up, and also listed on their own as orphans. */
const leafModules = (modules: StatsModule[] | undefined, into = new Map<string, number>()): Map<string, number> => {
  for (const module of modules ?? []) {
    if (module.modules) leafModules(module.modules, into);
    else into.set(module.name ?? "", module.size ?? 0);
  }
  return into;
};

const bytesByPackage = (modules: StatsModule[] | undefined): Record<string, number> => {
  const totals: Record<string, number> = {};
  for (const [name, size] of leafModules(modules)) totals[packageOf(name)] = (totals[packageOf(name)] ?? 0) + size;
  return totals;
};

const build = (name: BundleName): Promise<BuiltBundle> =>
  new Promise((resolve, reject) => {
    const startedAt = Date.now();
    webpack(configFor(name), (error, stats) => {
      if (error || !stats) return reject(error ?? new Error("webpack returned no stats"));
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      const file = path.join(BUILD_DIR, name, "index.js");
      const json = stats.toJson({
        modules: true,
        nestedModules: true,
        source: false,
        reasons: false,
        assets: false,
        chunks: false,
      });
      resolve({
        name,
        path: file,
        bytes: fs.statSync(file).size,
        buildMs: Date.now() - startedAt,
        packages: bytesByPackage(json.modules),
      });
    });
  });

/**
 * Builds every bundle, one after another (two cores: parallel builds only compete).
 * @example const bundles = await runChild<BuiltBundle[]>("buildChild.ts", {})
 */
const buildAll = async (): Promise<BuiltBundle[]> => {
  const built: BuiltBundle[] = [];
  for (const name of Object.keys(BUNDLES) as BundleName[]) built.push(await build(name));
  return built;
};

if (require.main === module) childMain(buildAll);
