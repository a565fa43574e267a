import { execFileSync } from "node:child_process";
import { input } from "@prismatic-io/spectral";
import { describe, expect, it } from "vitest";
import { OUTPUT_ONLY_SWITCHES } from "../src/curl/flags";
import { parseCurl } from "../src/curl/parse";
import { toShellWords } from "../src/curl/shellWords";
import { withInputNames } from "../src/inputs/named";
import { InvalidValue } from "../src/inputs/values";
import { InputError } from "../src/request/errors";

const API = "https://api.example.com/v1/items";

/** The reason parseCurl refuses a command; fails the test if it is accepted or fails otherwise. */
const reasonFor = (command: unknown): string => {
  try {
    parseCurl(command);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValue);
    return (error as InvalidValue).message;
  }
  throw new Error(`expected the command to be refused: ${command}`);
};

/** The words a real POSIX shell passes to a program, to check the tokenizer against. */
const wordsFromShell = (shell: "sh" | "bash", command: string): string[] => {
  const output = execFileSync(shell, ["-c", command.replace(/^curl /, "printf '%s\\0' ")], { encoding: "utf8" });
  return ["curl", ...output.split("\0").slice(0, -1)];
};

/** curl's own Accept, sent unless a -H names another (or `-H 'Accept:'` drops it). */
const CURL_ACCEPT = { key: "Accept", value: "*/*" };

describe("parseCurl: the basics", () => {
  it("reads a bare GET with the defaults curl has", () => {
    const { method, url, ...rest } = parseCurl(`curl ${API}`);
    expect(method).toBe("GET");
    expect(url.href).toBe(API);
    expect(rest).toEqual({
      headers: [CURL_ACCEPT],
      formFields: [],
      data: undefined,
      impliedFormUrlencoded: false,
      insecure: false,
      followRedirects: false,
      basicAuth: undefined,
      timeoutMs: undefined,
      connectTimeoutMs: undefined,
      proxyUrl: undefined,
      maxRedirects: undefined,
      notes: [],
    });
  });

  it("requires curl as the first word, and says how to fix a pasted prompt", () => {
    expect(reasonFor(`wget ${API}`)).toBe("must start with the word curl");
    expect(reasonFor(`$ curl ${API}`)).toBe('must start with the word curl (remove the shell prompt "$" before it)');
    expect(reasonFor("   ")).toBe("is required");
    expect(reasonFor({ command: "curl" })).toBe("must be text; got an object");
    expect(parseCurl(`/usr/bin/curl ${API}`).url.href).toBe(API);
    expect(parseCurl(`curl.exe ${API}`).url.href).toBe(API);
  });

  it("takes the URL from --url or a bare argument, and wants exactly one", () => {
    expect(parseCurl(`curl --url ${API}`).url.href).toBe(API);
    expect(parseCurl(`curl --url=${API}`).url.href).toBe(API);
    expect(parseCurl(`curl -- ${API}`).url.href).toBe(API);
    expect(reasonFor("curl -H 'Accept: text/csv'")).toBe("has no URL to call");
    expect(reasonFor(`curl ${API} https://other.example.com`)).toBe(
      "has 2 URLs; this action sends one request, to one URL",
    );
    expect(reasonFor(`curl --url ${API} ${API}`)).toMatch(/^has 2 URLs/);
  });

  it("accepts only absolute http(s) URLs and never quotes the URL in the error", () => {
    expect(reasonFor("curl ftp://files.example.com/a.txt")).toBe(
      'has a URL that uses "ftp:", but only http and https URLs are allowed',
    );
    const reason = reasonFor("curl 'https://ada:pa55word@exa mple.com/x'");
    expect(reason).toMatch(/not a valid absolute URL/);
    expect(reason).not.toContain("pa55word");
    // curl assumes http:// for a URL without a scheme, and so does the action, saying so.
    const schemeless = parseCurl("curl api.example.com/items");
    expect(schemeless.url.href).toBe("http://api.example.com/items");
    expect(schemeless.notes).toEqual(["the URL has no scheme: curl assumes http://, and so does this action"]);
  });
});

