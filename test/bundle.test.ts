import { execFile, execFileSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import webpack, { type Compiler, type Configuration, type Stats, type StatsModule } from "webpack";
import source from "../src";
import { AWS_KEYS, verifySigV4 } from "./helpers/awsVerify";
import { startJwtTokenServer } from "./helpers/jwtTokenServer";
import { startProtectedApi } from "./helpers/oauth";
import { echo, type Handler, type Recorded, startServer, type TestServer } from "./helpers/servers";

/**
 * The bundle the runtime loads, built here with the real webpack.config.js (its module cuts
 * included) into a temporary folder, loaded with plain `require` and driven the runtime's way:
 * `actions[key].perform(context, rawInputs)`. What each action sent is checked on the server.
 */

// eslint-disable-next-line @typescript-eslint/no-require-imports
const projectConfig = require("../webpack.config.js") as Configuration;
const REPO = path.resolve(__dirname, "..");

interface BundledAction {
  inputs: { key: string; default?: unknown }[];
  perform: (context: unknown, params: Record<string, unknown>) => Promise<Record<string, unknown>>;
}
interface BundledComponent {
  key: string;
  actions: Record<string, BundledAction>;
  connections: { key: string; oauth2Type?: string; oauth2PkceMethod?: string }[];
}

const compile = (config: Configuration): Promise<Stats> =>
  new Promise((resolve, reject) => {
    webpack(config, (error, stats) => (error || !stats ? reject(error ?? new Error("no stats")) : resolve(stats)));
  });

const moduleNames = (modules: StatsModule[] | undefined): string[] =>
  (modules ?? []).flatMap((module) => (module.modules ? moduleNames(module.modules) : [module.name ?? ""]));

/** The package a module path or an import names: `@smithy/hash-node` for "./node_modules/@smithy/hash-node/dist-es/index.js". */
const packageOf = (name: string): string =>
  /^(?:.*node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(name.replace(/^\.\//, ""))?.[1] ?? name;

/**
 * Makes a bundle record the id of every module it evaluates, in `globalThis.__evaluated`,
 * through webpack's own hook on module execution (the one hot reloading uses), and hand out its
 * module loader, with the table of its modules, as `globalThis.__webpackRequire`.
 */
class RecordEvaluations {
  apply(compiler: Compiler) {
    const { RuntimeGlobals, RuntimeModule } = compiler.webpack;
    class Recorder extends RuntimeModule {
      constructor() {
        super("record evaluations");
      }
      override generate() {
        return `${RuntimeGlobals.interceptModuleExecution}.push((options) => { globalThis.__webpackRequire = options.require; (globalThis.__evaluated ??= []).push(options.id); });`;
      }
    }
    compiler.hooks.compilation.tap("RecordEvaluations", (compilation) => {
      compilation.hooks.additionalTreeRuntimeRequirements.tap("RecordEvaluations", (chunk, requirements) => {
        requirements.add(RuntimeGlobals.interceptModuleExecution);
        requirements.add(RuntimeGlobals.moduleFactories);
        compilation.addRuntimeModule(chunk, new Recorder());
      });
    });
  }
}

/** What the platform sends for the inputs a step leaves alone. */
const defaultsOf = (action: BundledAction): Record<string, unknown> =>
  Object.fromEntries(action.inputs.map((input) => [input.key, input.default ?? ""]));

const noop = () => undefined;
const context = {
  logger: { metric: noop, trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop },
  globalDebug: false,
};

const GRAPHQL_DATA = { items: [{ id: "1" }] };
const json = (response: Parameters<Handler>[1], body: unknown, headers: Record<string, string> = {}) =>
  response.writeHead(200, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));

const XML = '<catalog><item id="1">Widget</item><item id="2">Gadget</item></catalog>';
/** A DOCTYPE sends the document to fast-xml-parser instead of the streaming reader (sax). */
const XML_WITH_DOCTYPE = '<!DOCTYPE note [<!ENTITY who "World">]><note>Hello &who;</note>';
const CSV = "id,name\r\n1,Widget\r\n2,Gadget\r\n";

/** Echoes every request, except a GraphQL endpoint, two pages linked by a Link header, and XML and CSV documents. */
const answer: Handler = (request, response, raw) => {
  if (request.path === "/graphql") return json(response, { data: GRAPHQL_DATA });
  if (request.path === "/xml") return response.writeHead(200, { "content-type": "application/xml" }).end(XML);
  if (request.path === "/doctype") {
    return response.writeHead(200, { "content-type": "application/xml" }).end(XML_WITH_DOCTYPE);
  }
  if (request.path === "/csv") return response.writeHead(200, { "content-type": "text/csv" }).end(CSV);
  if (request.path === "/pages" && request.query.get("page") === "2") return json(response, [{ id: 2 }]);
  if (request.path === "/pages") return json(response, [{ id: 1 }], { link: '</pages?page=2>; rel="next"' });
  return echo(request, response, raw);
};

const FILE = Buffer.from([0, 1, 2, 253, 254, 255]);

/** One case per action: the step's raw values, and what must have reached the server (every request, in order) and come back. */
interface Case {
  values: (url: string) => Record<string, unknown>;
  /** How many requests the step makes; one unless it pages. */
  requests?: number;
  check: (seen: Recorded[], result: Record<string, unknown>) => void;
}

const CASES: Record<string, Case> = {
  httpGet: {
    values: (url) => ({ url: `${url}/items?limit=2`, headers: [{ key: "Accept", value: "application/json" }] }),
    check: ([seen], result) => {
      expect([seen.method, seen.url, seen.headers.accept]).toEqual(["GET", "/items?limit=2", "application/json"]);
      expect((result.data as { method: string }).method).toBe("GET");
    },
  },
  httpPost: {
    values: (url) => ({ url: `${url}/items`, data: { name: "Acme" } }),
    check: ([seen]) => {
      expect([seen.method, seen.headers["content-type"], seen.body.toString()]).toEqual([
        "POST",
        "application/json",
        '{"name":"Acme"}',
      ]);
    },
  },
  httpPut: {
    values: (url) => ({ url: `${url}/items/1`, data: "plain text" }),
    check: ([seen]) => expect([seen.method, seen.body.toString()]).toEqual(["PUT", "plain text"]),
  },
  httpPatch: {
    values: (url) => ({ url: `${url}/items/1`, data: '{"plan":"pro"}' }),
    check: ([seen]) => expect([seen.method, seen.body.toString()]).toEqual(["PATCH", '{"plan":"pro"}']),
  },
  httpDelete: {
    values: (url) => ({ url: `${url}/items/1` }),
    check: ([seen]) => expect([seen.method, seen.body.length]).toEqual(["DELETE", 0]),
  },
  httpFormData: {
    values: (url) => ({
      url: `${url}/upload`,
      formData: [{ key: "note", value: "hello" }],
      fileData: [{ key: "file", value: { data: FILE, contentType: "application/octet-stream" } }],
      fileDataFileNames: [{ key: "file", value: "bytes.bin" }],
    }),
    check: ([seen]) => {
      expect(seen.method).toBe("POST");
      expect(seen.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
      expect(seen.body.includes('filename="bytes.bin"')).toBe(true);
      expect(seen.body.includes(Buffer.concat([Buffer.from("\r\n\r\n"), FILE, Buffer.from("\r\n")]))).toBe(true);
    },
  },
  httpRequest: {
    values: (url) => ({ url: `${url}/items`, method: "PUT", data: { id: 7 } }),
    check: ([seen]) => expect([seen.method, seen.body.toString()]).toEqual(["PUT", '{"id":7}']),
  },
  httpRequestBranching: {
    values: (url) => ({ url: `${url}/items`, method: "GET" }),
    check: ([seen], result) => {
      expect(seen.method).toBe("GET");
      expect(result.branch).toBe("Success");
    },
  },
  httpPaginate: {
    values: (url) => ({ url: `${url}/pages` }),
    requests: 2,
    check: (seen, result) => {
      expect(seen.map((request) => request.url)).toEqual(["/pages", "/pages?page=2"]);
      expect(result.data).toMatchObject({ items: [{ id: 1 }, { id: 2 }], pages: 2 });
    },
  },
  httpCurl: {
    values: (url) => ({ curlCommand: `curl -X POST '${url}/items' -H 'X-Test: 1' -d 'name=Acme'` }),
    check: ([seen]) =>
      expect([seen.method, seen.headers["x-test"], seen.body.toString()]).toEqual(["POST", "1", "name=Acme"]),
  },
  httpGraphql: {
    values: (url) => ({ url: `${url}/graphql`, query: "query Items { items { id } }", operationName: "Items" }),
    check: ([seen], result) => {
      expect(seen.method).toBe("POST");
      expect(JSON.parse(seen.body.toString())).toMatchObject({
        query: "query Items { items { id } }",
        operationName: "Items",
      });
      expect(result.data).toEqual(GRAPHQL_DATA);
    },
  },
};

let folder: string;
let stats: Stats;
let bundled: BundledComponent;
let server: TestServer;

beforeAll(async () => {
  folder = fs.mkdtempSync(path.join(os.tmpdir(), "http-connector-bundle-"));
  stats = await compile({ ...projectConfig, context: REPO, output: { ...projectConfig.output, path: folder } });
  expect(stats.hasErrors(), stats.toString({ all: false, errors: true })).toBe(false);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  bundled = (require(path.join(folder, "index.js")) as { default: BundledComponent }).default;
  server = await startServer(answer);
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(folder, { recursive: true, force: true });
});

describe("the bundle webpack.config.js builds", () => {
  it("leaves out what the runtime never calls: spectral's test harness, utilities and code-native integrations", () => {
    const names = moduleNames(
      stats.toJson({ modules: true, nestedModules: true, source: false, reasons: false }).modules,
    );
    expect(names.length).toBeGreaterThan(50);
    const cut = names.filter((name) =>
      /node_modules\/(jest-mock|jest-util|@jest|zod|yaml|date-fns)\/|spectral\/dist\/(testing|util|serverTypes\/convertIntegration)\.js|axios\/lib\/adapters\/(fetch|xhr)\.js/.test(
        name,
      ),
    );
    expect(cut).toEqual([]);
    // One axios: spectral's `require` and our imports share the same build.
    expect(names.filter((name) => name.includes("node_modules/axios/dist/"))).toEqual([]);
  });

  it("exports the same component as the source: keys, actions and their inputs", () => {
    expect(bundled.key).toBe(source.key);
    const inputsOf = (actions: Record<string, { inputs: { key: string }[] }>) =>
      Object.fromEntries(
        Object.entries(actions).map(([key, action]) => [key, action.inputs.map((input) => input.key)]),
      );
    expect(inputsOf(bundled.actions)).toEqual(inputsOf(source.actions));
  });

  it("has a case below for every action, so none goes untested", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(bundled.actions).sort());
  });

  it.each(Object.keys(CASES))("runs %s through perform, the runtime's way", async (key) => {
    const action = bundled.actions[key];
    const defaults = defaultsOf(action);
    const before = server.requests.length;
    const result = await action.perform(context, { ...defaults, ...CASES[key].values(server.url) });
    const seen = server.requests.slice(before);
    expect(seen).toHaveLength(CASES[key].requests ?? 1);
    CASES[key].check(seen, result);
  });

  it("loads without undici, which axios's FormData test would pull in, while axios alone does", () => {
    // Node loads its bundled undici lazily, on the first read of globalThis.FormData (or fetch).
    // scripts/webpack/axiosFormData.js keeps axios's utils.js from making that read at require.
    const undiciAfter = (code: string) =>
      execFileSync(
        process.execPath,
        ["-e", `${code};console.log(process.moduleLoadList.some((m) => m.includes("undici")))`],
        {
          cwd: REPO,
          encoding: "utf8",
        },
      ).trim();
    expect(undiciAfter(`require(${JSON.stringify(path.join(folder, "index.js"))})`)).toBe("false");
    expect(undiciAfter(`require("axios")`)).toBe("true");
    // Without the constructor, axios's isFormData falls back to its duck test, which a native
    // FormData still passes: a prototype other than Object's, an append method, the right tag.
    const native = new FormData();
    expect(Object.getPrototypeOf(native)).not.toBe(Object.prototype);
    expect(typeof native.append).toBe("function");
    expect(Object.prototype.toString.call(native)).toBe("[object FormData]");
  });

  it("fails the build when our code imports what the cuts remove", async () => {
    const entry = path.join(folder, "imports-testing.mjs");
    fs.writeFileSync(entry, 'import { testing } from "@prismatic-io/spectral";\nexport default testing;\n');
    const guarded = await compile({
      ...projectConfig,
      context: REPO,
      entry,
      resolve: { ...projectConfig.resolve, modules: [path.join(REPO, "node_modules")] },
      output: { ...projectConfig.output, path: path.join(folder, "guarded") },
      optimization: { minimize: false },
    });
    expect(guarded.toString({ all: false, errors: true })).toContain("which webpack.config.js cuts from the bundle");
  });
});

describe("connections in the bundle", () => {
  it("declares PKCE S256 on oauth2AuthCodePkce only, as the platform reads it", () => {
    const pkce = Object.fromEntries(
      bundled.connections.map((connection) => [connection.key, connection.oauth2PkceMethod]),
    );
    expect(pkce.oauth2AuthCodePkce).toBe("S256");
    expect(bundled.connections.find((connection) => connection.key === "oauth2AuthCodePkce")?.oauth2Type).toBe(
      "authorization_code",
    );
    expect(Object.entries(pkce).filter(([, method]) => method !== undefined)).toEqual([["oauth2AuthCodePkce", "S256"]]);
  });

  it("signs a jwtBearer assertion with the bundled jose that the endpoint verifies, and sends the token", async () => {
    const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const tokens = await startJwtTokenServer(publicKey);
    const api = await startProtectedApi(tokens);
    try {
      const action = bundled.actions.httpGet;
      const defaults = defaultsOf(action);
      const connection = {
        key: "jwtBearer",
        configVarKey: "jwt",
        fields: {
          tokenUrl: tokens.tokenUrl,
          issuer: "bundle@example.com",
          privateKey: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
          algorithm: "ES256",
        },
      };
      const result = await action.perform(context, { ...defaults, url: `${api.url}/items`, connection });
      expect(result.data).toEqual({ ok: true });
      expect(tokens.seen.map((seen) => [seen.signatureValid, seen.header.alg, seen.claims.iss])).toEqual([
        [true, "ES256", "bundle@example.com"],
      ]);
      expect(api.tokensSeen()).toEqual(tokens.issued);
    } finally {
      await Promise.all([tokens.close(), api.close()]);
    }
  });
});

describe("libraries the bundle defers to their first use, and the edges webpack.config.js replaces", () => {
  // Every deferred import in src/: a library deferred there joins these tests by itself.
  const deferred = (fs.readdirSync(path.join(REPO, "src"), { recursive: true, encoding: "utf8" }) as string[])
    .filter((file) => file.endsWith(".ts"))
    .flatMap((file) => [
      ...fs
        .readFileSync(path.join(REPO, "src", file), "utf8")
        .matchAll(/^import \* as \w+ from \/\* webpackDefer: true \*\/ "([^"]+)";$/gm),
    ])
    .map((found) => packageOf(found[1]));

  /** The bundle built with module names and the recorder; each script runs in a fresh process, as on the platform. */
  let probe: string;
  beforeAll(async () => {
    probe = path.join(folder, "probe", "index.js");
    const built = await compile({
      ...projectConfig,
      context: REPO,
      output: { ...projectConfig.output, path: path.dirname(probe) },
      optimization: { ...projectConfig.optimization, moduleIds: "named" },
      plugins: [...(projectConfig.plugins ?? []), new RecordEvaluations()],
    });
    expect(built.hasErrors(), built.toString({ all: false, errors: true })).toBe(false);
  });
  /** Runs `script` after loading the probe bundle (`bundle`, `evaluated()`, `load(id)`, `ids`), with `args` as `argv`; it prints JSON. */
  const inProbe = async (script: string, ...args: string[]): Promise<Record<string, unknown>> => {
    const prelude = `
      const bundle = require(process.argv[1]).default;
      const evaluated = () => [...new Set(globalThis.__evaluated)];
      const load = globalThis.__webpackRequire;
      const ids = Object.keys(load.m);
      const argv = process.argv.slice(2);
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", prelude + script, probe, ...args]);
    return JSON.parse(stdout) as Record<string, unknown>;
  };
  const packagesIn = (ids: unknown) => new Set((ids as string[]).map(packageOf));

  it("leaves every deferred library unevaluated when the bundle loads, and evaluates it at its first use", async () => {
    expect(new Set(deferred)).toEqual(
      new Set([
        "fast-xml-parser",
        "sax",
        "csv-parse",
        "@jmespath-community/jmespath",
        "jose",
        "mime-types",
        "@smithy/signature-v4",
        "@smithy/hash-node",
      ]),
    );
    // Load the bundle, then read XML with a Select.
    const { atLoad, afterXml, data } = await inProbe(
      `
      const atLoad = evaluated();
      const action = bundle.actions.httpGet;
      const defaults = Object.fromEntries(action.inputs.map((input) => [input.key, input.default ?? ""]));
      const noop = () => undefined;
      const logger = { metric: noop, trace: noop, debug: noop, info: noop, log: noop, warn: noop, error: noop };
      action
        .perform({ logger }, { ...defaults, url: argv[0], responseType: "xml", select: "catalog.item" })
        .then((result) => console.log(JSON.stringify({ atLoad, afterXml: evaluated(), data: result.data })));
      `,
      `${server.url}/xml`,
    );
    // The control: recording works, and spectral (loaded eagerly, and not concatenated) is recorded at load.
    expect(packagesIn(atLoad).has("@prismatic-io/spectral")).toBe(true);
    expect(deferred.filter((name) => packagesIn(atLoad).has(name))).toEqual([]);
    expect(data).toEqual([
      { "@_id": "1", "#text": "Widget" },
      { "@_id": "2", "#text": "Gadget" },
    ]);
    expect(deferred.filter((name) => packagesIn(afterXml).has(name)).sort()).toEqual([
      "@jmespath-community/jmespath",
      "sax",
    ]);
  });

  it("replaces each edge webpack.config.js cuts or defers with a module of its own: a cut fails loudly, a deferral answers as the module", async () => {
    const { testing, lookup, before, after } = await inProbe(`
      const edge = (text) => ids.find((id) => id.startsWith("data:") && decodeURIComponent(id).includes(text));
      let testing;
      try {
        load(edge("spectral's \\\`testing\\\`")).createHarness;
      } catch (error) {
        testing = error.message;
      }
      const before = evaluated();
      const lookup = load(edge('require("mime-types")')).lookup("report.csv");
      console.log(JSON.stringify({ testing, lookup, before, after: evaluated() }));
    `);
    expect(testing).toBe("spectral's `testing` is not in this bundle (see webpack.config.js): it is for unit tests");
    expect(lookup).toBe("text/csv");
    expect(packagesIn(before).has("mime-types")).toBe(false);
    expect(packagesIn(after).has("mime-types")).toBe(true);
  });

  it("does not depend on where it was built: no path in the bundle, nor in a module webpack names by its source", () => {
    const built = fs.readFileSync(path.join(folder, "index.js"), "utf8");
    const at = built.indexOf(REPO);
    expect(at === -1 ? "" : built.slice(Math.max(0, at - 100), at + 100)).toBe("");
    // A stand-in's module id derives from its source text, so a path there changes every id.
    const names = moduleNames(stats.toJson({ modules: true, nestedModules: true, source: false }).modules);
    const standIns = names.filter((name) => name.startsWith("data:"));
    expect(standIns.length).toBeGreaterThan(5);
    expect(standIns.map(decodeURIComponent).filter((name) => name.includes(REPO))).toEqual([]);
  });

  it("reads XML through both of its parsers and CSV, and selects with JMESPath", async () => {
    const action = bundled.actions.httpGet;
    const get = async (url: string, values: Record<string, unknown>) =>
      (await action.perform(context, { ...defaultsOf(action), url, ...values })).data;
    expect(await get(`${server.url}/xml`, { responseType: "xml", select: 'catalog.item[]."@_id"' })).toEqual([
      "1",
      "2",
    ]);
    expect(await get(`${server.url}/doctype`, { responseType: "xml" })).toEqual({ note: "Hello World" });
    expect(await get(`${server.url}/csv`, { responseType: "csv", select: "[].name" })).toEqual(["Widget", "Gadget"]);
  });

  it("guesses the type of a file sent without one from its name, with mime-types", async () => {
    const before = server.requests.length;
    await bundled.actions.httpFormData.perform(context, {
      ...defaultsOf(bundled.actions.httpFormData),
      url: `${server.url}/upload`,
      fileData: [{ key: "report", value: "id,name\n1,Widget\n" }],
      fileDataFileNames: [{ key: "report", value: "report.csv" }],
    });
    const [sent] = server.requests.slice(before);
    expect(sent.body.toString()).toContain(
      'Content-Disposition: form-data; name="report"; filename="report.csv"\r\nContent-Type: text/csv\r\n\r\nid,name\n1,Widget\n',
    );
  });

  it("signs AWS Signature Version 4 with the bundled signer, verified by another implementation", async () => {
    const before = server.requests.length;
    await bundled.actions.httpCurl.perform(context, {
      ...defaultsOf(bundled.actions.httpCurl),
      curlCommand: `curl --aws-sigv4 'aws:amz:us-east-1:execute-api' -u '${AWS_KEYS.accessKeyId}:${AWS_KEYS.secretAccessKey}' '${server.url}/signed?q=1' -d '{"a":1}'`,
    });
    const [sent] = server.requests.slice(before);
    expect(sent.body.toString()).toBe('{"a":1}');
    expect(verifySigV4(sent, "us-east-1", "execute-api")).toBeUndefined();
  });
});
