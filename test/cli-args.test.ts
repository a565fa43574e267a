import { homedir } from "node:os";
import path from "node:path";
import type { Connection } from "@prismatic-io/spectral";
import { describe, expect, it, vi } from "vitest";
import { type Command, parseArgs } from "../scripts/cli/args";
import { atPathOrText, readingOf, settledReading } from "../scripts/cli/atPath";
import { clientCredentialsRequest, refusalMessage, tokenFromAnswer } from "../scripts/cli/clientCredentials";
import type { ComponentDefinition } from "../scripts/cli/component";
import { UsageError } from "../scripts/cli/errors";
import { absolutePath } from "../scripts/cli/files";
import { splitArgs } from "../scripts/cli/flags";
import { actionUsage, usage, wrapWords } from "../scripts/cli/help";
import { toConnectionValue, toRuntimeParams } from "../scripts/cli/params";
import { parseRow } from "../scripts/cli/rows";
import { withRunnerToken } from "../scripts/cli/run";
import { RUNNER_FLAGS } from "../scripts/cli/runnerFlags";
import { runnerFlagsOf, type TokenSource, tokenSourceOf } from "../scripts/cli/tokenSource";
import component from "../src";

/** The command line is read against the real component's declarations, not a copy. */
const definitions: ComponentDefinition = component;
const parse = (...argv: string[]) => parseArgs(argv, definitions);

const usageError = (argv: string[]): UsageError => {
  try {
    parseArgs(argv, definitions);
  } catch (error) {
    if (error instanceof UsageError) return error;
    throw error;
  }
  throw new Error(`expected a usage error for ${argv.join(" ")}`);
};

describe("splitArgs", () => {
  const noSwitches = () => false;

  it("reads --name value and --name=value, keeping a value that starts with -- only after =", () => {
    expect(splitArgs(["--url", "https://x.test", "--data=--raw--"], noSwitches).flags).toEqual([
      { name: "url", value: "https://x.test" },
      { name: "data", value: "--raw--" },
    ]);
  });

  it("leaves a flag followed by another flag without a value", () => {
    expect(splitArgs(["--url", "--timeout", "5"], noSwitches).flags).toEqual([
      { name: "url", value: undefined },
      { name: "timeout", value: "5" },
    ]);
  });

  it("lets a switch take only a true/false word as its value", () => {
    const isSwitch = (name: string) => name === "debugRequest";
    expect(splitArgs(["--debugRequest", "false"], isSwitch).flags).toEqual([{ name: "debugRequest", value: "false" }]);
    expect(splitArgs(["--debugRequest", "extra"], isSwitch)).toEqual({
      positionals: ["extra"],
      flags: [{ name: "debugRequest", value: undefined }],
    });
  });

  it("treats -h as --help and other tokens as positionals", () => {
    expect(splitArgs(["httpGet", "-h", "--"], noSwitches)).toEqual({
      positionals: ["httpGet", "--"],
      flags: [{ name: "help", value: undefined }],
    });
  });
});

