import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { version } from "../package.json";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { parseMultipart } from "./helpers/multipart";
import { echo, startHttpsServer, startServer, type TestServer } from "./helpers/servers";

let server: TestServer;
let secure: TestServer;
beforeAll(async () => {
  server = await startServer((request, response, raw) => {
    if (request.path === "/moved") return response.writeHead(302, { location: "/landed" }).end();
    echo(request, response, raw);
  });
  secure = await startHttpsServer(echo);
});
afterAll(() => Promise.all([server.close(), secure.close()]));

const lastRequest = () => server.requests[server.requests.length - 1];
const curl = (command: string, extra: Record<string, unknown> = {}, logs = recordLogs()) =>
  run("httpCurl", { curlCommand: command, ...extra }, logs);

describe("httpCurl", () => {
  it("runs a multi-line command with method, headers and a JSON body, byte for byte", async () => {
    const body = '{"name": "Acme",  "tags": ["a"]}';
    await curl(
      `curl -X PUT '${server.url}/items/7?x=1' \\\n  -H 'Content-Type: application/json' \\\n  -H "X-Trace: t 1" \\\n  --data-raw '${body}'`,
    );
    expect(lastRequest()).toMatchObject({ method: "PUT", url: "/items/7?x=1" });
    expect(lastRequest().headers["content-type"]).toBe("application/json");
    expect(lastRequest().headers["x-trace"]).toBe("t 1");
    expect(lastRequest().body.toString()).toBe(body);
  });

  it("sends -d data as a form with curl's content type, and POST without -X", async () => {
    await curl(`curl ${server.url}/form -d 'a=1' -d 'b=two%20words'`);
    expect(lastRequest().method).toBe("POST");
    expect(lastRequest().headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(lastRequest().body.toString()).toBe("a=1&b=two%20words");
  });

  it("moves data into the query with -G", async () => {
    await curl(`curl -G ${server.url}/search --data-urlencode 'q=a b&c'`);
    expect(lastRequest().method).toBe("GET");
    expect(lastRequest().query.get("q")).toBe("a b&c");
    expect(lastRequest().body.length).toBe(0);
  });

  it("sends -F fields as multipart", async () => {
    await curl(`curl -F 'title=Q3 report' -F 'tag=x' ${server.url}/upload`);
    const parts = await parseMultipart(String(lastRequest().headers["content-type"]), lastRequest().body);
    expect(parts.map((part) => [part.field, part.bytes.toString()])).toEqual([
      ["title", "Q3 report"],
      ["tag", "x"],
    ]);
  });

  it("turns -u into Basic credentials and never shows the password", async () => {
    const logs = recordLogs();
    await curl(`curl -u 'svc:pa55-w0rd!' ${server.url}/me`, { debugRequest: "true" });
    expect(lastRequest().headers.authorization).toBe(`Basic ${Buffer.from("svc:pa55-w0rd!").toString("base64")}`);
    expect(logs.text()).not.toContain("pa55-w0rd!");
  });

  it("lets a connection win over credentials in the command", async () => {
    await curl(`curl -H 'Authorization: Bearer from-command' ${server.url}/me`, {
      connection: { key: "bearerToken", configVarKey: "t", fields: { token: "from-connection" } },
    });
    expect(lastRequest().headers.authorization).toBe("Bearer from-connection");
  });

  it("sends --oauth2-bearer through the bearerToken connection, masked in every log line", async () => {
    const logs = recordLogs();
    await curl(`curl --oauth2-bearer 'tok-Zq81-secret' ${server.url}/me`, { debugRequest: "true" }, logs);
    expect(lastRequest().headers.authorization).toBe("Bearer tok-Zq81-secret");
    expect(logs.text()).toContain("Authorization");
    expect(logs.text()).not.toContain("tok-Zq81-secret");
  });

  it("lets the Connection input win over the command's --oauth2-bearer", async () => {
    await curl(`curl --oauth2-bearer from-command ${server.url}/me`, {
      connection: { key: "bearerToken", configVarKey: "t", fields: { token: "from-connection" } },
    });
    expect(lastRequest().headers.authorization).toBe("Bearer from-connection");
  });

  it("never shows a --digest or --aws-sigv4 secret, even where the connection cannot be used", async () => {
    for (const command of [
      `curl --digest -u 'admin:dg-S3cret-pw' ${server.url}/d`,
      `curl --aws-sigv4 aws:amz:us-east-1:execute-api -u 'AKID:aws-S3cret-key' ${server.url}/a`,
    ]) {
      const logs = recordLogs();
      const outcome = await curl(command, { debugRequest: "true" }, logs).catch((error: Error) => error);
      const seen = `${outcome instanceof Error ? outcome.message : JSON.stringify(outcome)}\n${logs.text()}`;
      expect(seen).not.toContain("dg-S3cret-pw");
      expect(seen).not.toContain("aws-S3cret-key");
    }
  });

  it("says in the debug log what it assumed and what does not apply", async () => {
    const logs = recordLogs();
    await curl(`curl -sS -o out.json ${server.url.replace("http://", "")}/noted`, { debugRequest: "true" }, logs);
    expect(lastRequest().path).toBe("/noted");
    expect(logs.lines).toContain("cURL command: the URL has no scheme: curl assumes http://, and so does this action");
    expect(logs.lines).toContain(
      "cURL command: not applicable here (they change only what curl prints or saves): -s, -S, -o",
    );
  });

  it("sends curl's Accept and no Accept-Encoding, not axios's defaults", async () => {
    await curl(`curl ${server.url}/defaults`);
    expect(lastRequest().headers.accept).toBe("*/*");
    expect(lastRequest().headers["accept-encoding"]).toBeUndefined();
  });

  it("sends our User-Agent for -A '' (curl would send none), never an empty one", async () => {
    await curl(`curl -A 'custom/1' -A '' ${server.url}/agent`);
    expect(lastRequest().headers["user-agent"]).toBe(`prismatic-http-connector/${version}`);
  });

  it("follows redirects only with -L, as curl does", async () => {
    const plain = await curl(`curl ${server.url}/moved`, { includeFullResponse: true });
    expect(plain.data.status).toBe(302);
    const followed = await curl(`curl -L ${server.url}/moved`, { includeFullResponse: true });
    expect(followed.data).toMatchObject({ status: 200, url: `${server.url}/landed` });
  });

  it("honours -k for a self-signed certificate, and verifies without it", async () => {
    await curl(`curl -k ${secure.url}/tls`);
    expect(secure.requests.at(-1)?.path).toBe("/tls");
    const error = await runFailing("httpCurl", { curlCommand: `curl ${secure.url}/tls` });
    expect(error.message).toMatch(/TLS certificate was not accepted/);
  });

  it("honours --max-time as the whole-request timeout", async () => {
    const slow = await startServer(() => undefined);
    try {
      const error = await runFailing("httpCurl", { curlCommand: `curl --max-time 0.3 ${slow.url}/hang` });
      expect(error.message).toBe(`GET ${slow.url}/hang failed: no complete response within the 300 ms timeout`);
    } finally {
      await slow.close();
    }
  });

  it("names the options it does not understand, before sending anything", async () => {
    const before = server.requests.length;
    const error = await runFailing("httpCurl", { curlCommand: `curl --cert me.pem --ntlm ${server.url}/x` });
    expect(error.message).toBe(
      'Input "cURL Command" (curlCommand) uses options this action does not support: --cert (reads certificates from local files; use the Client Certificate connection and the CA Certificates input), --ntlm (an authentication scheme the connector has no connection for).',
    );
    expect(server.requests.length).toBe(before);
  });

  it("refuses a method the builder does not send", async () => {
    const error = await runFailing("httpCurl", { curlCommand: `curl -X PURGE ${server.url}/x` });
    expect(error.message).toBe(
      'Input "cURL Command" (curlCommand) uses a method this action does not send; use one of GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS.',
    );
  });
});

describe("debugRequest logs the equivalent cURL command", () => {
  it("for a JSON POST with a connection, secrets masked", async () => {
    const logs = recordLogs();
    await run(
      "httpPost",
      {
        url: `${server.url}/items?limit=2`,
        data: { name: "Acme" },
        connection: { key: "apiKey", configVarKey: "k", fields: { apiKey: "sk-curl-secret", authScheme: "Bearer" } },
        debugRequest: "true",
      },
      logs,
    );
    const line = logs.lines.find((entry) => entry.startsWith("Equivalent cURL command:"));
    expect(line).toBe(
      [
        "Equivalent cURL command:",
        `curl -X POST '${server.url}/items?limit=2' \\`,
        "  -H 'Accept: application/json, text/plain, */*' \\",
        "  -H 'Content-Type: application/json' \\",
        "  -H 'Accept-Encoding: gzip, deflate, br' \\",
        `  -H 'User-Agent: prismatic-http-connector/${version}' \\`,
        "  -H 'Authorization: [REDACTED]' \\",
        `  --data-raw '{"name":"Acme"}'`,
      ].join("\n"),
    );
    expect(logs.text()).not.toContain("sk-curl-secret");
  });

  it("that, run through httpCurl, sends the same request again", async () => {
    const logs = recordLogs();
    await run(
      "httpPatch",
      {
        url: `${server.url}/items/1`,
        data: "<a x='1'/>",
        headers: [{ key: "Content-Type", value: "application/xml" }],
        debugRequest: true,
      },
      logs,
    );
    const first = lastRequest();
    const command = logs.lines
      .find((entry) => entry.startsWith("Equivalent cURL command:"))
      ?.split("\n")
      .slice(1)
      .join("\n");
    await curl(String(command));
    const second = lastRequest();
    expect(second.method).toBe(first.method);
    expect(second.url).toBe(first.url);
    expect(second.headers["content-type"]).toBe("application/xml");
    expect(second.body.equals(first.body)).toBe(true);
  });

  it("is not written without debugRequest", async () => {
    const logs = recordLogs();
    await run("httpGet", { url: `${server.url}/quiet` }, logs);
    expect(logs.lines).toEqual([]);
  });
});
