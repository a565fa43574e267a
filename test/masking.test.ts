import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isCredentialName } from "../src/request/masking/names";
import { MASK, Redactor } from "../src/request/masking/redactor";
import { headerSecrets, urlSecrets } from "../src/request/masking/secrets";
import { spellingsOf } from "../src/request/masking/spellings";

/** The ways a server or library writes a value back, each an independent implementation of the encoding. */
const ENCODINGS: Record<string, (secret: string) => string> = {
  "as is": (secret) => secret,
  encodeURIComponent: (secret) => encodeURIComponent(secret),
  "lower-case percent": (secret) => encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (code) => code.toLowerCase()),
  "form (+ for space)": (secret) => new URLSearchParams({ v: secret }).toString().slice(2),
  "JSON string": (secret) => JSON.stringify(secret).slice(1, -1),
  "JSON with \\/": (secret) => JSON.stringify(secret).slice(1, -1).replaceAll("/", "\\/"),
  "HTML text": (secret) => secret.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;"),
  "HTML attribute": (secret) =>
    secret
      .replaceAll("&", "&amp;")
      .replaceAll("<", "&lt;")
      .replaceAll(">", "&gt;")
      .replaceAll('"', "&quot;")
      .replaceAll("'", "&#39;"),
  base64: (secret) => Buffer.from(secret).toString("base64"),
  base64url: (secret) => Buffer.from(secret).toString("base64url"),
};

const SECRET = `sk/"<&>+ '=live_${"9f3a"}`;

describe("a known secret is masked in every form it comes back in", () => {
  it.each(Object.entries(ENCODINGS))("%s, inside a longer text", (_name, encode) => {
    const text = `error: invalid token ${encode(SECRET)} (request 42)`;
    const masked = new Redactor([SECRET]).text(text);
    expect(masked).toBe(`error: invalid token ${MASK} (request 42)`);
  });

  it("for any secret and any encoding (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "grapheme", minLength: 4, maxLength: 24 }),
        fc.constantFrom(...Object.values(ENCODINGS)),
        (secret, encode) => {
          const masked = new Redactor([secret]).text(`<<${encode(secret)}>>`);
          expect(masked).not.toContain(encode(secret));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("masks a secret that contains another whole", () => {
    expect(new Redactor(["abc", "abcdef"]).text("x abcdef y abc")).toBe(`x ${MASK} y ${MASK}`);
  });

  it("knows its spellings only once asked to mask", () => {
    expect(spellingsOf("a/b")).toEqual(expect.arrayContaining(["a/b", "a%2Fb", "a%2fb", "a\\/b", "YS9i"]));
  });
});

describe("credential names: one rule for parameters, headers and JSON fields", () => {
  it.each([
    "api_key",
    "X-Amz-Signature",
    "X-Amz-Credential",
    "X-Amz-Security-Token",
    "X-Goog-Signature",
    "sig",
    "signature",
    "auth_token",
    "sessionToken",
    "oauth_token",
    "oauth_signature",
    "jwt",
    "private_token",
    "code",
    "client_secret",
    "Private-Token",
    "X-Vault-Token",
    "Ocp-Apim-Subscription-Key",
    "X-Auth-User",
    "Cookie",
    "Set-Cookie",
    "Proxy-Authorization",
    "accessToken",
    "PASSWORD",
  ])("%s is a credential's name", (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each(["page", "limit", "q", "Accept", "Content-Type", "cursor", "id", "User-Agent"])("%s is not", (name) => {
    expect(isCredentialName(name)).toBe(false);
  });

  it("masks credential-named JSON fields, query and form parameters whatever their value", () => {
    const redactor = new Redactor([]);
    expect(redactor.text('{"accessToken":"a\\"b","id":7,"refresh_token" : "r"}')).toBe(
      `{"accessToken":"${MASK}","id":7,"refresh_token" : "${MASK}"}`,
    );
    expect(redactor.text("access_token=abc&scope=read&api%5Fkey=zz")).toBe(
      `access_token=${MASK}&scope=read&api%5Fkey=${MASK}`,
    );
    expect(redactor.url("https://u:p@api.test/a?X-Amz-Signature=s1&page=2&q=a%20b")).toBe(
      `https://${MASK}:${MASK}@api.test/a?X-Amz-Signature=${MASK}&page=2&q=a%20b`,
    );
  });

  it("masks secrets inside JSON data it returns, keeping it JSON", () => {
    expect(
      new Redactor(["tok-123"]).json([{ message: "bad tok-123", extensions: { echo: "Bearer tok-123" } }]),
    ).toEqual([{ message: `bad ${MASK}`, extensions: { echo: `Bearer ${MASK}` } }]);
  });
});

describe("what a credential header or URL carries", () => {
  it("takes the token after a scheme, Basic's user and password, and each cookie", () => {
    const basic = Buffer.from("ada:pa ss").toString("base64");
    expect(headerSecrets("Authorization", `Basic ${basic}`)).toEqual(
      expect.arrayContaining([`Basic ${basic}`, basic, "ada:pa ss", "ada", "pa ss"]),
    );
    expect(headerSecrets("Authorization", "Bearer t0k")).toEqual(expect.arrayContaining(["t0k"]));
    expect(headerSecrets("Cookie", "session=s1; theme=dark")).toEqual(expect.arrayContaining(["s1", "dark"]));
  });

  it("takes userinfo as written, decoded and as the Basic header a proxy gets", () => {
    const secrets = urlSecrets(new URL("http://us%40r:p%3Ass@proxy.test:3128/?token=t1&page=2"));
    expect(secrets).toEqual(
      expect.arrayContaining(["us@r", "p:ss", "p%3Ass", Buffer.from("us@r:p:ss").toString("base64"), "t1"]),
    );
    expect(secrets).not.toContain("2");
  });
});
