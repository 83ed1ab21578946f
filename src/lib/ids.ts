import { createHash } from 'node:crypto';
import { randomBytesPooled } from './random.js';

let lastMs = 0;
let counter = 0;

/**
 * A UUIDv7: time-ordered, so ids sort by creation and make stable cursors, and
 * random enough (62 bits beside the time) that they cannot be guessed. Within one
 * process, ids made in the same millisecond still sort in the order they were
 * made (RFC 9562 §6.2, method 1: a 12-bit counter in rand_a).
 */
export function newId(now: number = Date.now()): string {
  if (now <= lastMs && counter < 0xfff) {
    now = lastMs;
    counter++;
  } else {
    lastMs = Math.max(now, lastMs + (now <= lastMs ? 1 : 0));
    now = lastMs;
    counter = 0;
  }
  const bytes = randomBytesPooled(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const UUID_PATTERN = '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$';

/**
 * A stable UUID-shaped id for a name (a version-8 UUID from SHA-256): the same
 * name always gives the same id, so work keyed by a client's request key is found
 * again on a retry.
 */
export function derivedId(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = 0x80 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