describe("parseCurl: method and headers", () => {
  it("reads -X and --request in every spelling, upper-cased", () => {
    expect(parseCurl(`curl -X delete ${API}`).method).toBe("DELETE");
    expect(parseCurl(`curl -XPOST ${API}`).method).toBe("POST");
    expect(parseCurl(`curl --request PUT ${API}`).method).toBe("PUT");
    expect(parseCurl(`curl --request=patch ${API}`).method).toBe("PATCH");
    expect(parseCurl(`curl -X GET -X OPTIONS ${API}`).method).toBe("OPTIONS");
    expect(reasonFor(`curl -X 'NOT A METHOD' ${API}`)).toBe("has -X without an HTTP method such as POST after it");
  });

  it("keeps -H headers in order, repeated names included", () => {
    const request = parseCurl(
      `curl ${API} -H 'Accept: application/json' --header "X-Tag: a" -H 'X-Tag:b' -H 'X-Spaced:   padded  '`,
    );
    expect(request.headers).toEqual([
      { key: "Accept", value: "application/json" },
      { key: "X-Tag", value: "a" },
      { key: "X-Tag", value: "b" },
      { key: "X-Spaced", value: "padded" },
    ]);
    expect(parseCurl(`curl ${API} -H 'X-Tag: a'`).headers).toEqual([CURL_ACCEPT, { key: "X-Tag", value: "a" }]);
  });

  it("sends `Name;` as an empty header and drops curl's own header for `Name:`, as curl does", () => {
    const request = parseCurl(`curl ${API} -H 'X-Empty;' -H 'Accept:'`);
    expect(request.headers).toEqual([{ key: "X-Empty", value: "" }]);
  });

  it("adds -A, -e and -b as the headers they stand for", () => {
    const request = parseCurl(`curl ${API} -A 'agent/1.0' -e https://ref.example.com -b 'session=abc; theme=dark'`);
    expect(request.headers).toEqual([
      { key: "User-Agent", value: "agent/1.0" },
      CURL_ACCEPT,
      { key: "Referer", value: "https://ref.example.com" },
      { key: "Cookie", value: "session=abc; theme=dark" },
    ]);
    expect(reasonFor(`curl ${API} -b cookies.txt`)).toMatch(/^reads cookies from a file with -b/);
  });

  it("refuses malformed headers without quoting their values", () => {
    const noColon = reasonFor(`curl ${API} -H 'Bearer tok-12345'`);
    expect(noColon).toBe("has a -H value that is not of the form 'Name: value'");
    expect(noColon).not.toContain("tok-12345");
    expect(reasonFor(`curl ${API} -H 'Bad Name: x'`)).toMatch(/is not a valid header name/);
    expect(reasonFor(`curl ${API} -H @headers.txt`)).toMatch(/^reads headers from a file with -H @file/);
    const injected = reasonFor(`curl ${API} -H $'Authorization: Bearer tok-12345\\r\\nX-Evil: 1'`);
    expect(injected).toMatch(/line break/);
    expect(injected).not.toContain("tok-12345");
  });
});

