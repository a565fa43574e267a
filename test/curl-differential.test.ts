import { afterAll, beforeAll, expect, it, describe as suite } from "vitest";
import { CORPUS, type CorpusEntry } from "./curl-corpus/corpus";
import { ensureCurl } from "./helpers/debian";
import { run } from "./helpers/harness";
import { runRealCurl } from "./helpers/realCurl";
import { type Recorder, startRecorder, type WireRequest } from "./helpers/recorder";

/**
 * Differential tests: each command of the corpus goes through httpCurl and through the real curl
 * (Debian's), each to a raw recording server, and what arrived is compared line by line and byte
 * for byte. Normalised, and documented in the README: User-Agent (ours, unless -A), the multipart
 * boundary (curl's is random), Connection (Node always sends one, curl none), zstd in
 * --compressed's Accept-Encoding (Node 20 cannot decode it), the `Content-Length: 0` Node adds
 * to a bodiless POST, PUT, PATCH or DELETE (curl sends none), and where Node writes Host,
 * Authorization and Content-Length (the set is compared exactly; the order of the rest too).
 */

const CURL_UA = /^User-Agent: curl\/[\d.]+$/;
const OUR_UA = /^User-Agent: prismatic-http-connector\/.+$/;
const BOUNDARY = /boundary=([^\s;]+)/;
/** Headers whose place Node's http client decides; their values are still compared. */
const PLACED_BY_NODE = /^(host|authorization|content-length|user-agent):/i;

interface Seen {
  requestLine: string;
  headers: string[];
  body: string;
}

const PLACEHOLDER = "BOUNDARY";

/** A multipart Content-Length as if the boundary were the placeholder: curl's and ours differ in length. */
const unboundLength = (line: string, body: string, boundary: string): string => {
  const match = /^Content-Length: (\d+)$/i.exec(line);
  if (!match) return line;
  const occurrences = body.split(boundary).length - 1;
  return `Content-Length: ${Number(match[1]) - occurrences * (boundary.length - PLACEHOLDER.length)}`;
};

/** Each side has a server of its own: its port, and a multipart boundary, become placeholders. */
const normalise = (request: WireRequest | undefined, server: Recorder): Seen | undefined => {
  if (!request) return undefined;
  const boundary = request.headerLines.map((line) => BOUNDARY.exec(line)?.[1]).find(Boolean);
  const unbound = (text: string) =>
    (boundary ? text.replaceAll(boundary, PLACEHOLDER) : text).replaceAll(`:${server.port}`, ":PORT");
  const headers = request.headerLines
    .filter((line) => !/^connection:/i.test(line))
    .map((line) => line.replace(/\s+$/, ""))
    .map((line) => (CURL_UA.test(line) || OUR_UA.test(line) ? "User-Agent: <default>" : line))
    .map((line) => line.replace(/^(Accept-Encoding: deflate, gzip, br), zstd$/, "$1"))
    .map((line) => (boundary ? unboundLength(line, request.body.toString("latin1"), boundary) : line))
    .map(unbound)
    .filter((line) => !(line === "Content-Length: 0" && request.body.length === 0));
  return {
    requestLine: unbound(request.requestLine),
    headers,
    body: unbound(request.body.toString("latin1")),
  };
};

/**
 * What is compared, as text so a failure shows the differing lines: the request line, the
 * headers as a set (sorted), the order of those whose place Node does not decide, the body.
 */
const describe = (seen: Seen | undefined): string =>
  seen
    ? [
        seen.requestLine,
        ...[...seen.headers].sort(),
        "-- in order --",
        ...seen.headers.filter((line) => !PLACED_BY_NODE.test(line)),
        "-- body --",
        JSON.stringify(seen.body),
      ].join("\n")
    : "(nothing arrived)";

const fill = (text: string, server: Recorder) =>
  text.replace(/\{URL\}|__URL__/g, server.url).replace(/\{HOST\}|__HOST__/g, `127.0.0.1:${server.port}`);

const throughCurl = async (entry: CorpusEntry): Promise<Seen | undefined> => {
  const server = await startRecorder();
  try {
    await runRealCurl(fill(entry.bash ?? entry.command, server));
    return normalise(server.requests[0], server);
  } finally {
    await server.close();
  }
};

const throughAction = async (entry: CorpusEntry): Promise<Seen | undefined> => {
  const server = await startRecorder();
  try {
    await run("httpCurl", { curlCommand: fill(entry.command, server), responseType: "text" });
    return normalise(server.requests[0], server);
  } finally {
    await server.close();
  }
};

/** At most this many curl processes at once: the machine is shared. */
const CURL_PARALLELISM = 4;

const byCurl = new Map<CorpusEntry, Seen | undefined>();

beforeAll(async () => {
  ensureCurl();
  const queue = [...CORPUS];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) byCurl.set(entry, await throughCurl(entry));
  };
  await Promise.all(Array.from({ length: CURL_PARALLELISM }, worker));
}, 120_000);

afterAll(() => {
  process.stdout.write(`curl differential corpus: ${CORPUS.length} commands\n`);
});

suite(`httpCurl sends what curl sends (${CORPUS.length} commands)`, () => {
  it("has a corpus of a few hundred commands", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(200);
  });

  it.each(CORPUS.map((entry) => [entry.command.replace(/\s+/g, " ").slice(0, 140), entry] as const))(
    "%s",
    async (_name, entry) => {
      const expected = byCurl.get(entry);
      expect(expected, "the real curl sent nothing").toBeDefined();
      expect(describe(await throughAction(entry))).toBe(describe(expected));
    },
  );
});
