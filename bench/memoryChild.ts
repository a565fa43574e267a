/**
 * One large transfer in a process of its own: peak RSS growth over the idle, warmed-up process.
 * The baseline is `maxRSS` after loading the client and sending a small transfer of the same
 * kind; the growth is the peak after the big one minus that. An upload's payload is allocated
 * after the baseline, so it counts: a client that streams it adds little, one that copies it
 * doubles it. Every transfer is checked byte for byte (sha256) after the peak was read.
 */
import { childMain } from "./child";
import { patternBuffer, patternSha256, sha256 } from "./pattern";
import { PATHS, type UploadReport } from "./protocol";
import { actionRunner, loadBundle } from "./runtime";
import { spectralRequest } from "./spectralRaw";

export const MEMORY_CASES = ["download", "upload", "form"] as const;
export type MemoryCase = (typeof MEMORY_CASES)[number];
export type MemoryClient = "action" | "spectral";

export interface MemoryArgs {
  client: MemoryClient;
  case: MemoryCase;
  bytes: number;
  baseUrl: string;
  bundlePath: string;
}

export interface MemoryResult {
  growthBytes?: number;
  /** Why the transfer could not be made, e.g. a size limit without an input to raise it. */
  error?: string;
}

/** Warm-up transfers are small: enough to load every code path, not to move the high-water mark. */
const WARM_UP_BYTES = 1024 * 1024;
const FILE_TYPE = "application/octet-stream";
const FILE_NAME = "payload.bin";
const KIB = 1024;

/** The input that raises the action's response size limit (100 MB by default), in bytes. */
const RESPONSE_LIMIT_INPUT = "maxResponseBytes";

type Transfer = (bytes: number, payload: Buffer | undefined) => Promise<unknown>;

const actionTransfers = (args: MemoryArgs): Record<MemoryCase, Transfer> => {
  const component = loadBundle(args.bundlePath);
  const hasLimitInput = component.actions.httpGet.inputs.some(({ key }) => key === RESPONSE_LIMIT_INPUT);
  const get = actionRunner(component, "httpGet");
  const post = actionRunner(component, "httpPost");
  const form = actionRunner(component, "httpFormData");
  return {
    download: async (bytes) =>
      (
        await get({
          url: `${args.baseUrl}${PATHS.download}?bytes=${bytes}`,
          responseType: "binary",
          ...(hasLimitInput ? { [RESPONSE_LIMIT_INPUT]: String(bytes) } : {}),
        })
      ).data,
    upload: async (_, payload) =>
      (await post({ url: `${args.baseUrl}${PATHS.upload}`, data: { data: payload, contentType: FILE_TYPE } })).data,
    form: async (_, payload) =>
      (
        await form({
          url: `${args.baseUrl}${PATHS.form}`,
          fileData: [{ key: "file", value: { data: payload, contentType: FILE_TYPE } }],
          fileDataFileNames: [{ key: "file", value: FILE_NAME }],
        })
      ).data,
  };
};

/** Spectral's raw request takes a Buffer as `data` (a file payload object would be sent as JSON). */
const spectralTransfers = (args: MemoryArgs): Record<MemoryCase, Transfer> => ({
  download: (bytes) =>
    spectralRequest(args.baseUrl, {
      method: "GET",
      url: `${PATHS.download}?bytes=${bytes}`,
      responseType: "arraybuffer",
    }),
  upload: (_, payload) =>
    spectralRequest(args.baseUrl, {
      method: "POST",
      url: PATHS.upload,
      data: payload,
      headers: [{ key: "Content-Type", value: FILE_TYPE }],
    }),
  form: (_, payload) =>
    spectralRequest(args.baseUrl, {
      method: "POST",
      url: PATHS.form,
      fileData: [{ key: "file", value: { data: payload, contentType: FILE_TYPE } }],
      fileDataFileNames: [{ key: "file", value: FILE_NAME }],
    }),
});

/** Fails unless the transfer moved exactly the pattern's bytes. */
const verify = (kind: MemoryCase, bytes: number, outcome: unknown, payload: Buffer | undefined): void => {
  if (kind === "download") {
    const body = outcome as Buffer;
    if (!Buffer.isBuffer(body) || body.length !== bytes || sha256(body) !== patternSha256(bytes)) {
      throw new Error(`the download arrived damaged (${Buffer.isBuffer(body) ? body.length : typeof body} bytes)`);
    }
    return;
  }
  const report = outcome as UploadReport;
  if (report.bytes !== bytes || report.sha256 !== sha256(payload as Buffer)) {
    throw new Error(`the server received ${report.bytes} bytes of ${bytes}, or other bytes`);
  }
  if (kind === "form" && !report.headers?.includes(`filename="${FILE_NAME}"`))
    throw new Error("the file part lost its name");
};

const maxRssBytes = (): number => process.resourceUsage().maxRSS * KIB;

const measure = async (args: MemoryArgs): Promise<MemoryResult> => {
  const transfer = (args.client === "action" ? actionTransfers(args) : spectralTransfers(args))[args.case];
  const needsPayload = args.case !== "download";
  for (let round = 0; round < 2; round += 1) {
    const payload = needsPayload ? patternBuffer(WARM_UP_BYTES) : undefined;
    verify(args.case, WARM_UP_BYTES, await transfer(WARM_UP_BYTES, payload), payload);
  }
  global.gc?.();
  const baseline = maxRssBytes();
  let outcome: unknown;
  let payload: Buffer | undefined;
  try {
    payload = needsPayload ? patternBuffer(args.bytes) : undefined;
    outcome = await transfer(args.bytes, payload);
  } catch (error) {
    return { error: (error as Error).message };
  }
  const growthBytes = maxRssBytes() - baseline;
  verify(args.case, args.bytes, outcome, payload);
  return { growthBytes };
};

if (require.main === module) childMain(measure);
