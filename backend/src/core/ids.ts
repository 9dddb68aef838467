/**
 * Time-ordered UUIDs (version 7, RFC 9562): 48 bits of Unix milliseconds, then random
 * bits. New jobs' ids sort by creation time, so the B-tree pages that take inserts
 * (the jobs primary key, the attempt history's job_id index) are the newest ones and
 * a commit writes a few pages instead of one per row. Ids made in the same millisecond by
 * one process still sort in the order they were made: the 12 bits after the version are a
 * counter within the millisecond (RFC 9562 §6.2, method 1), seeded at random each new
 * millisecond. Still unguessable (62 random bits).
 */
import { randomFillSync } from 'node:crypto';

const pool = Buffer.alloc(16 * 256);
let offset = pool.length;

let lastMs = -1;
let counter = 0;

export function uuidv7(now = Date.now()): string {
  if (offset + 16 > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const b = pool.subarray(offset, offset + 16);
  offset += 16;
  if (now > lastMs) {
    lastMs = now;
    counter = ((b[6] << 8) | b[7]) & 0x7ff; // a random start in the lower half: room to count up
  } else if (++counter > 0xfff) {
    lastMs++; // 4,096 ids in one millisecond: borrow the next one (stays ordered)
    counter = 0;
  }
  b.writeUIntBE(lastMs, 0, 6);
  b[6] = 0x70 | (counter >> 8); // version 7, then the counter's top 4 bits
  b[7] = counter & 0xff;
  b[8] = 0x80 | (b[8] & 0x3f); // variant 10
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