describe("parseCurl: bodies", () => {
  it("makes -d a POST with the form type curl implies", () => {
    const request = parseCurl(`curl ${API} -d 'name=Ada'`);
    expect(request.method).toBe("POST");
    expect(request.data).toBe("name=Ada");
    expect(request.impliedFormUrlencoded).toBe(true);
  });

  it("implies no type when a Content-Type header is given, in any case", () => {
    const request = parseCurl(`curl ${API} -H 'content-type: application/json' -d '{"a":1}'`);
    expect(request.data).toBe('{"a":1}');
    expect(request.impliedFormUrlencoded).toBe(false);
  });

  it("joins every data option with & in order, each with its own rules", () => {
    const request = parseCurl(
      `curl ${API} -d a=1 --data b=2 --data-ascii c=3 --data-raw '@d' --data-binary 'e=5' --data-urlencode 'f=x y' --data=g=7`,
    );
    expect(request.data).toBe("a=1&b=2&c=3&@d&e=5&f=x+y&g=7");
    expect(request.impliedFormUrlencoded).toBe(true);
  });

  it("keeps -X over the method data implies", () => {
    expect(parseCurl(`curl -X PUT ${API} --data-raw 'x'`).method).toBe("PUT");
  });

  it("encodes --data-urlencode as curl does, in all three plain forms", () => {
    // A space is + in curl 7.88 (checked against the binary by curl-differential.test.ts).
    expect(parseCurl(`curl ${API} --data-urlencode "a b&c!'()*~._-"`).data).toBe("a+b%26c%21%27%28%29%2A~._-");
    expect(parseCurl(`curl ${API} --data-urlencode '=x=y z'`).data).toBe("x%3Dy+z");
    expect(parseCurl(`curl ${API} --data-urlencode 'email=ada@example.com'`).data).toBe("email=ada%40example.com");
    expect(parseCurl(`curl ${API} --data-urlencode 'note=é'`).data).toBe("note=%C3%A9");
  });

  it("refuses bodies read from files, naming the option", () => {
    expect(reasonFor(`curl ${API} -d @body.json`)).toMatch(
      /^has -d @file, which reads the body from a file, but this action runs on the platform/,
    );
    expect(reasonFor(`curl ${API} --data-binary @photo.png`)).toMatch(/^has --data-binary @file/);
    expect(reasonFor(`curl ${API} --json @body.json`)).toMatch(/^has --json @file/);
    expect(reasonFor(`curl ${API} --data-urlencode @notes.txt`)).toMatch(/^has --data-urlencode name@file/);
    expect(reasonFor(`curl ${API} --data-urlencode 'notes@notes.txt'`)).toMatch(/^has --data-urlencode name@file/);
    expect(reasonFor(`curl ${API} --data-binary @-`)).toMatch(/^has --data-binary @-, which reads standard input/);
  });

  it("moves the data into the query with -G, after any query already there", () => {
    const request = parseCurl(`curl -G '${API}?limit=10' -d status=open --data-urlencode 'q=a b'`);
    expect(request.method).toBe("GET");
    expect(request.url.href).toBe(`${API}?limit=10&status=open&q=a+b`);
    expect(request.data).toBeUndefined();
    expect(request.impliedFormUrlencoded).toBe(false);
    expect(parseCurl(`curl --get ${API} -d status=open`).url.search).toBe("?status=open");
    expect(parseCurl(`curl -G -X POST ${API} -d a=1`)).toMatchObject({ method: "POST", data: undefined });
  });

  it("makes -F a multipart POST of its fields", () => {
    const request = parseCurl(
      `curl ${API} -F 'note=hello world' --form 'tag=a' --form-string 'raw=@not-a-file;type=x'`,
    );
    expect(request.method).toBe("POST");
    expect(request.formFields).toEqual([
      { key: "note", value: "hello world" },
      { key: "tag", value: "a" },
      { key: "raw", value: "@not-a-file;type=x" },
    ]);
    expect(request.data).toBeUndefined();
    expect(request.impliedFormUrlencoded).toBe(false);
  });

  it("refuses -F files and -F syntax it does not replay, pointing to the form action", () => {
    const file = reasonFor(`curl ${API} -F 'doc=@report.pdf;type=application/pdf;filename=r.pdf'`);
    expect(file).toMatch(/^uploads a local file with -F name=@file/);
    expect(file).toContain('File Data input of the "POST/PUT Form Data Request" action');
    expect(reasonFor(`curl ${API} -F 'doc=<notes.txt'`)).toMatch(/^uploads a local file/);
    expect(reasonFor(`curl ${API} -F 'note=hi;type=text/plain'`)).toMatch(/use --form-string/);
    expect(reasonFor(`curl ${API} -F 'note="quoted";type=text/plain'`)).toMatch(/use --form-string/);
    expect(reasonFor(`curl ${API} -F 'note="unfinished'`)).toMatch(/use --form-string/);
    expect(reasonFor(`curl ${API} -F novalue`)).toMatch(/^has -F without a field name/);
  });

  it("refuses mixes curl refuses too", () => {
    expect(reasonFor(`curl ${API} -F a=1 -d b=2`)).toMatch(/^combines -F form fields with -d style data/);
    expect(reasonFor(`curl -G ${API} -F a=1`)).toMatch(/^combines -F form fields with -G or -I/);
    expect(reasonFor(`curl -I ${API} -d a=1`)).toMatch(/^combines -I with -d style data/);
  });

  it("reads -I as HEAD", () => {
    expect(parseCurl(`curl -I ${API}`).method).toBe("HEAD");
    expect(parseCurl(`curl --head -G ${API} -d a=1`)).toMatchObject({ method: "HEAD", data: undefined });
  });
});

