import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TLSSocket } from "node:tls";
import { quote } from "shell-quote";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ensureBuilt, isStale, ROOT } from "../scripts/cli/build";
import { parseMultipart } from "../scripts/cli/multipart";
import { toPrintable } from "../scripts/cli/output";
import { bodyOf, savedResponse } from "../scripts/cli/resultView";
import { samplesFor } from "../scripts/cli/samples";
import { savingInputs } from "../scripts/cli/save";
import { formatTable, summarize, truncate } from "../scripts/cli/table";
import { DEMO_CREDENTIALS, SEED_ITEMS, startDemoApi } from "../scripts/demo-api";
import component from "../src";
import { type ProtectedApi, startProtectedApi, startTokenServer, type TokenServer } from "./helpers/oauth";
import { issue } from "./helpers/pki";
import { echo, type Handler, sha256, startServer, startTlsServer, type TestServer } from "./helpers/servers";

interface CliRun {
  code: number | null;
  stdout: string;
  /** stdout as bytes, for results that are not text. */
  stdoutBytes: Buffer;
  stderr: string;
}

interface SpawnOptions {
  /** The folder the command is typed in; the project root when not given. */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Variables of this environment the child must not see. */
  without?: string[];
}

const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
/** Stripped from the child's environment: proxies it must not use, and an INIT_CWD left by whatever ran the tests. */
const UNINHERITED = ["http_proxy", "https_proxy", "all_proxy", "no_proxy", "init_cwd"];

/** The child must reach loopback directly, whatever proxy the developer's shell sets; `without` drops more. */
const childEnv = (without: readonly string[] = []): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([name]) => !UNINHERITED.includes(name.toLowerCase()) && !without.includes(name),
    ),
  );

/**
 * Runs a command in a child process and collects what it printed. Spawned asynchronously: the
 * test servers live in this process and must keep answering meanwhile.
 */
const spawnCli = (
  command: string,
  args: string[],
  { cwd = ROOT, env = {}, without = [] }: SpawnOptions = {},
): Promise<CliRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...childEnv(without), ...env } });
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const stdoutBytes = Buffer.concat(stdout);
      resolve({ code, stdout: stdoutBytes.toString("utf8"), stdoutBytes, stderr });
    });
  });

/** Runs `npm start` the way a user does (tsx scripts/start.ts), from the project root. */
const runCli = (...args: string[]): Promise<CliRun> => spawnCli(TSX, [path.join(ROOT, "scripts", "start.ts"), ...args]);

/** util-linux `script`, which gives a command a pseudo-terminal; the terminal tests need it. */
const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;

/**
 * Runs the runner on a pseudo-terminal, as in a person's terminal: stdout and stderr are both
 * the terminal, so `stdout` holds them merged (with the terminal's CR LF line ends). Outside CI,
 * which the spinner rightly stays quiet in.
 */
const runOnTerminal = (...args: string[]): Promise<CliRun> =>
  spawnCli("script", ["-qec", quote([TSX, path.join(ROOT, "scripts", "start.ts"), ...args]), "/dev/null"], {
    env: { TERM: "xterm-256color" },
    without: ["CI"],
  });

/** Runs the runner as `npm start` would after `cd <userDir>`: npm passes that folder as INIT_CWD. */
const runCliFrom = (userDir: string, ...args: string[]): Promise<CliRun> =>
  spawnCli(TSX, [path.join(ROOT, "scripts", "start.ts"), ...args], { env: { INIT_CWD: userDir } });

/** A CSV without a final newline, so a newline added on the way would show. */
const REPORT = "id,name\n1,Widget\n2,Gadget";
/** Bytes that are not text in any charset. */
const LOGO = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff]),
  randomBytes(4096),
]);

/**
 * Echoes, except /quiet (answers without repeating the request), /graphql (an empty GraphQL
 * answer), /report.csv and /logo.png (a text and a binary body), /missing (a 404), /delay/<ms>
 * (answers that late) and /fail (a 500 that quotes the Authorization header).
 */
const handler: Handler = (request, response, raw) => {
  if (request.path === "/quiet") {
    response.setHeader("content-type", "application/json");
    return void response.end('{"ok":true}');
  }
  if (request.path === "/graphql") {
    response.setHeader("content-type", "application/json");
    return void response.end('{"data":{"items":[]}}');
  }
  if (request.path === "/report.csv") {
    response.setHeader("content-type", "text/csv; charset=utf-8");
    return void response.end(REPORT);
  }
  if (request.path === "/logo.png") {
    response.setHeader("content-type", "image/png");
    return void response.end(LOGO);
  }
  if (request.path === "/missing") {
    response.writeHead(404, { "content-type": "application/json" });
    return void response.end('{"error":"no such item"}');
  }
  const delay = /^\/delay\/(\d+)$/.exec(request.path);
  if (delay) {
    response.setHeader("content-type", "application/json");
    return void setTimeout(() => response.end('{"waited":true}'), Number(delay[1]));
  }
  if (request.path === "/fail") {
    response.writeHead(500, { "content-type": "text/plain" });
    return void response.end(`upstream exploded; you sent ${request.headers.authorization ?? "nothing"}`);
  }
  return echo(request, response, raw);
};