describe("parseRow and atPathOrText", () => {
  it("reads 'Name: value' and 'name=value', the first separator winning", () => {
    expect(parseRow("headers", "Accept: text/csv")).toEqual({ key: "Accept", value: "text/csv" });
    expect(parseRow("queryParams", "limit=10")).toEqual({ key: "limit", value: "10" });
    expect(parseRow("headers", "X-Filter: a=b")).toEqual({ key: "X-Filter", value: "a=b" });
    expect(parseRow("queryParams", "q=a:b")).toEqual({ key: "q", value: "a:b" });
    expect(parseRow("queryParams", "empty=")).toEqual({ key: "empty", value: "" });
    expect(parseRow("queryParams", "pad= x")).toEqual({ key: "pad", value: " x" });
  });

  it("refuses a row without a name, without quoting the row (it may be a credential)", () => {
    for (const row of ["Authorization Bearer s3cret-token", ": s3cret-token", "=s3cret-token"]) {
      expect(() => parseRow("headers", row)).toThrow(UsageError);
      expect(() => parseRow("headers", row)).not.toThrow(/s3cret/);
    }
  });

  it("reads @path as a file reference, @@ as a literal @, and anything else as text", () => {
    expect(atPathOrText("@q3.pdf", "file", "--data @q3.pdf")).toEqual({
      file: "q3.pdf",
      reading: "file",
      flag: "--data @q3.pdf",
    });
    expect(atPathOrText("@", "file", "--data @")).toBe("@");
    expect(atPathOrText("@@handle", "text", "--query @@handle")).toBe("@handle");
    expect(atPathOrText("@@", "file", "--data @@")).toBe("@");
    expect(atPathOrText("plain", "file", "--data plain")).toBe("plain");
  });

  it("reads a relative path from the user's folder, and ~/ from the home folder", () => {
    expect(absolutePath("./x.csv", "/home/ana/reports")).toBe("/home/ana/reports/x.csv");
    expect(absolutePath("../x.csv", "/home/ana/reports")).toBe("/home/ana/x.csv");
    expect(absolutePath("/tmp/x.csv", "/home/ana")).toBe("/tmp/x.csv");
    expect(absolutePath("~/x.csv", "/tmp")).toBe(path.join(homedir(), "x.csv"));
  });
});

