import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { parseMultipart } from "./helpers/multipart";
import { echo, sha256, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer(echo);
});
afterAll(() => server.close());

const lastParts = () => {
  const request = server.requests[server.requests.length - 1];
  return parseMultipart(String(request.headers["content-type"]), request.body);
};

describe("httpFormData", () => {
  it("sends form fields and files, each file with its name, type and intact bytes", async () => {
    const pdf = randomBytes(300 * 1024);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(4096)]);
    await run("httpFormData", {
      url: `${server.url}/upload`,
      formData: [
        { key: "title", value: "Q3 report" },
        { key: "tag", value: "finance" },
        { key: "tag", value: "2024" },
      ],
      fileData: [
        { key: "report", value: { data: pdf, contentType: "application/pdf" } },
        { key: "logo", value: png },
        { key: "notes", value: "line 1\r\nline 2 ünïcode" },
      ],
      fileDataFileNames: [
        { key: "report", value: "q3-report.pdf" },
        { key: "logo", value: "logo.png" },
        { key: "notes", value: "notes.txt" },
      ],
    });
    const parts = await lastParts();
    const byField = (field: string) => parts.filter((part) => part.field === field);
    expect(byField("title")[0].bytes.toString()).toBe("Q3 report");
    expect(byField("tag").map((part) => part.bytes.toString())).toEqual(["finance", "2024"]);
    expect(byField("report")[0]).toMatchObject({
      fileName: "q3-report.pdf",
      contentType: "application/pdf",
      sha256: sha256(pdf),
    });
    expect(byField("logo")[0]).toMatchObject({ fileName: "logo.png", contentType: "image/png", sha256: sha256(png) });
    expect(byField("notes")[0]).toMatchObject({ fileName: "notes.txt", contentType: "text/plain" });
    expect(byField("notes")[0].bytes.toString("utf8")).toBe("line 1\r\nline 2 ünïcode");
  });

  it("announces the exact Content-Length of the form", async () => {
    await run("httpFormData", { url: `${server.url}/upload`, fileData: [{ key: "f", value: randomBytes(1000) }] });
    const request = server.requests[server.requests.length - 1];
    expect(Number(request.headers["content-length"])).toBe(request.body.length);
  });

  it("names a file after its key when no file name is given", async () => {
    await run("httpFormData", {
      url: `${server.url}/upload`,
      fileData: [{ key: "attachment", value: Buffer.from("x") }],
    });
    const [part] = await lastParts();
    expect(part).toMatchObject({
      field: "attachment",
      fileName: "attachment",
      contentType: "application/octet-stream",
    });
  });

  it("keeps its own multipart boundary even when the user sets a Content-Type", async () => {
    await run("httpFormData", {
      url: `${server.url}/upload`,
      headers: [{ key: "Content-Type", value: "multipart/form-data" }],
      formData: [{ key: "a", value: "1" }],
    });
    const parts = await lastParts();
    expect(parts.map((part) => part.bytes.toString())).toEqual(["1"]);
  });

  it("refuses a file name for a file that does not exist, before sending", async () => {
    const count = server.requests.length;
    const error = await runFailing("httpFormData", {
      url: `${server.url}/upload`,
      fileData: [{ key: "report", value: "x" }],
      fileDataFileNames: [{ key: "reprot", value: "r.pdf" }],
    });
    expect(error.message).toBe(
      'Input "File Data File Names" (fileDataFileNames) names a file "reprot", but File Data has no entry with that key.',
    );
    expect(server.requests.length).toBe(count);
  });
});

describe("part names and file names", () => {
  it("sends a file name as given, a path included, and writes a quote as %22 as browsers do", async () => {
    await run("httpFormData", {
      url: `${server.url}/names`,
      fileData: [
        { key: "report", value: { data: Buffer.from("a,b"), contentType: "text/csv" } },
        { key: "quoted", value: Buffer.from("x") },
      ],
      fileDataFileNames: [
        { key: "report", value: "exports/2024/q3 report.csv" },
        { key: "quoted", value: 'the "final" one.txt' },
      ],
    });
    // Read from the bytes sent: busboy, like many servers, keeps only a file name's last segment.
    const body = server.requests.at(-1)?.body.toString("utf8") ?? "";
    expect(body).toContain('Content-Disposition: form-data; name="report"; filename="exports/2024/q3 report.csv"');
    expect(body).toContain('Content-Disposition: form-data; name="quoted"; filename="the %22final%22 one.txt"');
    expect((await lastParts())[1].contentType).toBe("text/plain");
  });

  it.each([
    [
      { formData: [{ key: "a\u0000b", value: "v" }] },
      "Input \"Form Data\" (formData) row 1's key has a control character (U+0000 at position 2), which breaks a multipart part's header.",
    ],
    [
      { fileData: [{ key: "f", value: "x" }], fileDataFileNames: [{ key: "f", value: "C:\\tmp\\a.txt" }] },
      "Input \"File Data File Names\" (fileDataFileNames) row 1's file name has a backslash (U+005C at position 3), which breaks a multipart part's header.",
    ],
    [
      { fileData: [{ key: "f\r\n", value: "x" }] },
      "Input \"File Data\" (fileData) row 1's key has a control character (U+000D at position 2), which breaks a multipart part's header.",
    ],
    [
      { fileData: [{ key: "f", value: { data: Buffer.from("x"), contentType: "text/plain\r\nX-Injected: 1" } }] },
      "Input \"File Data\" (fileData) row 1's file's content type has a line break or NUL character (U+000D at position 11).",
    ],
  ])("refuses what would break a part's header (%#)", async (params, message) => {
    const before = server.requests.length;
    const error = await runFailing("httpFormData", { url: `${server.url}/refused`, ...params });
    expect(error.message).toBe(message);
    expect(server.requests.length).toBe(before);
  });
});

describe("two files under one field", () => {
  it("take the name rows of that field in order", async () => {
    await run("httpFormData", {
      url: `${server.url}/two`,
      fileData: [
        { key: "attachment", value: Buffer.from("first") },
        { key: "attachment", value: Buffer.from("second") },
      ],
      fileDataFileNames: [
        { key: "attachment", value: "first.txt" },
        { key: "attachment", value: "second.txt" },
      ],
    });
    const parts = await lastParts();
    expect(parts.map(({ fileName, bytes }) => [fileName, bytes.toString()])).toEqual([
      ["first.txt", "first"],
      ["second.txt", "second"],
    ]);
  });
});
