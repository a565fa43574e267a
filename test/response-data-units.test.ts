/** The pure steps of reading responses as data, without a network: see response-data.test.ts for the end-to-end cases. */
import { describe, expect, it } from "vitest";
import { MAX_EXPRESSION_CHARS, MAX_XML_DEPTH } from "../src/limits";
import { detectDelimiter, openQuoteLine, parseCsv } from "../src/request/decode/csv";
import { charsetName, decodeText } from "../src/request/decode/text";
import { declaredEncoding, parseXmlText } from "../src/request/decode/xml";
import { applySelection, type JmesPathExpression, toJmesPath } from "../src/request/jmespath";

const compileSelection = (text: string): JmesPathExpression => toJmesPath(text) as JmesPathExpression;

describe("detectDelimiter", () => {
  it.each([
    ["id,name\n", ","],
    ["id;name;city\n", ";"],
    ["id\tname\n", "\t"],
    ["id|name\n", "|"],
    // Inside quotes a character is data, and only the first line counts.
    ['"a;b;c",d\n1;2;3;4;5\n', ","],
    ["single\n", ","],
    // A tie goes to the first in the order , ; tab |.
    ["a;b,c\n", ","],
  ])("finds the delimiter of %j", (sample, expected) => {
    expect(detectDelimiter(sample)).toBe(expected);
  });
});

describe("charsetName", () => {
  it.each([
    ["latin1", "windows-1252"],
    [" ISO-8859-1 ", "windows-1252"],
    ["sjis", "shift_jis"],
    ["GB2312", "gbk"],
    ["utf8", "utf-8"],
  ])("names %j as WHATWG does", (label, name) => {
    expect(charsetName(label)).toBe(name);
  });

  it("refuses a label no decoder knows", () => {
    expect(() => charsetName("x-klingon")).toThrow(/is not a charset this connector can decode/);
  });

  it("lets the chosen charset win over the declared one", () => {
    expect(decodeText(Buffer.from([0x80]), "text/plain; charset=utf-8", "windows-1252")).toBe("€");
  });
});

/** Every charset WHATWG names that Node decodes (iso-8859-16 it does not). */
const WHATWG_CHARSETS = [
  "ibm866",
  "iso-8859-2",
  "iso-8859-3",
  "iso-8859-4",
  "iso-8859-5",
  "iso-8859-6",
  "iso-8859-7",
  "iso-8859-8",
  "iso-8859-8-i",
  "iso-8859-10",
  "iso-8859-13",
  "iso-8859-14",
  "iso-8859-15",
  "koi8-r",
  "koi8-u",
  "macintosh",
  "windows-874",
  "windows-1250",
  "windows-1251",
  "windows-1252",
  "windows-1253",
  "windows-1254",
  "windows-1255",
  "windows-1256",
  "windows-1257",
  "windows-1258",
  "x-mac-cyrillic",
  "gbk",
  "gb18030",
  "big5",
  "euc-jp",
  "iso-2022-jp",
  "shift_jis",
  "euc-kr",
];

describe("decodeText is as strict as WHATWG", () => {
  const decoded = (bytes: number[], charset: string): string | undefined => {
    try {
      return decodeText(Buffer.from(bytes), "text/plain", charset);
    } catch {
      return undefined;
    }
  };

  it.each(WHATWG_CHARSETS)(
    "%s: no lone byte turns into a private-use character or, for a multi-byte charset, a C1 control",
    (charset) => {
      const multiByte = ["gbk", "gb18030", "big5", "euc-jp", "iso-2022-jp", "shift_jis", "euc-kr"].includes(charset);
      const lenient: string[] = [];
      for (let byte = 0x80; byte <= 0xff; byte++) {
        const text = decoded([byte], charset);
        if (text === undefined) continue;
        const code = text.codePointAt(0) ?? 0;
        // WHATWG's macintosh index itself maps 0xF0 to U+F8FF, Apple's logo.
        if (charset === "macintosh" && byte === 0xf0) continue;
        if ((code >= 0xe000 && code <= 0xf8ff) || (multiByte && code >= 0x80 && code <= 0x9f)) {
          lenient.push(`0x${byte.toString(16)} -> U+${code.toString(16).toUpperCase()}`);
        }
      }
      expect(lenient).toEqual([]);
    },
  );

  it("decodes the valid bytes around them as before", () => {
    expect(decoded([0xc4, 0xe3, 0x80], "gbk")).toBe("你€");
    expect(decoded([0xa4, 0x40], "big5")).toBe("一");
    expect(decoded([0xb0, 0xa1], "euc-kr")).toBe("가");
    expect(decoded([0xa1], "windows-874")).toBe("ก");
    expect(decoded([0xa4, 0xa2], "euc-jp")).toBe("あ");
  });
});

