import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLES } from "../scripts/cli/samples";
import { type DemoApi, REPORT_CSV, startDemoApi } from "../scripts/demo-api";
import { EXAMPLES_PATH, examplesAreFresh, STALE_EXAMPLES_MESSAGE } from "../scripts/examples";
import { STABLE_ORIGIN, stabilize } from "../scripts/examples/capture";
import component from "../src";
import generated from "../src/actions/examples.json";
import { harness } from "./helpers/harness";

/**
 * The structure of a value: object keys with the structure of their values, the element of an
 * array, and the type of a leaf. Response headers vary with the server, so only "an object".
 */
const shapeOf = (value: unknown, key?: string): unknown => {
  if (value === null) return "null";
  if (Buffer.isBuffer(value)) return "buffer";
  if (Array.isArray(value)) return value.length === 0 ? [] : [shapeOf(value[0])];
  if (typeof value !== "object") return typeof value;
  if (key === "headers") return "object";
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((name) => [name, shapeOf((value as Record<string, unknown>)[name], name)]),
  );
};

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");

describe("the committed example payloads (src/actions/examples.json)", () => {
  it("are what a run of each example against the demo API returns now", async () => {
    // Comparing the texts would print a file-long diff; the message says what to do instead.
    expect(await examplesAreFresh(), STALE_EXAMPLES_MESSAGE).toBe(true);
  });

  it("show the digests of the bytes the upload really sent", () => {
    const [field, file] = generated.upload.data.parts;
    expect(field.sha256).toBe(sha256("Quarterly report"));
    expect(file.sha256).toBe(sha256(REPORT_CSV));
    expect(file.size).toBe(Buffer.byteLength(REPORT_CSV));
  });

  it("name the stable origin, never the demo API's loopback one", () => {
    const text = readFileSync(EXAMPLES_PATH, "utf8");
    expect(text).not.toMatch(/127\.0\.0\.1|localhost|\[::1\]/);
    expect(text).toContain(`"url": "${STABLE_ORIGIN}/items/1"`);
    expect(text).not.toMatch(/"(date|connection|keep-alive)":/i);
  });

  it("are each shown by an action, and each action shows one of them", () => {
    const shown = Object.values(component.actions).map((action) => action.examplePayload);
    for (const payload of shown) expect(Object.values(generated)).toContainEqual(payload);
    const pageOnly = new Set(["pagesWithFullResponse"]);
    for (const [name, payload] of Object.entries(generated)) {
      if (!pageOnly.has(name)) expect(shown, `no action shows the "${name}" example`).toContainEqual(payload);
    }
  });
});

describe("stabilize", () => {
  const origin = "http://127.0.0.1:40123";

  it("puts the stable origin in every string and drops volatile headers, whatever their case", () => {
    const result = { data: { url: `${origin}/a`, next: [`${origin}/b`] }, headers: { Date: "x", "content-type": "t" } };
    expect(stabilize(result, origin)).toEqual({
      data: { url: `${STABLE_ORIGIN}/a`, next: [`${STABLE_ORIGIN}/b`] },
      headers: { "content-type": "t" },
    });
  });

  it("leaves a body's own fields named like headers alone", () => {
    expect(stabilize({ data: { date: "2024-01-01" } }, origin)).toEqual({ data: { date: "2024-01-01" } });
  });

  it("refuses binary data, which JSON cannot hold", () => {
    expect(() => stabilize({ data: Buffer.from("x") }, origin)).toThrow(/binary/);
  });
});

let api: DemoApi;
beforeAll(async () => {
  api = await startDemoApi();
});
afterAll(() => api.close());

describe("every action's example payload", () => {
  it.each(Object.keys(component.actions))("%s has one, shaped like what it returns from the demo API", async (key) => {
    const { examplePayload } = component.actions[key];
    expect(examplePayload, `${key} has no examplePayload`).toBeDefined();
    const [sample] = SAMPLES[key](api.url);
    const result = await harness.action(key, sample.inputs);
    expect(shapeOf(result)).toEqual(shapeOf(examplePayload));
  });

  it("tells a wrong shape apart", () => {
    expect(shapeOf({ data: [{ id: 1 }] })).not.toEqual(shapeOf({ data: { id: 1 } }));
    expect(shapeOf({ data: { id: 1, name: "x" } })).not.toEqual(shapeOf({ data: { id: "1", name: "x" } }));
  });
});