describe("parseArgs", () => {
  it("runs the demo with no arguments and prints usage for --help or -h", () => {
    expect(parse()).toEqual({ kind: "demo" });
    expect(parse("--help")).toEqual({ kind: "help" });
    expect(parse("-h")).toEqual({ kind: "help" });
    expect(parse("httpGet", "--url", "https://x.test", "--help")).toEqual({ kind: "help", actionKey: "httpGet" });
  });

  it("reads an action's inputs, key/value lists as repeated rows and switches alone as true", () => {
    expect(
      parse(
        "httpGet",
        "--url",
        "https://api.example.com/items",
        "--queryParams",
        "limit=10",
        "--queryParams",
        "tag=a",
        "--headers",
        "Accept: text/csv",
        "--responseType=text",
        "--includeFullResponse",
        "--debugRequest",
        "false",
      ),
    ).toEqual({
      kind: "run",
      actionKey: "httpGet",
      inputs: {
        url: "https://api.example.com/items",
        queryParams: [
          { key: "limit", value: "10" },
          { key: "tag", value: "a" },
        ],
        headers: [{ key: "Accept", value: "text/csv" }],
        responseType: "text",
        includeFullResponse: "true",
        debugRequest: "false",
      },
      options: { json: false },
    });
  });

  it("takes the runner's own --json and -o/--output out of the inputs", () => {
    expect(parse("httpGet", "--url", "https://x.test", "-o", "logo.png")).toMatchObject({
      inputs: { url: "https://x.test" },
      options: { json: false, output: "logo.png" },
    });
    expect(parse("httpGet", "--json", "--url", "https://x.test")).toMatchObject({
      inputs: { url: "https://x.test" },
      options: { json: true },
    });
    expect(parse("httpGet", "--json", "false", "--output=a.csv")).toMatchObject({
      options: { json: false, output: "a.csv" },
    });
    expect(parse("-o", "out.txt", "--curl", "curl https://x.test")).toMatchObject({
      actionKey: "httpCurl",
      options: { output: "out.txt" },
    });
    expect(usageError(["httpGet", "-o"]).message).toBe("--output (-o) needs a file name");
    expect(usageError(["httpGet", "-o", "a", "--output", "b"]).message).toBe("--output was given more than once");
    expect(usageError(["httpGet", "--json", "-o", "a"]).message).toMatch(/^--json and --output cannot be combined/);
  });

  it("has no action input named like a runner flag, which would shadow it", () => {
    for (const action of Object.values(component.actions)) {
      for (const name of Object.keys(RUNNER_FLAGS)) {
        expect(
          action.inputs.map((input) => input.key),
          action.key,
        ).not.toContain(name);
      }
    }
  });

  it("reads @path as a file only in inputs that take files", () => {
    const command = parse(
      "httpFormData",
      "--url",
      "https://x.test/upload",
      "--httpMethod",
      "put",
      "--fileData",
      "report=@./q3.csv",
      "--formData",
      "handle=@acme",
      "--fileDataFileNames",
      "report: q3.csv",
    );
    expect(command).toMatchObject({
      kind: "run",
      inputs: {
        httpMethod: "put",
        fileData: [{ key: "report", value: { file: "./q3.csv" } }],
        formData: [{ key: "handle", value: "@acme" }],
        fileDataFileNames: [{ key: "report", value: "q3.csv" }],
      },
    });
  });

  it("takes @path in exactly the inputs that take a file or a long text, judged from the definitions", () => {
    for (const action of Object.values(component.actions)) {
      for (const input of action.inputs) {
        const expected =
          input.type === "data" || input.key === "data"
            ? "file"
            : input.type === "code" || input.type === "text"
              ? "text"
              : undefined;
        expect(readingOf(input), `${action.key} ${input.key}`).toBe(expected);
      }
    }
    const command = parse(
      "httpGraphql",
      "--url",
      "https://x.test/graphql",
      "--query",
      "@./items.graphql",
      "--variablesObject",
      "@vars.json",
      "--operationName",
      "@Items",
    );
    expect(command).toMatchObject({
      inputs: {
        query: { file: "./items.graphql", reading: "text", flag: "--query @./items.graphql" },
        variablesObject: { file: "vars.json", reading: "text" },
        operationName: "@Items",
      },
    });
    expect(parse("httpPost", "--data", "@@acme")).toMatchObject({ inputs: { data: "@acme" } });
    expect(parse("httpFormData", "--formData", "handle=@@acme")).toMatchObject({
      inputs: { formData: [{ key: "handle", value: "@@acme" }] },
    });
    expect(parse("--curl", "@./create.curl")).toMatchObject({
      actionKey: "httpCurl",
      inputs: { curlCommand: { file: "./create.curl", reading: "text" } },
    });
  });

  it("reads a Data file as text when Body Type is JSON or a form, which take text", () => {
    const ref = { file: "o.json", reading: "file", flag: "--data @o.json" } as const;
    expect(settledReading(ref, "data", {})).toBe("file");
    expect(settledReading(ref, "data", { bodyType: "raw" })).toBe("file");
    expect(settledReading(ref, "data", { bodyType: "json" })).toBe("text");
    expect(settledReading(ref, "data", { bodyType: "form-urlencoded" })).toBe("text");
    expect(settledReading(ref, "fileData", { bodyType: "json" })).toBe("file");
  });

  it("names an uploaded @path file after the file, unless File Data File Names names it", () => {
    const upload = (...flags: string[]) => parse("httpFormData", "--url", "https://x.test/upload", ...flags);
    expect(upload("--fileData", "report=@./out/q3.csv", "--fileData", "note=hello")).toMatchObject({
      inputs: { fileDataFileNames: [{ key: "report", value: "q3.csv" }] },
    });
    expect(upload("--fileData", "report=@./q3.csv", "--fileDataFileNames", "report=final.csv")).toMatchObject({
      inputs: { fileDataFileNames: [{ key: "report", value: "final.csv" }] },
    });
    // Two files of one field get a name row each, in order; one given as text keeps the field's name.
    expect(
      upload("--fileData", "files=@a.csv", "--fileData", "files=inline", "--fileData", "files=@b.csv"),
    ).toMatchObject({
      inputs: {
        fileDataFileNames: [
          { key: "files", value: "a.csv" },
          { key: "files", value: "files" },
          { key: "files", value: "b.csv" },
        ],
      },
    });
  });

  it("reads a connection and its fields, checked against the component's connections", () => {
    expect(
      parse(
        "httpGet",
        "--url",
        "https://x.test",
        "--connection",
        "apiKey",
        "--connection.apiKey",
        "k-1",
        "--connection.authScheme",
        "Bearer",
      ),
    ).toMatchObject({
      inputs: { url: "https://x.test" },
      connection: { inputKey: "connection", key: "apiKey", fields: { apiKey: "k-1", authScheme: "Bearer" }, token: {} },
    });
  });

  it("turns --connection.accessToken and tokenType into the OAuth 2.0 token the platform would hand over", () => {
    const command = parse(
      "httpPost",
      "--url=https://x.test",
      "--connection=oauth2ClientCredentials",
      "--connection.accessToken",
      "at-1",
      "--connection.tokenType",
      "bearer",
      "--connection.headers",
      "X-Tenant: acme",
    );
    expect(command).toMatchObject({
      connection: {
        key: "oauth2ClientCredentials",
        fields: { headers: [{ key: "X-Tenant", value: "acme" }] },
        token: { access_token: "at-1", token_type: "bearer" },
      },
    });
  });

  it("names every action when the action is unknown or not first", () => {
    for (const argv of [
      ["httpGot", "--url", "x"],
      ["--url", "x", "httpGet"],
    ]) {
      const error = usageError(argv);
      for (const key of Object.keys(component.actions)) expect(error.message).toContain(key);
    }
    expect(usageError(["httpGot"]).message).toContain('Unknown action "httpGot"');
  });

  it("names the action's inputs when an input is unknown", () => {
    const error = usageError(["httpGet", "--url", "https://x.test", "--data", "{}"]);
    expect(error.message).toContain('Unknown input "--data" for action httpGet');
    for (const input of component.actions.httpGet.inputs) expect(error.message).toContain(`--${input.key}`);
  });

  it("refuses a missing value, a repeated single input and a stray argument", () => {
    expect(usageError(["httpGet", "--url"]).message).toMatch(/--url needs a value/);
    expect(usageError(["httpGet", "--url", "a", "--url", "b"]).message).toMatch(/--url was given more than once/);
    expect(usageError(["httpGet", "--url", "a", "b"]).message).toMatch(/Unexpected argument "b"/);
    expect(usageError(["httpGet", "--headers", "no separator"]).message).toMatch(/--headers takes rows/);
  });

  it("suggests the name a typo most likely meant, and nothing when no name is close", () => {
    const cases: [string[], string][] = [
      [["httpGot", "--url", "x"], "Did you mean httpGet?"],
      [["graphql"], "Did you mean httpGraphql?"],
      [["httpGet", "--urll", "x"], "Did you mean --url?"],
      [["httpGet", "--URL", "x"], "Did you mean --url?"],
      [["httpGet", "--header", "A: b"], "Did you mean --headers?"],
      [["httpGet", "--connection", "apikey"], "Did you mean apiKey?"],
      [["httpGet", "--connection", "basicAuth", "--connection.user", "u"], "Did you mean --connection.username?"],
    ];
    for (const [argv, hint] of cases) expect(usageError(argv).message, argv.join(" ")).toContain(hint);
    for (const argv of [
      ["nothingLikeIt"],
      ["httpGet", "--zzz", "x"],
      ["httpGet", "--connection", "basicAuth", "--connection.foo", "x"],
    ]) {
      expect(usageError(argv).message, argv.join(" ")).not.toContain("Did you mean");
    }
  });

  it("names the flag of each required connection field that is missing, before anything runs", () => {
    expect(usageError(["httpGet", "--url", "https://x.test", "--connection", "apiKey"]).message).toBe(
      "Connection apiKey needs --connection.apiKey <API Key>",
    );
    const basic = ["httpGet", "--connection", "basicAuth", "--connection.username", "ops"];
    expect(usageError(basic).message).toBe("Connection basicAuth needs --connection.password <Password>");
    expect(usageError(["httpGet", "--connection", "basicAuth", "--connection.password", " "]).message).toBe(
      "Connection basicAuth needs --connection.username <Username> and --connection.password <Password>",
    );
    const clientCredentials = ["httpGet", "--connection", "oauth2ClientCredentials", "--connection.clientId", "app"];
    expect(usageError(clientCredentials).message).toBe(
      "Connection oauth2ClientCredentials needs --connection.tokenUrl <Token URL> and --connection.clientSecret <Client Secret> (or --connection.accessToken <token>, to skip fetching one)",
    );
    expect(parse(...clientCredentials, "--connection.accessToken", "at")).toMatchObject({ kind: "run" });
    expect(parse("httpGet", "--connection", "apiKey", "--connection.apiKey", "k")).toMatchObject({ kind: "run" });
  });

  it("names the valid connections and fields when one is wrong", () => {
    const keys = (component.connections ?? []).map((connection) => connection.key);
    const wrongKey = usageError(["httpGet", "--url", "https://x.test", "--connection", "apikey"]);
    expect(wrongKey.message).toContain('Unknown connection "apikey"');
    for (const key of keys) expect(wrongKey.message).toContain(key);
    const noKey = usageError(["httpGet", "--url", "https://x.test", "--connection.apiKey", "k"]);
    expect(noKey.message).toMatch(/needs --connection <key>/);
    const wrongField = usageError(["httpGet", "--connection", "apiKey", "--connection.accessToken", "t"]);
    const [problem, validList] = wrongField.message.split("Valid fields: ");
    expect(problem).toBe('Unknown field "--connection.accessToken" for connection apiKey. ');
    const apiKeyFields = (component.connections ?? []).find((connection) => connection.key === "apiKey")?.inputs ?? [];
    expect(validList.split(", ")).toEqual(apiKeyFields.map((input) => `--connection.${input.key}`));
    expect(usageError(["httpGet", "--connection"]).message).toMatch(/--connection needs a connection key/);
  });
});

