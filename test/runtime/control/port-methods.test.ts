// The port.* / ports.* control-plane methods over a traffic manager's ports: parameters
// checked before anything changes, settings and counters read back, the pipe port map.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  portAdd,
  portClearStats,
  portDelete,
  portGet,
  portModify,
  portSetStats,
  portStats,
  portsList,
  portsMap,
  portsSetStatusNotifications,
  portsStatusEvents,
} from '../../../runtime/control/port-methods.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';

const target = () => ({
  tm: new TrafficManager({ frontPanel: new Set([1, 129]), recirculation: new Set([68]), cpu: 64 }),
});
const code = (r: { ok: boolean; code?: string }) => (r.ok ? 'ok' : (r.code as string));

describe('port methods', () => {
  test('settings are checked by type and value; a refused request changes nothing', () => {
    const t = target();
    assert.equal(code(portModify(t, { port: 1, txMtu: '1500' })), 'BAD_PORT_CONFIG');
    assert.equal(code(portModify(t, { port: 1, mtu: 1500 })), 'BAD_PORT_CONFIG');
    assert.equal(code(portModify(t, { port: 1, speed: 'BF_SPEED_10G', lanes: 4 })), 'BAD_PORT_CONFIG');
    assert.equal(code(portModify(t, { port: 512 })), 'INVALID_PORT');
    assert.equal(code(portModify(t, { port: 1, loopback: 'BF_LPBK_MAC_NEAR', rxParserPriorityThreshold: 2 })), 'ok');
    const got = portGet(t, { port: 129 });
    assert.ok(got.ok);
    assert.deepEqual(
      { ...(got.value as object) },
      {
        ...(got.value as object),
        port: 129,
        pipe: 1,
        localPort: 1,
        kind: 'front-panel',
        speed: 'BF_SPEED_100G',
        enabled: true,
        up: true,
      },
    );
    const p1 = portGet(t, { port: 1 });
    assert.ok(p1.ok && (p1.value as { rxParserPriorityThreshold: number }).rxParserPriorityThreshold === 2);
    // A MAC loopback sends the port's packets back into the ingress.
    assert.equal(t.tm.isRecirculation(1), true);
    assert.equal(code(portModify(t, { port: 1, loopback: 'BF_LPBK_NONE' })), 'ok');
    assert.equal(t.tm.isRecirculation(1), false);
  });

  test('delete all, add, counters written and cleared, the map and notifications', () => {
    const t = target();
    assert.equal(code(portsSetStatusNotifications(t, { enable: true })), 'ok');
    assert.deepEqual(portDelete(t, { all: true }), { ok: true, value: { deleted: 2 } });
    assert.equal(code(portGet(t, { port: 1 })), 'NO_SUCH_PORT');
    assert.deepEqual(portsList(t), { ok: true, value: { ports: [] } });
    assert.equal(code(portAdd(t, { port: 64, speed: 'BF_SPEED_10G' })), 'INVALID_PORT');
    assert.equal(code(portAdd(t, { port: 1, speed: 'BF_SPEED_10G', enabled: true })), 'ok');
    t.tm.macs.receive(1, new Uint8Array(100));
    const s = portStats(t, { port: 1 });
    assert.ok(s.ok && (s.value as { FramesReceivedOK: number }).FramesReceivedOK === 1);
    assert.equal(code(portSetStats(t, { port: 1, stats: { FramesReceivedOK: -1 } })), 'BAD_PORT_CONFIG');
    assert.equal(code(portSetStats(t, { port: 1, stats: { FramesReceivedOK: 0 } })), 'ok');
    assert.equal((portStats(t, { port: 1 }) as { value: { FramesReceivedAll: number } }).value.FramesReceivedAll, 1);
    assert.equal(code(portClearStats(t, {})), 'ok');
    assert.equal((portStats(t, { port: 1 }) as { value: { FramesReceivedAll: number } }).value.FramesReceivedAll, 0);
    const map = portsMap(t);
    assert.ok(map.ok);
    assert.deepEqual(
      (map.value as { ports: { port: number; kind: string; added: boolean }[] }).ports.map((p) => [
        p.port,
        p.kind,
        p.added,
      ]),
      [
        [1, 'front-panel', true],
        [64, 'cpu', false],
        [68, 'recirculation', false],
        [129, 'front-panel', false],
      ],
    );
    assert.deepEqual(portsStatusEvents(t), {
      ok: true,
      value: {
        events: [
          { port: 1, up: false },
          { port: 129, up: false },
          { port: 1, up: true },
        ],
      },
    });
    assert.equal(code(portsSetStatusNotifications(t, { enable: 'yes' })), 'INVALID_PARAMS');
  });
});
