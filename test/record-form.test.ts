import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { componentRegistry } from "../examples/cni/src";
import { readSerialized } from "../src/inputs/serialized";
import { bundleComponents } from "./helpers/cni";
import { parseMultipart } from "./helpers/multipart";
import { echo, sha256, startServer, type TestServer } from "./helpers/servers";

/**
 * The record form `{ key: value }` of key/value inputs, as a code-native integration passes it:
 * spectral's own CNI conversion (createCNIContext) writes every non-string value as JSON text
 * before the component sees it. These tests go through that conversion and the built bundle.
 */

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

// The manifest types record values as text; these tests pass what a cast or an `any` would.
// biome-ignore lint/suspicious/noExplicitAny: the record form is called with what its type forbids.
const http = (): any => bundleComponents(componentRegistry).components.http;

const lastParts = () => {
  const request = server.requests[server.requests.length - 1];
  return parseMultipart(String(request.headers["content-type"]), request.body);
};

describe("File Data through the record form", () => {
  it("uploads a file payload { data, contentType } byte for byte, with its content type", async () => {
    const pdf = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(40_000)]);
    const { invocations, components } = bundleComponents(componentRegistry);
    await (components.http.httpFormData as (values: unknown) => Promise<unknown>)({
      url: `${server.url}/upload`,
      fileData: { report: { data: pdf, contentType: "application/pdf" } },
      fileDataFileNames: { report: "q3.pdf" },
    });
    // spectral did write the file as JSON text: the component read it back.
    const [row] = invocations[0].values.fileData as { value: unknown }[];
    expect(typeof row.value).toBe("string");
    const [part] = await lastParts();
    expect(part).toMatchObject({ field: "report", fileName: "q3.pdf", contentType: "application/pdf" });
    expect(part.sha256).toBe(sha256(pdf));
  });

  it("uploads a bare Buffer byte for byte", async () => {
    const bytes = randomBytes(1024);
    await http().httpFormData({ url: `${server.url}/upload`, fileData: { blob: bytes } });
    const [part] = await lastParts();
    expect(part.sha256).toBe(sha256(bytes));
    expect(part.bytes.toString("utf8")).not.toContain("Buffer");
  });

  it("uploads a file that has keys of its own beside data, with its file name and content type", async () => {
    const csv = Buffer.concat([Buffer.from("id,total\n"), randomBytes(2000)]);
    const file = { data: csv, contentType: "text/csv", fileName: "orders.csv", id: 7, source: { step: "fetch" } };
    const { invocations, components } = bundleComponents(componentRegistry);
    await (components.http.httpFormData as (values: unknown) => Promise<unknown>)({
      url: `${server.url}/upload`,
      fileData: { export: file },
    });
    const [row] = invocations[0].values.fileData as { value: unknown }[];
    expect(typeof row.value).toBe("string");
    const [part] = await lastParts();
    expect(part).toMatchObject({ field: "export", fileName: "orders.csv", contentType: "text/csv" });
    expect(part.sha256).toBe(sha256(csv));
  });

  it("sends the same part as the array form, and File Data File Names still names the file", async () => {
    const bytes = randomBytes(512);
    const file = { data: bytes, contentType: "image/png", fileName: "scan.png", pages: 1 };
    const partOf = async (fileData: unknown, fileDataFileNames?: unknown) => {
      await http().httpFormData({ url: `${server.url}/upload`, fileData, fileDataFileNames });
      const [part] = await lastParts();
      return { field: part.field, fileName: part.fileName, contentType: part.contentType, sha256: part.sha256 };
    };
    const wanted = { field: "scan", fileName: "scan.png", contentType: "image/png", sha256: sha256(bytes) };
    expect(await partOf({ scan: file })).toEqual(wanted);
    expect(await partOf([{ key: "scan", value: file }])).toEqual(wanted);
    expect(await partOf({ scan: file }, { scan: "renamed.png" })).toEqual({ ...wanted, fileName: "renamed.png" });
  });

  it("refuses a file whose own name would break the part's header or has no UTF-8 form, naming File Data", async () => {
    const before = server.requests.length;
    const file = { data: Buffer.from("x"), fileName: "a\r\nX-Injected: 1" };
    await expect(http().httpFormData({ url: `${server.url}/upload`, fileData: { doc: file } })).rejects.toThrow(
      /File Data.*row 1's file's name has a control character \(U\+000D at position 2\)/,
    );
    await expect(
      http().httpFormData({
        url: `${server.url}/upload`,
        fileData: [{ key: "doc", value: { ...file, fileName: "a\uD800" } }],
      }),
    ).rejects.toThrow(/File Data.*row 1's file's name has an unpaired surrogate \(U\+D800 at position 2\)/);
    expect(server.requests.length).toBe(before);
  });

  it("refuses a Uint8Array, alone or as a file's data, telling the author to pass a Buffer", async () => {
    const before = server.requests.length;
    const bytes = new Uint8Array([37, 80, 68, 70]);
    for (const value of [bytes, { data: bytes, contentType: "application/pdf", fileName: "a.pdf" }]) {
      await expect(http().httpFormData({ url: `${server.url}/upload`, fileData: { doc: value } })).rejects.toThrow(
        /File Data.*row 1's value is the JSON text of a Uint8Array.*pass a Buffer \(Buffer\.from\(bytes\)\) or use the array form/,
      );
    }
    expect(server.requests.length).toBe(before);
    // The array form hands the Uint8Array over as it is: its bytes are uploaded.
    await http().httpFormData({ url: `${server.url}/upload`, fileData: [{ key: "doc", value: bytes }] });
    const [part] = await lastParts();
    expect(part.bytes.equals(Buffer.from(bytes))).toBe(true);
  });

  it("refuses a list of files, naming the array form, before anything is sent", async () => {
    const before = server.requests.length;
    const files = [Buffer.from("a"), Buffer.from("b")];
    await expect(
      http().httpFormData({ url: `${server.url}/upload`, fileData: { attachments: files } }),
    ).rejects.toThrow(
      /File Data.*row 1's value is the JSON text of a list of files.*array form \[\{ key, value: file \}/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("keeps text that only looks like JSON as the text it is", async () => {
    const text = '{"type":"Buffer","data":[1,2,300]}';
    await http().httpFormData({ url: `${server.url}/upload`, fileData: { notes: text, list: '["a","b"]' } });
    const parts = await lastParts();
    expect(parts.map((part) => part.bytes.toString("utf8"))).toEqual([text, '["a","b"]']);
  });
});

