// v1model programs of our own (test/compiler/codegen/p4/v1model-*.p4) compiled with the real
// compiler and run through the V1ModelEngine in process: bmv2 simple_switch's semantics as
// docs/v1model.md states them, one rule per test.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { cleanup, ROOT } from './helpers.js';
import { hex, type V1Rig, v1modelRig } from './v1model-rig.js';

const PROGRAM = (name: string) => `${ROOT}/test/compiler/codegen/p4/${name}.p4`;

/** hdr.h is a b c(16) d(32); the selector is b; one payload byte 0xaa follows. */
const frame = (a: number, b: number, ...rest: number[]) => [a, b, 0, 0, 0, 0, 0, 0, ...(rest.length ? rest : [0xaa])];
const shown = (outs: { port: number; frame: Uint8Array }[]) => outs.map((o) => `${o.port}:${hex(o.frame)}`);

after(cleanup);

describe('v1model: forwarding, drops and parser errors', () => {
  let r: V1Rig;
  before(async () => {
    r = await v1modelRig(PROGRAM('v1model-basics'));
  });

  test('a packet leaves on egress_spec; left untouched, egress_spec is 0 and so is the port', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 1))), ['3:0001000000000000aa']);
    assert.deepEqual(shown(r.send(5, frame(0, 0))), ['0:0000000000000000aa']);
  });

  test('mark_to_drop in ingress drops the packet before egress', () => {
    const before = r.engine.stats.drops.ingress_drop_ctl;
    assert.deepEqual(r.send(5, frame(0, 2)), []);
    assert.equal(r.engine.stats.drops.ingress_drop_ctl, before + 1);
  });

  test('mark_to_drop in egress drops the packet before the deparser', () => {
    const before = r.engine.stats.drops.egress_drop_ctl;
    assert.deepEqual(r.send(5, frame(0, 3)), []);
    assert.equal(r.engine.stats.drops.egress_drop_ctl, before + 1);
  });

  test('egress sees egress_port, packet_length and an egress_spec of 0; ingress saw ingress_port', () => {
    // a = egress_port 2, b = egress_spec in egress 0, c = ingress_port 5, d = packet_length 9.
    assert.deepEqual(shown(r.send(5, frame(0, 8))), ['2:0200000500000009aa']);
  });

  test('a parser error does not drop: ingress runs with parser_error set and the headers extracted so far', () => {
    // a = 0xff goes to reject: NoMatch; ingress rewrites b.
    assert.deepEqual(shown(r.send(5, frame(0xff, 0, 1))), ['1:ffee00000000000001']);
  });

  test('a packet too short for its first header reaches ingress with PacketTooShort and leaves unparsed', () => {
    assert.deepEqual(shown(r.send(5, [0, 0, 0])), ['9:000000']);
  });

  test('verify_checksum sets checksum_error when the checksum is wrong, and only then', () => {
    assert.deepEqual(shown(r.send(5, [0x0c, 4, 0, 0, 0, 0, 0, 0])), ['8:0c04000000000000']);
    // csum16 of 0x0c04 is 0xf3fb: the packet goes on (b = 4 also sets opt valid).
    assert.deepEqual(shown(r.send(5, [0x0c, 4, 0xf3, 0xfb, 0, 0, 0, 0])), ['1:0c04f3fb0000000000']);
  });

  test('update_checksum writes the checksum before the deparser', () => {
    assert.deepEqual(shown(r.send(5, [0x0d, 0x0d, 0, 0, 0, 0, 0, 0])), ['1:0d0df2f200000000']);
  });

  test('setValid on an invalid header zeroes its fields; on a valid one it keeps them', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 4))), ['1:000400000000000000aa']);
    assert.deepEqual(shown(r.send(5, frame(1, 4, 0x55, 9))), ['1:01040000000000005509']);
  });

  test('truncate cuts the outgoing packet to the given length', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 5, 1, 2, 3, 4))), ['1:00050000000000000102']);
  });

  test('a failed assert drops the packet and is counted; a true one does nothing', () => {
    const before = r.engine.stats.drops.assertion_failed;
    assert.deepEqual(r.send(5, frame(0, 6)), []);
    assert.equal(r.engine.stats.drops.assertion_failed, before + 1);
    assert.equal(r.send(5, frame(0x42, 6)).length, 1);
  });

  test('log_msg formats its values into the message', () => {
    r.send(5, frame(3, 7));
    assert.equal(r.logs.at(-1), 'a=3 b=7');
  });
});