describe("XML", () => {
  it("reads the encoding a document declares", () => {
    expect(declaredEncoding(Buffer.from(`<?xml version='1.0' encoding='Shift_JIS' standalone='yes'?><a/>`))).toBe(
      "shift_jis",
    );
    expect(declaredEncoding(Buffer.from("<a/>"))).toBeUndefined();
  });

  it("refuses nesting deeper than the limit (the parser counts a level or two past it)", () => {
    const deep = `${"<a>".repeat(MAX_XML_DEPTH + 10)}x${"</a>".repeat(MAX_XML_DEPTH + 10)}`;
    expect(() => parseXmlText(deep)).toThrow(/cannot be read as XML: Maximum nested tags exceeded/);
    const fine = `${"<a>".repeat(MAX_XML_DEPTH)}x${"</a>".repeat(MAX_XML_DEPTH)}`;
    expect(() => parseXmlText(fine)).not.toThrow();
  });

  it("refuses HTML entity names (XML does not define them) and decodes character references", () => {
    expect(() => parseXmlText("<a>&nbsp;&#233;</a>")).toThrow(
      'the response body is not well-formed XML at line 1, column 4: entity "&nbsp;" is not defined',
    );
    expect(parseXmlText("<a>&#233;&#x263A;&lt;</a>")).toEqual({ a: "é☺<" });
  });
});

describe("CSV", () => {
  it("keys rows safely, whatever the header says", () => {
    const [row] = parseCsv(Buffer.from("__proto__,constructor\n1,2\n"), "text/csv", undefined, true) as object[];
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.keys(row)).toEqual(["__proto__", "constructor"]);
  });

  it("reads a lone CR as a line end too", () => {
    expect(parseCsv(Buffer.from("a,b\r1,2\r"), "text/csv", undefined, true)).toEqual([{ a: "1", b: "2" }]);
  });

  it.each([
    ['a,b\n1,"x"\n2,"y', 3],
    // Line ends inside closed fields and doubled quotes count as csv-parse counts them outside quotes.
    ['a,b\r\n1,"x\r\ny"\r\n2,"p""q\r\nr', 4],
    ['a,b\r1,"x\ry"\r2,"open', 4],
    ['"a","b"\n1,"x""', 2],
  ])("finds the line where the quote left open was opened in %j", (text, line) => {
    expect(openQuoteLine(text)).toBe(line);
    expect(openQuoteLine(Buffer.from(text))).toBe(line);
    expect(() => parseCsv(Buffer.from(text), "text/csv", undefined, false)).toThrow(`opened at line ${line} (field`);
  });
});

describe("Select", () => {
  it("compiles once and applies to any parsed value", () => {
    const selection = compileSelection("[?age > `30`].name | sort(@)");
    expect(
      applySelection(selection, [
        { name: "b", age: 40 },
        { name: "a", age: 50 },
        { name: "c", age: 1 },
      ]),
    ).toEqual(["a", "b"]);
  });

  it("reads only the keys a body holds, not what every JavaScript object inherits", () => {
    const body = JSON.parse('{"items":[{"id":1,"team":"A"},{"id":2}]}');
    const select = (expression: string, data: unknown = body) => applySelection(compileSelection(expression), data);
    for (const name of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "__defineGetter__"]) {
      expect(select(name)).toBeNull();
      expect(select(`items[0].${name}`)).toBeNull();
      expect(select(`items[].${name}`)).toEqual([]);
      expect(select(`items[?${name}].id`)).toEqual([]);
      expect(select(`let $x = items[0] in $x.${name}`)).toBeNull();
    }
    expect(() => select("length(items[0].valueOf)")).toThrow(/Invalid type/);
    // A key of that name the body does hold is read like any other.
    expect(select("items[].constructor", JSON.parse('{"items":[{"constructor":"Ferrari"},{}]}'))).toEqual(["Ferrari"]);
  });

  it("keeps a __proto__ key as a key in the objects it builds, as JSON.parse does", () => {
    const body = JSON.parse('{"__proto__":{"role":"admin"},"id":7}');
    const merged = applySelection(compileSelection('merge(@, `{"extra":1}`)'), body) as object;
    expect(Object.keys(merged)).toEqual(["__proto__", "id", "extra"]);
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
    const hash = applySelection(compileSelection("{__proto__: @.__proto__, id: id}"), body) as object;
    expect(Object.keys(hash)).toEqual(["__proto__", "id"]);
    expect(JSON.stringify(hash)).toBe('{"__proto__":{"role":"admin"},"id":7}');
  });

  it("refuses an expression longer than the limit", () => {
    expect(() => compileSelection("a".repeat(MAX_EXPRESSION_CHARS + 1))).toThrow(/characters long, more than the/);
  });
});