describe("parseCurl: credentials and transport", () => {
  it("reads -u as basic auth, split at the first colon", () => {
    expect(parseCurl(`curl -u ada:pa:ss ${API}`).basicAuth).toEqual({ username: "ada", password: "pa:ss" });
    expect(parseCurl(`curl --user ':token' ${API}`).basicAuth).toEqual({ username: "", password: "token" });
    const reason = reasonFor(`curl -u ada-the-user ${API}`);
    expect(reason).toMatch(/^has -u without a password/);
    expect(reason).not.toContain("ada-the-user");
  });

  it("reads -k, -L and their long forms", () => {
    expect(parseCurl(`curl -k -L ${API}`)).toMatchObject({ insecure: true, followRedirects: true });
    expect(parseCurl(`curl --insecure --location ${API}`)).toMatchObject({ insecure: true, followRedirects: true });
    expect(reasonFor(`curl --insecure=yes ${API}`)).toBe("has --insecure=..., but --insecure takes no value");
  });

  it("reads --max-time and --connect-timeout in seconds, decimals allowed, as milliseconds", () => {
    expect(parseCurl(`curl --max-time 2.5 --connect-timeout 0.25 ${API}`)).toMatchObject({
      timeoutMs: 2500,
      connectTimeoutMs: 250,
    });
    expect(parseCurl(`curl -m 10 ${API}`).timeoutMs).toBe(10_000);
    expect(parseCurl(`curl --max-time .5 ${API}`).timeoutMs).toBe(500);
    expect(parseCurl(`curl --max-time 0 ${API}`).timeoutMs).toBeUndefined();
    expect(reasonFor(`curl --max-time soon ${API}`)).toBe(
      "has --max-time with a value that is not a number of seconds",
    );
    expect(reasonFor(`curl --connect-timeout -1 ${API}`)).toBe(
      "has --connect-timeout with a value that is not a number of seconds",
    );
  });

  it("reads -x, with http as the scheme curl assumes", () => {
    expect(parseCurl(`curl -x proxy.internal:3128 ${API}`).proxyUrl?.href).toBe("http://proxy.internal:3128/");
    expect(parseCurl(`curl --proxy https://proxy.internal:8443 ${API}`).proxyUrl?.href).toBe(
      "https://proxy.internal:8443/",
    );
    expect(parseCurl(`curl --proxy '' ${API}`).proxyUrl).toBeUndefined();
    const reason = reasonFor(`curl -x socks5://ada:pr0xy-pass@proxy.internal:1080 ${API}`);
    expect(reason).toBe('has a proxy URL that uses "socks5:", but only http and https URLs are allowed');
    expect(reason).not.toContain("pr0xy-pass");
  });

  it("accepts output-only options, noting them as not applicable", () => {
    const plain = parseCurl(`curl ${API}`);
    for (const flag of OUTPUT_ONLY_SWITCHES) {
      const note = `not applicable here (they change only what curl prints or saves): ${flag}`;
      // Quoted: the shell reader takes a bare -# for a comment.
      expect(parseCurl(`curl '${flag}' ${API}`), flag).toEqual({ ...plain, notes: [note] });
    }
    const saved = parseCurl(`curl -sS -o out.json -D - -w '%{http_code}' --trace-ascii t.txt -c jar.txt ${API}`);
    expect(saved.notes).toEqual([
      "not applicable here (they change only what curl prints or saves): -s, -S, -o, -D, -w, --trace-ascii, -c",
    ]);
    expect(saved.headers).toEqual(plain.headers);
  });
});

