import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLES } from "../scripts/cli/samples";
import { type DemoApi, startDemoApi } from "../scripts/demo-api";
import component from "../src";
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
