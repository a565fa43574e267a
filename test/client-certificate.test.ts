import { createPrivateKey } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { type Issued, issue, pkcs12, reexported } from "./helpers/pki";
import { startProxy, type TestProxy } from "./helpers/proxy";
import { type Handler, startTlsServer, type TestServer } from "./helpers/servers";

/**
 * Mutual TLS against real TLS servers on loopback, with a server CA, a client CA and
 * certificates made at test time. Which certificate arrived is read on the server side.
 */

let serverCa: Issued;
let otherCa: Issued;
let clientCa: Issued;
let alice: Issued;
let bob: Issued;
let carol: Issued;
let expired: Issued;
let expiring: Issued;
let stranger: Issued;
let mtls: TestServer;
let strict: TestServer;
let elsewhere: TestServer;
let otherCaServer: TestServer;
let proxy: TestProxy;

const PASSPHRASE = "pass-phrase-7Qx";

/** What the server saw of the client: the certificate's CN ("none" without one), and headers. */
const seen: Array<{ server: string; cn: string; path: string; apiKey?: string }> = [];

const recording =
  (name: string, then?: (response: ServerResponse) => void): Handler =>
  (request, response, raw: IncomingMessage) => {
    const peer = (raw.socket as TLSSocket).getPeerCertificate();
    const cn = peer && "subject" in peer && peer.subject ? String(peer.subject.CN) : "none";
    seen.push({ server: name, cn, path: request.path, apiKey: request.headers["x-api-key"] as string | undefined });
    if (then) return then(response);
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ cn }));
  };

const connection = (fields: Record<string, unknown>) => ({ key: "clientCertificate", configVarKey: "c", fields });
const pem = (who: Issued, extra: Record<string, unknown> = {}) =>
  connection({ certificate: who.cert, privateKey: who.key, ...extra });

beforeAll(async () => {
  serverCa = await issue({ subject: "CN=Test Server CA", ca: true });
  otherCa = await issue({ subject: "CN=Another CA", ca: true });
  clientCa = await issue({ subject: "CN=Test Client CA", ca: true });
  const serverCert = await issue({ subject: "CN=127.0.0.1", issuer: serverCa, hosts: ["127.0.0.1", "localhost"] });
  const otherCert = await issue({ subject: "CN=127.0.0.1", issuer: otherCa, hosts: ["127.0.0.1"] });
  const client = (name: string, notAfterDays?: number) =>
    issue({ subject: `CN=${name}`, issuer: clientCa, clientAuth: true, notAfterDays });
  [alice, bob, carol, expired, expiring] = await Promise.all([
    client("alice", 90),
    client("bob", 90),
    client("carol", 90),
    client("expired", -1),
    client("expiring", 10),
  ]);
  stranger = await issue({ subject: "CN=stranger", issuer: otherCa, clientAuth: true, notAfterDays: 90 });
  const tls = { key: serverCert.key, cert: serverCert.cert, ca: clientCa.cert, requestCert: true };
  mtls = await startTlsServer({ ...tls, rejectUnauthorized: false }, recording("mtls", undefined));
  elsewhere = await startTlsServer({ ...tls, rejectUnauthorized: false }, recording("elsewhere"));
  strict = await startTlsServer({ ...tls, rejectUnauthorized: true }, recording("strict"));
  otherCaServer = await startTlsServer({ key: otherCert.key, cert: otherCert.cert }, recording("other"));
  proxy = await startProxy();
});
afterAll(() => Promise.all([mtls, elsewhere, strict, otherCaServer, proxy].map((server) => server?.close())));

const get = (server: TestServer, path: string, params: Record<string, unknown>) =>
  run("httpGet", { url: `${server.url}${path}`, caCertificates: serverCa.cert, ...params });