describe("the params handed to perform", () => {
  it("start from every declared default, as the designer pre-fills them", () => {
    const params = toRuntimeParams(component.actions.httpFormData, { url: "https://x.test", httpMethod: "put" });
    expect(params).toMatchObject({ url: "https://x.test", httpMethod: "put", responseType: "json", maxRetries: "0" });
    expect(params).not.toHaveProperty("connection");
  });

  it("give a connection its field defaults and, when given, its token", () => {
    const [apiKey] = component.connections ?? [];
    const value = toConnectionValue(
      { inputKey: "connection", key: "apiKey", fields: { apiKey: "k" }, token: {} },
      apiKey,
    );
    const defaults = Object.fromEntries(
      apiKey.inputs.filter((input) => input.default !== undefined).map((input) => [input.key, input.default]),
    );
    expect(value).toEqual({ key: "apiKey", configVarKey: "", fields: { ...defaults, apiKey: "k" } });
    expect(value.fields.authScheme).toBe("Basic");
    const oauth = (component.connections ?? []).find((connection) => connection.key === "oauth2AuthCode");
    if (!oauth) throw new Error("the component has no oauth2AuthCode connection");
    const choice = { inputKey: "connection", key: "oauth2AuthCode", fields: {}, token: { access_token: "t" } };
    const withToken = toConnectionValue(choice, oauth);
    expect(withToken.token).toEqual({ access_token: "t" });
  });
});

