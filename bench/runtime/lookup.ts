// Per-packet costs of the runtime pieces NetMigrate's program uses on every packet: table
// lookups by match kind (on the key shapes the program has) and the four filter hashes.
// Prints millions of operations per second (median of 5); never passes or fails.

import os from 'node:os';
import { FieldList } from '../../runtime/externs/field-list.js';
import { createHash, type Hash } from '../../runtime/externs/hash.js';
import { createTable } from '../../runtime/tables/create-table.js';
import type { KeyField, MatchTable } from '../../runtime/tables/table.js';

function opsPerSecond(fn: (i: number) => unknown, ms = 250): number {
  let n = 0;
  let sink: unknown;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    for (let i = 0; i < 1000; i++) sink = fn(n + i);
    n += 1000;
  }
  if (sink === Symbol.for('never')) console.log(sink);
  return (n / ms) * 1000;
}
function median(fn: (i: number) => unknown): string {
  const runs = [0, 1, 2, 3, 4].map(() => opsPerSecond(fn)).sort((a, b) => a - b);
  return ((runs[2] as number) / 1e6).toFixed(2);
}

function table(keys: KeyField[]): MatchTable {
  const r = createTable({ name: 't', keys, size: 100000, actions: [{ name: 'a', params: [{ name: 'p', width: 9 }] }] });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const exact1 = table([{ name: 'dst', width: 32, matchKind: 'exact' }]);
for (let i = 0; i < 1000; i++)
  exact1.add({ match: [{ kind: 'exact', value: 0x0a000000 + i }], action: 'a', params: [1] });

const pair = table([
  { name: 'dst', width: 32, matchKind: 'exact' },
  { name: 'port', width: 16, matchKind: 'exact' },
]);
for (let i = 0; i < 1000; i++)
  pair.add({
    match: [
      { kind: 'exact', value: 0x0a000000 + i },
      { kind: 'exact', value: 7000 },
    ],
    action: 'a',
    params: [1],
  });

const lpm = table([{ name: 'dst', width: 32, matchKind: 'lpm' }]);
for (let i = 0; i < 256; i++)
  lpm.add({
    match: [{ kind: 'lpm', value: (0x0a000000 + (i << 8)) >>> 0, prefixLength: 24 }],
    action: 'a',
    params: [1],
  });
for (let i = 0; i < 16; i++)
  lpm.add({
    match: [{ kind: 'lpm', value: (0x0a000000 + (i << 16)) >>> 0, prefixLength: 16 }],
    action: 'a',
    params: [2],
  });
lpm.add({ match: [{ kind: 'lpm', value: 0, prefixLength: 0 }], action: 'a', params: [3] });

const ternary = table([
  { name: 'op', width: 8, matchKind: 'ternary' },
  { name: 'flags', width: 8, matchKind: 'ternary' },
]);
for (let i = 0; i < 10; i++)
  ternary.add({
    match: [
      { kind: 'ternary', value: i, mask: 0xff },
      { kind: 'ternary', value: 0, mask: 0 },
    ],
    priority: 10 - i,
    action: 'a',
    params: [1],
  });

function filterHash(coeff: number, reversed: boolean, init: number, xor: number): Hash {
  const r = createHash({
    width: 15,
    algorithm: 'CUSTOM',
    polynomial: { width: 32, coeff, reversed, msb: true, extended: false, init, xor },
  });
  if (!r.ok) throw new Error(r.message);
  return r.value;
}
const filters = [
  filterHash(0x1edc6f41, true, 0, 0xffffffff),
  filterHash(0x04c11db7, true, 0, 0xffffffff),
  filterHash(0x04c11db7, false, 0, 0xffffffff),
  filterHash(0x04c11db7, false, 0xffffffff, 0),
];
const redis = createHash({
  width: 32,
  algorithm: 'CUSTOM',
  polynomial: { width: 64, coeff: 0xad93d23594c935a9n, reversed: true, msb: false, extended: false, init: 0n, xor: 0n },
});
if (!redis.ok) throw new Error(redis.message);

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'}; million ops/s, median of 5`);
console.log(`exact, one 32-bit field (1000 entries)   ${median((i) => exact1.lookup1(0x0a000000 + (i & 1023)))}`);
console.log(
  `exact, ipv4+port 48-bit key (1000)       ${median((i) => {
    pair.key[0] = 0x0a000000 + (i & 1023);
    pair.key[1] = 7000;
    return pair.lookup();
  })}`,
);
console.log(
  `lpm, /24 /16 /0 (273 entries)            ${median((i) => lpm.lookup1((0x0a000000 + ((i & 0xfff) << 8)) >>> 0))}`,
);
console.log(
  `ternary, 2 fields, 10 entries            ${median((i) => {
    ternary.key[0] = i & 15;
    ternary.key[1] = 0;
    return ternary.lookup();
  })}`,
);
console.log(
  `4 filter hashes over 80 bits (per packet) ${median((i) => {
    let s = 0;
    for (const h of filters) s ^= h.add(0x0a000002, 32).add(7000, 16).add(i, 32).get();
    return s;
  })}`,
);
const list = new FieldList();
console.log(
  `4 filter hashes, one shared FieldList    ${median((i) => {
    list.clear().add(0x0a000002, 32).add(7000, 16).add(i, 32);
    let s = 0;
    for (const h of filters) s ^= h.getOf(list);
    return s;
  })}`,
);
console.log(`CRC-64 of a 4-byte key, low 32 bits      ${median((i) => redis.value.add(i, 32).get())}`);
