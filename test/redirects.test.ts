import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run, runFailing } from "./helpers/harness";
import { echo, startHttpsServer, startServer, type TestServer } from "./helpers/servers";

let origin: TestServer;
let other: TestServer;
beforeAll(async () => {
  other = await startServer(echo);
  origin = await startServer((request, response, raw) => {
    const to = request.query.get("to");
    const status = Number(request.query.get("status") ?? 302);
    if (request.path === "/redirect" && to) return response.writeHead(status, { location: to }).end();
    if (request.path === "/loop") return response.writeHead(302, { location: "/loop" }).end();
    const hops = request.path.match(/^\/chain\/(\d+)$/);
    if (hops) {
      const left = Number(hops[1]);
      return left === 0
        ? echo(request, response, raw)
        : response.writeHead(302, { location: `/chain/${left - 1}` }).end();
    }
    echo(request, response, raw);
  });
});
afterAll(() => Promise.all([origin.close(), other.close()]));

const apiKey = { key: "apiKey", configVarKey: "k", fields: { apiKey: "k-secret", authScheme: "Bearer" } };
const redirect = (to: string, status = 302) => `${origin.url}/redirect?status=${status}&to=${encodeURIComponent(to)}`;

describe("redirects", () => {
  it("follows a relative redirect on the same origin, keeping the credentials", async () => {
    const result = await run("httpGet", { url: redirect("/final?x=1"), connection: apiKey, includeFullResponse: true });
    expect(result.data.url).toBe(`${origin.url}/final?x=1`);
    expect(origin.requests.at(-1)?.headers.authorization).toBe("Bearer k-secret");
  });

  it.each([301, 302, 303])("turns a POST into a GET without a body on %i", async (status) => {
    await run("httpPost", { url: redirect("/landed", status), data: { a: 1 } });
    const landed = origin.requests.at(-1);
    expect(landed?.method).toBe("GET");
    expect(landed?.body.length).toBe(0);
    expect(landed?.headers["content-type"]).toBeUndefined();
  });

  it.each([307, 308])("resends the method and body on %i", async (status) => {
    await run("httpPut", { url: redirect("/moved", status), data: { keep: true } });
    const landed = origin.requests.at(-1);
    expect(landed?.method).toBe("PUT");
    expect(landed?.body.toString()).toBe('{"keep":true}');
  });

  it("resends a multipart form on a 307", async () => {
    await run("httpFormData", {
      url: redirect("/upload", 307),
      fileData: [{ key: "f", value: Buffer.alloc(5000, 1) }],
    });
    const [first, second] = origin.requests.slice(-2);
    expect(second.path).toBe("/upload");
    expect(second.body.equals(first.body)).toBe(true);
  });

  it("never carries credentials to another origin", async () => {
    await run("httpGet", {
      url: redirect(`${other.url}/elsewhere`),
      connection: apiKey,
      headers: [
        { key: "Cookie", value: "session=s3cret" },
        { key: "X-API-Key", value: "user-set-key" },
        { key: "X-Keep", value: "yes" },
      ],
    });
    const arrived = other.requests.at(-1);
    expect(arrived?.path).toBe("/elsewhere");
    expect(arrived?.headers.authorization).toBeUndefined();
    expect(arrived?.headers.cookie).toBeUndefined();
    expect(arrived?.headers["x-api-key"]).toBeUndefined();
    expect(arrived?.headers["x-keep"]).toBe("yes");
  });

  it("drops headers whose words name a credential on the way to another origin", async () => {
    const named = ["X-Pass", "X-Sign", "Sign", "X-Api-Sig", "X-Passphrase", "X-Client-Pass", "X-Hmac", "X-Pin"];
    await run("httpGet", {
      url: redirect(`${other.url}/words`),
      headers: [...named.map((key) => ({ key, value: `value-of-${key}` })), { key: "X-Design", value: "kept" }],
    });
    const arrived = other.requests.at(-1);
    expect(arrived?.path).toBe("/words");
    for (const key of named) expect(arrived?.headers[key.toLowerCase()], key).toBeUndefined();
    expect(arrived?.headers["x-design"]).toBe("kept");
  });

  it("stops a redirect loop", async () => {
    const error = await runFailing("httpGet", { url: `${origin.url}/loop` });
    expect(error.message).toBe(
      `GET ${origin.url}/loop failed: redirect loop: GET ${origin.url}/loop was already requested`,
    );
  });

  it("refuses to follow a redirect to a non-http URL", async () => {
    const error = await runFailing("httpGet", { url: redirect("file:///etc/passwd") });
    expect(error.message).toMatch(/redirected to a file: URL; only http and https are followed/);
  });

  it("follows a chain up to Max Redirects and stops beyond it", async () => {
    const result = await run("httpGet", { url: `${origin.url}/chain/3`, maxRedirects: "3", includeFullResponse: true });
    expect(result.data.url).toBe(`${origin.url}/chain/0`);
    const error = await runFailing("httpGet", { url: `${origin.url}/chain/4`, maxRedirects: "3" });
    expect(error.message).toBe(
      `GET ${origin.url}/chain/4 failed: stopped after 3 redirects; raise Max Redirects (maxRedirects) to follow more, up to 50`,
    );
  });

  it("returns the 3xx itself, with its status and Location, when Follow Redirects is off", async () => {
    const before = origin.requests.length;
    const result = await run("httpGet", { url: redirect("/elsewhere", 301), followRedirects: "false" });
    expect(result.data).toMatchObject({ status: 301, headers: { location: "/elsewhere" }, data: null });
    expect(origin.requests.length).toBe(before + 1);
  });

  it("returns a 302 whose body is HTML as text, not a JSON failure, when Follow Redirects is off", async () => {
    const html = await startServer((_request, response) => {
      response.writeHead(302, { location: "/login", "content-type": "text/html" }).end("<html>Moved</html>");
    });
    try {
      const { data } = await run("httpGet", { url: `${html.url}/account`, followRedirects: "false" });
      expect(data).toMatchObject({ status: 302, headers: { location: "/login" }, data: "<html>Moved</html>" });
    } finally {
      await html.close();
    }
  });
});

describe("a redirect from https to http", () => {
  let secure: TestServer;
  beforeAll(async () => {
    secure = await startHttpsServer((_request, response) => {
      response.writeHead(302, { location: `${other.url}/plain` }).end();
    });
  });
  afterAll(() => secure.close());

  it("is refused by default, before anything is sent in clear", async () => {
    const before = other.requests.length;
    const error = await runFailing("httpGet", { url: `${secure.url}/start`, ignoreSslErrors: "true" });
    expect(error.message).toBe(
      `GET ${secure.url}/start failed: the server redirected from https to plain http (${other.url}); turn on "Allow HTTPS to HTTP Redirects" to follow it`,
    );
    expect(other.requests.length).toBe(before);
  });

  it("is followed when allowed", async () => {
    await run("httpGet", { url: `${secure.url}/start`, ignoreSslErrors: "true", allowInsecureRedirects: "true" });
    expect(other.requests.at(-1)?.path).toBe("/plain");
  });
});