describe("text inputs through the record form", () => {
  it("refuse a file, which would be sent as its JSON text", async () => {
    const before = server.requests.length;
    await expect(
      http().httpGet({ url: `${server.url}/items`, queryParams: { photo: Buffer.from("png") } }),
    ).rejects.toThrow(/Query Parameter.*row 1's value is the JSON text of a file.*record form/);
    await expect(
      http().httpFormData({ url: `${server.url}/upload`, formData: { photo: { data: Buffer.from("x") } } }),
    ).rejects.toThrow(/Form Data.*JSON text of a file/);
    const named = { data: Buffer.from("png"), contentType: "image/png", fileName: "p.png" };
    await expect(http().httpGet({ url: `${server.url}/items`, headers: { "X-Photo": named } })).rejects.toThrow(
      /Header.*row 1's value is the JSON text of a file/,
    );
    expect(server.requests.length).toBe(before);
  });

  it("refuse a file in the array form too, as they refuse it through the record form", async () => {
    const before = server.requests.length;
    const file = { data: Buffer.from("png"), contentType: "image/png", fileName: "p.png" };
    await expect(
      http().httpGet({ url: `${server.url}/items`, queryParams: [{ key: "photo", value: file }] }),
    ).rejects.toThrow(
      /Query Parameter.*row 1's value is a file \(\{ data, contentType \}\), which cannot be sent as text/,
    );
    await expect(
      http().httpFormData({ url: `${server.url}/upload`, formData: [{ key: "photo", value: [file] }] }),
    ).rejects.toThrow(/Form Data.*is a file/);
    expect(server.requests.length).toBe(before);
    // An object that is not a file is still its JSON text.
    await http().httpGet({ url: `${server.url}/items`, queryParams: [{ key: "filter", value: { data: "x" } }] });
    expect(server.requests[server.requests.length - 1].query.get("filter")).toBe('{"data":"x"}');
  });

  it("send a list as its JSON text, which the component cannot tell from a value meant literally", async () => {
    // The documented rule: text is never parsed. The array form sends the list as a list.
    await http().httpGet({ url: `${server.url}/items`, queryParams: { tag: ["a", "b"], page: 2 } });
    const literal = server.requests[server.requests.length - 1].query;
    expect(literal.getAll("tag")).toEqual(['["a","b"]']);
    expect(literal.get("page")).toBe("2");
    await http().httpGet({ url: `${server.url}/items`, queryParams: [{ key: "tag", value: ["a", "b"] }] });
    expect(server.requests[server.requests.length - 1].query.getAll("tag")).toEqual(["a", "b"]);
  });
});

describe("GraphQL Variables through the record form", () => {
  it("arrive as text: a number becomes its digits, so typed variables go in Variables Object", async () => {
    await http().httpGraphql({ url: `${server.url}/graphql`, query: "query { a }", variables: { id: 42 } });
    const sent = JSON.parse(server.requests[server.requests.length - 1].body.toString("utf8"));
    expect(sent.variables).toEqual({ id: "42" });
    await http().httpGraphql({ url: `${server.url}/graphql`, query: "query { a }", variablesObject: { id: 42 } });
    expect(JSON.parse(server.requests[server.requests.length - 1].body.toString("utf8")).variables).toEqual({ id: 42 });
  });

  it("send a file as the string of its JSON text, as any other value: GraphQL's JSON has no file type", async () => {
    const file = Buffer.from("%PDF");
    await http().httpGraphql({ url: `${server.url}/graphql`, query: "query { a }", variables: { file } });
    const sent = JSON.parse(server.requests[server.requests.length - 1].body.toString("utf8"));
    expect(sent.variables).toEqual({ file: JSON.stringify(file) });
    // What the guide says to do instead: the content in a form the API takes, such as base64.
    await http().httpGraphql({
      url: `${server.url}/graphql`,
      query: "query { a }",
      variables: { file: file.toString("base64") },
    });
    expect(JSON.parse(server.requests[server.requests.length - 1].body.toString("utf8")).variables).toEqual({
      file: "JVBERg==",
    });
  });
});

describe("readSerialized", () => {
  const serialized = (value: unknown) => JSON.stringify(value);
  const fileOf = (text: string) => {
    const read = readSerialized(text);
    return read?.kind === "file" ? read.file : undefined;
  };

  it("reads back exactly what JSON.stringify wrote for a Buffer or a file payload", () => {
    const bytes = randomBytes(256);
    expect(fileOf(serialized(bytes))?.bytes.equals(bytes)).toBe(true);
    const file = fileOf(serialized({ data: bytes, contentType: "image/png" }));
    expect(file?.contentType).toBe("image/png");
    expect(file?.bytes.equals(bytes)).toBe(true);
    expect(fileOf(serialized({ contentType: "text/csv", data: Buffer.from("a,b") }))?.bytes.toString()).toBe("a,b");
  });

  it("reads a file payload with other keys as the array form does: fileName and contentType kept, the rest ignored", () => {
    const bytes = randomBytes(64);
    const file = fileOf(serialized({ fileName: "q3.pdf", data: bytes, contentType: "application/pdf", pages: 3 }));
    expect(file).toEqual({ bytes, contentType: "application/pdf", fileName: "q3.pdf" });
    // A contentType or fileName that is not text is no name or type, as in the array form.
    expect(fileOf('{"data":{"type":"Buffer","data":[1]},"contentType":7,"fileName":""}')).toEqual({
      bytes: Buffer.from([1]),
    });
  });

  it("leaves any other text alone: values that are not bytes, a Buffer with other keys, other JSON", () => {
    for (const text of [
      '{"type":"Buffer","data":[1,2,256]}',
      '{"type":"Buffer","data":[1.5]}',
      '{"type":"Buffer","data":"aGk="}',
      '{"type":"Buffer","data":[1],"extra":true}',
      '{"data":{"type":"Buffer","data":[1],"extra":true},"contentType":"text/plain"}',
      '{"meta":{"data":{"type":"Buffer","data":[1]}}}',
      '{"type":"Blob","data":[1]}',
      ' {"type":"Buffer","data":[1]}',
      '{"type":"Buffer","data":[1]',
      '["a","b"]',
      '[{"type":"Buffer"}]',
      '{"0":1,"2":2}',
      '{"0":256}',
      '{"1":1}',
      "{}",
      "hello",
    ]) {
      expect(readSerialized(text), text).toBeUndefined();
    }
  });

  it("recognizes a Uint8Array's JSON text, alone or as a file's data, to be refused", () => {
    const bytes = new Uint8Array([0, 37, 255]);
    expect(readSerialized(serialized(bytes))).toEqual({ kind: "typedArray" });
    expect(readSerialized(serialized({ data: bytes, contentType: "text/plain" }))).toEqual({ kind: "typedArray" });
  });

  it("recognizes a list that holds a serialized file", () => {
    expect(readSerialized(serialized([Buffer.from("a"), "b"]))).toEqual({ kind: "files" });
    expect(readSerialized(serialized([{ data: Buffer.from("a") }]))).toEqual({ kind: "files" });
  });
});