describe("npm start -- --curl", () => {
  const command = "curl -X POST 'https://x.test/items' -H 'Content-Type: application/json' -d '{\"a\":1}'";

  it("runs the cURL action with the pasted command, other flags still applying", () => {
    expect(
      parse("--curl", command, "--responseType", "text", "--connection", "bearerToken", "--connection.token", "t-1"),
    ).toEqual({
      kind: "run",
      actionKey: "httpCurl",
      inputs: { curlCommand: command, responseType: "text" },
      options: { json: false },
      connection: { inputKey: "connection", key: "bearerToken", fields: { token: "t-1" }, token: {} },
    });
    expect(parse("--debugRequest", `--curl=${command}`)).toMatchObject({
      actionKey: "httpCurl",
      inputs: { curlCommand: command, debugRequest: "true" },
    });
    expect(parse("httpCurl", "--curl", command)).toMatchObject({
      actionKey: "httpCurl",
      inputs: { curlCommand: command },
    });
    expect(parse("--curl", command, "--help")).toEqual({ kind: "help", actionKey: "httpCurl" });
  });

  it("refuses --curl without a command, and an unquoted command without quoting its words back", () => {
    for (const argv of [["--curl"], ["--curl", "--responseType", "text"], ["--curl", "  "], ["--curl="]]) {
      expect(usageError(argv).message).toMatch(/^--curl needs a cURL command as one quoted argument/);
    }
    const unquoted = usageError(["--curl", "curl", "-u", "me:pw-secret-7", "https://x.test"]);
    expect(unquoted.message).toMatch(/^3 word\(s\) follow the cURL command unquoted/);
    expect(unquoted.message).not.toContain("pw-secret-7");
  });

  it("is not an input of the other actions", () => {
    expect(usageError(["httpGet", "--curl", command]).message).toContain('Unknown input "--curl" for action httpGet');
  });
});