describe("a PEM certificate and key", () => {
  it("is presented to the server, which sees that very certificate", async () => {
    const { data } = await get(mtls, "/pem", { connection: pem(alice) });
    expect(data).toEqual({ cn: "alice" });
    expect(seen.at(-1)).toMatchObject({ server: "mtls", cn: "alice", path: "/pem" });
  });

  it("works with an encrypted key and its passphrase, in PKCS#8, PKCS#1-style EC (SEC1) form", async () => {
    const key = createPrivateKey(alice.key);
    const encrypted = key.export({ format: "pem", type: "pkcs8", cipher: "aes-256-cbc", passphrase: PASSPHRASE });
    await get(mtls, "/encrypted", { connection: pem(alice, { privateKey: encrypted, passphrase: PASSPHRASE }) });
    expect(seen.at(-1)?.cn).toBe("alice");
    const sec1 = key.export({ format: "pem", type: "sec1" });
    await get(mtls, "/sec1", { connection: pem(alice, { privateKey: sec1 }) });
    expect(seen.at(-1)?.cn).toBe("alice");
  });

  it("sends the connection's API key with it, and the connection's CAs are trusted for the origin", async () => {
    await run("httpGet", {
      url: `${mtls.url}/key`,
      connection: pem(bob, { caCertificates: serverCa.cert, apiKeyHeader: "X-API-Key", apiKey: "cert-api-key-1" }),
    });
    expect(seen.at(-1)).toMatchObject({ cn: "bob", apiKey: "cert-api-key-1" });
  });
});

describe("a PKCS#12 bundle", () => {
  it("is read from base64 text and from a file of an earlier step", async () => {
    const bundle = pkcs12(carol, PASSPHRASE);
    await get(mtls, "/p12-text", {
      connection: connection({ certificate: bundle.toString("base64"), passphrase: PASSPHRASE }),
    });
    expect(seen.at(-1)?.cn).toBe("carol");
    await get(mtls, "/p12-file", {
      connection: connection({
        certificate: { data: bundle, contentType: "application/x-pkcs12" },
        passphrase: PASSPHRASE,
      }),
    });
    expect(seen.at(-1)?.cn).toBe("carol");
  });
});

describe("what is wrong is said before anything is sent, naming the field", () => {
  const refused = async (fields: Record<string, unknown>) => {
    const before = seen.length;
    const error = await runFailing("httpGet", {
      url: `${mtls.url}/never`,
      caCertificates: serverCa.cert,
      connection: connection(fields),
    });
    expect(seen.length).toBe(before);
    return error.message;
  };

  it.each([
    [
      "a PEM that does not parse",
      () => ({
        certificate: "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----",
        privateKey: alice.key,
      }),
      'field "Certificate" has a PEM certificate that does not parse (certificate 1)',
    ],
    [
      "no key with a PEM",
      () => ({ certificate: alice.cert }),
      'field "Private Key" is required with a PEM certificate (only a PKCS#12 bundle holds its key)',
    ],
    [
      "a key of another certificate",
      () => ({ certificate: alice.cert, privateKey: bob.key }),
      'field "Private Key" does not match the certificate (CN=alice)',
    ],
    [
      "a key that is not PEM",
      () => ({ certificate: alice.cert, privateKey: "not a key" }),
      'field "Private Key" is not a PEM private key (PKCS#1, PKCS#8 or SEC1)',
    ],
    [
      "an expired certificate",
      () => ({ certificate: expired.cert, privateKey: expired.key }),
      'field "Certificate" expired on',
    ],
    [
      "a wrong PKCS#12 passphrase",
      () => ({ certificate: pkcs12(carol, PASSPHRASE).toString("base64"), passphrase: "wrong" }),
      'field "Passphrase" does not open the PKCS#12 bundle',
    ],
    [
      "text that is neither",
      () => ({ certificate: "hello, world" }),
      'field "Certificate" is neither PEM nor a PKCS#12 bundle in base64',
    ],
  ])("%s", async (_name, fields, message) => {
    expect(await refused(fields())).toContain(`Input "Connection" (connection) (clientCertificate) ${message}`);
  });

  it("an encrypted key without its passphrase, and with a wrong one", async () => {
    const encrypted = createPrivateKey(alice.key).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: PASSPHRASE,
    });
    expect(await refused({ certificate: alice.cert, privateKey: encrypted })).toContain(
      'field "Private Key" is encrypted; give its Passphrase',
    );
    expect(await refused({ certificate: alice.cert, privateKey: encrypted, passphrase: "nope" })).toContain(
      'field "Passphrase" does not decrypt the private key',
    );
  });

  it("a PKCS#12 bundle with legacy RC2-40 encryption, saying how to re-export it", async (context) => {
    let legacy: Buffer;
    try {
      legacy = pkcs12(carol, PASSPHRASE, { legacy: true });
    } catch (error) {
      return context.skip(`the local openssl cannot write a legacy (-legacy) bundle: ${error}`);
    }
    const bundle = legacy.toString("base64");
    const message = await refused({ certificate: bundle, passphrase: PASSPHRASE });
    expect(message).toContain(
      'field "Certificate" is a PKCS#12 bundle with legacy encryption (RC2-40, as `openssl pkcs12 -export -legacy` and older tools write it) that Node\'s OpenSSL 3 refuses; re-export it with AES: openssl pkcs12 -legacy -in old.p12 -nodes -out bundle.pem, then openssl pkcs12 -export -in bundle.pem -out new.p12',
    );
    for (const secret of [PASSPHRASE, bundle.slice(0, 64), carol.key]) expect(message).not.toContain(secret);
    // The bundle's MAC is checked before its encryption: a wrong passphrase is still named as such.
    expect(await refused({ certificate: bundle, passphrase: "wrong" })).toContain(
      'field "Passphrase" does not open the PKCS#12 bundle',
    );
    // Re-exported as the error says, the same certificate is presented.
    await get(mtls, "/p12-reexported", {
      connection: connection({
        certificate: reexported(legacy, PASSPHRASE).toString("base64"),
        passphrase: PASSPHRASE,
      }),
    });
    expect(seen.at(-1)).toMatchObject({ path: "/p12-reexported", cn: "carol" });
  });

  it("a CA bundle that is not PEM, on the action's input", async () => {
    const before = seen.length;
    const error = await runFailing("httpGet", { url: `${mtls.url}/never`, caCertificates: "not a certificate" });
    expect(error.message).toBe(
      'Input "CA Certificates" (caCertificates) holds no PEM certificate (-----BEGIN CERTIFICATE----- ...).',
    );
    expect(seen.length).toBe(before);
  });
});

