// p4ts diff's core: which port a capture file is, and the per-port comparison (in order,
// counts of same / differing / only on one side, the first divergence, byte ignores).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { type CaptureSide, portOfFileName } from '../../../packet-test/diff/capture.js';
import { diffCaptures, diffIsClean } from '../../../packet-test/diff/compare.js';

const side = (ports: Record<number, number[][]>): CaptureSide => ({
  kind: 'pcap-set',
  description: 'test',
  ports: new Map(
    Object.entries(ports).map(([p, frames]) => [
      Number(p),
      frames.map((f, i) => ({ data: Uint8Array.from(f), origin: `#${i + 1}` })),
    ]),
  ),
});

describe('capture file names', () => {
  test('the last number is the port; -in/-out the direction (out by default)', () => {
    assert.deepEqual(portOfFileName('port12-out.pcap'), { port: 12, direction: 'out' });
    assert.deepEqual(portOfFileName('port3-in.pcap'), { port: 3, direction: 'in' });
    assert.deepEqual(portOfFileName('run2_veth6.pcap'), { port: 6, direction: 'out' });
    assert.equal(portOfFileName('capture.pcap'), undefined);
  });
});

describe('diffCaptures', () => {
  test('identical sides are clean', () => {
    const r = diffCaptures(side({ 1: [[1, 2, 3]] }), side({ 1: [[1, 2, 3]] }));
    assert.ok(diffIsClean(r));
    assert.equal(r.same, 1);
  });
  test('the first differing byte of the first differing packet, per port, and the counts', () => {
    const r = diffCaptures(
      side({ 1: [[1, 2], [1, 2, 3], [9]], 2: [[5]] }),
      side({ 1: [[1, 2], [1, 7, 3], [8]], 3: [[6]] }),
    );
    assert.equal(diffIsClean(r), false);
    const p1 = r.ports.find((p) => p.port === 1);
    assert.deepEqual(
      [p1?.same, p1?.differing, p1?.first?.index, p1?.first?.byte, p1?.first?.a, p1?.first?.b],
      [1, 2, 1, 1, '02', '07'],
    );
    assert.deepEqual(
      r.ports.map((p) => [p.port, p.onlyA, p.onlyB]),
      [
        [1, 0, 0],
        [2, 1, 0],
        [3, 0, 1],
      ],
    );
  });
  test('a shorter packet differs where it ends', () => {
    const r = diffCaptures(side({ 1: [[1, 2, 3]] }), side({ 1: [[1, 2]] }));
    assert.deepEqual([r.ports[0]?.first?.byte, r.ports[0]?.first?.b], [2, '--']);
  });
  test('ignored bytes do not count', () => {
    const a = side({ 1: [[1, 2, 3, 4]] });
    const b = side({ 1: [[1, 9, 9, 4]] });
    assert.ok(diffIsClean(diffCaptures(a, b, { ignore: [{ kind: 'bytes', offset: 1, length: 2 }] })));
    assert.equal(diffIsClean(diffCaptures(a, b, { ignore: [{ kind: 'bytes', offset: 1, length: 1 }] })), false);
  });
});
