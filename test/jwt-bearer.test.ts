import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { describe, expect, it, onTestFinished } from "vitest";
import { recordLogs, run, runFailing } from "./helpers/harness";
import { JWT_BEARER, type JwtTokenServer, startJwtTokenServer } from "./helpers/jwtTokenServer";
import { type ProtectedApi, startProtectedApi } from "./helpers/oauth";

/**
 * The jwtBearer connection (RFC 7523) against a token endpoint that verifies each assertion
 * with node:crypto, independently of the JOSE library the component signs with, and an API
 * that accepts only the tokens that endpoint issued. Keys are made here, per run. Fetched
 * tokens are cached per process, so every test has its own servers (its own token URL).
 */

const pemPair = (type: "rsa" | "ec", options: Record<string, unknown>) => {
  const { privateKey, publicKey } = generateKeyPairSync(type as "rsa", options as { modulusLength: number });
  return {
    publicKey,
    pkcs8: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    traditional: privateKey.export({ type: type === "rsa" ? "pkcs1" : "sec1", format: "pem" } as never).toString(),
  };
};

const RSA = pemPair("rsa", { modulusLength: 2048 });
const EC = pemPair("ec", { namedCurve: "P-256" });
const EC_P384 = pemPair("ec", { namedCurve: "P-384" });
const RSA_1024 = pemPair("rsa", { modulusLength: 1024 });

const withServers = async (
  publicKey: KeyObject = RSA.publicKey,
): Promise<{ tokens: JwtTokenServer; api: ProtectedApi }> => {
  const tokens = await startJwtTokenServer(publicKey);
  const api = await startProtectedApi(tokens);
  onTestFinished(() => Promise.all([tokens.close(), api.close()]).then(() => undefined));
  return { tokens, api };
};

const KEY_ID = "6f1c2b9e0d7a4c3b8e5f1a2d9c8b7e6f5a4d3c2b";
const CLIENT_EMAIL = "reports@my-project.iam.gserviceaccount.com";

/** A key file as Google's console downloads it. */
const serviceAccountJson = (tokenUri: string, changes: Record<string, unknown> = {}) =>
  JSON.stringify(
    {
      type: "service_account",
      project_id: "my-project",
      private_key_id: KEY_ID,
      private_key: RSA.pkcs8,
      client_email: CLIENT_EMAIL,
      client_id: "109876543210987654321",
      auth_uri: "https://accounts.google.com/o/oauth2/auth",
      token_uri: tokenUri,
      ...changes,
    },
    null,
    2,
  );

const jwtConnection = (fields: Record<string, unknown>) => ({ key: "jwtBearer", configVarKey: "jwt", fields });

const get = (api: ProtectedApi, connection: unknown, extra: Record<string, unknown> = {}) =>
  run("httpGet", { url: `${api.url}/items`, connection, ...extra });

const SHEETS = "https://www.googleapis.com/auth/spreadsheets.readonly https://www.googleapis.com/auth/drive.readonly";

