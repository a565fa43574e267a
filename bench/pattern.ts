import { createHash } from "node:crypto";

/**
 * The deterministic bytes every large transfer carries, so both ends can check what arrived
 * without either holding a copy: one pseudo-random block, repeated. Its length is not a power
 * of two, so a chunk boundary never lines up with a repeat by accident.
 */
export const PATTERN_BLOCK_BYTES = 1_048_573;

const makeBlock = (): Buffer => {
  const block = Buffer.allocUnsafe(PATTERN_BLOCK_BYTES);
  let state = 0x2545f491; // xorshift32 seed
  for (let index = 0; index < block.length; index += 1) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    block[index] = state & 0xff;
  }
  return block;
};

export const PATTERN_BLOCK = makeBlock();

/**
 * The pattern's first `size` bytes as chunks of at most one block, views into the shared block.
 * @example for (const chunk of patternChunks(10)) hash.update(chunk)
 */
export function* patternChunks(size: number): Generator<Buffer> {
  for (let offset = 0; offset < size; offset += PATTERN_BLOCK_BYTES) {
    yield PATTERN_BLOCK.subarray(0, Math.min(PATTERN_BLOCK_BYTES, size - offset));
  }
}

/**
 * A buffer of `size` bytes holding the pattern: the payload of an upload.
 * @example patternBuffer(256 * 1024 * 1024).length // 268435456
 */
export const patternBuffer = (size: number): Buffer => {
  const buffer = Buffer.allocUnsafeSlow(size);
  let offset = 0;
  for (const chunk of patternChunks(size)) offset += chunk.copy(buffer, offset);
  return buffer;
};

/**
 * The sha256 of the pattern's first `size` bytes, computed without allocating them.
 * @example patternSha256(0) // "e3b0c442..."
 */
export const patternSha256 = (size: number): string => {
  const hash = createHash("sha256");
  for (const chunk of patternChunks(size)) hash.update(chunk);
  return hash.digest("hex");
};

/**
 * The sha256 of bytes in hand, hex.
 * @example sha256(Buffer.alloc(0)) // "e3b0c442..."
 */
export const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