let server: TestServer;
let workDir: string;
const lastRequest = () => server.requests[server.requests.length - 1];

beforeAll(async () => {
  await ensureBuilt();
  server = await startServer(handler);
  workDir = mkdtempSync(path.join(tmpdir(), "http-connector-cli-"));
});
afterAll(async () => {
  await server?.close();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("npm start with no arguments", () => {
  it("runs every action of the component against the demo API and prints a table of 2xx results", async () => {
    const { code, stdout, stderr } = await runCli();
    expect(code, stderr).toBe(0);
    const rows = stdout
      .trim()
      .split("\n")
      .slice(2)
      .map((line) => line.split(/\s{2,}/));
    for (const key of Object.keys(component.actions)) {
      const statuses = rows.filter(([action]) => action === key).map((cells) => cells[2]);
      expect(statuses.length, `rows for ${key}`).toBeGreaterThan(0);
      for (const status of statuses) expect(status, `${key} status`).toMatch(/^2\d\d$/);
    }
    expect(stdout).toContain("2 items");
    expect(stdout).toMatch(/binary \d+ bytes image\/png/);
  });
});

describe("npm start -- <action> with flags", () => {
  it("sends the inputs given as flags and prints a text result as the text itself", async () => {
    const { code, stdout, stderr } = await runCli(
      "httpGet",
      "--url",
      `${server.url}/x`,
      "--queryParams",
      "a=1",
      "--headers",
      "X-Trace: t1",
      "--responseType",
      "text",
    );
    expect(code, stderr).toBe(0);
    const received = lastRequest();
    expect(received.method).toBe("GET");
    expect(received.url).toBe("/x?a=1");
    expect(received.headers["x-trace"]).toBe("t1");
    expect(JSON.parse(stdout)).toMatchObject({ method: "GET", url: "/x?a=1", headers: { "x-trace": "t1" } });
  });

  it("authenticates with a connection given by flags, and never shows its key in logs or output", async () => {
    const { code, stdout, stderr } = await runCli(
      "httpGet",
      "--url",
      `${server.url}/quiet`,
      "--connection",
      "apiKey",
      "--connection.apiKey",
      "k-123",
      "--connection.authScheme",
      "Bearer",
      "--debugRequest",
    );
    expect(code, stderr).toBe(0);
    expect(lastRequest().headers.authorization).toBe("Bearer k-123");
    expect(JSON.parse(stdout)).toEqual({ ok: true });
    expect(stderr).toMatch(/\[http\] \w+ .*GET/);
    expect(stderr).not.toContain("k-123");
  });

  it("uploads a file given as @path with its exact bytes and a type guessed from its extension", async () => {
    const bytes = randomBytes(4096);
    const file = path.join(workDir, "photo.png");
    writeFileSync(file, bytes);
    const { code, stderr } = await runCli(
      "httpFormData",
      "--url",
      `${server.url}/upload`,
      "--fileData",
      `photo=@${file}`,
      "--fileDataFileNames",
      "photo=photo.png",
      "--formData",
      "note: hi",
    );
    expect(code, stderr).toBe(0);
    const received = lastRequest();
    const boundary = /boundary=([^;]+)/.exec(received.headers["content-type"] ?? "")?.[1] ?? "";
    const parts = parseMultipart(received.body, boundary);
    const photo = parts.find((part) => part.name === "photo");
    expect(photo?.fileName).toBe("photo.png");
    expect(photo?.contentType).toBe("image/png");
    expect(sha256(photo?.body ?? Buffer.alloc(0))).toBe(sha256(bytes));
    expect(parts.find((part) => part.name === "note")?.body.toString()).toBe("hi");
  });

  it("prints a failed request's message on stderr with exit code 1, the credential masked", async () => {
    const { code, stdout, stderr } = await runCli(
      "httpGet",
      "--url",
      `${server.url}/fail`,
      "--connection",
      "basicAuth",
      "--connection.username",
      "ops",
      "--connection.password",
      "pw-secret-9",
    );
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toContain("httpGet failed: GET");
    expect(stderr).toContain("500");
    expect(stderr).not.toContain("pw-secret-9");
    expect(stderr).not.toContain(Buffer.from("ops:pw-secret-9").toString("base64"));
  });
});

describe("what a run prints: the body itself, or the platform's envelope with --json", () => {
  it("prints a text result exactly as received, with no newline added in a pipe", async () => {
    const run = await runCli("httpGet", "--url", `${server.url}/report.csv`, "--responseType", "text");
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toBe(REPORT);
  });

  it("prints a JSON result as indented JSON of the body, and --json prints the envelope", async () => {
    const plain = await runCli("httpGet", "--url", `${server.url}/quiet`);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toBe('{\n  "ok": true\n}\n');
    const text = await runCli("httpGet", "--url", `${server.url}/report.csv`, "--responseType", "text", "--json");
    expect(text.code, text.stderr).toBe(0);
    expect(JSON.parse(text.stdout)).toEqual({ data: REPORT });
  });

  it("writes a binary result's exact bytes into a pipe; --json shows them as base64 with the content type", async () => {
    const raw = await runCli("httpGet", "--url", `${server.url}/logo.png`, "--responseType", "binary");
    expect(raw.code, raw.stderr).toBe(0);
    expect(sha256(raw.stdoutBytes)).toBe(sha256(LOGO));
    const json = await runCli("httpGet", "--url", `${server.url}/logo.png`, "--responseType", "binary", "--json");
    expect(JSON.parse(json.stdout)).toEqual({
      data: { base64: LOGO.toString("base64"), bytes: LOGO.length },
      contentType: "image/png",
    });
  });

  it("prints the branching action's whole result, since its branch is part of the answer", async () => {
    const run = await runCli("httpRequestBranching", "--url", `${server.url}/missing`);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      branch: "Error",
      data: { status: 404, data: { error: "no such item" } },
    });
  });
});