describe("jwtBearer with a Google service account key file", () => {
  it("posts a verified RS256 assertion with the file's issuer, key ID and token URL, and sends the token", async () => {
    const { tokens, api } = await withServers();
    const connection = jwtConnection({ serviceAccountJson: serviceAccountJson(tokens.tokenUrl), scopes: SHEETS });
    const { data } = await get(api, connection);
    expect(data).toEqual({ ok: true });
    expect(tokens.seen).toHaveLength(1);
    const [seen] = tokens.seen;
    expect(Object.keys(seen.fields)).toEqual(["grant_type", "assertion", "scope"]);
    expect(seen.fields.grant_type).toBe(JWT_BEARER);
    expect(seen.fields.scope).toBe(SHEETS);
    expect(tokens.requests[0].headers["content-type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen.signatureValid).toBe(true);
    expect(seen.header).toEqual({ alg: "RS256", typ: "JWT", kid: KEY_ID });
    const { iat, exp, jti, ...claims } = seen.claims as { iat: number; exp: number; jti: string };
    expect(claims).toEqual({ iss: CLIENT_EMAIL, aud: tokens.tokenUrl, scope: SHEETS });
    expect(Math.abs(iat - seen.receivedAt)).toBeLessThanOrEqual(5);
    expect(exp - iat).toBeGreaterThan(0);
    expect(exp - iat).toBeLessThanOrEqual(3600);
    expect(jti).toMatch(/^[0-9a-f-]{36}$/);
    expect(api.tokensSeen()).toEqual([tokens.issued[0]]);
  });

  it("lets a field filled in win over the file's value: Token URL, Issuer, Key ID; sub only when given", async () => {
    const { tokens, api } = await withServers();
    const connection = jwtConnection({
      serviceAccountJson: serviceAccountJson("http://127.0.0.1:9/never-used"),
      tokenUrl: tokens.tokenUrl,
      issuer: "other@my-project.iam.gserviceaccount.com",
      keyId: "field-kid",
      subject: "admin@example.com",
    });
    await get(api, connection);
    const [seen] = tokens.seen;
    expect(seen.signatureValid).toBe(true);
    expect(seen.header.kid).toBe("field-kid");
    expect(seen.claims).toMatchObject({
      iss: "other@my-project.iam.gserviceaccount.com",
      sub: "admin@example.com",
      aud: tokens.tokenUrl,
    });
    expect(seen.claims).not.toHaveProperty("scope");
    expect(seen.fields).not.toHaveProperty("scope");
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });
});

describe("the verifying endpoint", () => {
  it("refuses an assertion signed by a key it does not know, so a passing test means a verified signature", async () => {
    const { tokens, api } = await withServers(pemPair("rsa", { modulusLength: 2048 }).publicKey);
    const error = await runFailing("httpGet", {
      url: `${api.url}/items`,
      connection: jwtConnection({ tokenUrl: tokens.tokenUrl, issuer: "unknown-key", privateKey: RSA.pkcs8 }),
    });
    expect(error.message).toContain("invalid_grant");
    expect(tokens.seen.map((seen) => seen.signatureValid)).toEqual([false]);
    expect(api.requests).toHaveLength(0);
  });
});

describe("jwtBearer with its own fields", () => {
  it("signs ES256 with a P-256 key (SEC1 PEM), with the audience and subject given and no kid", async () => {
    const { tokens, api } = await withServers(EC.publicKey);
    await get(
      api,
      jwtConnection({
        tokenUrl: tokens.tokenUrl,
        issuer: "3MVG9d8..z.hDcPJ",
        subject: "integration@example.com",
        audience: "https://login.salesforce.com",
        privateKey: EC.traditional,
        algorithm: "ES256",
      }),
    );
    const [seen] = tokens.seen;
    expect(seen.signatureValid).toBe(true);
    expect(seen.header).toEqual({ alg: "ES256", typ: "JWT" });
    expect(seen.claims).toMatchObject({
      iss: "3MVG9d8..z.hDcPJ",
      sub: "integration@example.com",
      aud: "https://login.salesforce.com",
    });
    expect(Object.keys(seen.fields)).toEqual(["grant_type", "assertion"]);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it.each([
    ["a PKCS#1 PEM", RSA.traditional],
    ["a PEM whose line breaks a single-line box dropped", RSA.pkcs8.replace(/\n/g, " ")],
    ["a PEM copied out of JSON, with \\n for its line breaks", JSON.stringify(RSA.pkcs8).slice(1, -1)],
  ])("reads %s", async (_name, privateKey) => {
    const { tokens, api } = await withServers();
    await get(api, jwtConnection({ tokenUrl: tokens.tokenUrl, issuer: "iss-pem-forms", privateKey }));
    expect(tokens.seen[0].signatureValid).toBe(true);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });
});

describe("jwtBearer tokens", () => {
  const connectionFor = (tokens: JwtTokenServer, extra: Record<string, unknown> = {}) =>
    jwtConnection({ serviceAccountJson: serviceAccountJson(tokens.tokenUrl), scopes: SHEETS, ...extra });

  it("are fetched once for consecutive steps, though each assertion would differ", async () => {
    const { tokens, api } = await withServers();
    await get(api, connectionFor(tokens));
    await get(api, connectionFor(tokens));
    expect(tokens.requests).toHaveLength(1);
    expect(api.tokensSeen()).toEqual([tokens.issued[0], tokens.issued[0]]);
  });

  it("are fetched once for concurrent steps", async () => {
    const { tokens, api } = await withServers();
    await Promise.all(Array.from({ length: 6 }, () => get(api, connectionFor(tokens))));
    expect(tokens.requests).toHaveLength(1);
    expect(api.tokensSeen()).toEqual(Array(6).fill(tokens.issued[0]));
  });

  it("are fetched again with a fresh assertion when the API refuses the token, once", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0]);
    const { data } = await get(api, connectionFor(tokens));
    expect(data).toEqual({ ok: true });
    expect(tokens.seen).toHaveLength(2);
    expect(tokens.seen.every((seen) => seen.signatureValid)).toBe(true);
    expect(tokens.seen[0].claims.jti).not.toBe(tokens.seen[1].claims.jti);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });

  it("with Token Expired Statuses 403, treat a 403 as an expired token: one refetch, one retry", async () => {
    const { tokens, api } = await withServers();
    api.refuse((token) => token === tokens.issued[0], 403);
    await get(api, connectionFor(tokens, { tokenExpiredStatuses: "403" }));
    expect(tokens.seen).toHaveLength(2);
    expect(api.tokensSeen()).toEqual(tokens.issued);
  });
});

describe("jwtBearer secrets", () => {
  it("never show the key file, the private key or an assertion, with debug on and an endpoint that quotes it back", async () => {
    const { tokens, api } = await withServers();
    // Servers do quote what they got: the assertion comes back in the error's own body.
    tokens.failWith(400, (fields) => ({
      error: "invalid_grant",
      error_description: `bad assertion ${fields.assertion}`,
    }));
    const file = serviceAccountJson(tokens.tokenUrl);
    const logs = recordLogs();
    const error = await runFailing(
      "httpGet",
      { url: `${api.url}/items`, connection: jwtConnection({ serviceAccountJson: file }), debugRequest: "true" },
      logs,
    );
    expect(error.message).toMatch(/could not get an access token: POST .* failed with status 400/);
    expect(error.message).toContain("invalid_grant");
    const [seen] = tokens.seen;
    expect(seen.signatureValid).toBe(true);
    const keyBody = RSA.pkcs8.split("\n").filter((line) => line !== "" && !line.startsWith("-----"));
    const signature = seen.assertion.split(".")[2];
    const shown = [error.message, JSON.stringify(error), String(error.stack), logs.text()];
    expect(logs.text()).toContain(tokens.tokenUrl);
    for (const text of shown) {
      for (const secret of [file, RSA.pkcs8, JSON.stringify(RSA.pkcs8), seen.assertion, signature, ...keyBody]) {
        expect(text).not.toContain(secret);
      }
    }
    expect(api.requests).toHaveLength(0);
  });
});

describe("jwtBearer configuration errors name the field, before anything is sent", () => {
  const problem = (text: string) => `Input "Connection" (connection) (jwtBearer) ${text}.`;
  const cases: Array<[string, (tokenUrl: string) => Record<string, unknown>, string]> = [
    [
      "a Private Key that is not PEM",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC" }),
      'field "Private Key" is not a PEM private key (PKCS#8, PKCS#1 or SEC1)',
    ],
    [
      "a public key as the Private Key",
      (tokenUrl) => ({
        tokenUrl,
        issuer: "i",
        privateKey: RSA.publicKey.export({ type: "spki", format: "pem" }).toString(),
      }),
      'field "Private Key" is not a PEM private key (PKCS#8, PKCS#1 or SEC1)',
    ],
    [
      "an encrypted Private Key",
      (tokenUrl) => ({
        tokenUrl,
        issuer: "i",
        privateKey: generateKeyPairSync("rsa", {
          modulusLength: 2048,
          privateKeyEncoding: { type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: "pw" },
          publicKeyEncoding: { type: "spki", format: "pem" },
        }).privateKey,
      }),
      'field "Private Key" is encrypted; give the key without a passphrase',
    ],
    [
      "ES256 with an RSA key",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: RSA.pkcs8, algorithm: "ES256" }),
      'field "Private Key" is an RSA key; Algorithm ES256 needs a P-256 EC key',
    ],
    [
      "ES256 with a P-384 key",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: EC_P384.pkcs8, algorithm: "ES256" }),
      'field "Private Key" is an EC key on curve secp384r1; Algorithm ES256 needs a P-256 EC key',
    ],
    [
      "RS256 with an EC key",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: EC.pkcs8 }),
      'field "Private Key" is an EC key on curve prime256v1; Algorithm RS256 needs an RSA key',
    ],
    [
      "RS256 with a 1024-bit RSA key",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: RSA_1024.pkcs8 }),
      'field "Private Key" is an RSA key of 1024 bits; RS256 needs at least 2048',
    ],
    [
      "a Service Account JSON that is not JSON",
      () => ({ serviceAccountJson: `{"private_key": "${RSA.pkcs8.slice(0, 60)}` }),
      'field "Service Account JSON" is not JSON; paste the whole key file',
    ],
    [
      "a Service Account JSON that is a list",
      () => ({ serviceAccountJson: "[1, 2]" }),
      'field "Service Account JSON" is not a JSON object',
    ],
    [
      "a Service Account JSON without private_key",
      (tokenUrl) => ({ serviceAccountJson: serviceAccountJson(tokenUrl, { private_key: undefined }) }),
      'field "Service Account JSON" has no private_key',
    ],
    [
      "a Service Account JSON without client_email",
      (tokenUrl) => ({ serviceAccountJson: serviceAccountJson(tokenUrl, { client_email: "" }) }),
      'field "Service Account JSON" has no client_email',
    ],
    [
      "a Service Account JSON whose private_key is not PEM",
      (tokenUrl) => ({ serviceAccountJson: serviceAccountJson(tokenUrl, { private_key: "not a key" }) }),
      'field "Service Account JSON"\'s private_key is not a PEM private key (PKCS#8, PKCS#1 or SEC1)',
    ],
    [
      "neither a Token URL nor a token_uri",
      (tokenUrl) => ({ serviceAccountJson: serviceAccountJson(tokenUrl, { token_uri: undefined }) }),
      "has no Token URL (nor a token_uri in its Service Account JSON)",
    ],
    ["no Issuer", (tokenUrl) => ({ tokenUrl, privateKey: RSA.pkcs8 }), "has no Issuer (nor a Service Account JSON)"],
    ["no Private Key", (tokenUrl) => ({ tokenUrl, issuer: "i" }), "has no Private Key (nor a Service Account JSON)"],
    [
      "a Token URL that is not a URL",
      () => ({ tokenUrl: "/token", issuer: "i", privateKey: RSA.pkcs8 }),
      "has a Token URL that has no http:// or https:// at its start; write the scheme before the host, e.g. https://api.example.com/path",
    ],
    [
      "an unknown Algorithm",
      (tokenUrl) => ({ tokenUrl, issuer: "i", privateKey: RSA.pkcs8, algorithm: "HS256" }),
      'field "Algorithm" must be one of RS256, ES256',
    ],
  ];

  it.each(cases)("%s", async (_name, fieldsFor, message) => {
    const { tokens, api } = await withServers();
    const fields = fieldsFor(tokens.tokenUrl);
    const error = await runFailing("httpGet", { url: `${api.url}/items`, connection: jwtConnection(fields) });
    expect(error.message).toBe(problem(message));
    expect(tokens.requests).toHaveLength(0);
    expect(api.requests).toHaveLength(0);
    for (const value of Object.values(fields)) {
      if (typeof value === "string" && value.length > 20) expect(error.message).not.toContain(value.slice(0, 40));
    }
  });
});
