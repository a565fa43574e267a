const path = require("node:path");
const CopyPlugin = require("copy-webpack-plugin");
const { NormalModuleReplacementPlugin } = require("webpack");

/*
 * On the platform a step may run in a fresh process that first loads this bundle, so every
 * module it evaluates is paid for on each cold start. Spectral's root module `require`s all it
 * can export: zod, yaml, date-fns, jest's mocks, and axios a second time. The cuts below (1.4 MB
 * down to 0.39 MB when they were made) remove only `require` edges that a component provably
 * never follows at run time, each with why next to it; `npm run bench` measures the effect and
 * test/bundle.test.ts runs every action through the cut bundle. A few edges are deferred rather
 * than cut: the module stays, and is evaluated when it is first used.
 */

const SPECTRAL = path.join(path.dirname(require.resolve("@prismatic-io/spectral/package.json")), "dist");
const AXIOS = path.dirname(require.resolve("axios/package.json"));
const FORM_DATA = path.dirname(require.resolve("form-data/package.json"));
// Its exports hide package.json: its CommonJS entry is lib/fxp.cjs.
const FAST_XML_PARSER = path.resolve(path.dirname(require.resolve("fast-xml-parser")), "..");

/** What using something cut says, as the source text of a string literal. */
const cutMessage = (what, reason) => JSON.stringify(`${what} is not in this bundle (see webpack.config.js): ${reason}`);

/** What a cut spectral module becomes: any use fails loudly with the reason, never silently. */
const throwingStub = (what, reason) =>
  `module.exports = new Proxy({}, { get(_, key) { if (key === "__esModule") return false; throw new Error(${cutMessage(what, reason)}); } });`;

/** An axios adapter as axios itself reports one the environment lacks: `false`. */
const UNSUPPORTED_ADAPTER = "export const getFetch = () => false; export default false;";

/** An expression for a value that fails loudly when it is called, constructed or read from. */
const failingValue = (what, reason) => {
  const message = cutMessage(what, reason);
  return `new Proxy(() => {}, { get() { throw new Error(${message}); }, apply() { throw new Error(${message}); }, construct() { throw new Error(${message}); } })`;
};

/**
 * What `issuerDir`'s edge to `request` becomes when it is deferred to first use: the same module,
 * required when one of its properties is first read (CommonJS modules only: the importer sees a
 * plain object). The stand-in names the package, not its file: module ids derive from a module's
 * source, and a path would make the bundle differ with where the repository is checked out. So
 * the package must be the one the issuer would get.
 */
const loadedAtFirstUse = (issuerDir, request) => {
  if (require.resolve(request, { paths: [issuerDir] }) !== require.resolve(request)) {
    throw new Error(`${issuerDir} has a copy of ${request} of its own; defer that copy`);
  }
  return `let loaded; const load = () => (loaded ??= require(${JSON.stringify(request)})); module.exports = new Proxy({}, { get(_, key) { return key === "__esModule" ? false : load()[key]; } });`;
};

/** [the requiring module, the request it makes, what it becomes]. Only that one edge is replaced. */
const EDGES = [
  // Reached only through the root's `testing` getter: the unit-test harness (jest-mock, jest-util, chalk).
  [`${SPECTRAL}/index.js`, "./testing", throwingStub("spectral's `testing`", "it is for unit tests")],
  // Reached only through the root's `util` getter: coercion helpers and conditional logic (date-fns).
  [`${SPECTRAL}/index.js`, "./util", throwingStub("spectral's `util`", "nothing in the component uses it")],
  // Code-native integrations only (yaml, zod): called by `integration()`, createCNIContext and
  // the code-native performs, never by `component()` or an action's perform.
  [
    `${SPECTRAL}/index.js`,
    "./serverTypes/convertIntegration",
    throwingStub("spectral's integration()", "components do not build integrations"),
  ],
  [
    `${SPECTRAL}/serverTypes/perform.js`,
    "./convertIntegration",
    throwingStub("spectral's code-native perform", "components do not run it"),
  ],
  [
    `${SPECTRAL}/serverTypes/context.js`,
    "./convertIntegration",
    throwingStub("spectral's code-native context", "components do not run it"),
  ],
  // Axios uses the first supported adapter of ["xhr", "http", "fetch"]; in Node the http adapter
  // always is, and nothing here names another. xhr is `false` in Node anyway; the fetch adapter
  // (about 16 KB) builds test Requests and streams as it loads, for nothing.
  [`${AXIOS}/lib/adapters/adapters.js`, "./xhr.js", UNSUPPORTED_ADAPTER],
  [`${AXIOS}/lib/adapters/adapters.js`, "./fetch.js", UNSUPPORTED_ADAPTER],
  // Axios hands a request to follow-redirects (with `debug`, about 35 KB) only when maxRedirects
  // is not 0 and no transport is given; the connector's client always sets 0 and follows each
  // redirect itself (exchange.ts). The http adapter reads its `http` and `https` as it loads,
  // so the stub must survive being read and fail only when used.
  [
    `${AXIOS}/lib/adapters/http.js`,
    "follow-redirects",
    `const use = ${failingValue("follow-redirects", "the connector follows redirects itself")}; export default { http: use, https: use };`,
  ],
  // Not a cut but a deferral: form-data loads mime-types (and mime-db's 200 KB table) as it loads,
  // to guess a part's type. The connector writes every part's header itself, so form-data never
  // guesses; the connector's own guess, for a file without a type, is a deferred import
  // (request/multipart.ts), so the table loads only for that.
  [`${FORM_DATA}/lib/form_data.js`, "mime-types", loadedAtFirstUse(FORM_DATA, "mime-types")],
  // fast-xml-parser's entry re-exports its XMLBuilder (fast-xml-builder, about 38 KB); the
  // connector only parses XML, it never writes any.
  [
    `${FAST_XML_PARSER}/src/fxp.js`,
    "./xmlbuilder/json2xml.js",
    `export default ${failingValue("fast-xml-parser's XMLBuilder", "the connector only parses XML")};`,
  ],
].map(([issuer, request, source]) => ({ issuer: path.normalize(issuer), request, source }));

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
/** Only the requests some edge names are looked at. */
const EDGE_REQUESTS = new RegExp(`^(${[...new Set(EDGES.map((edge) => escapeRegExp(edge.request)))].join("|")})$`);