describe("connections by flags", () => {
  const connectionOf = (command: Command) => (command.kind === "run" ? command.connection : undefined);

  it("knows who gets the token of each of the component's connections", () => {
    const expected: Record<string, TokenSource> = {
      apiKey: "none",
      basicAuth: "none",
      bearerToken: "none",
      oauth2AuthCode: "user",
      oauth2AuthCodePkce: "user",
      oauth2ClientCredentials: "runner",
      oauth2Password: "component",
      oauth2RefreshToken: "component",
      jwtBearer: "component",
      clientCertificate: "none",
      awsSignatureV4: "none",
      oauth1: "none",
      digestAuth: "none",
      hmacSignature: "none",
    };
    const connections = component.connections ?? [];
    expect(Object.fromEntries(connections.map((connection) => [connection.key, tokenSourceOf(connection)]))).toEqual(
      expected,
    );
  });

  it("reads every connection's every field, plus the token flags of OAuth 2.0 connections", () => {
    for (const connection of component.connections ?? []) {
      const fieldFlags = connection.inputs.flatMap((input) => [
        `--connection.${input.key}`,
        input.collection ? "k: v" : `v-${input.key}`,
      ]);
      const tokenFlags = tokenSourceOf(connection) === "user" ? ["--connection.accessToken", "at"] : [];
      const choice = connectionOf(
        parse("httpGet", "--url", "https://x.test", "--connection", connection.key, ...fieldFlags, ...tokenFlags),
      );
      expect(Object.keys(choice?.fields ?? {}), connection.key).toEqual(connection.inputs.map((input) => input.key));
    }
  });

  it("takes clientAuthentication for the runner's client credentials request, outside the fields the action sees", () => {
    const base = [
      "httpGet",
      "--url",
      "https://x.test",
      "--connection",
      "oauth2ClientCredentials",
      "--connection.tokenUrl",
      "https://auth.x.test/token",
      "--connection.clientId",
      "app",
      "--connection.clientSecret",
      "s",
    ];
    const choice = connectionOf(parse(...base, "--connection.clientAuthentication", "basic"));
    expect(choice).toEqual({
      inputKey: "connection",
      key: "oauth2ClientCredentials",
      fields: { tokenUrl: "https://auth.x.test/token", clientId: "app", clientSecret: "s" },
      token: {},
      clientAuthentication: "basic",
    });
    expect(usageError([...base, "--connection.clientAuthentication", "header"]).message).toBe(
      '--connection.clientAuthentication takes body or basic, not "header"',
    );
    const twice = [...base, "--connection.accessToken", "a", "--connection.accessToken", "b"];
    expect(usageError(twice).message).toBe("--connection.accessToken was given more than once");
    const onAuthCode = [
      "httpGet",
      "--connection",
      "oauth2AuthCode",
      "--connection.accessToken",
      "a",
      "--connection.clientAuthentication",
      "basic",
    ];
    expect(usageError(onAuthCode).message).toMatch(
      /^Unknown field "--connection.clientAuthentication" for connection oauth2AuthCode/,
    );
  });

  it("asks for the access token of an authorization code connection, which only a browser sign-in could get", () => {
    const error = usageError([
      "httpGet",
      "--url",
      "https://x.test",
      "--connection",
      "oauth2AuthCode",
      "--connection.clientId",
      "app",
    ]);
    expect(error.message).toMatch(/^Connection oauth2AuthCode needs --connection.accessToken <token>/);
    const flagsByKey = Object.fromEntries((component.connections ?? []).map((c) => [c.key, runnerFlagsOf(c)]));
    expect(flagsByKey).toMatchObject({
      oauth2AuthCode: ["accessToken", "tokenType"],
      oauth2ClientCredentials: ["accessToken", "tokenType", "clientAuthentication"],
      oauth2Password: [],
      apiKey: [],
    });
  });
});

