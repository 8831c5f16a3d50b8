// NetMigrate (p4/netmigrate.p4) compiled and run in process: routing of requests with no
// migration, GROUP_START / GROUP_COMPLETE updating the four filters at the indexes their CRCs
// give (computed here with the runtime's CRC engine, independently of the generated code),
// double reads of a group in flight, redirection once a group has migrated, and duplicate
// group transitions ignored.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Crc, crc64Redis, createCrc } from '../../../runtime/externs/crc.js';
import { bytesOf, cleanup, ipv4, ipv4Frame, ok, P4, type Rig, rig, table, udp } from './helpers.js';

const MAC_CLIENT = 0x020000000001n;
const MAC_SRC = 0x020000000002n;
const MAC_DST = 0x020000000003n;
const SRC_PORT_DB = 7000;
const DST_PORT_DB = 7001;
const SIZE_EXP = 4;
const REMAIN_EXP = 2;

const OP_READ = 0x01;
const OP_MULTI_READ = 0x07;
const OP_GROUP_START = 0x16;
const OP_GROUP_COMPLETE = 0x18;
const OP_TERMINATE = 0x14;

function mg(op: number, dbPort: number, body: number[]): number[] {
  return udp(40000, 0xbe00, [op, ...bytesOf(0x1122334455667788n, 8), ...bytesOf(BigInt(dbPort), 2), ...body]);
}

/** A frame from the client (10.0.0.1) to the source shard (10.0.0.2) carrying `l4`. */
function fromClient(l4: number[]): Uint8Array {
  return ipv4Frame({ dst: MAC_SRC, src: MAC_CLIENT, ipSrc: '10.0.0.1', ipDst: '10.0.0.2', proto: 17, l4 });
}

function read(key: number): Uint8Array {
  return fromClient(mg(OP_READ, SRC_PORT_DB, [0x01, 0x00, ...bytesOf(BigInt(key), 4)]));
}

function group(op: number, groupId: number, thread = 1): Uint8Array {
  return ipv4Frame({
    dst: MAC_DST,
    src: MAC_SRC,
    ipSrc: '10.0.0.2',
    ipDst: '10.0.0.3',
    proto: 17,
    l4: mg(op, DST_PORT_DB, [...bytesOf(BigInt(groupId), 4), thread, 1]),
  });
}

/** The source's TERMINATE to the destination (the same 25 bytes as INIT). */
function terminate(): Uint8Array {
  return ipv4Frame({
    dst: MAC_DST,
    src: MAC_SRC,
    ipSrc: '10.0.0.2',
    ipDst: '10.0.0.3',
    proto: 17,
    l4: mg(OP_TERMINATE, DST_PORT_DB, [
      ...bytesOf(BigInt(ipv4('10.0.0.2')), 4),
      ...bytesOf(BigInt(SRC_PORT_DB), 2),
      ...bytesOf(BigInt(ipv4('10.0.0.3')), 4),
      ...bytesOf(BigInt(DST_PORT_DB), 2),
      SIZE_EXP,
      REMAIN_EXP,
    ]),
  });
}

/** The group of a key as the servers compute it: Redis CRC-64, low 32 bits, masked and shifted. */
function groupOf(key: number): number {
  const bucket = Number(crc64Redis(Uint8Array.from(bytesOf(BigInt(key), 4))) & 0xffffffffn);
  return (bucket & (2 ** SIZE_EXP - 1)) >>> REMAIN_EXP;
}

/** The four filters' CRC-32s (docs/netmigrate.md §4), msb: the index is the CRC's top `bits` bits. */
const FILTER_CRCS = [
  { poly: 0x1edc6f41, refin: true, init: 0, xorout: 0xffffffff },
  { poly: 0x04c11db7, refin: true, init: 0, xorout: 0xffffffff },
  { poly: 0x04c11db7, refin: false, init: 0, xorout: 0xffffffff },
  { poly: 0x04c11db7, refin: false, init: 0xffffffff, xorout: 0 },
].map(
  (p): Crc =>
    ok(createCrc({ width: 32, poly: p.poly, refin: p.refin, refout: p.refin, init: p.init, xorout: p.xorout })),
);