describe("trusting a private CA", () => {
  it("fails without it, naming the way out, and keeps verifying with it", async () => {
    const untrusted = await runFailing("httpGet", { url: `${mtls.url}/untrusted` });
    expect(untrusted.message).toMatch(
      /the server's TLS certificate was not accepted .*give the CA that signed it in CA Certificates/,
    );
    await get(mtls, "/trusted", {});
    expect(seen.at(-1)).toMatchObject({ path: "/trusted", cn: "none" });
    // A file from an earlier step is read as the connection's CA Certificates field reads one.
    await get(mtls, "/trusted-file", {
      caCertificates: { data: Buffer.from(serverCa.cert), contentType: "application/x-pem-file" },
    });
    expect(seen.at(-1)).toMatchObject({ path: "/trusted-file", cn: "none" });
    // Another CA's server is still refused: the CA adds trust, it does not turn verification off.
    const other = await runFailing("httpGet", { url: `${otherCaServer.url}/x`, caCertificates: serverCa.cert });
    expect(other.message).toMatch(/the server's TLS certificate was not accepted/);
  });
});

describe("connections are pooled by identity", () => {
  it("never lets two concurrent identities, or none, share a socket", async () => {
    const before = seen.length;
    const steps = [alice, bob, alice, bob, alice, bob].map((who, index) =>
      get(mtls, `/pool/${who.subject.slice(3)}/${index}`, { connection: pem(who) }),
    );
    await Promise.all(steps);
    await get(mtls, "/pool/anonymous", {});
    const pooled = seen.slice(before);
    for (const request of pooled) {
      const expected = request.path.split("/")[2];
      expect(request.cn, request.path).toBe(expected === "anonymous" ? "none" : expected);
    }
    expect(pooled).toHaveLength(7);
  });
});

describe("the certificate goes to the step's origin only", () => {
  it("a redirect to another origin gets a plain connection, without the certificate or the API key", async () => {
    const redirecting = await startTlsServer({
      key: (await issue({ subject: "CN=127.0.0.1", issuer: serverCa, hosts: ["127.0.0.1"] })).key,
      cert: "",
    }).catch(() => undefined);
    await redirecting?.close();
    const hop = await startTlsServer(
      { key: mtlsKey(), cert: mtlsCert(), ca: clientCa.cert, requestCert: true, rejectUnauthorized: false },
      recording("redirecting", (response) => response.writeHead(307, { location: `${elsewhere.url}/landed` }).end()),
    );
    try {
      await get(hop, "/start", { connection: pem(alice, { apiKeyHeader: "X-API-Key", apiKey: "origin-only-key" }) });
      const [first, landed] = seen.slice(-2);
      expect(first).toMatchObject({ server: "redirecting", cn: "alice", apiKey: "origin-only-key" });
      expect(landed).toMatchObject({ server: "elsewhere", path: "/landed", cn: "none" });
      expect(landed.apiKey).toBeUndefined();
    } finally {
      await hop.close();
    }
  });
});

let serverIdentity: Issued | undefined;
const mtlsKey = () => serverIdentity?.key ?? "";
const mtlsCert = () => serverIdentity?.cert ?? "";
beforeAll(async () => {
  serverIdentity = await issue({ subject: "CN=127.0.0.1", issuer: serverCa, hosts: ["127.0.0.1"] });
});

describe("through a proxy and with the guard", () => {
  it("is presented inside a CONNECT tunnel", async () => {
    await get(mtls, "/tunnel", { connection: pem(bob), proxyUrl: proxy.url });
    expect(seen.at(-1)).toMatchObject({ path: "/tunnel", cn: "bob" });
    expect(proxy.tunnels.at(-1)).toBe(`127.0.0.1:${mtls.port}`);
  });

  it("keeps Block Private Networks: loopback is refused before connecting", async () => {
    const before = seen.length;
    const error = await runFailing("httpGet", {
      url: `${mtls.url}/guarded`,
      connection: pem(alice),
      caCertificates: serverCa.cert,
      blockPrivateNetworks: "true",
    });
    expect(error.message).toMatch(/loopback/);
    expect(seen.length).toBe(before);
  });
});

describe("a server that refuses", () => {
  it.each(["TLSv1.2", "TLSv1.3"] as const)(
    "says it may not have accepted the client certificate (%s)",
    async (maxVersion) => {
      const refusing = await startTlsServer(
        {
          key: mtlsKey(),
          cert: mtlsCert(),
          ca: clientCa.cert,
          requestCert: true,
          rejectUnauthorized: true,
          maxVersion,
        },
        recording("refusing"),
      );
      try {
        const error = await runFailing("httpGet", {
          url: `${refusing.url}/refused`,
          caCertificates: serverCa.cert,
          connection: pem(stranger),
        });
        expect(error.message).toBe(
          `GET ${refusing.url}/refused failed: the server closed the connection without answering; with a client certificate presented, this is how a server refuses one it does not accept (ECONNRESET)`,
        );
      } finally {
        await refusing.close();
      }
    },
  );
  // A server that sends an alert instead is in client-certificate-alerts.test.ts.
});

describe("what the step shows", () => {
  it("names the certificate in the debug log, with placeholders in the cURL command, and never the key, passphrase or bundle", async () => {
    const bundle = pkcs12(carol, PASSPHRASE).toString("base64");
    const encrypted = createPrivateKey(alice.key).export({
      format: "pem",
      type: "pkcs8",
      cipher: "aes-256-cbc",
      passphrase: PASSPHRASE,
    });
    const logs = recordLogs();
    await run(
      "httpGet",
      {
        url: `${mtls.url}/debug`,
        caCertificates: serverCa.cert,
        debugRequest: "true",
        connection: pem(alice, { privateKey: encrypted, passphrase: PASSPHRASE }),
      },
      logs,
    );
    const text = logs.text();
    expect(text).toContain('"subject":"CN=alice","issuer":"CN=Test Client CA"');
    expect(text).toContain("--cert '<client-certificate.pem>'");
    expect(text).toContain("--key '<private-key.pem>'");
    expect(text).toContain("--cacert '<ca-certificates.pem>'");
    const bundleLogs = recordLogs();
    const error = await runFailing(
      "httpGet",
      {
        url: `${strict.url.replace("127.0.0.1", "localhost")}:0/x`,
        debugRequest: "true",
        connection: connection({ certificate: bundle, passphrase: PASSPHRASE }),
      },
      bundleLogs,
    );
    for (const secret of [alice.key, encrypted, PASSPHRASE, bundle, bundle.slice(0, 64)]) {
      expect(text).not.toContain(secret);
      expect(bundleLogs.text()).not.toContain(secret);
      expect(JSON.stringify(error)).not.toContain(secret);
      expect(error.message).not.toContain(secret);
    }
  });

  it("warns, debug or not, when the certificate expires within 30 days", async () => {
    const logs = recordLogs();
    await get(mtls, "/expiring", { connection: pem(expiring) });
    await run(
      "httpGet",
      { url: `${mtls.url}/expiring`, caCertificates: serverCa.cert, connection: pem(expiring) },
      logs,
    );
    expect(logs.text()).toMatch(/The client certificate CN=expiring expires on \S+, in (9|10) days/);
  });
});
