/**
 * Where Node's ICU decoders accept bytes the WHATWG Encoding Standard calls errors, even with
 * `fatal: true`: they come out as a C1 control or a private-use character instead of failing, so
 * a body in the wrong charset would be returned silently changed. Measured on Node 20 for every
 * WHATWG charset (test/response-data-units.test.ts checks every lone byte of each). Each entry
 * names what WHATWG's decoder for that charset can never produce, so finding it in what Node
 * decoded means Node let an error through.
 */

/** Characters WHATWG's decoder never gives for a charset Node decodes too leniently, by WHATWG name. */
const NEVER_DECODED: Readonly<Record<string, RegExp>> = {
  // Leads are 0x81-0xFE and the index has no C1 or private use: ICU gives U+0080 for 0x80 and
  // lone leads, U+F8F8 for 0xFF, and private use for Big5 pairs its own table lacks.
  big5: /[\u0080-\u009f\ue000-\uf8ff]/,
  // Lone leads and 0x80 come out of ICU as C1 controls.
  "euc-kr": /[\u0080-\u009f]/,
  "euc-jp": /[\u0080-\u009f]/,
  // index-windows-874 has no 0xDB-0xDE or 0xFC-0xFF: ICU gives private-use characters.
  "windows-874": /[\ue000-\uf8ff]/,
};

/**
 * The charset whose decoder WHATWG uses for a label: gbk is decoded by the gb18030 decoder,
 * and Node's own gbk maps 0xFF to a private-use character where gb18030 fails.
 */
export const DECODED_AS: Readonly<Record<string, string>> = { gbk: "gb18030" };

/** What Node's decoder for a charset gives that WHATWG's never would; undefined when they agree. */
export const neverDecodedIn = (charset: string): RegExp | undefined => NEVER_DECODED[charset];