function filterIndex(i: number, groupId: number, bits: number): number {
  const data = Uint8Array.from([
    ...bytesOf(BigInt(ipv4('10.0.0.3')), 4),
    ...bytesOf(BigInt(DST_PORT_DB), 2),
    ...bytesOf(BigInt(groupId), 4),
  ]);
  const crc = Number((FILTER_CRCS[i] as Crc).compute(data));
  return crc >>> (32 - bits);
}

/** The match of the migrating source shard's entries: its IPv4 address and dbPort. */
function sourceShard() {
  return [
    { kind: 'exact' as const, value: ipv4('10.0.0.2') },
    { kind: 'exact' as const, value: SRC_PORT_DB },
  ];
}

/** The controller's INIT entry: shard 10.0.0.2:SRC_PORT_DB migrates to 10.0.0.3:DST_PORT_DB. */
function addMigrationPair(r: Rig): void {
  ok(
    table(r, 'NmIngress.migration_pair').add({
      match: sourceShard(),
      action: 'NmIngress.set_migration_pair',
      params: [MAC_DST, ipv4('10.0.0.3'), DST_PORT_DB, SIZE_EXP, REMAIN_EXP],
    }),
  );
}

/** The double-read mirror of the migrating shard: session 5, an ingress copy to port 3. */
function addDoubleReadMirror(r: Rig): void {
  ok(
    table(r, 'NmIngress.mirror_fwd').add({
      match: sourceShard(),
      action: 'NmIngress.set_double_read',
      params: [5],
    }),
  );
  ok(r.tm.addMirrorSession({ id: 5, direction: 'ingress', egressPort: 3, maxLen: 0 }));
}
function cell(r: Rig, name: string, index: number): number | bigint {
  const reg = r.state.registerByName.get(name);
  assert.ok(reg !== undefined, name);
  return ok(reg.cpRead(index))[0] as number;
}

const BF_BITS = 20;
const CBF_BITS = 18;

