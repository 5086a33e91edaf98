import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // Crockford base32, lower case

/**
 * A lower-case ULID: 48 bits of milliseconds then 80 random bits. Sortable by creation time,
 * free of the key delimiter, and the same case in keys and IAM tags.
 */
export function newId(now: Date): string {
  let time = now.getTime();
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[time % 32] + out;
    time = Math.floor(time / 32);
  }
  const random = randomBytes(16);
  for (let i = 0; i < 16; i++) out += ALPHABET[random[i]! % 32];
  return out;
}
