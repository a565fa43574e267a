import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { alertOf } from "../src/tls/alerts";
import { run, runFailing } from "./helpers/harness";
import { startOpensslServer } from "./helpers/opensslServer";
import { type Issued, issue } from "./helpers/pki";
import { startTlsServer, type TestServer } from "./helpers/servers";

/**
 * A server that refuses the client certificate with a TLS alert: under TLS 1.3 Node names the
 * alert in an ERR_SSL_ code, under TLS 1.2 it gives a bare EPROTO with OpenSSL's text. Both
 * must read as the same plain reason. Alerts come from `openssl s_server`, which verifies the
 * certificate during the handshake, and from Node's server when no certificate is given.
 */

let serverCa: Issued;
let clientCa: Issued;
let serverCert: Issued;
let alice: Issued;
let stranger: Issued;

const connection = (who: Issued) => ({
  key: "clientCertificate",
  configVarKey: "c",
  fields: { certificate: who.cert, privateKey: who.key },
});

beforeAll(async () => {
  [serverCa, clientCa] = await Promise.all([
    issue({ subject: "CN=Alert Server CA", ca: true }),
    issue({ subject: "CN=Alert Client CA", ca: true }),
  ]);
  const otherCa = await issue({ subject: "CN=Unknown To The Server", ca: true });
  [serverCert, alice, stranger] = await Promise.all([
    issue({ subject: "CN=127.0.0.1", issuer: serverCa, hosts: ["127.0.0.1"] }),
    issue({ subject: "CN=alice", issuer: clientCa, clientAuth: true }),
    issue({ subject: "CN=stranger", issuer: otherCa, clientAuth: true }),
  ]);
});

/** OpenSSL's own words, which must not reach the user in place of a reason. */
const OPENSSL_TEXT = /ssl3_read_bytes|rec_layer_s3|SSL routines/;

describe.each(["TLSv1.2", "TLSv1.3"] as const)("a server that verifies during the handshake (%s)", (version) => {
  let server: Awaited<ReturnType<typeof startOpensslServer>>;
  beforeAll(async () => {
    server = await startOpensslServer({ cert: serverCert.cert, key: serverCert.key, clientCa: clientCa.cert, version });
  });
  afterAll(() => server?.close());

  it("accepts a certificate its CA signed", async () => {
    const { data } = await run("httpGet", {
      url: `${server.url}/`,
      caCertificates: serverCa.cert,
      connection: connection(alice),
      responseType: "text",
    });
    // s_server's page prints the client certificate it verified.
    expect(data).toMatch(/Subject: CN ?= ?alice/);
  });

  it("refuses one of a CA it does not know, and the step says so in words", async () => {
    const error = await runFailing("httpGet", {
      url: `${server.url}/`,
      caCertificates: serverCa.cert,
      connection: connection(stranger),
    });
    // Under TLS 1.2 Node has no code of its own for the alert.
    const code = version === "TLSv1.2" ? "EPROTO" : "ERR_SSL_TLSV1_ALERT_UNKNOWN_CA";
    expect(error.message).toBe(
      `GET ${server.url}/ failed: the server does not trust the CA that signed the client certificate (TLS alert 48 "unknown ca", ${code}); check in the Client Certificate connection that it is the one the API issued, signed by a CA the server trusts, and not expired or revoked, and give the whole chain (the certificate followed by its intermediates) in the Certificate field`,
    );
    expect(error.message).not.toMatch(OPENSSL_TEXT);
    // The server saw the stranger's certificate and refused it for its issuer (its log may come a little later).
    await vi.waitFor(() => {
      expect(server.log()).toMatch(/depth=0 CN = stranger\nverify error:num=20:unable to get local issuer certificate/);
    });
  });
});

describe("a Node server that requires a certificate, given none", () => {
  it.each([
    [
      "TLSv1.2",
      /^the server ended the TLS handshake \(TLS alert 40 "handshake failure", EPROTO\): it requires a client certificate and none was presented \(use the Client Certificate \(mTLS\) connection\)/,
    ],
    [
      "TLSv1.3",
      /^the server requires a client certificate and none was presented \(TLS alert 116 "certificate required", ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED\); use the Client Certificate \(mTLS\) connection$/,
    ],
  ] as const)("says so under %s", async (maxVersion, reason) => {
    const strict: TestServer = await startTlsServer({
      key: serverCert.key,
      cert: serverCert.cert,
      ca: clientCa.cert,
      requestCert: true,
      rejectUnauthorized: true,
      maxVersion,
    });
    try {
      const error = await runFailing("httpGet", { url: `${strict.url}/none`, caCertificates: serverCa.cert });
      expect(error.message.replace(`GET ${strict.url}/none failed: `, "")).toMatch(reason);
      expect(error.message).not.toMatch(OPENSSL_TEXT);
      expect(strict.requests).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });
});

describe("reading the alert", () => {
  const openssl = (words: string, number: number) =>
    `write EPROTO 80DCCB6C257F0000:error:0A000410:SSL routines:ssl3_read_bytes:${words}:../deps/openssl/openssl/ssl/record/rec_layer_s3.c:1601:SSL alert number ${number}\n`;

  it.each([
    ["EPROTO", openssl("sslv3 alert bad certificate", 42), { number: 42, name: "bad certificate" }],
    ["EPROTO", openssl("sslv3 alert certificate expired", 45), { number: 45, name: "certificate expired" }],
    ["EPROTO", openssl("tlsv1 alert access denied", 49), { number: 49, name: "access denied" }],
    ["EPROTO", openssl("tlsv1 alert protocol version", 70), { number: 70, name: "protocol version" }],
    ["EPROTO", "SSL alert number 80", { number: 80 }],
    [
      "ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN",
      openssl("sslv3 alert certificate unknown", 46),
      { number: 46, name: "certificate unknown" },
    ],
    ["ERR_SSL_TLSV1_ALERT_UNKNOWN_CA", "no number in this text", { number: 48, name: "unknown ca" }],
  ])("%s %j", (code, message, alert) => {
    expect(alertOf(code, message)).toEqual(alert);
  });

  it.each([
    ["EPROTO", "write EPROTO ...:SSL routines:ssl3_get_record:wrong version number"],
    ["ECONNRESET", openssl("sslv3 alert bad certificate", 42)],
    ["ERR_SSL_WRONG_VERSION_NUMBER", "wrong version number"],
    [undefined, "anything"],
  ])("is none for %s", (code, message) => {
    expect(alertOf(code, message)).toBeUndefined();
  });
});