describe('NetMigrate compiled', () => {
  let r: Rig;
  // Keys in group 1 and in another group.
  const keys = Array.from({ length: 64 }, (_, i) => i + 1);
  const inGroup = keys.filter((k) => groupOf(k) === 1);
  const other = keys.filter((k) => groupOf(k) !== 1);

  before(async () => {
    r = await rig(P4('netmigrate.p4'));
    const route = table(r, 'NmIngress.ipv4_route');
    for (const [addr, port] of [
      ['10.0.0.1', 1],
      ['10.0.0.2', 2],
      ['10.0.0.3', 3],
    ] as const)
      ok(
        route.add({
          match: [{ kind: 'lpm', value: ipv4(addr), prefixLength: 32 }],
          action: 'NmIngress.set_egress_port',
          params: [port],
        }),
      );
    // The servers' ports (source 2, destination 3) may send migration control; the client's (1) may not.
    for (const port of [2, 3])
      ok(
        table(r, 'NmIngress.migration_peers').add({
          match: [{ kind: 'exact', value: port }],
          action: 'NmIngress.migration_peer',
          params: [],
        }),
      );
  });
  after(cleanup);

  test('a READ for a key with no migration goes to the route port, UDP checksum cleared, IPv4 checksum kept', () => {
    r.out.length = 0;
    const f = read(inGroup[0] as number);
    r.engine.receive(1, f);
    assert.equal(r.out.length, 1);
    assert.equal(r.out[0]?.port, 2);
    const expected = f.slice();
    expected[14 + 20 + 6] = 0;
    expected[14 + 20 + 7] = 0;
    assert.deepEqual(r.out[0]?.frame, expected);
  });

  test('GROUP_START adds 1 to the four counting filters at the CRC indexes of (shard, port, group)', () => {
    addMigrationPair(r);
    ok(
      table(r, 'NmIngress.redirect_route').add({
        match: [{ kind: 'lpm', value: ipv4('10.0.0.3'), prefixLength: 32 }],
        action: 'NmIngress.redirect_to_destination',
        params: [3],
      }),
    );
    addDoubleReadMirror(r);
    r.out.length = 0;
    r.engine.receive(2, group(OP_GROUP_START, 1));
    assert.equal(r.out[0]?.port, 3, 'the group packet itself is routed to the destination');
    for (let i = 0; i < 4; i++) {
      const idx = filterIndex(i, 1, BF_BITS) & (2 ** CBF_BITS - 1);
      assert.equal(cell(r, `NmIngress.filter_${i + 1}.counting_filter`, idx), 1, `filter ${i + 1}`);
    }
  });

  test('a READ of a key in the in-flight group is double-read: both the original and the copy to the destination carry ver 0x04', () => {
    r.out.length = 0;
    const key = inGroup[0] as number;
    r.engine.receive(1, read(key));
    const toSrc = r.out.find((o) => o.port === 2);
    const toDst = r.out.find((o) => o.port === 3);
    assert.ok(toSrc !== undefined && toDst !== undefined, JSON.stringify(r.out.map((o) => o.port)));
    const verAt = 14 + 20 + 8 + 11 + 1;
    assert.equal(toSrc.frame[verAt], 0x04);
    assert.deepEqual([...toDst.frame.subarray(0, 6)], bytesOf(MAC_DST, 6));
    assert.deepEqual([...toDst.frame.subarray(30, 34)], bytesOf(BigInt(ipv4('10.0.0.3')), 4));
    assert.deepEqual([...toDst.frame.subarray(14 + 20 + 8 + 9, 14 + 20 + 8 + 11)], bytesOf(BigInt(DST_PORT_DB), 2));
    // The I2E copy is the frame as received (an ingress mirror copies the packet before the
    // ingress changes), then rewritten by egress, which sets the double-read flag on it too.
    assert.deepEqual([...toDst.frame.subarray(verAt + 1, verAt + 5)], bytesOf(BigInt(key), 4));
    assert.equal(toDst.frame[verAt], 0x04);
  });

  test('a READ of a key in a group not started stays with the source', () => {
    r.out.length = 0;
    r.engine.receive(1, read(other[0] as number));
    assert.deepEqual(
      r.out.map((o) => o.port),
      [2],
    );
  });

  test('GROUP_COMPLETE subtracts 1 and sets the Bloom filter bits; then reads go to the destination', () => {
    r.out.length = 0;
    r.engine.receive(2, group(OP_GROUP_COMPLETE, 1));
    for (let i = 0; i < 4; i++) {
      const bf = filterIndex(i, 1, BF_BITS);
      assert.equal(cell(r, `NmIngress.filter_${i + 1}.counting_filter`, bf & (2 ** CBF_BITS - 1)), 0);
      assert.equal(cell(r, `NmIngress.filter_${i + 1}.bloom_filter`, bf), 1);
    }
    r.out.length = 0;
    r.engine.receive(1, read(inGroup[1] ?? (inGroup[0] as number)));
    assert.deepEqual(
      r.out.map((o) => o.port),
      [3],
    );
    assert.deepEqual([...(r.out[0]?.frame.subarray(30, 34) ?? [])], bytesOf(BigInt(ipv4('10.0.0.3')), 4));
  });

  test('migration control from a port that is not a registered peer is dropped before the filters, the duplicate register and the digest', () => {
    const forged = r.state.counterByName.get('NmIngress.forged_control_drops');
    assert.ok(forged !== undefined);
    const before = ok(forged.read(0)).packets;
    const snapshot = () =>
      [1, 2, 3, 4].flatMap((i) => [
        cell(r, `NmIngress.filter_${i}.counting_filter`, filterIndex(i - 1, 2, BF_BITS) & (2 ** CBF_BITS - 1)),
        cell(r, `NmIngress.filter_${i}.bloom_filter`, filterIndex(i - 1, 2, BF_BITS)),
      ]);
    const filters = snapshot();
    const lastApplied = cell(r, 'NmIngress.group_next_transition', 1);
    r.out.length = 0;
    r.digests.length = 0;
    // A client on port 1 forges the source's GROUP_START, GROUP_COMPLETE and a TERMINATE.
    r.engine.receive(1, group(OP_GROUP_START, 2));
    r.engine.receive(1, group(OP_GROUP_COMPLETE, 2));
    r.engine.receive(1, terminate());
    assert.deepEqual(r.out, [], 'nothing forwarded');
    assert.deepEqual(r.digests, [], 'the controller hears nothing');
    assert.deepEqual(snapshot(), filters, 'the filters are untouched');
    assert.equal(cell(r, 'NmIngress.group_next_transition', 1), lastApplied, 'the duplicate register is untouched');
    assert.equal(ok(forged.read(0)).packets, before + 3);
    // The same TERMINATE from the source's port reaches the controller.
    r.engine.receive(2, terminate());
    assert.equal(r.digests.length, 1);
  });

  test('a repeated GROUP_COMPLETE from the same thread leaves the filters alone and is counted', () => {
    r.engine.receive(2, group(OP_GROUP_COMPLETE, 1));
    const idx = filterIndex(0, 1, BF_BITS) & (2 ** CBF_BITS - 1);
    assert.equal(cell(r, 'NmIngress.filter_1.counting_filter', idx), 0);
    const dup = r.state.counterByName.get('NmIngress.group_duplicates');
    assert.ok(dup !== undefined);
    assert.equal(ok(dup.read(1)).packets, 1);
  });
});

