import { getRandomValues } from 'node:crypto';

// Random bytes fetched 64 KiB at a time: a million ids, one system call per 6 553 of them.
const randomPool = new Uint8Array(65_536);
let randomOffset = randomPool.length;

/**
 * A time-ordered UUID (RFC 9562 version 7): new rows land at the end of the primary-key index
 * instead of all over it, which keeps million-row imports fast.
 */
export function uuidV7(now = Date.now()): string {
  if (randomOffset + 10 > randomPool.length) {
    getRandomValues(randomPool);
    randomOffset = 0;
  }
  const bytes = new Uint8Array(16);
  bytes.set(randomPool.subarray(randomOffset, randomOffset + 10), 6);
  randomOffset += 10;
  let ms = now;
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] as number) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
