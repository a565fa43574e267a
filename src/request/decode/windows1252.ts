/**
 * windows-1252, the charset WHATWG reads for every "latin1", "iso-8859-1" and "ascii" label.
 * Node 20's TextDecoder decodes it as ISO-8859-1, turning 0x80 into U+0080 instead of "€" (and
 * "Œ", smart quotes, dashes...), so it is decoded here: bytes below 0x80 and from 0xA0 up are
 * the same code points in both; 0x80 to 0x9F follow WHATWG's index-windows-1252.
 */

/** Code points of bytes 0x80 to 0x9F; the five the charset leaves undefined map to themselves, as WHATWG says. */
const HIGH_CONTROLS = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];
const FIRST_HIGH_CONTROL = 0x80;
const HIGH_CONTROL = /[\x80-\x9f]/g;

/**
 * A decoder shaped like TextDecoder for windows-1252 (every byte is valid, so it never fails).
 * @example WINDOWS_1252.decode(Buffer.from([0x80, 0xe9])) // "€é"
 */
export const WINDOWS_1252 = {
  encoding: "windows-1252",
  decode: (body: Uint8Array): string =>
    Buffer.from(body.buffer, body.byteOffset, body.byteLength)
      .toString("latin1")
      .replace(HIGH_CONTROL, (char) => String.fromCharCode(HIGH_CONTROLS[char.charCodeAt(0) - FIRST_HIGH_CONTROL])),
} as const;
