// Measures the CRC engine on the sizes the data plane hashes (a 4-byte key, NetMigrate's
// 10-byte filter list, a 64-byte block), and the 64-bit CRC as two 32-bit halves (what
// crc.ts does) against a precomputed bigint table (the alternative the design weighed).
// Prints figures; never passes or fails.

import os from 'node:os';
import { CRC64_REDIS, Crc, crc64Redis } from '../../runtime/externs/crc.js';

function bigintTable64(): BigUint64Array {
  const poly = 0x95ac9329ac4bc9b5n; // the reflected Jones polynomial
  const t = new BigUint64Array(256);
  for (let i = 0; i < 256; i++) {
    let c = BigInt(i);
    for (let k = 0; k < 8; k++) c = c & 1n ? (c >> 1n) ^ poly : c >> 1n;
    t[i] = c;
  }
  return t;
}
const table = bigintTable64();
function crc64RedisBigintTable(data: Uint8Array): bigint {
  let c = 0n;
  for (let i = 0; i < data.length; i++)
    c = (c >> 8n) ^ (table[Number((c ^ BigInt(data[i] as number)) & 0xffn)] as bigint);
  return c;
}

function opsPerSecond(fn: () => unknown, ms = 300): number {
  let n = 0;
  const end = performance.now() + ms;
  let sink: unknown;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) sink = fn();
    n += 1000;
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (n / ms) * 1000;
}

function median(fn: () => unknown): number {
  const runs = [0, 1, 2, 3, 4].map(() => opsPerSecond(fn)).sort((a, b) => a - b);
  return runs[2] as number;
}

const crc32 = new Crc({ width: 32, poly: 0x04c11db7, refin: true, refout: true, init: 0xffffffff, xorout: 0xffffffff });
const bzip2 = new Crc({ width: 32, poly: 0x04c11db7, refin: false, refout: false, init: 0, xorout: 0xffffffff });
const redis = new Crc(CRC64_REDIS);
if (
  crc64Redis(new TextEncoder().encode('123456789')) !== crc64RedisBigintTable(new TextEncoder().encode('123456789'))
) {
  throw new Error('bigint table disagrees');
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown cpu'}; median of 5 runs, million ops/s`);
for (const size of [4, 10, 64]) {
  const data = new Uint8Array(size).map((_, i) => i * 37);
  const row = [
    ['crc32 reflected (number)', () => crc32.computeNumber(data)],
    ['crc32 normal (number)', () => bzip2.computeNumber(data)],
    ['crc64 redis, 32-bit halves', () => redis.compute(data)],
    ['crc64 redis, bigint table', () => crc64RedisBigintTable(data)],
    ['crc64 redis, low 32 (number)', () => redis.computeNumber(data)],
  ] as const;
  for (const [name, fn] of row)
    console.log(`${String(size).padStart(3)} B  ${name.padEnd(30)} ${(median(fn) / 1e6).toFixed(2)}`);
}
