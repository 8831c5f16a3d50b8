// DevicePorts: the port table's configuration rules, the MAC counters the data plane updates,
// traffic stopped by a disabled, deleted or down port, MTUs, and status-change notifications.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { DevicePorts, PORT_STAT_NAMES } from '../../../runtime/ports/device-ports.js';

const frame = (length: number, first = 0x00) => {
  const f = new Uint8Array(length);
  f[0] = first;
  return f;
};
const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : (r.code as string));

describe('DevicePorts', () => {
  test('every MAC port starts added, enabled and up; other ports are not its business', () => {
    const d = new DevicePorts(new Set([0, 2]));
    assert.deepEqual(d.list(), [0, 2]);
    assert.equal(d.isUp(0), true);
    assert.equal(d.config(0)?.speed, 'BF_SPEED_100G');
    // Port 68 (recirculation) is no MAC port: frames pass and nothing is counted.
    assert.equal(d.receive(68, frame(64)), true);
    assert.equal(d.transmit(68, frame(64)), true);
    assert.equal(d.stats(68), undefined);
  });

  test('frames are counted with the wire padding and FCS; unicast, multicast, broadcast apart', () => {
    const d = new DevicePorts(new Set([1]));
    assert.equal(d.receive(1, frame(26)), true);
    assert.equal(d.receive(1, frame(100, 0x01)), true);
    assert.equal(d.transmit(1, Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...new Array(58).fill(0)])), true);
    const s = d.stats(1);
    assert.equal(s?.FramesReceivedOK, 2);
    assert.equal(s?.OctetsReceived, 64 + 104);
    assert.equal(s?.FramesReceivedUnicast, 1);
    assert.equal(s?.FramesReceivedMulticast, 1);
    assert.equal(s?.FramesTransmittedBroadcast, 1);
    assert.equal(s?.OctetsTransmittedTotal, 68);
  });

  test('a disabled, deleted, down or one-way port stops frames and counts none', () => {
    let link = true;
    const d = new DevicePorts(new Set([1, 2]));
    d.linkUp = () => link;
    d.modify(1, { enabled: false });
    assert.equal(d.receive(1, frame(64)), false);
    assert.equal(d.transmit(1, frame(64)), false);
    assert.equal(d.stats(1)?.FramesReceivedAll, 0);
    d.modify(1, { enabled: true, direction: 'PM_PORT_DIR_RX_ONLY' });
    assert.equal(d.receive(1, frame(64)), true);
    assert.equal(d.transmit(1, frame(64)), false);
    link = false;
    assert.equal(d.receive(2, frame(64)), false);
    assert.equal(d.isUp(2), false);
    link = true;
    assert.equal(code(d.delete(2)), 'ok');
    assert.equal(d.receive(2, frame(64)), false);
    assert.equal(code(d.modify(2, { enabled: true })), 'NO_SUCH_PORT');
  });

  test('frames longer than the MTU (with the FCS) are counted and dropped', () => {
    const d = new DevicePorts(new Set([1]));
    // Until an MTU is set, any frame p4ts carries (up to 65535 bytes) passes.
    assert.equal(d.receive(1, frame(0xffff)), true);
    assert.equal(code(d.modify(1, { rxMtu: 10241 })), 'BAD_PORT_CONFIG');
    d.clearStats(1);
    d.modify(1, { rxMtu: 1500, txMtu: 1500 });
    assert.equal(d.receive(1, frame(1496)), true);
    assert.equal(d.receive(1, frame(1497)), false);
    assert.equal(d.transmit(1, frame(1497)), false);
    const s = d.stats(1);
    assert.deepEqual([s?.FramesReceivedAll, s?.FramesReceivedOK, s?.FramesReceivedTooLong], [2, 1, 1]);
    assert.deepEqual([s?.FramesTransmittedAll, s?.FramesTransmittedwithError, s?.FramesTransmittedOK], [1, 1, 0]);
  });

  test('bad settings are refused and change nothing', () => {
    const d = new DevicePorts(new Set([1, 2]));
    const before = d.config(1);
    for (const bad of [
      { speed: 'BF_SPEED_7G' },
      { speed: 'BF_SPEED_100G', lanes: 1 },
      { lanes: 3 },
      { txMtu: 63 },
      { rxMtu: 10241 },
      { fec: 'FEC' },
      { enabled: 1 as unknown as boolean },
    ])
      assert.equal(code(d.modify(1, bad)), 'BAD_PORT_CONFIG', JSON.stringify(bad));
    assert.deepEqual(d.config(1), before);
    assert.equal(code(d.add(1, { speed: 'BF_SPEED_10G' })), 'DUPLICATE_PORT');
    assert.equal(code(d.add(7, { speed: 'BF_SPEED_10G' })), 'INVALID_PORT');
    d.delete(2);
    assert.equal(code(d.add(2, {})), 'BAD_PORT_CONFIG');
    assert.equal(code(d.add(2, { speed: 'BF_SPEED_25G' })), 'ok');
    assert.deepEqual([d.config(2)?.lanes, d.config(2)?.enabled], [1, false]);
    assert.equal(code(d.setStats(2, { Nope: 1 } as never)), 'BAD_PORT_CONFIG');
  });

  test('status changes are queued only while notifications are on', () => {
    const d = new DevicePorts(new Set([1]));
    d.modify(1, { enabled: false });
    assert.deepEqual(d.takeStatusEvents(), []);
    d.setStatusNotifications(true);
    d.modify(1, { enabled: true });
    d.modify(1, { fec: 'BF_FEC_TYP_FIRECODE' });
    d.delete(1);
    assert.deepEqual(d.takeStatusEvents(), [
      { port: 1, up: true },
      { port: 1, up: false },
    ]);
    assert.deepEqual(d.takeStatusEvents(), []);
  });

  test('property: counters add up (OK + too long = All) whatever the frames and MTU', () => {
    fc.assert(
      fc.property(fc.integer({ min: 64, max: 1600 }), fc.array(fc.integer({ min: 14, max: 2000 })), (mtu, lens) => {
        const d = new DevicePorts(new Set([3]));
        d.modify(3, { rxMtu: mtu });
        let passed = 0;
        for (const n of lens) if (d.receive(3, frame(n))) passed++;
        const s = d.stats(3);
        assert.ok(s !== undefined);
        assert.equal(s.FramesReceivedAll, lens.length);
        assert.equal(s.FramesReceivedOK, passed);
        assert.equal(s.FramesReceivedOK + s.FramesReceivedTooLong, s.FramesReceivedAll);
        assert.equal(
          s.OctetsReceivedinGoodFrames,
          lens.filter((n) => Math.max(n, 60) + 4 <= mtu).reduce((a, n) => a + Math.max(n, 60) + 4, 0),
        );
        d.clearStats();
        assert.ok(PORT_STAT_NAMES.every((k) => d.stats(3)?.[k] === 0));
      }),
    );
  });
});
