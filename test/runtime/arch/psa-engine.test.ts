// The PSA engine (runtime/arch/psa.ts) over a hand-written pipeline module: a two-byte header
// (op, mark) parsed and emitted by every parser/deparser, and ingress/egress functions each
// test supplies. Each test states the rule of the PSA specification it checks (docs/psa.md):
// the initial output metadata, the order clone → drop → resubmit → multicast → unicast, which
// packet a clone, resubmit or recirculation carries, the bridged metadata, and the bounds.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { P4InfoBuilder } from '../../../compiler/codegen/p4info.js';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { PsaEngine } from '../../../runtime/arch/psa.js';
import { PSA_PORT_RECIRCULATE, PSA_PORTS } from '../../../runtime/p4info.js';
import type { PacketBuilder, PacketCursor } from '../../../runtime/packet.js';
import {
  type PsaBlocks,
  type PsaBridgedCopy,
  type PsaBridgedRole,
  PsaPacketPath,
  type PsaPipelineModule,
  type PsaServices,
} from '../../../runtime/pipeline-module.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';

interface Header {
  op: number;
  mark: number;
}

/** What a test's ingress and egress see and write. */
interface Pass {
  readonly blocks: PsaBlocks;
  readonly hdr: Header;
  /** The bridged metadata the block's parser read (ingress: resubmit/recirculate; egress: the rest). */
  readonly bridgedIn: Record<PsaBridgedRole, number>;
  /** What the deparser writes into each bridged role. */
  readonly bridgedOut: Record<PsaBridgedRole, number>;
  readonly services: PsaServices;
}

function moduleOf(ingress: (p: Pass) => void, egress: (p: Pass) => void = () => {}): PsaPipelineModule {
  const p4info = new P4InfoBuilder('psa_fixture', []).build('psa', PSA_PORTS);
  return {
    arch: 'psa',
    p4info,
    create(services) {
      const hdr: Header = { op: 0, mark: 0 };
      const zero = () => ({ normal: 0, clone_i2e: 0, clone_e2e: 0, resubmit: 0, recirculate: 0 });
      const bridgedIn = zero();
      const bridgedOut = zero();
      const parse = (pkt: PacketCursor) => {
        const o = pkt.extract(16);
        if (o < 0) return 1;
        hdr.op = pkt.buf[o >>> 3] as number;
        hdr.mark = pkt.buf[(o >>> 3) + 1] as number;
        return 0;
      };
      const emit = (out: PacketBuilder) => {
        const o = out.emit(16);
        out.buf[o >>> 3] = hdr.op;
        out.buf[(o >>> 3) + 1] = hdr.mark;
      };
      const blocks: PsaBlocks = {
        ip_istd: { ingress_port: 0, packet_path: 0 },
        ig_istd: { ingress_port: 0, packet_path: 0, ingress_timestamp: 0n, parser_error: 0 },
        ig_ostd: {
          class_of_service: 0,
          clone: false,
          clone_session_id: 0,
          drop: false,
          resubmit: false,
          multicast_group: 0,
          egress_port: 0,
        },
        ep_istd: { egress_port: 0, packet_path: 0 },
        eg_istd: {
          class_of_service: 0,
          egress_port: 0,
          packet_path: 0,
          instance: 0,
          egress_timestamp: 0n,
          parser_error: 0,
        },
        eg_ostd: { clone: false, clone_session_id: 0, drop: false },
        ed_istd: { egress_port: 0 },
        ingressParser: parse,
        ingress: () => ingress(pass),
        ingressDeparser: emit,
        egressParser: parse,
        egress: () => egress(pass),
        egressDeparser: emit,
        resetIngress: () => {
          Object.assign(bridgedOut, zero());
        },
        resetEgress: () => {
          Object.assign(bridgedOut, zero());
        },
        saveBridged: (role) => ({ value: bridgedOut[role] }) as unknown as PsaBridgedCopy,
        loadBridged: (role, s) => {
          bridgedIn[role] = s === undefined ? 0 : (s as unknown as { value: number }).value;
        },
      };
      const pass: Pass = { blocks, hdr, bridgedIn, bridgedOut, services };
      return blocks;
    },
  };
}

function rig(ingress: (p: Pass) => void, egress?: (p: Pass) => void) {
  const module = moduleOf(ingress, egress);
  const state = buildPipelineState(module.p4info);
  if (!state.ok) throw new Error(state.message);
  const tm = new TrafficManager({
    frontPanel: new Set(Array.from({ length: 16 }, (_, i) => i)),
    recirculation: new Set(PSA_PORTS.recirculation),
    cpu: PSA_PORTS.cpu,
  });
  const out: { port: number; bytes: number[] }[] = [];
  const engine = new PsaEngine({
    module,
    state: state.value,
    tm,
    output: (port, frame) => out.push({ port, bytes: [...frame] }),
    clockNs: () => 5000,
  });
  return { engine, tm, out };
}

