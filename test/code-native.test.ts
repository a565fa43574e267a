import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { invokeFlow } from "@prismatic-io/spectral/dist/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import example, { componentRegistry } from "../examples/cni/src";
import { invoiceOrders, syncFirstItem } from "../examples/cni/src/flows";
import { MANIFEST_DIR } from "../scripts/manifest";
import { bundleComponents } from "./helpers/cni";
import { parseMultipart } from "./helpers/multipart";
import { type Recorded, sha256, startServer, type TestServer } from "./helpers/servers";

const REPORT = Buffer.concat([Buffer.from("%PDF-1.7\n"), randomBytes(64 * 1024)]);
const API_KEY = "items-key-3f9a";

/** The two APIs the example talks to, on one loopback server. */
const route = (request: Recorded, response: import("node:http").ServerResponse) => {
  const json = (value: unknown) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(value));
  };
  if (request.method === "GET" && request.path === "/items") return json([{ id: 7, name: "Widget" }]);
  if (request.method === "POST" && request.path === "/items/7/notes") return json({ id: "note-1" });
  if (request.method === "GET" && request.path === "/items/7/report") {
    response.setHeader("content-type", "application/pdf");
    return response.end(REPORT);
  }
  if (request.method === "POST" && request.path === "/uploads") return json({ stored: "uploads/item-7.pdf" });
  if (request.method === "GET" && request.path === "/orders") {
    const second = request.query.get("cursor") === "c2";
    return json(second ? { orders: [{ id: 3 }], next: null } : { orders: [{ id: 1 }, { id: 2 }], next: "c2" });
  }
  if (request.method === "POST" && request.path === "/graphql") {
    const { variables } = JSON.parse(request.body.toString("utf8"));
    return json({ data: { invoices: variables.ids.map((orderId: number) => ({ orderId })) } });
  }
  response.statusCode = 404;
  response.end();
};

let server: TestServer;
beforeAll(async () => {
  server = await startServer(route);
});
afterAll(() => server.close());

const configVars = () => ({
  "API Base URL": server.url,
  "Items API Key": { key: "apiKey", fields: { apiKey: API_KEY, keyPlacement: "header", keyName: "X-API-Key" } },
  "Uploads Login": { key: "basicAuth", fields: { username: "uploader", password: "s3cret-upload" } },
});

describe("the manifest's package", () => {
  it("leaves spectral to the integration (a peer dependency) and ships only dist/, so one copy loads", () => {
    const manifest = JSON.parse(readFileSync(path.join(MANIFEST_DIR, "package.json"), "utf8"));
    expect(manifest.name).toBe("@component-manifests/http");
    expect(Object.keys(manifest.peerDependencies)).toEqual(["@prismatic-io/spectral"]);
    expect(manifest.dependencies).toBeUndefined();
    expect(manifest.files).toEqual(["dist/"]);
  });
});

describe("examples/cni: a code-native integration through the manifest", () => {
  it("defines its config page with the manifest's connection helpers (one spectral, so they find the integration)", () => {
    const yaml = example.codeNativeIntegrationYAML;
    // The helpers resolve their component inside integration(); a second spectral copy throws instead.
    expect(yaml).toMatch(/key: apiKey/);
    expect(yaml).toMatch(/key: basicAuth/);
    expect(yaml).toMatch(/key: http/);
  });

  it("runs its flow through the real bundle: each request arrives as the flow meant it", async () => {
    const { components, invocations } = bundleComponents(componentRegistry);
    const { result } = await invokeFlow(syncFirstItem, {
      configVars: configVars(),
      context: { components } as never,
    });
    expect(result).toEqual({ data: { itemId: 7, noteId: "note-1", stored: "uploads/item-7.pdf" } });
    expect(invocations.map(({ action }) => action)).toEqual(["httpGet", "httpPost", "httpGet", "httpFormData"]);

    const [list, note, report, upload] = server.requests.slice(-4);
    // A list in the array form: one parameter per item, and the key in its own header.
    expect(list.query.getAll("tag")).toEqual(["new", "urgent"]);
    expect(list.query.get("limit")).toBe("2");
    expect(list.headers["x-api-key"]).toBe(API_KEY);
    expect(list.headers.authorization).toBeUndefined();
    // An object in Data, sent as JSON.
    expect(note.headers["content-type"]).toMatch(/^application\/json/);
    expect(JSON.parse(note.body.toString("utf8"))).toEqual({ itemId: 7, text: "Seen Widget" });
    expect(note.headers["idempotency-key"]).toBe("note-7");
    expect(report.path).toBe("/items/7/report");
    // The earlier step's file, byte for byte, under the name the flow gave it, with the second login.
    expect(upload.headers.authorization).toBe(`Basic ${Buffer.from("uploader:s3cret-upload").toString("base64")}`);
    expect(upload.headers["x-api-key"]).toBeUndefined();
    const parts = await parseMultipart(String(upload.headers["content-type"]), upload.body);
    expect(parts.map(({ field, fileName, contentType }) => ({ field, fileName, contentType }))).toEqual([
      { field: "itemId", fileName: undefined, contentType: "text/plain" },
      { field: "report", fileName: "item-7.pdf", contentType: "application/pdf" },
    ]);
    expect(parts[0].bytes.toString("utf8")).toBe("7");
    expect(parts[1].sha256).toBe(sha256(REPORT));
  });

  it("walks every page and sends GraphQL variables with their JSON types", async () => {
    const { components } = bundleComponents(componentRegistry);
    const { result } = await invokeFlow(invoiceOrders, { configVars: configVars(), context: { components } as never });
    expect(result).toEqual({ data: { pages: 2, invoiced: [1, 2, 3] } });

    const [page1, page2, graphql] = server.requests.slice(-3);
    expect([page1.url, page2.url]).toEqual(["/orders", "/orders?cursor=c2"]);
    for (const request of [page1, page2, graphql]) expect(request.headers["x-api-key"]).toBe(API_KEY);
    const body = JSON.parse(graphql.body.toString("utf8"));
    expect(body).toEqual({
      query: "query Invoices($ids: [Int!]!) { invoices(orderIds: $ids) { orderId } }",
      variables: { ids: [1, 2, 3] },
    });
  });
});