describe('v1model: clones, resubmit, recirculate and multicast', () => {
  let r: V1Rig;
  before(async () => {
    r = await v1modelRig(PROGRAM('v1model-copies'));
    assert.ok(r.tm.addMirrorSession({ id: 5, direction: 'both', egressPort: 4, maxLen: 0 }).ok);
    assert.ok(
      r.tm.createMulticastGroup(7, [
        { rid: 100, ports: [2, 3] },
        { rid: 200, ports: [4] },
      ]).ok,
    );
  });

  test('an I2E clone is the packet as received, parsed again, with only its field list preserved', () => {
    // Clone (port 4): b as received, kept 0x11 preserved, lost reset, instance_type 1.
    // Original (port 1): b rewritten by ingress, both fields, instance_type 0.
    assert.deepEqual(shown(r.send(5, frame(0, 0x10))), ['4:0010110000000001aa', '1:0099112200000000aa']);
  });

  test('an E2E clone carries the headers as egress left them and goes through egress again', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 0x11))), ['1:7711112200000000aa', '4:7711110000000002aa']);
  });

  test('a resubmitted packet starts ingress again as received, instance_type 6, its field list preserved', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 0x12))), ['1:0612110000000000aa']);
  });

  test('a recirculated packet re-enters ingress with instance_type 4, its field list preserved, ingress_port 0', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 0x13))), ['1:0413110000000000aa']);
  });

  test('multicast makes one copy per port of each node, with the node’s egress_rid, instance_type 5', () => {
    assert.deepEqual(shown(r.send(5, frame(0, 0x14))), [
      '2:0214006400000005aa',
      '3:0314006400000005aa',
      '4:041400c800000005aa',
    ]);
  });

  test('mark_to_drop also clears mcast_grp: no copies', () => {
    assert.deepEqual(r.send(5, frame(0, 0x15)), []);
  });

  test('a multicast group that does not exist drops the packet', () => {
    const before = r.engine.stats.drops.no_multicast_group;
    assert.deepEqual(r.send(5, frame(0, 0x16)), []);
    assert.equal(r.engine.stats.drops.no_multicast_group, before + 1);
  });

  test('a clone to a session that does not exist makes no copy', () => {
    r.tm.deleteMirrorSession(5);
    assert.deepEqual(shown(r.send(5, frame(0, 0x10))), ['1:0099112200000000aa']);
  });
});

describe('v1model: the bounds on one received frame', () => {
  test('a packet that recirculates forever stops at the re-entry bound; the next frame has the whole budget', async () => {
    const r = await v1modelRig(PROGRAM('v1model-copies'), { maxReentries: 3 });
    for (const n of [1, 2]) {
      assert.deepEqual(r.send(5, frame(0, 0x17)), []);
      assert.equal(r.engine.stats.recirculated, 3 * n);
      assert.equal(r.engine.stats.drops.loop_bound, n);
    }
  });

  test('copies past the copy bound are not made: the one that would exceed it is dropped', async () => {
    const r = await v1modelRig(PROGRAM('v1model-copies'), { maxCopies: 2 });
    assert.ok(r.tm.createMulticastGroup(8, [{ rid: 1, ports: [2, 3, 4] }]).ok);
    assert.deepEqual(
      r.send(5, frame(0, 0x18)).map((o) => o.port),
      [2, 3],
    );
    assert.equal(r.engine.stats.replicated, 2);
    assert.equal(r.engine.stats.drops.copy_bound, 1);
  });
});

describe('v1model: registers, counters, meters, hash, random, digest', () => {
  let r: V1Rig;
  before(async () => {
    r = await v1modelRig(PROGRAM('v1model-externs'));
  });

  test('register read and write; an index out of range reads nothing and writes nothing', () => {
    assert.deepEqual(shown(r.send(5, frame(1, 0x20))), ['1:0120000000000001aa']);
    assert.deepEqual(shown(r.send(5, frame(1, 0x20))), ['1:0120000000000002aa']);
    assert.deepEqual(shown(r.send(5, frame(9, 0x20))), ['1:09200000deadbef0aa']);
    const seen = r.state.registerByName.get('IG.seen');
    assert.deepEqual(seen?.cpRead(1), { ok: true, value: [2] });
  });

  test('counter.count counts packets and bytes (the packet length) at its index', () => {
    assert.deepEqual(r.state.counterByName.get('IG.per_b')?.read(1), { ok: true, value: { packets: 2, bytes: 18 } });
  });

  test('a direct_counter counts every hit of its table, not the misses', () => {
    const t = r.state.tableByName.get('IG.t');
    const h = t?.add({ action: 'IG.mark', params: [0x1234], match: [{ kind: 'exact', value: 3 }] });
    assert.ok(h?.ok);
    assert.deepEqual(shown(r.send(5, frame(3, 0x21))), ['1:0321123400000000aa']);
    r.send(5, frame(3, 0x21));
    r.send(5, frame(4, 0x21));
    const hits = r.state.directByName.get('IG.hits');
    assert.equal(hits?.kind, 'counter');
    assert.deepEqual(hits?.kind === 'counter' ? hits.read(h?.ok ? h.value : -1) : undefined, { packets: 2, bytes: 0 });
  });

  test('a meter the control plane never configured is GREEN (0)', () => {
    assert.deepEqual(shown(r.send(5, frame(1, 0x22))), ['1:0122000000000000aa']);
  });

  test('hash gives base + (hash mod max): identity and csum16 over a field list', () => {
    // identity {0x02, 0x23} = 0x0223 = 547; 10 + 547 % 100 = 57. csum16 = ~0x0223 = 0xfddc.
    assert.deepEqual(shown(r.send(5, frame(2, 0x23))), ['1:022300390000fddcaa']);
  });

  test('random stays within its bounds', () => {
    for (let i = 0; i < 20; i++) {
      const out = r.send(5, frame(2, 0x24))[0]?.frame;
      const v = out === undefined ? -1 : ((out[2] as number) << 8) | (out[3] as number);
      assert.ok(v >= 5 && v <= 7, `random gave ${v}`);
    }
  });

  test('digest sends its fields to the control plane, named after the struct', () => {
    r.send(5, frame(2, 0x25));
    assert.deepEqual(
      r.digests.map((d) => ({ digest: d.digest, values: d.values })),
      [{ digest: 'learn_t', values: [2, 5] }],
    );
  });
});