describe("parseCurl: option spellings", () => {
  it("reads combined short flags, with a value option taking the rest of the word", () => {
    expect(parseCurl(`curl -sSLk ${API}`)).toMatchObject({ followRedirects: true, insecure: true, method: "GET" });
    expect(parseCurl(`curl -sXPOST ${API}`).method).toBe("POST");
    expect(parseCurl(`curl -sX PUT ${API}`).method).toBe("PUT");
    expect(parseCurl(`curl -kda=1 ${API}`)).toMatchObject({ insecure: true, data: "a=1" });
    expect(parseCurl(`curl -Hx-tag:1 ${API}`).headers).toEqual([CURL_ACCEPT, { key: "x-tag", value: "1" }]);
  });

  it("lets a value option take the next word even when it starts with -", () => {
    expect(parseCurl(`curl ${API} -d -k`)).toMatchObject({ data: "-k", insecure: false });
  });

  it("names every option it does not support, and never their values", () => {
    const reason = reasonFor(`curl --cert=client-secret.pem --ntlm -sZ ${API} --cert other.pem`);
    expect(reason).toBe(
      "uses options this action does not support: --cert (reads certificates from local files; use the Client Certificate connection and the CA Certificates input), --ntlm (an authentication scheme the connector has no connection for), -Z (sends several requests; a step sends one)",
    );
    expect(reason).not.toContain("client-secret");
  });

  it("names unknown options before complaining about what they may have misplaced", () => {
    expect(reasonFor(`curl ${API} --cert`)).toMatch(
      /^uses options this action does not support: --cert \(reads certificates/,
    );
    expect(reasonFor(`curl ${API} --output`)).toBe("ends with --output, which needs a value after it");
    expect(reasonFor(`curl ${API} -H`)).toBe("ends with -H, which needs a value after it");
  });

  it("reads as the message the designer shows, once wrapped with the input's name", () => {
    const { curlCommand } = withInputNames({
      curlCommand: input({ label: "cURL Command", type: "string", required: true, clean: parseCurl }),
    });
    const { clean } = curlCommand as unknown as { clean: (value: unknown) => unknown };
    expect(() => clean(`curl ${API} --cert c.pem --ntlm`)).toThrow(InputError);
    expect(() => clean(`curl ${API} --cert c.pem --ntlm`)).toThrow(
      'Input "cURL Command" (curlCommand) uses options this action does not support: --cert (reads certificates from local files; use the Client Certificate connection and the CA Certificates input), --ntlm (an authentication scheme the connector has no connection for).',
    );
  });
});

describe("parseCurl: shell syntax", () => {
  it("reads single quotes, double quotes, escapes and $'...' as a shell does", () => {
    const request = parseCurl(
      `curl ${API} -H "X-A: say \\"hi\\"" -H 'X-B: it'\\''s' -H X-C:\\ spaced -H $'X-D: tab\\there' -d $'line1\\nline2'`,
    );
    expect(request.headers.map(({ value }) => value)).toEqual(["*/*", 'say "hi"', "it's", "spaced", "tab\there"]);
    expect(request.data).toBe("line1\nline2");
  });

  it("joins lines ended with \\, including Windows line ends", () => {
    const command = [
      "curl 'https://api.example.com/v1/items' \\",
      "  -X POST \\",
      "  -H 'Content-Type: application/json' \\",
      `  --data-raw '{"name":"Ada"}' \\`,
      "  --compressed",
    ];
    for (const lineEnd of ["\n", "\r\n"]) {
      const request = parseCurl(command.join(lineEnd));
      expect(request).toMatchObject({ method: "POST", data: '{"name":"Ada"}' });
      expect(request.headers).toEqual([
        CURL_ACCEPT,
        { key: "Accept-Encoding", value: "deflate, gzip, br" },
        { key: "Content-Type", value: "application/json" },
      ]);
    }
  });

  it("reads a command as a browser's Copy as cURL writes it", () => {
    const request = parseCurl(
      [
        "curl 'https://api.example.com/graphql' \\",
        "  -H 'accept: */*' \\",
        "  -b 'sid=abc; theme=dark' \\",
        "  -H 'content-type: application/json' \\",
        `  --data-raw '{"query":"{ me { id } }"}' \\`,
        "  --compressed",
      ].join("\n"),
    );
    expect(request).toMatchObject({ method: "POST", data: '{"query":"{ me { id } }"}', impliedFormUrlencoded: false });
    // curl's own headers first (a -H of the same name replaces one), then the -H headers.
    expect(request.headers).toEqual([
      { key: "Accept-Encoding", value: "deflate, gzip, br" },
      { key: "Cookie", value: "sid=abc; theme=dark" },
      { key: "accept", value: "*/*" },
      { key: "content-type", value: "application/json" },
    ]);
  });

  it("reads a command whose continuation backslashes were lost as one command", () => {
    const request = parseCurl(`curl ${API}\n  -H 'Accept: text/csv'\n  -k`);
    expect(request).toMatchObject({ insecure: true, headers: [{ key: "Accept", value: "text/csv" }] });
  });

  it("splits words exactly as a POSIX shell does", () => {
    const commands = [
      `curl -H "A: \\$x \\\\ \\"q\\"" 'single \\ quoted' un\\ quoted mi"x"'ed'`,
      "curl 'keeps \\\n inside single quotes' \"joins \\\n in double\" a\\\nb \\\\ z",
      "curl 'a`b`c' \"back\\`tick\" \\`lit -d ''",
      "curl \"$\" 'cost $5' \\$HOME",
    ];
    for (const command of commands) expect(toShellWords(command), command).toEqual(wordsFromShell("sh", command));
    const ansi = "curl $'tab\\tquote\\'nl\\n' $'\\x41\\u00e9'";
    expect(toShellWords(ansi)).toEqual(wordsFromShell("bash", ansi));
  });

  it("keeps $VAR as literal text, never reading the environment", () => {
    process.env.CURL_TEST_SECRET = "from-the-environment";
    try {
      const request = parseCurl(
        `curl ${API} -H "Authorization: Bearer $CURL_TEST_SECRET" -H "X-B: \${CURL_TEST_SECRET}" -d $HOME`,
      );
      expect(request.headers).toEqual([
        CURL_ACCEPT,
        { key: "Authorization", value: "Bearer $CURL_TEST_SECRET" },
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable reference that must stay literal.
        { key: "X-B", value: "${CURL_TEST_SECRET}" },
      ]);
      expect(request.data).toBe("$HOME");
      expect(JSON.stringify(request)).not.toContain("from-the-environment");
    } finally {
      delete process.env.CURL_TEST_SECRET;
    }
  });

  it("refuses pipes, redirections, command lists and background jobs", () => {
    for (const [command, operator] of [
      [`curl ${API} | jq .`, "|"],
      [`curl ${API} > out.json`, ">"],
      [`curl ${API}; rm -rf /`, ";"],
      [`curl ${API} && echo done`, "&&"],
      [`curl ${API}?a=1&b=2`, "&"],
    ]) {
      expect(reasonFor(command), command).toBe(
        `uses shell syntax this action cannot run: ${operator}; it runs a single curl command without a shell (a URL that contains & must be in quotes)`,
      );
    }
  });

  it("refuses command substitution where a shell would run it, and keeps it literal in single quotes", () => {
    for (const command of [
      `curl ${API} -d \`id\``,
      `curl ${API} -d "\`id\`"`,
      `curl ${API} -d $(id)`,
      `curl ${API} -d "$(id)"`,
    ]) {
      expect(reasonFor(command), command).toMatch(/^uses command substitution/);
    }
    expect(parseCurl(`curl ${API} -d '\`id\` $(id)'`).data).toBe("`id` $(id)");
    expect(parseCurl(`curl ${API} -d \\\`id\\\``).data).toBe("`id`");
  });

  it("refuses comments with a way out", () => {
    expect(reasonFor(`curl ${API} # fetch items`)).toMatch(/^has a # outside quotes/);
    expect(reasonFor(`curl ${API} -H 'X-A: 1' #section`)).toMatch(/quote the text containing #/);
    expect(parseCurl(`curl '${API}#section'`).url.hash).toBe("#section");
  });

  it("reads a # inside a word as text, as a shell does: only one that starts a word is a comment", () => {
    expect(parseCurl(`curl ${API}#section`).url.hash).toBe("#section");
    expect(parseCurl(`curl ${API} -d a#b -d "c"#d -d \\#e`).data).toBe("a#b&c#d&#e");
    expect(parseCurl(`curl -# ${API}`).notes.join()).toContain("-#");
    expect(parseCurl(`curl ${API} -d 'x #y' -d "#z"`).data).toBe("x #y&#z");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message quotes shell syntax, not a template.
    expect(reasonFor(`curl \${} ${API}`)).toBe("has a ${...} that is not a valid variable reference");
  });
});

describe("parseCurl: secrets stay out of errors", () => {
  const secrets = ["Bearer-tok-9f8e7d", "pa55-w0rd-xyz"];
  const refused = [
    `curl -u ada:${secrets[1]} -H 'Authorization: ${secrets[0]}' --ntlm ${API}`,
    `curl -u ada:${secrets[1]} -H 'Authorization: ${secrets[0]}' ${API} | tee log`,
    `curl -u ada:${secrets[1]} -H 'Authorization: ${secrets[0]}' -H 'Bad Name: ${secrets[1]}' ${API}`,
    `curl -H 'Authorization: ${secrets[0]}' -d @secrets.json ${API}`,
    `curl -H 'Authorization: ${secrets[0]}' 'https://ada:${secrets[1]}@exa mple.com'`,
    `curl -H 'Authorization: ${secrets[0]}' -d "$(cat ${secrets[1]})" ${API}`,
    `curl ${API} -H 'Authorization: ${secrets[0]}' -H`,
  ];
  it.each(refused)("never quotes a secret: %s", (command) => {
    const reason = reasonFor(command);
    for (const secret of secrets) expect(reason).not.toContain(secret);
  });
});

describe("parseCurl: the connection a command stands for", () => {
  it("maps --digest with -u onto digestAuth, and takes -u away from Basic", () => {
    const request = parseCurl(`curl --digest -u 'admin:s3cr:et' ${API}`);
    expect(request.connection).toEqual({
      key: "digestAuth",
      fields: { username: "admin", password: "s3cr:et" },
      secrets: ["s3cr:et"],
    });
    expect(request.basicAuth).toBeUndefined();
    expect(reasonFor(`curl --digest ${API}`)).toBe("has --digest without -u 'user:password' to sign with");
  });

  it("maps --aws-sigv4 with -u (and x-amz-security-token) onto awsSignatureV4", () => {
    const request = parseCurl(
      `curl --aws-sigv4 "aws:amz:eu-west-1:execute-api" -u 'AKIDEXAMPLE:wJalrXUtnFEMI/K7MDENG' -H 'x-amz-security-token: FQoGZXIvYXdzE' -H 'X-A: 1' ${API}`,
    );
    expect(request.connection).toEqual({
      key: "awsSignatureV4",
      fields: {
        accessKeyId: "AKIDEXAMPLE",
        secretAccessKey: "wJalrXUtnFEMI/K7MDENG",
        sessionToken: "FQoGZXIvYXdzE",
        region: "eu-west-1",
        service: "execute-api",
      },
      secrets: ["wJalrXUtnFEMI/K7MDENG", "FQoGZXIvYXdzE"],
    });
    // The signer sends the session token; the header is not sent twice.
    expect(request.headers).toEqual([CURL_ACCEPT, { key: "X-A", value: "1" }]);
    expect(parseCurl(`curl --aws-sigv4 aws:amz:us-east-1:s3 -u K:S ${API}`).connection?.fields).toEqual({
      accessKeyId: "K",
      secretAccessKey: "S",
      region: "us-east-1",
      service: "s3",
    });
    const reason = reasonFor(`curl --aws-sigv4 aws:amz -u K:TOPSECRET ${API}`);
    expect(reason).toMatch(/^has --aws-sigv4 without a region and service/);
    expect(reason).not.toContain("TOPSECRET");
  });

  it("maps --oauth2-bearer onto bearerToken, and refuses it with another scheme", () => {
    expect(parseCurl(`curl --oauth2-bearer tok-123 ${API}`).connection).toEqual({
      key: "bearerToken",
      fields: { token: "tok-123" },
      secrets: ["tok-123"],
    });
    expect(reasonFor(`curl --oauth2-bearer tok-123 -u a:b ${API}`)).toMatch(/^combines --oauth2-bearer with -u/);
  });
});

describe("parseCurl: what curl 7.82+ adds", () => {
  it("reads --json: the body, Content-Type and Accept after the -H headers, parts joined as they are", () => {
    const request = parseCurl(`curl ${API} --json '{"a":' -H 'X-A: 1' --json '1}'`);
    expect(request).toMatchObject({ method: "POST", data: '{"a":1}', impliedFormUrlencoded: false });
    expect(request.headers).toEqual([
      { key: "X-A", value: "1" },
      { key: "Content-Type", value: "application/json" },
      { key: "Accept", value: "application/json" },
    ]);
    expect(parseCurl(`curl ${API} -d a=1 --json '{}' -d b=2`).data).toBe("a=1{}&b=2");
  });

  it("reads --url-query in its plain, = and + forms, after the URL's own query", () => {
    const request = parseCurl(`curl '${API}?x=1' --url-query 'q=a b' --url-query '=solo' --url-query '+raw=a%20b'`);
    expect(request.url.search).toBe("?x=1&q=a+b&solo&raw=a%20b");
  });

  it("reads -r as a Range before Accept, and refuses it with a body", () => {
    expect(parseCurl(`curl -r 0-499 ${API}`).headers).toEqual([{ key: "Range", value: "bytes=0-499" }, CURL_ACCEPT]);
    expect(reasonFor(`curl -r 0-9 -d a ${API}`)).toMatch(/^combines -r \(--range\) with a body/);
    expect(reasonFor(`curl -r soon ${API}`)).toBe("has -r with a value that is not a byte range such as 0-499");
  });

  it("reads -U into the proxy URL, --max-redirs, and --location-trusted as -L with a note", () => {
    const request = parseCurl(`curl -x proxy.internal:3128 -U 'pu:pp' --max-redirs 3 --location-trusted ${API}`);
    expect(request.proxyUrl?.href).toBe("http://pu:pp@proxy.internal:3128/");
    expect(request).toMatchObject({ maxRedirects: 3, followRedirects: true });
    expect(request.notes[0]).toMatch(/^--location-trusted: redirects are followed, but credentials are never sent/);
    expect(parseCurl(`curl --max-redirs -1 ${API}`).maxRedirects).toBeGreaterThan(3);
  });

  it("reads -e's ;auto, joins several -b with ;, and lets a -H replace or drop curl's own header", () => {
    expect(parseCurl(`curl -e 'https://r.example/;auto' -b a=1 -b b=2 ${API}`).headers).toEqual([
      CURL_ACCEPT,
      { key: "Referer", value: "https://r.example/" },
      { key: "Cookie", value: "a=1;b=2" },
    ]);
    expect(parseCurl(`curl -H 'Accept: text/csv' -A x -H 'User-Agent:' ${API}`).headers).toEqual([
      { key: "Accept", value: "text/csv" },
    ]);
  });

  it("takes unique abbreviations of long options, and refuses ambiguous ones as curl does", () => {
    expect(parseCurl(`curl --sil --requ PUT --user-ag ua ${API}`.replace("--requ", "--request"))).toMatchObject({
      method: "PUT",
      notes: ["not applicable here (they change only what curl prints or saves): --sil"],
    });
    expect(parseCurl(`curl --data-urle 'a b' ${API}`).data).toBe("a+b");
    expect(reasonFor(`curl --da x ${API}`)).toMatch(/^has --da, which curl refuses as ambiguous \(it could be --data/);
  });

  it("reads a heredoc as standard input for @-, and -F values in double quotes", () => {
    const binary = parseCurl(`curl ${API} --data-binary @- <<'EOF'\n{"a": 1}\nline\nEOF`);
    expect(binary.data).toBe('{"a": 1}\nline\n');
    expect(parseCurl(`curl ${API} -d @- <<EOF\na=1\n&b=2\nEOF`).data).toBe("a=1&b=2");
    expect(reasonFor(`curl ${API} -d @- <<EOF\n$HOME\nEOF`)).toMatch(/^has a heredoc whose text a shell would expand/);
    expect(reasonFor(`curl ${API} -d @- <<EOF\nno end`)).toBe("has a heredoc (<<EOF) without its closing EOF line");
    const form = parseCurl(`curl ${API} -F 'a="x; \\"y\\""'`);
    expect(form.formFields).toEqual([{ key: "a", value: 'x; "y"' }]);
  });

  it("refuses URL globs unless -g, and reads a URL without a scheme as http", () => {
    expect(reasonFor(`curl '${API}/{a,b}'`)).toMatch(/which curl expands into several requests/);
    expect(reasonFor(`curl '${API}/[1-3]'`)).toMatch(/which curl expands into several requests/);
    expect(parseCurl("curl 'http://[::1]:8080/x'").url.host).toBe("[::1]:8080");
    expect(parseCurl("curl localhost:8080/x").url.href).toBe("http://localhost:8080/x");
  });

  it("keeps -X's spelling for the wire", () => {
    expect(parseCurl(`curl -X post ${API}`)).toMatchObject({ method: "POST", methodSpelling: "post" });
    expect(parseCurl(`curl -X POST ${API}`).methodSpelling).toBeUndefined();
  });
});

describe("parseCurl: Windows forms", () => {
  it("reads Chrome's Copy as cURL (cmd): ^ escapes, ^\" quotes, ^% and ^ continuations", () => {
    const request = parseCurl(
      'curl ^"https://api.example.com/x?a=1^&b=^%^41^" ^\n  -H ^"accept: */*^" ^\n  --data-raw ^"^{^\\^"n^\\^":1^}^" ^\n  --compressed',
    );
    expect(request.url.href).toBe("https://api.example.com/x?a=1&b=%41");
    expect(request.data).toBe('{"n":1}');
    expect(request.headers).toContainEqual({ key: "accept", value: "*/*" });
    expect(reasonFor("curl https://api.example.com/x ^\n  -H a:b & calc")).toMatch(/^uses & outside quotes/);
  });

  it("reads PowerShell's curl.exe with backtick continuations and escapes", () => {
    const request = parseCurl(
      "curl.exe -X POST 'https://api.example.com/x' `\n  -H \"X-Q: say `\"hi`\"\" `\n  --data-raw '{\"it''s\": 1}'",
    );
    expect(request).toMatchObject({ method: "POST", data: `{"it's": 1}` });
    expect(request.headers).toContainEqual({ key: "X-Q", value: 'say "hi"' });
    expect(reasonFor('curl.exe https://api.example.com/x `\n  -H "X: $token"')).toMatch(/\$ variable/);
  });

  it("reads as bash a command whose quoted text holds what looks like Windows syntax", () => {
    const fence = parseCurl("curl https://api.example.com/x \\\n  --data-raw 'Run:\n```\nnpm test\n```\n'");
    expect(fence.data).toBe("Run:\n```\nnpm test\n```\n");
    expect(parseCurl(`curl https://api.example.com/x -d 'a=^"b^"' -d "c=^\\"d"`).data).toBe('a=^"b^"&c=^"d');
  });
});

describe("parseCurl: what curl would do that a step cannot", () => {
  it.each([
    ["curl -T report.pdf https://api.example.com/x", /-T \(uploads a local file/],
    ["curl -K opts.txt https://api.example.com/x", /-K \(reads options from a local file\)/],
    ["curl --netrc https://api.example.com/x", /--netrc \(reads credentials from a local file\)/],
    ["curl --unix-socket /var/run/docker.sock http://localhost/info", /--unix-socket \(talks to a local socket\)/],
    ["curl --http2 https://api.example.com/x", /--http2 \(another HTTP version/],
    ["curl --retry 3 https://api.example.com/x", /--retry \(use the action's Max Retries input instead\)/],
    ["curl ftp://files.example.com/a.txt", /uses "ftp:", but only http and https URLs are allowed/],
    ["curl https://a.example.com/x https://b.example.com/y", /^has 2 URLs/],
  ])("refuses %s, naming why", (command, reason) => {
    expect(reasonFor(command)).toMatch(reason);
  });
});