const replaceEdges = new NormalModuleReplacementPlugin(EDGE_REQUESTS, (resolveData) => {
  const { issuer } = resolveData.contextInfo;
  const edge = EDGES.find((entry) => entry.request === resolveData.request && entry.issuer === issuer);
  if (edge) resolveData.request = `data:text/javascript,${encodeURIComponent(edge.source)}`;
});

/** Root exports of spectral whose code runs through a cut edge. */
const SPECTRAL_EXPORTS_CUT = ["testing", "util", "integration"];

/**
 * Keeps the spectral cuts true as the source changes: the build fails if our code imports a root
 * export that leads into a cut edge, a whole namespace, or a spectral internal that might.
 */
class SpectralCutGuard {
  apply(compiler) {
    compiler.hooks.normalModuleFactory.tap("SpectralCutGuard", (factory) => {
      const guard = (parser) => {
        parser.hooks.importSpecifier.tap("SpectralCutGuard", (_statement, source, name) => {
          const importer = parser.state.module.resource;
          if (/[\\/]node_modules[\\/]/.test(importer) || !String(source).startsWith("@prismatic-io/spectral")) return;
          const allowed =
            source === "@prismatic-io/spectral" && name && name !== "default" && !SPECTRAL_EXPORTS_CUT.includes(name);
          if (!allowed) {
            throw new Error(
              `${importer} imports ${name ?? "*"} from ${source}, which webpack.config.js cuts from the bundle; import another named export from "@prismatic-io/spectral", or remove the cut`,
            );
          }
        });
      };
      factory.hooks.parser.for("javascript/auto").tap("SpectralCutGuard", guard);
      factory.hooks.parser.for("javascript/esm").tap("SpectralCutGuard", guard);
    });
  }
}

/** The bundle the platform runtime loads: one CommonJS file whose default export is the component. */
module.exports = {
  mode: "production",
  target: "node20",
  entry: "./src/index.ts",
  output: {
    filename: "index.js",
    path: path.resolve(__dirname, "dist"),
    library: { type: "commonjs2" },
    clean: true,
  },
  resolve: {
    extensions: [".ts", ".js"],
    // One axios: spectral's `require("axios")` would get axios's CommonJS build beside the ES
    // build our imports get, two copies of one library. Both get the ES build.
    alias: { axios$: path.join(AXIOS, "index.js") },
  },
  // Loaded by the proxy agents only for Kerberos proxy authentication, which needs a native addon.
  externals: { kerberos: "commonjs kerberos" },
  module: {
    rules: [
      // What an edge becomes (EDGES above) is CommonJS or ESM as written: webpack would read a
      // `data:text/javascript` module as ESM only, where `module` and `require` are not the module's.
      { scheme: "data", type: "javascript/auto" },
      { test: /\.ts$/, use: { loader: "ts-loader", options: { transpileOnly: true } }, exclude: /node_modules/ },
      // Spectral's input cleaning made linear; see the loader for why and how it stays true.
      {
        test: path.join(SPECTRAL, "serverTypes", "perform.js"),
        loader: require.resolve("./scripts/webpack/cleanParams.js"),
      },
      // axios's FormData test without reading the global that loads undici; see the loader.
      {
        test: path.join(AXIOS, "lib", "utils.js"),
        loader: require.resolve("./scripts/webpack/axiosFormData.js"),
      },
    ],
  },
  plugins: [
    new CopyPlugin({ patterns: [{ from: "assets/icon.png", to: "icon.png" }] }),
    replaceEdges,
    new SpectralCutGuard(),
  ],
  optimization: { usedExports: true },
  // Deferred imports (TC39's `import defer`, asked for in src/ with a `webpackDefer` comment, since
  // tsx's esbuild cannot read the new syntax): the XML, CSV and JMESPath parsers, the JWT and AWS
  // signers and mime-types are evaluated when a step first uses them, not on every cold start
  // (with form-data's deferred edge, about an eighth of the bundle's require time).
  // test/bundle.test.ts checks in a fresh process that loading evaluates none of them.
  experiments: { deferImport: true },
  performance: { hints: false },
};