describe.skipIf(!HAS_SCRIPT)("on a terminal", () => {
  it("shows the time waited while a slow request is on its way, then clears it for the result", async () => {
    const run = await runOnTerminal("httpGet", "--url", `${server.url}/delay/1500`);
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toMatch(/httpGet: waiting for the response \d\.\ds/);
    expect(run.stdout.trimEnd().endsWith('"waited": true\r\n}')).toBe(true);
  });

  it("does not dump a binary body on it, and ends a text result with a newline", async () => {
    const binary = await runOnTerminal("httpGet", "--url", `${server.url}/logo.png`, "--responseType", "binary");
    expect(binary.code, binary.stdout).toBe(0);
    expect(binary.stdout).toContain(
      `The response is binary (${LOGO.length} bytes, image/png), so it is not printed on a terminal: save it with -o FILE`,
    );
    expect(binary.stdout).not.toContain("PNG");
    const text = await runOnTerminal("httpGet", "--url", `${server.url}/report.csv`, "--responseType", "text");
    expect(text.stdout.endsWith("2,Gadget\r\n")).toBe(true);
  });
});

describe("not on a terminal", () => {
  it("shows nothing on stderr while a slow request is on its way", async () => {
    const run = await runCli("httpGet", "--url", `${server.url}/delay/1500`);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ waited: true });
  });
});

