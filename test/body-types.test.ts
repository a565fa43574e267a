import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { echo, sha256, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

const lastRequest = () => server.requests[server.requests.length - 1];
const send = (inputs: Record<string, unknown>, action = "httpPost") =>
  run(action, { url: `${server.url}/body`, ...inputs });
const refused = async (inputs: Record<string, unknown>) => {
  const before = server.requests.length;
  const error = await runFailing("httpPost", { url: `${server.url}/body`, ...inputs });
  expect(server.requests.length).toBe(before);
  return error.message;
};

const XML = '<?xml version="1.0" encoding="UTF-8"?>\n<invoice no="42"><line sku="Ä-1" qty="2"/></invoice>\n';
const CSV = 'id,name,note\r\n1,"Smith, Jane","said ""hi"""\r\n2,Ünal,\r\n';

describe("Body Type", () => {
  it("json sends an object as JSON", async () => {
    await send({ bodyType: "json", data: { a: [1, 2], b: null } });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().body.toString()).toBe('{"a":[1,2],"b":null}');
  });

  it("json sends JSON text as written", async () => {
    const text = '{\n  "pretty": true\n}';
    await send({ bodyType: "json", data: text });
    expect(lastRequest().body.toString()).toBe(text);
    expect(lastRequest().headers["content-type"]).toBe("application/json");
  });

  it("json refuses text that is not JSON, without quoting it", async () => {
    expect(await refused({ bodyType: "json", data: "name=secret-ish" })).toBe(
      'Input "Data" (data) is not valid JSON, and Body Type is JSON.',
    );
  });

  it.each([
    ["application/xml", XML],
    ["text/csv", CSV],
  ])("raw sends %s byte for byte with that type", async (contentType, text) => {
    await send({ bodyType: "raw", contentType, data: text });
    expect(lastRequest().headers["content-type"]).toBe(contentType);
    expect(lastRequest().sha256).toBe(sha256(Buffer.from(text, "utf8")));
  });

  it("raw sends JSON-looking text with its own type, not as JSON", async () => {
    await send({ bodyType: "raw", contentType: "text/plain", data: '{"looks":"like json"}' });
    expect(lastRequest().headers["content-type"]).toBe("text/plain");
  });

  it("raw refuses an object, which has no bytes of its own", async () => {
    expect(await refused({ bodyType: "raw", contentType: "text/csv", data: { a: 1 } })).toMatch(
      /^Input "Data" \(data\) must be text or a file when Body Type is Raw/,
    );
  });

  it("lets a Content-Type header win over the Content Type input", async () => {
    await send({
      bodyType: "raw",
      contentType: "application/xml",
      data: XML,
      headers: [{ key: "Content-Type", value: "application/soap+xml; charset=utf-8" }],
    });
    expect(lastRequest().headers["content-type"]).toBe("application/soap+xml; charset=utf-8");
  });

  it("form-urlencoded sends Form Fields in order, repeats kept, encoded as a form", async () => {
    await send({
      bodyType: "form-urlencoded",
      formFields: [
        { key: "grant_type", value: "client_credentials" },
        { key: "scope", value: "read write" },
        { key: "scope", value: "a&b=c" },
        { key: "note", value: "ünï/?" },
      ],
    });
    expect(lastRequest().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(lastRequest().body.toString()).toBe(
      "grant_type=client_credentials&scope=read+write&scope=a%26b%3Dc&note=%C3%BCn%C3%AF%2F%3F",
    );
    const parsed = new URLSearchParams(lastRequest().body.toString());
    expect(parsed.getAll("scope")).toEqual(["read write", "a&b=c"]);
  });

  it("form-urlencoded writes list values as the array format says", async () => {
    await send({ bodyType: "form-urlencoded", arrayFormat: "brackets", formFields: [{ key: "ids", value: [1, 2] }] });
    expect(lastRequest().body.toString()).toBe("ids%5B%5D=1&ids%5B%5D=2");
  });

  it("form-urlencoded takes an object from a previous step in Data", async () => {
    await send({ bodyType: "form-urlencoded", data: { a: "1", b: "two words" } });
    expect(lastRequest().body.toString()).toBe("a=1&b=two+words");
  });

  it("automatic body uses Form Fields when there is no Data", async () => {
    await send({ formFields: [{ key: "k", value: "v" }] });
    expect(lastRequest().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(lastRequest().body.toString()).toBe("k=v");
  });

  it("binary sends a file's exact bytes with its type", async () => {
    const bytes = randomBytes(1024 * 1024 + 3);
    await send({ bodyType: "binary", data: { data: bytes, contentType: "application/zip" } });
    expect(lastRequest().headers["content-type"]).toBe("application/zip");
    expect(lastRequest().headers["content-length"]).toBe(String(bytes.length));
    expect(lastRequest().sha256).toBe(sha256(bytes));
  });

  it("binary takes the Content Type input over the file's", async () => {
    await send({
      bodyType: "binary",
      contentType: "image/webp",
      data: { data: Buffer.from("RIFF"), contentType: "application/octet-stream" },
    });
    expect(lastRequest().headers["content-type"]).toBe("image/webp");
  });

  it("binary refuses text, which is not a file", async () => {
    expect(await refused({ bodyType: "binary", data: "not a file" })).toBe(
      'Input "Data" (data) must be a file from a previous step (or a Buffer) when Body Type is Binary.',
    );
  });

  it("none sends no body even when Data is set", async () => {
    await send({ bodyType: "none", data: { ignored: true } });
    expect(lastRequest().body.length).toBe(0);
    expect(lastRequest().headers["content-type"]).toBeUndefined();
  });

  it("refuses an unknown body type", async () => {
    expect(await refused({ bodyType: "yaml", data: "a: 1" })).toBe(
      'Input "Body Type" (bodyType) must be one of auto, json, raw, form-urlencoded, binary, none; got "yaml".',
    );
  });

  it("refuses Data together with Form Fields", async () => {
    expect(
      await refused({ bodyType: "form-urlencoded", data: { a: 1 }, formFields: [{ key: "b", value: "2" }] }),
    ).toMatch(/cannot be combined with Form Fields/);
  });

  it("refuses a Content Type with a line break", async () => {
    expect(await refused({ bodyType: "raw", contentType: "text/csv\r\nX-Evil: 1", data: "a" })).toBe(
      'Input "Content Type" (contentType) has a line break or NUL character (U+000D at position 9).',
    );
  });
});

describe("the generic action with a body", () => {
  it("refuses Data together with Form Data or File Data", async () => {
    const before = server.requests.length;
    const error = await runFailing("httpRequest", {
      url: `${server.url}/body`,
      method: "POST",
      data: { a: 1 },
      formData: [{ key: "b", value: "2" }],
    });
    expect(error.message).toBe(
      'Input "Data" (data) cannot be combined with Form Data or File Data; send one or the other.',
    );
    expect(server.requests.length).toBe(before);
  });

  it("sends a multipart form with any method", async () => {
    await run("httpRequest", {
      url: `${server.url}/body`,
      method: "PATCH",
      fileData: [{ key: "f", value: Buffer.from("x") }],
    });
    expect(lastRequest().method).toBe("PATCH");
    expect(lastRequest().headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
  });
});
