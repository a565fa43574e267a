import { describe, expect, it } from "vitest";
import { parseArgs } from "../scripts/cli/args";
import type { ComponentDefinition } from "../scripts/cli/component";
import { UsageError } from "../scripts/cli/errors";
import { splitArgs } from "../scripts/cli/flags";
import { toConnectionValue, toRuntimeParams } from "../scripts/cli/params";
import { fileOrText, parseRow } from "../scripts/cli/rows";
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

describe("parseRow and fileOrText", () => {
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

  it("reads @path as a file reference and anything else as text", () => {
    expect(fileOrText("@q3.pdf")).toEqual({ file: "q3.pdf" });
    expect(fileOrText("@")).toBe("@");
    expect(fileOrText("plain")).toBe("plain");
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
    });
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
    for (const argv of [["httpGot", "--url", "x"], ["--url", "x", "httpGet"]]) {
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

  it("names the valid connections and fields when one is wrong", () => {
    const keys = (component.connections ?? []).map((connection) => connection.key);
    const wrongKey = usageError(["httpGet", "--url", "https://x.test", "--connection", "apikey"]);
    expect(wrongKey.message).toContain('Unknown connection "apikey"');
    for (const key of keys) expect(wrongKey.message).toContain(key);
    const noKey = usageError(["httpGet", "--url", "https://x.test", "--connection.apiKey", "k"]);
    expect(noKey.message).toMatch(/needs --connection <key>/);
    const wrongField = usageError(["httpGet", "--connection", "apiKey", "--connection.accessToken", "t"]);
    const [problem, validList] = wrongField.message.split("Valid fields: ");
    expect(problem).toBe('Unknown field "accessToken" for connection apiKey. ');
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
    const value = toConnectionValue({ inputKey: "connection", key: "apiKey", fields: { apiKey: "k" }, token: {} }, apiKey);
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
