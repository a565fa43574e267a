import type { ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AwsKeys, awsRequestOf, signAwsRequest } from "../src/connections/schemes/awsSigV4";
import { AWS_KEYS as KEYS, verifySigV4 as verify } from "./helpers/awsVerify";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { echo, type Recorded, sha256, startServer, type TestServer } from "./helpers/servers";

/**
 * AWS Signature Version 4 against AWS's published vectors, and on loopback against a server
 * that recomputes every signature it receives with another implementation (aws4), from what
 * arrived on the wire, and checks the body hash against the bytes it read.
 */

const EMPTY_BODY = { length: 0, open: () => undefined };
/** The credentials of AWS's SigV4 test suite and of the IAM example in AWS's documentation. */
const SUITE_KEYS: AwsKeys = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  region: "us-east-1",
  service: "service",
};
const SUITE_TIME = new Date(Date.UTC(2015, 7, 30, 12, 36, 0));

describe("AWS's published vectors", () => {
  it("signs the test suite's get-vanilla request", async () => {
    const request = awsRequestOf(
      { method: "GET", url: new URL("https://example.amazonaws.com/"), headers: {}, body: EMPTY_BODY },
      "service",
    );
    const signed = await signAwsRequest(request, SUITE_KEYS, SUITE_TIME);
    expect(signed.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
    expect(signed["x-amz-date"]).toBe("20150830T123600Z");
  });

  it("signs the documentation's IAM ListUsers request, its Content-Type included", async () => {
    const request = awsRequestOf(
      {
        method: "GET",
        url: new URL("https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"),
        headers: { "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", Accept: "*/*" },
        body: EMPTY_BODY,
      },
      "iam",
    );
    const signed = await signAwsRequest(request, { ...SUITE_KEYS, service: "iam" }, SUITE_TIME);
    expect(signed.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7",
    );
  });
});

let api: TestServer;
let other: TestServer;
/** The region and service the verifying server expects, per path prefix. */
const SERVICES: Record<string, { region: string; service: string }> = {
  s3: { region: "eu-west-2", service: "s3" },
  gw: { region: "us-east-1", service: "execute-api" },
};
let failuresLeft = 0;

const refuse = (response: ServerResponse, reason: string, request: Recorded) =>
  // As S3 does (its SignatureProvided), the refusal quotes what it got: the masking must hold even so.
  response.writeHead(403, { "content-type": "application/json" }).end(
    JSON.stringify({
      message: reason,
      authorization: request.headers.authorization,
      got: /Signature=(\w+)/.exec(String(request.headers.authorization))?.[1],
      caller: request.headers["x-amz-security-token"],
    }),
  );

beforeAll(async () => {
  other = await startServer(echo);
  api = await startServer((request, response, raw) => {
    if (request.path === "/gw/redirect") {
      return response.writeHead(302, { location: String(request.query.get("to")) }).end();
    }
    if (request.path === "/gw/flaky" && failuresLeft-- > 0) return response.writeHead(503).end();
    const { region, service } = SERVICES[request.path.split("/")[1]] ?? SERVICES.gw;
    const withToken = request.headers["x-amz-security-token"] ? KEYS.sessionToken : undefined;
    const problem = verify(request, region, service, withToken);
    if (problem) return refuse(response, problem, request);
    echo(request, response, raw);
  });
});
afterAll(() => Promise.all([api.close(), other.close()]));

const aws = (fields: Record<string, unknown> = {}) => ({
  key: "awsSignatureV4",
  configVarKey: "aws",
  fields: {
    accessKeyId: KEYS.accessKeyId,
    secretAccessKey: KEYS.secretAccessKey,
    region: "us-east-1",
    service: "execute-api",
    ...fields,
  },
});
const s3 = (fields: Record<string, unknown> = {}) => aws({ region: "eu-west-2", service: "s3", ...fields });

const last = (server: TestServer): Recorded => {
  const request = server.requests.at(-1);
  if (!request) throw new Error("the server got no request");
  return request;
};

describe("signed requests, verified by an independent implementation", () => {
  it("signs the query exactly as sent: spaces, plus signs, %2F, repeated keys, unicode", async () => {
    const result = await run("httpGet", {
      url: `${api.url}/gw/prod/items?q=a+b&path=%2Fetc%2Fx&tag=z&tag=a&empty=&flag`,
      queryParams: [
        { key: "name", value: "Zoë & Ünal 100%" },
        { key: "tag", value: "m n" },
        { key: "sym", value: "!*'()+/?=" },
      ],
      connection: aws(),
    });
    expect(result.data.url).toContain("tag=z&tag=a");
    expect(last(api).query.getAll("tag")).toEqual(["z", "a", "m n"]);
    expect(last(api).headers.authorization).toMatch(/SignedHeaders=host;x-amz-content-sha256;x-amz-date,/);
  });

  it("signs the path as sent, encoded twice for most services", async () => {
    await run("httpGet", { url: `${api.url}/gw/prod/caf%C3%A9/a%20b/(1)/x%2Fy`, connection: aws() });
    expect(last(api).path).toBe("/gw/prod/caf%C3%A9/a%20b/(1)/x%2Fy");
  });

  it("signs an S3 path encoded once, with its X-Amz-* headers", async () => {
    await run("httpPut", {
      url: `${api.url}/s3/bucket/reports/2026 Q1 (final)!.csv`,
      data: "a,b\n1,2\n",
      headers: [
        { key: "Content-Type", value: "text/csv" },
        { key: "x-amz-meta-owner", value: "finance" },
        { key: "X-Amz-Storage-Class", value: "STANDARD_IA" },
      ],
      connection: s3(),
    });
    const received = last(api);
    expect(received.headers.authorization).toMatch(
      /eu-west-2\/s3\/aws4_request, SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-meta-owner;x-amz-storage-class,/,
    );
    expect(received.sha256).toBe(sha256("a,b\n1,2\n"));
  });

  it("hashes the exact body bytes of JSON and of a multipart upload", async () => {
    await run("httpPost", { url: `${api.url}/gw/json`, data: { name: "Zoë", n: [1, 2] }, connection: aws() });
    expect(last(api).headers["x-amz-content-sha256"]).toBe(last(api).sha256);
    const file = Buffer.from(Array.from({ length: 70_000 }, (_, index) => index % 251));
    await run("httpFormData", {
      url: `${api.url}/gw/upload`,
      formData: [{ key: "note", value: "quarterly" }],
      fileData: [{ key: "report", value: file }],
      connection: aws(),
    });
    const upload = last(api);
    expect(String(upload.headers["content-type"])).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.body.length).toBeGreaterThan(70_000);
    expect(upload.headers["x-amz-content-sha256"]).toBe(upload.sha256);
  });

  it("sends UNSIGNED-PAYLOAD to S3 when the step's header asks for it", async () => {
    await run("httpPut", {
      url: `${api.url}/s3/bucket/big.bin`,
      data: "large upload",
      headers: [{ key: "X-Amz-Content-Sha256", value: "UNSIGNED-PAYLOAD" }],
      connection: s3(),
    });
    expect(last(api).headers["x-amz-content-sha256"]).toBe("UNSIGNED-PAYLOAD");
    expect(last(api).rawHeaders.filter((entry) => /^x-amz-content-sha256$/i.test(entry))).toHaveLength(1);
  });

  it("hashes the body for a service other than S3 even when the step's header says UNSIGNED-PAYLOAD", async () => {
    await run("httpPost", {
      url: `${api.url}/gw/json`,
      data: { a: 1 },
      headers: [{ key: "X-Amz-Content-Sha256", value: "UNSIGNED-PAYLOAD" }],
      connection: aws(),
    });
    expect(last(api).headers["x-amz-content-sha256"]).toBe(sha256('{"a":1}'));
  });

  it("signs and sends the session token as X-Amz-Security-Token", async () => {
    await run("httpGet", { url: `${api.url}/gw/whoami`, connection: aws({ sessionToken: KEYS.sessionToken }) });
    expect(last(api).headers["x-amz-security-token"]).toBe(KEYS.sessionToken);
    expect(last(api).headers.authorization).toMatch(
      /SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,/,
    );
  });

  it("signs as of a user-set X-Amz-Date", async () => {
    await run("httpGet", {
      url: `${api.url}/gw/at`,
      headers: [{ key: "X-Amz-Date", value: "20150830T123600Z" }],
      connection: aws(),
    });
    expect(last(api).headers["x-amz-date"]).toBe("20150830T123600Z");
    expect(last(api).headers.authorization).toContain("/20150830/us-east-1/execute-api/aws4_request");
  });

  it("signs a retry again, at its own time", async () => {
    failuresLeft = 1;
    const before = api.requests.length;
    await run("httpGet", { url: `${api.url}/gw/flaky`, maxRetries: "1", retryDelayMS: "1100", connection: aws() });
    const [first, second] = api.requests.slice(before);
    expect(second.headers["x-amz-date"]).not.toBe(first.headers["x-amz-date"]);
    expect(second.headers.authorization).not.toBe(first.headers.authorization);
  });

  it("signs a same-origin redirect for its new path, and never signs for another origin", async () => {
    await run("httpGet", {
      url: `${api.url}/gw/redirect?to=${encodeURIComponent("/gw/landed?x=1")}`,
      connection: aws(),
    });
    expect(last(api).path).toBe("/gw/landed");
    const before = other.requests.length;
    await run("httpGet", {
      url: `${api.url}/gw/redirect?to=${encodeURIComponent(`${other.url}/away`)}`,
      connection: aws(),
    });
    expect(other.requests).toHaveLength(before + 1);
    const away = last(other).headers;
    expect(Object.keys(away).filter((name) => name === "authorization" || name.startsWith("x-amz-"))).toEqual([]);
  });
});