describe('NetMigrate multi-key walk compiled', () => {
  after(cleanup);

  /** The compiled program with client and source routes and the walk's E2E session to port 68. */
  async function walkRig(): Promise<Rig> {
    const r = await rig(P4('netmigrate.p4'));
    for (const [addr, port] of [
      ['10.0.0.1', 1],
      ['10.0.0.2', 2],
    ] as const)
      ok(
        table(r, 'NmIngress.ipv4_route').add({
          match: [{ kind: 'lpm', value: ipv4(addr), prefixLength: 32 }],
          action: 'NmIngress.set_egress_port',
          params: [port],
        }),
      );
    ok(r.tm.addMirrorSession({ id: 1, direction: 'egress', egressPort: 68, maxLen: 0 }));
    return r;
  }

  test('a MULTI_READ of 4 keys is served one key per pass: E2E walk copies recirculate, slots swap through header stacks', async () => {
    const r = await walkRig();
    const keys = [0x11111111, 0x22222222, 0x33333333, 0x44444444];
    const slots = keys.flatMap((k) => [0x00, ...bytesOf(BigInt(k), 4)]);
    const f = fromClient(mg(OP_MULTI_READ, SRC_PORT_DB, [0x0f, ...slots]));
    r.engine.receive(1, f);
    const served = r.out.filter((o) => o.port === 2);
    assert.equal(served.length, 4, JSON.stringify(r.engine.stats));
    const slot1 = 14 + 20 + 8 + 11 + 1 + 1;
    const key = (x: Uint8Array) => x.subarray(slot1, slot1 + 4).reduce((a, b) => a * 256 + b, 0);
    assert.deepEqual(
      served.map((o) => key(o.frame)),
      keys,
    );
    assert.equal(r.engine.stats.recirculated, 3);
  });

  test('a MULTI_WRITE walk moves each value with its key: every packet carries its slot-1 key and that key’s value', async () => {
    const r = await walkRig();
    const keys = [0x0a0a0a0a, 0x0b0b0b0b, 0, 0x0d0d0d0d];
    const values = keys.map((_, i) => new Array<number>(64).fill(0x41 + i));
    const f = ipv4Frame({
      dst: MAC_SRC,
      src: MAC_CLIENT,
      ipSrc: '10.0.0.1',
      ipDst: '10.0.0.2',
      proto: 17,
      // Slots 1, 2 and 4 (bitmap 0b1011): the walk skips the absent slot 3.
      l4: mg(0x08, SRC_PORT_DB, [0x0b, ...keys.flatMap((k) => bytesOf(BigInt(k), 4)), ...values.flat()]),
    });
    r.engine.receive(1, f);
    const served = r.out.filter((o) => o.port === 2);
    const base = 14 + 20 + 8 + 11;
    assert.deepEqual(
      served.map((o) => [
        o.frame[base],
        o.frame.subarray(base + 1, base + 5).reduce((a, b) => a * 256 + b, 0),
        o.frame[base + 17],
        o.frame[base + 17 + 63],
      ]),
      [
        [0b1010, keys[0], 0x41, 0x41],
        [0b1000, keys[1], 0x42, 0x42],
        [0b0000, keys[3], 0x44, 0x44],
      ],
    );
    assert.equal(r.engine.stats.recirculated, 2);
  });

  test('a MULTI_DELETE walk of 3 keys serves slots 1, 3 and 4 in turn, each from slot 1', async () => {
    const r = await walkRig();
    const keys = [0x01010101, 0x02020202, 0x03030303, 0x04040404];
    r.engine.receive(1, fromClient(mg(0x09, SRC_PORT_DB, [0b1101, ...keys.flatMap((k) => bytesOf(BigInt(k), 4))])));
    const base = 14 + 20 + 8 + 11;
    const word = (x: Uint8Array, at: number) => x.subarray(at, at + 4).reduce((a, b) => a * 256 + b, 0);
    assert.deepEqual(
      r.out.filter((o) => o.port === 2).map((o) => [o.frame[base], word(o.frame, base + 1), o.frame.length]),
      [
        [0b1100, keys[0], base + 17],
        [0b1000, keys[2], base + 17],
        [0b0000, keys[3], base + 17],
      ],
    );
    assert.equal(r.engine.stats.recirculated, 2);
  });

  test('a MULTI_READ walk through groups in flight double-reads every key: original and copy answer the same slot-1 key', async () => {
    const r = await walkRig();
    addMigrationPair(r);
    addDoubleReadMirror(r);
    for (const port of [2, 3])
      ok(
        table(r, 'NmIngress.migration_peers').add({
          match: [{ kind: 'exact', value: port }],
          action: 'NmIngress.migration_peer',
          params: [],
        }),
      );
    // Every group of the shard in flight: each key of the request is double-read.
    for (let g = 0; g < 2 ** (SIZE_EXP - REMAIN_EXP); g++) r.engine.receive(2, group(OP_GROUP_START, g, g + 1));
    r.out.length = 0;
    const keys = [0x11111111, 0x22222222, 0x33333333, 0x44444444];
    const slots = keys.flatMap((k) => [0x00, ...bytesOf(BigInt(k), 4)]);
    r.engine.receive(1, fromClient(mg(OP_MULTI_READ, SRC_PORT_DB, [0x0f, ...slots])));
    const verAt = 14 + 20 + 8 + 11 + 1;
    const slot1 = (x: Uint8Array) => [
      x[verAt - 1],
      x[verAt],
      x.subarray(verAt + 1, verAt + 5).reduce((a, b) => a * 256 + b, 0),
    ];
    const expected = keys.map((k, i) => [0x0f & ~((1 << (i + 1)) - 1), 0x04, k]);
    assert.deepEqual(
      r.out.filter((o) => o.port === 2).map((o) => slot1(o.frame)),
      expected,
      'the source answers each key in turn',
    );
    const copies = r.out.filter((o) => o.port === 3);
    assert.deepEqual(
      copies.map((o) => slot1(o.frame)),
      expected,
      'the destination answers the same keys',
    );
    for (const c of copies) {
      assert.equal(c.frame.length, 14 + 20 + 8 + 11 + 1 + 4 * 5, 'a copy is the request, nothing in front');
      assert.deepEqual([...c.frame.subarray(30, 34)], bytesOf(BigInt(ipv4('10.0.0.3')), 4));
    }
  });
});