describe("the runner's client credentials token", () => {
  const TOKEN_URL = "http://127.0.0.1:4000/oauth/token";
  const SECRET = "cs-very-secret-1";
  const connection = (fields: Record<string, unknown> = {}): Connection => ({
    key: "oauth2ClientCredentials",
    configVarKey: "",
    fields: { tokenUrl: TOKEN_URL, clientId: "app", clientSecret: SECRET, scopes: "items:read items:write", ...fields },
  });

  it("is asked for with the component's own token request: grant, scope, and the client in the body or a Basic header", () => {
    const inBody = clientCredentialsRequest(connection({ clientAuthentication: "body" }));
    expect(inBody.tokenUrl.href).toBe(TOKEN_URL);
    expect(inBody.fields).toEqual([
      { key: "grant_type", value: "client_credentials" },
      { key: "scope", value: "items:read items:write" },
      { key: "client_id", value: "app" },
      { key: "client_secret", value: SECRET },
    ]);
    expect(inBody.secrets).toContain(SECRET);
    const inHeader = clientCredentialsRequest(connection({ clientAuthentication: "basic" }));
    expect(inHeader.fields.map((field) => field.key)).toEqual(["grant_type", "scope"]);
    expect(inHeader.headers).toContainEqual({
      key: "Authorization",
      value: `Basic ${Buffer.from(`app:${SECRET}`).toString("base64")}`,
    });
  });

  it("becomes the token the platform hands over, with expires_in when the server gave one", () => {
    const request = clientCredentialsRequest(connection());
    const answer = {
      status: 200,
      body: { access_token: "at-1", token_type: "Bearer", expires_in: 3600, scope: "items:read" },
    };
    expect(tokenFromAnswer(connection(), request, answer, 1_000)).toEqual({
      access_token: "at-1",
      token_type: "Bearer",
      expires_in: 3600,
    });
    expect(tokenFromAnswer(connection(), request, { status: 200, body: { access_token: "at-2" } }, 0)).toEqual({
      access_token: "at-2",
      token_type: "Bearer",
    });
    expect(() => tokenFromAnswer(connection(), request, { status: 200, body: "<html>" }, 0)).toThrow(
      /got no access token/,
    );
  });

  it("reports a refusal with its status and the server's error and description, the secret masked", () => {
    const request = clientCredentialsRequest(connection());
    const refused = { status: 401, body: { error: "invalid_client", error_description: `secret ${SECRET} is wrong` } };
    const message = refusalMessage(request, refused);
    expect(message).toBe(
      `the token URL ${TOKEN_URL} refused the client credentials grant with status 401 (invalid_client: secret [REDACTED] is wrong)`,
    );
    expect(() => tokenFromAnswer(connection(), request, refused, 0)).toThrow(message);
    expect(refusalMessage(request, { status: 503, body: undefined })).toMatch(/with status 503$/);
  });

  it("is fetched before the action runs, only for client credentials connections given without a token", async () => {
    const fetchToken = vi.fn(async () => ({ access_token: "fetched", token_type: "Bearer", expires_in: 60 }));
    const run = (...flags: string[]) =>
      parse("httpGet", "--url", "https://x.test", ...flags) as Extract<Command, { kind: "run" }>;
    const clientCredentials = [
      "--connection",
      "oauth2ClientCredentials",
      "--connection.tokenUrl",
      TOKEN_URL,
      "--connection.clientId",
      "app",
      "--connection.clientSecret",
      "cs",
    ];

    const ready = await withRunnerToken(definitions, run(...clientCredentials), fetchToken);
    expect(ready.connection?.token).toEqual({ access_token: "fetched", token_type: "Bearer", expires_in: 60 });
    expect(fetchToken).toHaveBeenCalledTimes(1);
    expect(fetchToken.mock.calls[0]).toMatchObject([
      {
        key: "oauth2ClientCredentials",
        fields: { tokenUrl: TOKEN_URL, clientId: "app", clientAuthentication: "body" },
      },
    ]);

    const given = run(...clientCredentials, "--connection.accessToken", "mine");
    expect(await withRunnerToken(definitions, given, fetchToken)).toBe(given);
    const bearer = run("--connection", "bearerToken", "--connection.token", "t");
    expect(await withRunnerToken(definitions, bearer, fetchToken)).toBe(bearer);
    expect(await withRunnerToken(definitions, run(), fetchToken)).toEqual(run());
    expect(fetchToken).toHaveBeenCalledTimes(1);
  });
});