describe("-o FILE: the body saved to a file, a summary on stderr", () => {
  const summary = (file: string, facts: string, bytes: Buffer | string) =>
    `Saved ${file}: ${facts}, ${Buffer.byteLength(bytes)} bytes, sha256 ${sha256(bytes)}\n`;

  it("saves the exact bytes, relative to the user's folder, with status, type, size and sha256 on stderr", async () => {
    const folder = mkdtempSync(path.join(workDir, "save-"));
    const run = await runCliFrom(folder, "httpGet", "--url", `${server.url}/logo.png`, "-o", "logo.png");
    expect(run.code, run.stderr).toBe(0);
    const file = path.join(folder, "logo.png");
    expect(sha256(readFileSync(file))).toBe(sha256(LOGO));
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe(summary(file, "status 200, image/png", LOGO));
  });

  it("saves the server's bytes unless --responseType says to decode them, and the text when it says text", async () => {
    const folder = mkdtempSync(path.join(workDir, "save-"));
    const json = await runCliFrom(folder, "httpGet", "--url", `${server.url}/quiet`, "--output", "quiet.json");
    expect(json.code, json.stderr).toBe(0);
    expect(readFileSync(path.join(folder, "quiet.json"), "utf8")).toBe('{"ok":true}');
    const text = await runCliFrom(
      folder,
      "httpGet",
      "--url",
      `${server.url}/report.csv`,
      "--responseType",
      "text",
      "--output=out/../report.csv",
    );
    expect(text.code, text.stderr).toBe(0);
    const file = path.join(folder, "report.csv");
    expect(readFileSync(file, "utf8")).toBe(REPORT);
    expect(text.stderr).toBe(summary(file, "status 200, text/csv; charset=utf-8", REPORT));
  });

  it("saves the branching action's body and names its branch and status", async () => {
    const folder = mkdtempSync(path.join(workDir, "save-"));
    const run = await runCliFrom(folder, "httpRequestBranching", "--url", `${server.url}/missing`, "-o", "answer.json");
    expect(run.code, run.stderr).toBe(0);
    const file = path.join(folder, "answer.json");
    const body = '{"error":"no such item"}';
    expect(readFileSync(file, "utf8")).toBe(body);
    expect(run.stderr).toBe(summary(file, "branch Error, status 404, application/json", body));
  });

  it("exits 2 before sending anything when the folder does not exist, or -o meets --json", async () => {
    const before = server.requests.length;
    const folder = mkdtempSync(path.join(workDir, "save-"));
    const missing = await runCliFrom(folder, "httpPost", "--url", `${server.url}/orders`, "-o", "nope/out.json");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(
      `Cannot save to ${path.join(folder, "nope", "out.json")}: the folder ${path.join(folder, "nope")} does not exist`,
    );
    const both = await runCliFrom(folder, "httpGet", "--url", `${server.url}/quiet`, "-o", "x.json", "--json");
    expect(both.code).toBe(2);
    expect(both.stderr).toContain("--json and --output cannot be combined");
    expect(server.requests.length).toBe(before);
  });
});