describe("what is shown", () => {
  it("masks the signature in a refusal that quotes it, and shows curl's SigV4 flags with placeholders", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      {
        url: `${api.url}/gw/refused`,
        debugRequest: "true",
        connection: aws({ secretAccessKey: "not-the-key", sessionToken: KEYS.sessionToken }),
      },
      logs,
    );
    const signature = /Signature=([0-9a-f]{64})/.exec(String(last(api).headers.authorization))?.[1];
    expect(signature).toBeDefined();
    expect(error.message).toContain("403");
    expect(error.message).toContain("the signature does not match");
    for (const shown of [error.message, JSON.stringify(error), logs.text()]) {
      expect(shown).not.toContain(String(signature));
      expect(shown).not.toContain("not-the-key");
      expect(shown).not.toContain(KEYS.sessionToken);
    }
    expect(logs.text()).toContain("--aws-sigv4 'aws:amz:us-east-1:execute-api'");
    expect(logs.text()).toContain("--user '<access-key-id>:<secret-access-key>'");
    expect(logs.text()).toContain("-H 'x-amz-security-token: <session-token>'");
  });
});

describe("bad configuration", () => {
  it.each([
    [{ region: "US East (N. Virginia)" }, 'field "Region" must be a region code like us-east-1'],
    [{ region: "" }, "has no Region"],
    [{ service: "s3.amazonaws.com" }, 'field "Service" must be a service\'s signing name'],
    [{ accessKeyId: "AKIA EXAMPLE" }, 'field "Access Key ID" must be an access key ID'],
    [{ secretAccessKey: "" }, "has no Secret Access Key"],
  ])("refuses %o before sending anything", async (fields, expected) => {
    const before = api.requests.length;
    const error = await runFailing("httpGet", { url: `${api.url}/gw/never`, connection: aws(fields) });
    expect(error.message).toContain('Input "Connection" (connection) (awsSignatureV4)');
    expect(error.message).toContain(expected);
    expect(api.requests).toHaveLength(before);
  });

  it("refuses an X-Amz-Date that is not a SigV4 date, before sending", async () => {
    const before = api.requests.length;
    const error = await runFailing("httpGet", {
      url: `${api.url}/gw/never`,
      headers: [{ key: "X-Amz-Date", value: "2015-08-30T12:36:00Z" }],
      connection: aws(),
    });
    expect(error.message).toContain(
      'Input "Header" (headers) sets X-Amz-Date to something that is not a date like 20150830T123600Z',
    );
    expect(api.requests).toHaveLength(before);
  });
});

