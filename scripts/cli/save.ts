import { createHash } from "node:crypto";
import { statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ActionDefinition } from "./component";
import { UsageError } from "./errors";
import { absolutePath } from "./files";
import { formatResult } from "./output";
import type { Body, SavedResponse } from "./resultView";

/**
 * `-o FILE`: the body goes to a file, byte for byte, and one line about it to stderr. Like
 * `curl -o`, it saves what the server sent: unless `--responseType` says otherwise, the runner
 * asks for the body as binary, and for the full response so the summary can give its status.
 */

/** Inputs the runner sets when saving, each only when the action has it. */
const SAVING_INPUTS = { includeFullResponse: "true", responseType: "binary" } as const;

/**
 * The inputs to add when saving: the full response always, binary unless a Response Type (or a
 * Select, which needs a parsed body) was given.
 * @example savingInputs(httpGet, {}) // { includeFullResponse: "true", responseType: "binary" }
 * @example savingInputs(httpGet, { responseType: "text" }) // { includeFullResponse: "true" }
 */
export const savingInputs = (action: ActionDefinition, given: Record<string, unknown>): Record<string, string> => {
  const has = (key: string) => action.inputs.some((input) => input.key === key);
  const keepsType = "responseType" in given || "select" in given;
  return Object.fromEntries(
    Object.entries(SAVING_INPUTS).filter(([key]) => has(key) && (key === "includeFullResponse" || !keepsType)),
  );
};

/**
 * The absolute path `-o` writes to, checked before anything is sent, so a typo in the folder
 * does not cost a request (a POST that cannot be taken back).
 * @example outputPath("logo.png", "/home/ana") // "/home/ana/logo.png"
 */
export const outputPath = (typed: string, userDir: string): string => {
  const absolute = absolutePath(typed, userDir);
  const folder = path.dirname(absolute);
  const stats = statSync(folder, { throwIfNoEntry: false });
  if (!stats?.isDirectory()) throw new UsageError(`Cannot save to ${absolute}: the folder ${folder} does not exist`);
  if (statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
    throw new UsageError(`Cannot save to ${absolute}: it is a folder; give a file name`);
  }
  return absolute;
};

const bytesOf = (body: Body): Buffer => {
  switch (body.kind) {
    case "binary":
      return body.bytes;
    case "text":
      return Buffer.from(body.text, "utf8");
    case "json":
      return Buffer.from(formatResult(body.value), "utf8");
    default: {
      const unknownKind: never = body;
      throw new Error(`Unhandled body: ${JSON.stringify(unknownKind)}`);
    }
  }
};

/**
 * Writes the body to the file and returns the line for stderr: status, content type, size and
 * SHA-256, so a download can be checked without opening it.
 * @example saveResponse({ body: { kind: "binary", bytes }, status: 200, contentType: "image/png" }, "/tmp/logo.png")
 * // "Saved /tmp/logo.png: status 200, image/png, 4096 bytes, sha256 5f3c…"
 */
export const saveResponse = (response: SavedResponse, absolute: string): string => {
  const bytes = bytesOf(response.body);
  try {
    writeFileSync(absolute, bytes);
  } catch (error) {
    throw new Error(`Cannot save to ${absolute}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const facts = [
    ...(response.branch ? [`branch ${response.branch}`] : []),
    ...(response.status === undefined ? [] : [`status ${response.status}`]),
    response.contentType ?? "no content type",
    `${bytes.length} bytes`,
    `sha256 ${createHash("sha256").update(bytes).digest("hex")}`,
  ];
  return `Saved ${absolute}: ${facts.join(", ")}`;
};