describe('PSA engine: after ingress', () => {
  test('ostd.drop starts true: an ingress that decides nothing drops the packet', () => {
    const seen: boolean[] = [];
    const r = rig((p) => seen.push(p.blocks.ig_ostd.drop));
    r.engine.receive(1, Uint8Array.from([1, 0, 9]));
    assert.deepEqual(seen, [true]);
    assert.deepEqual(r.out, []);
    assert.equal(r.engine.stats.drops.ingress_drop_ctl, 1);
  });

  test('unicast: the deparser output plus the unparsed rest; egress sees NORMAL_UNICAST and the normal metadata', () => {
    const egressSaw: number[] = [];
    const r = rig(
      (p) => {
        p.blocks.ig_ostd.drop = false;
        p.blocks.ig_ostd.egress_port = 3;
        p.hdr.mark = 0x55;
        p.bridgedOut.normal = 0x4e;
      },
      (p) => egressSaw.push(p.blocks.eg_istd.packet_path, p.bridgedIn.normal, p.blocks.eg_istd.egress_port),
    );
    r.engine.receive(1, Uint8Array.from([1, 0, 9, 8]));
    assert.deepEqual(r.out, [{ port: 3, bytes: [1, 0x55, 9, 8] }]);
    assert.deepEqual(egressSaw, [PsaPacketPath.NORMAL_UNICAST, 0x4e, 3]);
  });

  test('a disabled port neither receives nor sends (the device ports, as in TNA and v1model)', () => {
    const r = rig((p) => {
      p.blocks.ig_ostd.drop = false;
      p.blocks.ig_ostd.egress_port = 3;
    });
    assert.ok(r.tm.macs.modify(3, { enabled: false }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(r.out, []);
    assert.equal(r.engine.stats.drops.port_down, 1);
    assert.ok(r.tm.macs.modify(3, { enabled: true }).ok);
    assert.ok(r.tm.macs.modify(1, { enabled: false }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(r.out, [], 'nothing enters on a disabled port');
    assert.ok(r.tm.macs.modify(1, { enabled: true }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.equal(r.out.length, 1);
  });

  test('a unicast to a port the device does not have is dropped', () => {
    const r = rig((p) => {
      p.blocks.ig_ostd.drop = false;
      p.blocks.ig_ostd.egress_port = 99;
    });
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(r.out, []);
    assert.equal(r.engine.stats.drops.no_egress_port, 1);
  });

  test('clone I2E happens even when the packet is dropped, and copies the packet as received', () => {
    const paths: number[] = [];
    const r = rig(
      (p) => {
        p.hdr.mark = 0x77; // not in the clone: it copies the packet before ingress
        p.blocks.ig_ostd.clone = true;
        p.blocks.ig_ostd.clone_session_id = 4;
        p.bridgedOut.clone_i2e = 0xc1;
      },
      (p) => paths.push(p.blocks.eg_istd.packet_path, p.bridgedIn.clone_i2e, p.bridgedIn.normal),
    );
    assert.ok(r.tm.addMirrorSession({ id: 4, direction: 'ingress', egressPort: 6, maxLen: 0 }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0, 9]));
    assert.deepEqual(r.out, [{ port: 6, bytes: [1, 0, 9] }]);
    assert.deepEqual(paths, [PsaPacketPath.CLONE_I2E, 0xc1, 0]);
    assert.equal(r.engine.stats.drops.ingress_drop_ctl, 1);
  });

  test('a clone to a session that does not exist makes no copy; the packet goes on', () => {
    const r = rig((p) => {
      p.blocks.ig_ostd.drop = false;
      p.blocks.ig_ostd.egress_port = 2;
      p.blocks.ig_ostd.clone = true;
      p.blocks.ig_ostd.clone_session_id = 12;
    });
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(
      r.out.map((o) => o.port),
      [2],
    );
    assert.equal(r.engine.stats.mirrored, 0);
  });

  test('resubmit wins over multicast and unicast, carries the packet as received, the same port and the resubmit metadata', () => {
    const seen: number[][] = [];
    const r = rig((p) => {
      const b = p.blocks;
      seen.push([b.ig_istd.packet_path, b.ig_istd.ingress_port, p.bridgedIn.resubmit, p.hdr.mark]);
      p.hdr.mark = 0x99;
      b.ig_ostd.drop = false;
      b.ig_ostd.multicast_group = 1;
      b.ig_ostd.egress_port = 2;
      if (b.ig_istd.packet_path === PsaPacketPath.NORMAL) {
        b.ig_ostd.resubmit = true;
        p.bridgedOut.resubmit = 0xa1;
      } else b.ig_ostd.multicast_group = 0;
    });
    r.engine.receive(5, Uint8Array.from([1, 0]));
    assert.deepEqual(seen, [
      [PsaPacketPath.NORMAL, 5, 0, 0],
      [PsaPacketPath.RESUBMIT, 5, 0xa1, 0],
    ]);
    assert.deepEqual(r.out, [{ port: 2, bytes: [1, 0x99] }]);
  });

  test('drop wins over resubmit', () => {
    let passes = 0;
    const r = rig((p) => {
      passes++;
      p.blocks.ig_ostd.resubmit = true;
    });
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.equal(passes, 1);
    assert.equal(r.engine.stats.resubmitted, 0);
  });

  test('multicast: one copy per replica with its rid as the instance; a missing group drops', () => {
    const instances: number[] = [];
    const r = rig(
      (p) => {
        p.blocks.ig_ostd.drop = false;
        p.blocks.ig_ostd.multicast_group = p.hdr.op;
      },
      (p) => instances.push(p.blocks.eg_istd.instance, p.blocks.eg_istd.packet_path),
    );
    assert.ok(
      r.tm.createMulticastGroup(3, [
        { rid: 10, ports: [1, 2] },
        { rid: 20, ports: [4] },
      ]).ok,
    );
    r.engine.receive(0, Uint8Array.from([3, 0]));
    assert.deepEqual(
      r.out.map((o) => o.port),
      [1, 2, 4],
    );
    const mc = PsaPacketPath.NORMAL_MULTICAST;
    assert.deepEqual(instances, [10, mc, 10, mc, 20, mc]);
    r.engine.receive(0, Uint8Array.from([9, 0]));
    assert.equal(r.engine.stats.drops.no_multicast_group, 1);
  });

  test('an assert that fails drops the packet and counts it', () => {
    const r = rig((p) => {
      p.services.v1.assertionFailed('assert', 'here');
    });
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.equal(r.engine.stats.drops.assertion_failed, 1);
  });
});

describe('PSA engine: after egress', () => {
  test('recirculation: the egress output re-enters ingress on PSA_PORT_RECIRCULATE with the recirculate metadata', () => {
    const seen: number[][] = [];
    const r = rig(
      (p) => {
        const b = p.blocks;
        seen.push([b.ig_istd.packet_path, b.ig_istd.ingress_port, p.bridgedIn.recirculate, p.hdr.mark]);
        b.ig_ostd.drop = false;
        b.ig_ostd.egress_port = b.ig_istd.packet_path === PsaPacketPath.NORMAL ? PSA_PORT_RECIRCULATE : 7;
      },
      (p) => {
        p.hdr.mark++;
        p.bridgedOut.recirculate = 0x7c;
      },
    );
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(seen, [
      [PsaPacketPath.NORMAL, 1, 0, 0],
      [PsaPacketPath.RECIRCULATE, PSA_PORT_RECIRCULATE, 0x7c, 1],
    ]);
    assert.deepEqual(r.out, [{ port: 7, bytes: [1, 2] }]);
  });

  test('clone E2E copies the egress output, even when egress drops the packet', () => {
    const paths: number[] = [];
    const r = rig(
      (p) => {
        p.blocks.ig_ostd.drop = false;
        p.blocks.ig_ostd.egress_port = 2;
      },
      (p) => {
        paths.push(p.blocks.eg_istd.packet_path, p.bridgedIn.clone_e2e);
        if (p.blocks.eg_istd.packet_path !== PsaPacketPath.NORMAL_UNICAST) return;
        p.hdr.mark = 0xee;
        p.blocks.eg_ostd.drop = true;
        p.blocks.eg_ostd.clone = true;
        p.blocks.eg_ostd.clone_session_id = 3;
        p.bridgedOut.clone_e2e = 0xe2;
      },
    );
    assert.ok(r.tm.addMirrorSession({ id: 3, direction: 'egress', egressPort: 9, maxLen: 0 }).ok);
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.deepEqual(r.out, [{ port: 9, bytes: [1, 0xee] }]);
    assert.deepEqual(paths, [PsaPacketPath.NORMAL_UNICAST, 0, PsaPacketPath.CLONE_E2E, 0xe2]);
    assert.equal(r.engine.stats.drops.egress_drop_ctl, 1);
  });

  test('a packet that recirculates forever stops at the re-entry bound', () => {
    const r = rig((p) => {
      p.blocks.ig_ostd.drop = false;
      p.blocks.ig_ostd.egress_port = PSA_PORT_RECIRCULATE;
    });
    r.engine.receive(1, Uint8Array.from([1, 0]));
    assert.equal(r.engine.stats.recirculated, 16);
    assert.equal(r.engine.stats.drops.loop_bound, 1);
    assert.deepEqual(r.out, []);
  });
});