describe("a pasted cURL command's --aws-sigv4", () => {
  it("signs through the awsSignatureV4 connection it stands for, verified by the independent implementation", async () => {
    const result = await run("httpCurl", {
      curlCommand: `curl --aws-sigv4 'aws:amz:us-east-1:execute-api' -u '${KEYS.accessKeyId}:${KEYS.secretAccessKey}' -H 'x-amz-security-token: ${KEYS.sessionToken}' '${api.url}/gw/prod/from-curl?q=1' -d '{"a":1}' -H 'Content-Type: application/json'`,
    });
    expect(result.data.url).toBe("/gw/prod/from-curl?q=1");
    const sent = last(api);
    expect(sent.headers["x-amz-security-token"]).toBe(KEYS.sessionToken);
    expect(sent.body.toString()).toBe('{"a":1}');
    expect(verify(sent, "us-east-1", "execute-api", KEYS.sessionToken)).toBeUndefined();
  });

  it("masks the command's secret key and session token where the server quotes them", async () => {
    const logs = recordLogs();
    const error = await runFailing(
      "httpCurl",
      {
        curlCommand: `curl --aws-sigv4 'aws:amz:us-east-1:execute-api' -u '${KEYS.accessKeyId}:wrong-${KEYS.secretAccessKey}' -H 'x-amz-security-token: ${KEYS.sessionToken}' '${api.url}/gw/prod/refused'`,
        debugRequest: "true",
      },
      logs,
    );
    const shown = `${error.message}\n${JSON.stringify(error)}\n${logs.text()}`;
    expect(error.message).toContain("403");
    for (const secret of [KEYS.secretAccessKey, KEYS.sessionToken]) expect(shown).not.toContain(secret);
  });
});