describe("@path: files read from the folder the command was typed in", () => {
  const SRC = path.join(ROOT, "src");
  const partsOf = (received: { headers: Record<string, unknown>; body: Buffer }) => {
    const boundary = /boundary=([^;]+)/.exec(String(received.headers["content-type"] ?? ""))?.[1] ?? "";
    return parseMultipart(received.body, boundary);
  };

  it("npm start -s -- from src/: reads ./file from src/, names the part after the file, prints only the result", async () => {
    const file = path.join(SRC, "version.ts");
    const run = await spawnCli(
      "npm",
      ["start", "-s", "--", "httpFormData", "--url", `${server.url}/upload`, "--fileData", "source=@./version.ts"],
      { cwd: SRC },
    );
    expect(run.code, run.stderr).toBe(0);
    const [part] = partsOf(lastRequest());
    expect(part).toMatchObject({ name: "source", fileName: "version.ts" });
    expect(sha256(part.body)).toBe(sha256(readFileSync(file)));
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it("npx http-connector from src/: the project's own bin, ../path from src/, only the result on stdout", async () => {
    const run = await spawnCli(
      "npx",
      ["http-connector", "httpPost", "--url", `${server.url}/orders`, "--data", "@../package.json"],
      {
        cwd: SRC,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const received = lastRequest();
    expect(received.url).toBe("/orders");
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.sha256).toBe(sha256(readFileSync(path.join(ROOT, "package.json"))));
    expect(() => JSON.parse(run.stdout)).not.toThrow();
  });

  it("sends a Data file's exact bytes with a type from its name, and @@ as text that starts with @", async () => {
    const folder = mkdtempSync(path.join(workDir, "orders-"));
    const bytes = Buffer.from('{"sku":"A-1","qty":2}\n');
    writeFileSync(path.join(folder, "order.json"), bytes);
    const sent = await runCliFrom(folder, "httpPost", "--url", `${server.url}/orders`, "--data", "@order.json");
    expect(sent.code, sent.stderr).toBe(0);
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().sha256).toBe(sha256(bytes));
    const literal = await runCliFrom(folder, "httpPost", "--url", `${server.url}/orders`, "--data", "@@order.json");
    expect(literal.code, literal.stderr).toBe(0);
    expect(lastRequest().body.toString()).toBe("@order.json");
    expect(lastRequest().headers["content-type"]).toMatch(/^text\/plain/);
  });

  it("reads a GraphQL query and variables, and a cURL command, as text", async () => {
    const folder = mkdtempSync(path.join(workDir, "texts-"));
    const query = "query Items($limit: Int) {\n  items(limit: $limit) { id }\n}\n";
    writeFileSync(path.join(folder, "items.graphql"), query);
    writeFileSync(path.join(folder, "vars.json"), '{"limit": 2}');
    const graphql = await runCliFrom(
      folder,
      "httpGraphql",
      "--url",
      `${server.url}/graphql`,
      "--query",
      "@./items.graphql",
      "--variablesObject",
      "@vars.json",
    );
    expect(graphql.code, graphql.stderr).toBe(0);
    expect(JSON.parse(lastRequest().body.toString())).toEqual({ query, variables: { limit: 2 } });
    writeFileSync(path.join(folder, "create.curl"), `curl -X PUT '${server.url}/from-file' \\\n  -H 'X-Trace: f1'\n`);
    const curl = await runCliFrom(folder, "--curl", "@create.curl");
    expect(curl.code, curl.stderr).toBe(0);
    expect(lastRequest()).toMatchObject({ method: "PUT", url: "/from-file", headers: { "x-trace": "f1" } });
  });

  it("exits 2 naming the flag and the full path of a file it cannot read, before sending anything", async () => {
    const before = server.requests.length;
    const folder = mkdtempSync(path.join(workDir, "missing-"));
    const run = await runCliFrom(folder, "httpFormData", "--url", `${server.url}/upload`, "--fileData", "r=@./x.csv");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Cannot read --fileData r=@./x.csv: ${path.join(folder, "x.csv")} does not exist (ENOENT)`,
    );
    expect(server.requests.length).toBe(before);
  });
});

describe("npm start with each kind of connection", () => {
  const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
  // Port 9 (discard) gives no token: were the runner to ask it for one, the run would fail.
  const UNUSED_TOKEN_URL = "http://127.0.0.1:9/token";

  it.each([
    ["bearerToken", ["--connection.token", "tok-bearer-31"], "Bearer tok-bearer-31", "tok-bearer-31"],
    [
      "basicAuth",
      ["--connection.username", "ops", "--connection.password", "pw-basic-32"],
      basic("ops", "pw-basic-32"),
      "pw-basic-32",
    ],
    [
      "oauth2AuthCode",
      ["--connection.accessToken", "at-code-33", "--connection.tokenType", "bearer"],
      "Bearer at-code-33",
      "at-code-33",
    ],
    [
      "oauth2ClientCredentials",
      [
        "--connection.tokenUrl",
        UNUSED_TOKEN_URL,
        "--connection.clientId",
        "app",
        "--connection.accessToken",
        "at-given-34",
      ],
      "Bearer at-given-34",
      "at-given-34",
    ],
  ])(
    "%s: sends the header the connection makes, and never prints the credential",
    async (key, fields, header, secret) => {
      const url = `/quiet?connection=${key}`;
      const { code, stdout, stderr } = await runCli(
        "httpGet",
        "--url",
        `${server.url}${url}`,
        "--connection",
        key,
        ...fields,
        "--debugRequest",
      );
      expect(code, stderr).toBe(0);
      expect(
        server.requests.filter((request) => request.url === url).map((request) => request.headers.authorization),
      ).toEqual([header]);
      expect(JSON.parse(stdout)).toEqual({ ok: true });
      expect(`${stdout}${stderr}`).not.toContain(secret);
    },
  );
});

describe("npm start with a client certificate", () => {
  it("reads the certificate, key and CA from @path files and presents the certificate", async () => {
    const serverCa = await issue({ subject: "CN=CLI Server CA", ca: true });
    const clientCa = await issue({ subject: "CN=CLI Client CA", ca: true });
    const serverCert = await issue({ subject: "CN=127.0.0.1", issuer: serverCa, hosts: ["127.0.0.1"] });
    const client = await issue({ subject: "CN=cli-client", issuer: clientCa, clientAuth: true, notAfterDays: 90 });
    let presented = "";
    const mtls = await startTlsServer(
      { key: serverCert.key, cert: serverCert.cert, ca: clientCa.cert, requestCert: true, rejectUnauthorized: true },
      (_request, response, raw) => {
        presented = String((raw.socket as TLSSocket).getPeerCertificate().subject?.CN);
        response.setHeader("content-type", "application/json").end('{"ok":true}');
      },
    );
    const folder = mkdtempSync(path.join(workDir, "certs-"));
    writeFileSync(path.join(folder, "client.pem"), client.cert);
    writeFileSync(path.join(folder, "client.key"), client.key);
    writeFileSync(path.join(folder, "ca.pem"), serverCa.cert);
    try {
      const { code, stdout, stderr } = await runCliFrom(
        folder,
        "httpGet",
        "--url",
        `${mtls.url}/mtls`,
        "--connection",
        "clientCertificate",
        "--connection.certificate",
        "@./client.pem",
        "--connection.privateKey",
        "@client.key",
        "--connection.caCertificates",
        "@ca.pem",
        "--debugRequest",
      );
      expect(code, stderr).toBe(0);
      expect(JSON.parse(stdout)).toEqual({ ok: true });
      expect(presented).toBe("cli-client");
      expect(stderr).toContain("CN=cli-client");
      expect(stderr).not.toContain(client.key.split("\n")[1]);
    } finally {
      await mtls.close();
    }
  });
});

describe("npm start with OAuth 2.0 connections against a real authorization server", () => {
  const CLIENT_ID = "cli-app";
  const CLIENT_SECRET = "cs-cli-secret-41";
  const SCOPES = "orders:read orders:write";
  let tokens: TokenServer;
  let api: ProtectedApi;

  const clientCredentials = (secret = CLIENT_SECRET): string[] => [
    "--connection",
    "oauth2ClientCredentials",
    "--connection.tokenUrl",
    tokens.tokenUrl,
    "--connection.clientId",
    CLIENT_ID,
    "--connection.clientSecret",
    secret,
  ];
  /** The token requests and API calls one run adds. */
  const during = async (run: () => Promise<CliRun>) => {
    const before = { tokens: tokens.requests.length, api: api.requests.length };
    const result = await run();
    return { ...result, tokenRequests: tokens.requests.slice(before.tokens), apiCalls: api.requests.slice(before.api) };
  };

  beforeAll(async () => {
    tokens = await startTokenServer();
    api = await startProtectedApi(tokens);
  });
  beforeEach(() => tokens.answerWith(() => undefined));
  afterAll(async () => {
    await api?.close();
    await tokens?.close();
  });

  it("client credentials: fetches a token from the token URL as the platform would, and sends it as a Bearer token", async () => {
    const run = await during(() =>
      runCli(
        "httpGet",
        "--url",
        `${api.url}/orders`,
        ...clientCredentials(),
        "--connection.scopes",
        SCOPES,
        "--debugRequest",
      ),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ ok: true });
    expect(run.tokenRequests).toHaveLength(1);
    const [seen] = run.tokenRequests;
    expect(seen.fields).toEqual({
      grant_type: "client_credentials",
      scope: SCOPES,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    expect(seen.headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen.basic).toBeUndefined();
    const token = tokens.issued[tokens.issued.length - 1];
    expect(run.apiCalls.map((call) => call.headers.authorization)).toEqual([`Bearer ${token}`]);
    expect(run.stderr).toContain("Fetched a client credentials token for connection oauth2ClientCredentials");
    for (const secret of [CLIENT_SECRET, token]) expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
  });

  it("client credentials: sends the client in a Basic header with --connection.clientAuthentication basic", async () => {
    const run = await during(() =>
      runCli(
        "httpGet",
        "--url",
        `${api.url}/orders`,
        ...clientCredentials(),
        "--connection.clientAuthentication",
        "basic",
      ),
    );
    expect(run.code, run.stderr).toBe(0);
    const [seen] = run.tokenRequests;
    expect(seen.basic).toEqual({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
    expect(seen.fields).toEqual({ grant_type: "client_credentials" });
    expect(api.tokensSeen().at(-1)).toBe(tokens.issued.at(-1));
  });

  it("client credentials: a refused secret fails with exit 1, the server's reason and no secret, before calling the API", async () => {
    tokens.answerWith((response, request) => {
      if (request.fields.client_secret === CLIENT_SECRET) return;
      response.statusCode = 401;
      response.body = { error: "invalid_client", error_description: "Client authentication failed" };
    });
    const wrongSecret = "cs-wrong-secret-42";
    const run = await during(() => runCli("httpGet", "--url", `${api.url}/orders`, ...clientCredentials(wrongSecret)));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.tokenRequests).toHaveLength(1);
    expect(run.stderr).toContain("Cannot get a token for connection oauth2ClientCredentials");
    expect(run.stderr).toContain("status 401 (invalid_client: Client authentication failed)");
    expect(run.stderr).not.toContain(wrongSecret);
    expect(run.apiCalls).toHaveLength(0);
  });

  it.each([
    [
      "oauth2Password",
      ["--connection.username", "ana", "--connection.password", "pw-owner-43"],
      "password",
      "pw-owner-43",
    ],
    ["oauth2RefreshToken", ["--connection.refreshToken", "1//rt-44"], "refresh_token", "1//rt-44"],
  ])("%s: needs only its fields, the component fetching its own token", async (key, fields, grant, secret) => {
    const run = await during(() =>
      runCli(
        "httpGet",
        "--url",
        `${api.url}/orders`,
        "--connection",
        key,
        "--connection.tokenUrl",
        tokens.tokenUrl,
        "--connection.clientId",
        CLIENT_ID,
        ...fields,
      ),
    );
    expect(run.code, run.stderr).toBe(0);
    expect(run.tokenRequests.map((request) => request.fields.grant_type)).toEqual([grant]);
    expect(run.apiCalls.map((call) => call.headers.authorization)).toEqual([`Bearer ${tokens.issued.at(-1)}`]);
    expect(`${run.stdout}${run.stderr}`).not.toContain(secret);
  });
});

describe("npm start -- --curl", () => {
  it("runs a pasted cURL command, a connection and --responseType still applying", async () => {
    const body = '{"sku":"A-1","qty":2}';
    const command = `curl -X POST '${server.url}/orders?source=cli' \\\n  -H 'X-Trace: c1' \\\n  -H 'Content-Type: application/json' \\\n  --data-raw '${body}'`;
    const { code, stdout, stderr } = await runCli(
      "--curl",
      command,
      "--connection",
      "bearerToken",
      "--connection.token",
      "tok-curl-51",
      "--responseType",
      "text",
    );
    expect(code, stderr).toBe(0);
    const received = lastRequest();
    expect(received.method).toBe("POST");
    expect(received.url).toBe("/orders?source=cli");
    expect(received.headers["x-trace"]).toBe("c1");
    expect(received.headers["content-type"]).toBe("application/json");
    expect(received.headers.authorization).toBe("Bearer tok-curl-51");
    expect(received.body.toString("utf8")).toBe(body);
    expect(JSON.parse(stdout)).toMatchObject({ method: "POST", body });
  });

  it("exits non-zero naming an option the cURL action does not support, before sending anything", async () => {
    const before = server.requests.length;
    const { code, stdout, stderr } = await runCli("--curl", `curl --cert client.pem ${server.url}/orders`);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/httpCurl failed: .*does not support: --cert/);
    expect(server.requests.length).toBe(before);
  });
});

describe("npm start with a wrong name", () => {
  it("exits 2 listing the actions for an unknown action", async () => {
    const { code, stdout, stderr } = await runCli("httpGot", "--url", server.url);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain('Unknown action "httpGot". Did you mean httpGet?');
    for (const key of Object.keys(component.actions)) expect(stderr).toContain(key);
  });

  it("exits 2 listing the action's inputs for an unknown input, before sending anything", async () => {
    const before = server.requests.length;
    const { code, stderr } = await runCli("httpGet", "--url", server.url, "--urll", "x");
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown input "--urll" for action httpGet. Did you mean --url?');
    for (const input of component.actions.httpGet.inputs) expect(stderr).toContain(`--${input.key}`);
    expect(server.requests.length).toBe(before);
  });

  it("exits 2 listing the connections for an unknown connection key", async () => {
    const { code, stderr } = await runCli("httpGet", "--url", server.url, "--connection", "apiKeyy");
    expect(code).toBe(2);
    expect(stderr).toContain('Unknown connection "apiKeyy". Did you mean apiKey?');
    for (const connection of component.connections ?? []) expect(stderr).toContain(connection.key);
  });

  it("exits 2 naming the flag of a missing connection field, before sending anything", async () => {
    const before = server.requests.length;
    const { code, stdout, stderr } = await runCli("httpGet", "--url", server.url, "--connection", "bearerToken");
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Connection bearerToken needs --connection.token <Token>");
    expect(server.requests.length).toBe(before);
  });

  it("prints usage with every action and its label for --help", async () => {
    const { code, stdout } = await runCli("--help");
    expect(code).toBe(0);
    for (const action of Object.values(component.actions)) {
      const label = action.display.label.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
      expect(stdout).toMatch(new RegExp(`${action.key}\\s+${label}`));
    }
  });
});

describe("the runner's pure pieces", () => {
  it("rebuilds only a missing or older bundle", () => {
    expect(isStale(undefined, 1)).toBe(true);
    expect(isStale(1, 2)).toBe(true);
    expect(isStale(2, 2)).toBe(false);
  });

  it("summarizes bodies in one line", () => {
    expect(summarize([1, 2, 3])).toBe("3 items");
    expect(summarize([1])).toBe("1 item");
    expect(summarize(Buffer.alloc(1234), "image/png")).toBe("binary 1234 bytes image/png");
    expect(summarize(null)).toBe("empty body");
    expect(summarize("a,b\n1,2")).toBe('text 7 chars: "a,b\\n1,2"');
    expect(summarize({ id: 4, name: "x".repeat(100) })).toHaveLength(72);
    expect(truncate("a\n b", 10)).toBe("a b");
  });

  it("aligns the table columns", () => {
    const table = formatTable([
      { action: "httpGet", sample: "GET /items", status: "200", result: "3 items" },
      { action: "httpDelete", sample: "DELETE /items/3", status: "204", result: "empty body" },
    ]);
    const lines = table.trimEnd().split("\n");
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^ACTION {6}REQUEST {10}STATUS {2}RESULT$/);
    expect(lines[2].indexOf("200")).toBe(lines[3].indexOf("204"));
  });

  it("prints bytes as base64 with their length", () => {
    expect(toPrintable({ data: Buffer.from("hi"), contentType: "text/plain", list: [new Uint8Array([1])] })).toEqual({
      data: { base64: "aGk=", bytes: 2 },
      contentType: "text/plain",
      list: [{ base64: "AQ==", bytes: 1 }],
    });
  });

  it("shows a result's body: text, bytes or JSON from the envelope, any other result whole", () => {
    expect(bodyOf({ data: "a,b" }, "text")).toEqual({ kind: "text", text: "a,b" });
    expect(bodyOf({ data: "a,b" }, "json")).toEqual({ kind: "json", value: "a,b" });
    expect(bodyOf({ data: [1] }, undefined)).toEqual({ kind: "json", value: [1] });
    const bytes = new Uint8Array([1, 2]);
    expect(bodyOf({ data: bytes, contentType: "image/png" }, "binary")).toEqual({
      kind: "binary",
      bytes: Buffer.from(bytes),
      contentType: "image/png",
    });
    const branched = { branch: "Success", data: { data: "x", status: 200, headers: {} } };
    expect(bodyOf(branched, "text")).toEqual({ kind: "json", value: branched });
  });

  it("saves a full response's body with its status and type, and the pagination action's items", () => {
    const full = { data: { data: "a,b", status: 201, headers: { "content-type": "text/csv" } } };
    expect(savedResponse(full, "text")).toEqual({
      body: { kind: "text", text: "a,b" },
      status: 201,
      contentType: "text/csv",
    });
    const pages = { data: { items: [1, 2], pages: 2, lastResponse: { status: 200, headers: {} } } };
    expect(savedResponse(pages, undefined)).toEqual({ body: { kind: "json", value: [1, 2] }, status: 200 });
    expect(savingInputs(component.actions.httpGet, {})).toEqual({
      includeFullResponse: "true",
      responseType: "binary",
    });
    expect(savingInputs(component.actions.httpGet, { responseType: "json" })).toEqual({ includeFullResponse: "true" });
    expect(savingInputs(component.actions.httpGraphql, {})).toEqual({ includeFullResponse: "true" });
    // Select needs a parsed body, so saving does not ask for bytes.
    expect(savingInputs(component.actions.httpGet, { select: "items" })).toEqual({ includeFullResponse: "true" });
  });

  it("refuses to run the demo when an action has no samples, or samples name a missing action", () => {
    expect(() => samplesFor([...Object.keys(component.actions), "httpTrace"], "http://127.0.0.1:1")).toThrow(
      /No demo samples for action\(s\) httpTrace/,
    );
    expect(() => samplesFor(["httpGet"], "http://127.0.0.1:1")).toThrow(
      /samples for action\(s\) the component does not have/,
    );
  });
});

describe("the demo API", () => {
  it("serves the item store, refuses unknown credentials and reports uploaded parts with their digests", async () => {
    const api = await startDemoApi();
    try {
      const list = await fetch(`${api.url}/items?limit=2`, {
        headers: { authorization: `Bearer ${DEMO_CREDENTIALS.apiKey}` },
      });
      expect(await list.json()).toEqual(SEED_ITEMS.slice(0, 2));
      expect((await fetch(`${api.url}/items`, { headers: { authorization: "Bearer wrong" } })).status).toBe(401);
      const created = await fetch(`${api.url}/items`, { method: "POST", body: '{"id":99,"name":"New"}' });
      expect(created.status).toBe(201);
      expect(await created.json()).toEqual({ id: SEED_ITEMS.length + 1, name: "New" });
      const form = new FormData();
      form.append("note", "hello");
      const bytes = Buffer.from([0, 255, 13, 10]);
      form.append("file", new Blob([bytes], { type: "application/octet-stream" }), "b.bin");
      const upload = await fetch(`${api.url}/upload`, { method: "PUT", body: form });
      expect(await upload.json()).toEqual({
        method: "PUT",
        parts: [
          { name: "note", fileName: null, contentType: null, size: 5, sha256: sha256("hello") },
          { name: "file", fileName: "b.bin", contentType: "application/octet-stream", size: 4, sha256: sha256(bytes) },
        ],
      });
    } finally {
      await api.close();
    }
  });
});
