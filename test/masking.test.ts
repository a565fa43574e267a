import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bodySecrets } from "../src/request/masking/bodySecrets";
import { canonical } from "../src/request/masking/canonical";
import { isCredentialName } from "../src/request/masking/names";
import { MASK, Redactor } from "../src/request/masking/redactor";
import { headerSecrets, proxySecrets, urlSecrets } from "../src/request/masking/secrets";
import { needlesOf } from "../src/request/masking/spellings";

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
  "Go encoding/json (\\u0026 \\u003c \\u003e)": (secret) =>
    JSON.stringify(secret)
      .slice(1, -1)
      .replace(/[&<>]/g, (char) => `\\u00${char.charCodeAt(0).toString(16)}`),
  "JSON \\u00XX for every character, upper-case hex": (secret) =>
    Array.from(
      { length: secret.length },
      (_, index) => `\\u${secret.charCodeAt(index).toString(16).toUpperCase().padStart(4, "0")}`,
    ).join(""),
  "HTML decimal references with leading zeros": (secret) =>
    secret.replace(/[^A-Za-z0-9]/gu, (char) => `&#00${char.codePointAt(0)};`),
  "HTML hex references": (secret) =>
    secret.replace(/[^A-Za-z0-9]/gu, (char) => `&#x${char.codePointAt(0)?.toString(16)};`),
  "percent-encoding of every byte, lower-case hex": (secret) =>
    [...Buffer.from(secret)].map((byte) => `%${byte.toString(16).padStart(2, "0")}`).join(""),
  "percent-encoding of unreserved characters too": (secret) =>
    encodeURIComponent(secret).replace(/[-_.~!*'()]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`),
  "percent-encoded twice": (secret) => encodeURIComponent(encodeURIComponent(secret)),
  "JSON inside JSON": (secret) => JSON.stringify(JSON.stringify(secret)).slice(3, -3),
  hex: (secret) => Buffer.from(secret).toString("hex"),
  "HEX (upper case)": (secret) => Buffer.from(secret).toString("hex").toUpperCase(),
  "quoted-printable (of the UTF-8 bytes)": (secret) =>
    Buffer.from(secret)
      .toString("latin1")
      .replace(/[^ -<>-~]/g, (char) => `=${char.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`),
};

/** A change of case, as an echo of a header or method may make: for secrets of 8 characters or more, of ASCII letters. */
const CASE_CHANGES: Record<string, (secret: string) => string> = {
  "upper-cased": (secret) => secret.toUpperCase(),
  "lower-cased": (secret) => secret.toLowerCase(),
};

/** Encodings of a longer text that holds the secret: each changes the text whole, so no part of the encoded secret stands alone. */
const WHOLE_TEXT_ENCODINGS: Record<string, (text: string) => string> = {
  base64: (text) => Buffer.from(text).toString("base64"),
  base64url: (text) => Buffer.from(text).toString("base64url"),
  hex: (text) => Buffer.from(text).toString("hex"),
  HEX: (text) => Buffer.from(text).toString("hex").toUpperCase(),
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

  it.each(Object.entries(CASE_CHANGES))("%s, alone or percent-encoded (property)", (_name, change) => {
    fc.assert(
      fc.property(fc.string({ unit: "binary-ascii", minLength: 8, maxLength: 24 }), (secret) => {
        const redactor = new Redactor([secret]);
        expect(redactor.text(`<<${change(secret)}>>`)).not.toContain(change(secret));
        expect(redactor.text(`<<${change(encodeURIComponent(secret))}>>`)).not.toContain(
          change(encodeURIComponent(secret)),
        );
      }),
      { numRuns: 200 },
    );
  });

  it("masks a secret that contains another whole", () => {
    expect(new Redactor(["abc", "abcdef"]).text("x abcdef y abc")).toBe(`x ${MASK} y ${MASK}`);
  });

  it("masks any mixture of spellings, character by character", () => {
    const mixed = `sk%2F\\u0022&lt;&#x26;&#0062;%2B+%27=live_9f3a`;
    expect(new Redactor([SECRET]).text(`bad ${mixed}!`)).toBe(`bad ${MASK}!`);
  });

  it.each(Object.entries(WHOLE_TEXT_ENCODINGS))(
    "%s of a longer text holding the secret at any offset",
    (_name, encode) => {
      for (const before of ["", "x", "xy", "Authorization: Bearer "]) {
        const text = encode(`${before}${SECRET} and more`);
        const masked = new Redactor([SECRET]).text(`echo: ${text}`);
        expect(masked, before).toContain(MASK);
        // What is left is the text around the secret, never a run of its encoding.
        const core = encode(SECRET).slice(2, -2);
        expect(masked).not.toContain(core);
      }
    },
  );

  it.each([
    ["CRLF", "\r\n"],
    ["JSON-escaped CRLF", "\\r\\n"],
  ])("base64 wrapped into 76-character lines (MIME), the break inside the secret: %s", (_name, lineBreak) => {
    // 50 bytes before the secret put its base64 at characters 67 to 96: the first break falls inside it.
    const encoded = Buffer.from(`${"a".repeat(50)}${SECRET}`).toString("base64");
    const wrapped = encoded.replace(/(.{76})/g, `$1${lineBreak}`);
    const masked = new Redactor([SECRET]).text(wrapped);
    expect(masked).toContain(MASK);
    // The secret starts at byte 50, two bytes into a group of three: its base64 as after two other bytes.
    expect(masked.replaceAll(lineBreak, "")).not.toContain(Buffer.from(`aa${SECRET}`).toString("base64").slice(4, -4));
  });

  it("folds case only for secrets long enough that a change of case is no accident", () => {
    expect(new Redactor(["admin"]).text("Admin admin")).toBe(`Admin ${MASK}`);
    expect(new Redactor(["Secret-Value-1"]).text("SECRET-VALUE-1")).toBe(MASK);
  });

  it("reads escapes back to one canonical text, keeping where each character came from", () => {
    const read = canonical("a%2Fb\\u0026c&#x3C;d+e");
    expect(read.text).toBe("a/b&c<d e");
    expect(read.origin(1, 2)).toEqual([1, 4]);
    expect(read.origin(0, 5)).toEqual([0, 12]);
    expect(read.origin(8, 9)).toEqual([20, 21]);
  });

  it("looks for hex and base64 at every alignment, not for cores too short to mean anything", () => {
    const needles = needlesOf("s3cret-value").map(({ text }) => text);
    expect(needles).toEqual(expect.arrayContaining(["s3cret-value", "czNjcmV0LXZhbHVl", "7333637265742d76616c7565"]));
    expect(needlesOf("abc").map(({ text }) => text)).toEqual(["abc", "YWJj"]);
  });

  it("leaves a text without secrets as it is, fast", () => {
    const redactor = new Redactor(Array.from({ length: 60 }, (_, index) => `secret-${index}-${SECRET}`));
    const text = `${"%41&amp;\\u0042+".repeat(20_000)} ordinary`;
    const started = performance.now();
    expect(redactor.text(text)).toBe(text);
    expect(performance.now() - started).toBeLessThan(2_000);
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
    "sign",
    "api_sig",
    "passphrase",
    "passcode",
    "pw",
    "hmac",
    "bearer",
    "X-Pass",
    "X-Sign",
    "Sign",
    "X-Api-Sig",
    "X-Passphrase",
    "X-Client-Pass",
    "X-Hmac",
    "X-Pin",
    "XApiSig",
    "hmacSha256",
    "user.pw",
    "otp code",
    "client_assertion",
    "_csrf",
    "dbPasswd",
  ])("%s is a credential's name", (name) => {
    expect(isCredentialName(name)).toBe(true);
  });

  it.each([
    "page",
    "limit",
    "q",
    "sort",
    "Accept",
    "Content-Type",
    "cursor",
    "id",
    "User-Agent",
    "design",
    "signal",
    "shipping",
    "passenger",
    "countryCode",
    "error_code",
    "spin",
    "compass",
  ])("%s is not", (name) => {
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

describe("what a request body carries", () => {
  it("takes credential-named fields of JSON data at any depth, not other fields nor short flags", () => {
    expect(
      bodySecrets({
        client_id: "c",
        client_secret: "s1",
        user: { name: "ada", password: "s2", pin: 4321 },
        items: [{ apiKey: "s3" }],
        remember_token: true,
      }),
    ).toEqual(["s1", "s2", "4321", "s3"]);
  });

  it("takes GraphQL variables, JSON text, form text and XML elements and attributes", () => {
    expect(bodySecrets({ query: "mutation", variables: { password: "p1", id: "7" } })).toEqual(["p1"]);
    expect(bodySecrets('{"auth": {"token": "t1"}, "page": "2"}')).toEqual(["t1"]);
    expect(bodySecrets("grant_type=password&password=p%26w&scope=x")).toEqual(["p&w"]);
    expect(
      bodySecrets(
        `<Login ApiKey="k1"><wsse:Password Type="x">p&amp;2</wsse:Password><Token><![CDATA[t<3]]></Token><Name>ada</Name></Login>`,
      ),
    ).toEqual(expect.arrayContaining(["k1", "p&amp;2", "p&2", "t<3"]));
    expect(bodySecrets("<Name>ada</Name>")).toEqual([]);
  });

  it("takes every text and number under a credential-named field, whatever its shape", () => {
    expect(bodySecrets({ password: ["p1", { value: "p2", n: 42 }], api_keys: [], id: ["x1"] })).toEqual([
      "p1",
      "p2",
      "42",
    ]);
    expect(bodySecrets(JSON.stringify({ apiKey: { value: "k1", flags: [true, null] } }))).toEqual(["k1"]);
  });

  it("takes an XML value trimmed, without comments, CDATA unwrapped", () => {
    expect(bodySecrets("<L><Password>\n    p&amp;1\n  </Password></L>")).toEqual(["p&amp;1", "p&1"]);
    expect(bodySecrets("<L><Password>\n  <![CDATA[ p<2 ]]>\n</Password></L>")).toEqual(["p<2", "p<2"]);
    expect(bodySecrets("<L><Password><!-- c --><![CDATA[p3]]><!-- d --></Password></L>")).toEqual(["p3", "p3"]);
    // An element holding elements is no value; its credential-named children are.
    expect(bodySecrets("<Credentials><Token>t4</Token></Credentials>")).toEqual(["t4", "t4"]);
  });

  it("reads a long XML text once, not again from each of its characters", () => {
    const started = performance.now();
    bodySecrets(`<a><Password>${"x".repeat(200_000)}</Password></a>`);
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("reads form text with spaces as pairs, and any text sent as a form", () => {
    expect(bodySecrets("username=bob&password=p%261&scope=read write")).toEqual(["p&1"]);
    expect(bodySecrets("note\npassword=p2", { form: true })).toEqual(["p2"]);
    expect(bodySecrets("note\npassword=p2")).toEqual([]);
  });

  it("does not look into files", () => {
    expect(bodySecrets({ data: Buffer.from('{"password":"p1"}'), contentType: "application/json" })).toEqual([]);
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

  it("takes each auth-param's value, the part after a name: prefix, and cookie values unquoted", () => {
    const params = headerSecrets("Authorization", 'Token key="k1", secret="s\\"2", nonce=n3, realm="api", qop=auth');
    expect(params).toEqual(expect.arrayContaining(["k1", 's\\"2', 's"2', "n3"]));
    expect(params).not.toContain("api");
    expect(params).not.toContain("auth");
    expect(headerSecrets("Authorization", "SharedKey account:s4")).toEqual(expect.arrayContaining(["s4"]));
    expect(headerSecrets("Cookie", 'theme=dark; session="s5"')).toEqual(expect.arrayContaining(['"s5"', "s5"]));
  });

  it("takes userinfo as written, decoded and as the Basic header a proxy gets", () => {
    const secrets = urlSecrets(new URL("http://us%40r:p%3Ass@proxy.test:3128/?token=t1&page=2"));
    expect(secrets).toEqual(
      expect.arrayContaining(["us@r", "p:ss", "p%3Ass", Buffer.from("us@r:p:ss").toString("base64"), "t1"]),
    );
    expect(secrets).not.toContain("2");
  });

  it("takes a proxy's credentials with or without a scheme, and from a value no URL can hold", () => {
    const basic = Buffer.from("pu:pw-1").toString("base64");
    expect(proxySecrets("pu:pw-1@proxy.test:3128")).toEqual(expect.arrayContaining(["pu", "pw-1", basic]));
    expect(proxySecrets("http://pu:pw-1@proxy.test:3128")).toEqual(expect.arrayContaining(["pu", "pw-1", basic]));
    expect(proxySecrets("http://pu:pw 1@pro xy:port")).toEqual(expect.arrayContaining(["pu:pw 1", "pw 1"]));
    expect(proxySecrets("http://proxy.test:3128")).toEqual([]);
  });
});