describe("the runner's help", () => {
  /** The help lines of one connection: its `--connection <key>` line and the lines under it. */
  const connectionBlock = (help: string, key: string): string => {
    const lines = help.split("\n");
    const start = lines.findIndex((line) => line.trimStart().startsWith(`--connection ${key} `));
    const rest = lines.slice(start + 1);
    const end = rest.findIndex((line) => !/^\s{20,}\S/.test(line));
    return start < 0 ? "" : [lines[start], ...rest.slice(0, end < 0 ? rest.length : end)].join("\n");
  };

  it("lists every connection key with each of its fields and token flags, in --help and in an action's help", () => {
    for (const help of [usage(definitions), actionUsage(definitions, component.actions.httpGet)]) {
      for (const connection of component.connections ?? []) {
        const block = connectionBlock(help, connection.key);
        expect(block, connection.key).not.toBe("");
        for (const field of [...connection.inputs.map((input) => input.key), ...runnerFlagsOf(connection)]) {
          expect(block, `${connection.key}.${field}`).toMatch(new RegExp(`--connection\\.${field}\\b`));
        }
      }
    }
    expect(connectionBlock(usage(definitions), "oauth2ClientCredentials")).toContain(
      "The runner fetches a token from the token URL",
    );
    expect(usage(definitions)).toContain('npm start -s -- --curl "curl ..."');
    expect(usage(definitions)).toMatch(/-o FILE, --output FILE +save the body to FILE as received/);
    expect(usage(definitions)).toMatch(/--json +print the result as the platform sees it/);
  });

  it("wraps long lists of flags by whole words", () => {
    expect(wrapWords(["--a", "--b", "--c"], 8)).toEqual(["--a --b", "--c"]);
    expect(wrapWords(["--a-very-long-flag", "--b"], 8)).toEqual(["--a-very-long-flag", "--b"]);
    expect(wrapWords([], 8)).toEqual([]);
  });
});
