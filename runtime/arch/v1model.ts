// The v1model packet path with bmv2 simple_switch semantics (docs/v1model.md), without
// threads or I/O: parser → verifyChecksum → ingress → (I2E clone, digest, resubmit,
// multicast, unicast or drop) → egress → (E2E clone, drop) → computeChecksum → deparser →
// a port, or back to ingress (recirculate). Unlike TNA the packet is parsed once: a copy
// queued for egress carries a snapshot of its PHV (headers, metadata, standard_metadata)
// and its unparsed payload. One received frame is processed to the end, copies and
// re-entries included, before `receive` returns; bounds on re-entries and copies stop loops.
// The traffic manager (mirror sessions, multicast groups) is the one TNA uses.

import type { DigestMessage } from '../externs/deparser-externs.js';
import { Random } from '../externs/random.js';
import { V1HashList } from '../externs/v1model-hash.js';
import { newIdentity, PacketBuilder, PacketCursor, type PacketIdentity } from '../packet.js';
import {
  type PhvSnapshot,
  V1InstanceType,
  type V1ModelBlocks,
  type V1ModelPipelineModule,
  type V1ModelRequests,
  type V1ModelServices,
} from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { TrafficManager } from '../traffic-manager.js';
import type { PipelineState } from './pipeline-state.js';
import { type DropReason, type EngineStats, newEngineStats } from './tna-engine-types.js';
import { createTnaServices } from './tna-services.js';

/** bmv2's drop port: egress_spec 511 drops the packet. */
export const V1_DROP_PORT = 511;

export interface V1ModelEngineOptions {
  readonly module: V1ModelPipelineModule;
  readonly state: PipelineState;
  readonly tm: TrafficManager;
  readonly output: (port: number, frame: Uint8Array) => void;
  readonly onDigest?: (m: DigestMessage) => void;
  readonly trace?: TraceSink;
  /** Resubmits + recirculations allowed per received frame (default 16). */
  readonly maxReentries?: number;
  /** Clones and multicast copies allowed per received frame (default 1024). */
  readonly maxCopies?: number;
  /** Nanoseconds for the timestamps (bmv2 shows microseconds since the switch started). */
  readonly clockNs?: () => number;
  /** Seed of `random` and of the random hash (default: from Math.random). */
  readonly seed?: number;
  /** Where log_msg goes (default: nowhere). */
  readonly log?: (message: string) => void;
}

interface Work {
  readonly ingress: boolean;
  readonly port: number;
  /** Ingress: the whole packet. Egress: the payload after the headers the parser took. */
  readonly frame: Uint8Array;
  readonly copyId: number;
  readonly instanceType: number;
  /** Egress: the PHV to restore. Ingress: where the preserved field list is copied from. */
  readonly snap: PhvSnapshot | undefined;
  readonly fieldList: number;
  readonly packetLength: number;
  /** Egress: cut the outgoing frame to this many bytes (a mirror session's limit, or truncate() in ingress); -1 = whole. */
  readonly cut: number;
}

/** Thrown by assert/assume: the pass ends, the packet is dropped. */
class AssertionFailed extends Error {}

export class V1ModelEngine {
  readonly stats: EngineStats = newEngineStats();
  readonly blocks: V1ModelBlocks;
  readonly tm: TrafficManager;
  readonly registerRuleViolations = 0;
  private readonly current: PacketIdentity = newIdentity();
  private readonly trace: TraceSink | undefined;
  private readonly output: V1ModelEngineOptions['output'];
  private readonly maxReentries: number;
  private readonly maxCopies: number;
  private readonly clockNs: () => number;
  private readonly cursor = new PacketCursor();
  private readonly out = new PacketBuilder(0);
  private readonly requests: V1ModelRequests;
  private queue: Work[] = [];
  private nextPacketId = 0;
  private nextCopyId = 0;
  private reentries = 0;
  private copies = 0;
  /** The requests of the pass running now (reset before each pass). */
  private clone = { session: -1, type: 0, fieldList: 0 };
  private resubmitList = -1;
  private recirculateList = -1;
  private truncateTo = -1;
  private payload: Uint8Array = new Uint8Array(0);

  constructor(o: V1ModelEngineOptions) {
    this.tm = o.tm;
    this.trace = o.trace;
    this.output = o.output;
    this.maxReentries = o.maxReentries ?? 16;
    this.maxCopies = o.maxCopies ?? 1024;
    const t0 = performance.now();
    this.clockNs = o.clockNs ?? (() => Math.round((performance.now() - t0) * 1e6));
    const onDigest = o.onDigest;
    const parts = createTnaServices(o.state, this.current, this.trace, (m) => {
      this.stats.digests++;
      onDigest?.(m);
    });
    // v1model's digest() sends at once: every digest is active.
    for (const d of parts.services.digests) d.dprsr = { mirror_type: 0, digest_type: d.digestType ?? 1 };
    const rng = new Random(64, o.seed);
    const fields = new V1HashList(() => this.payload, rng);
    const log = o.log;
    this.requests = {
      clone: (type, session, fieldList) => {
        this.clone = { session, type, fieldList };
      },
      resubmit: (fieldList) => {
        this.resubmitList = fieldList;
      },
      recirculate: (fieldList) => {
        this.recirculateList = fieldList;
      },
      truncate: (length) => {
        this.truncateTo = length;
      },
      fields: () => fields.begin(),
      hashResult: (h, base, max) => BigInt.asUintN(64, base + (h % (max === 0n ? 1n : max))),
      random: (lo, hi) => (hi <= lo ? lo : lo + (rng.get() % (hi - lo + 1))),
      randomBig: (lo, hi) => (hi <= lo ? lo : lo + (rng.getBig() % (hi - lo + 1n))),
      color: (c) => (c === 3 ? 2 : c),
      log: (message, values) => {
        let i = 0;
        log?.(message.replace(/\{\}/g, () => String(values[i++] ?? '')));
      },
      assertionFailed: (kind, where) => {
        throw new AssertionFailed(`${kind} failed at ${where}`);
      },
    };
    const services: V1ModelServices = { ...parts.services, v1: this.requests };
    this.blocks = o.module.create(services);
  }

  /** Processes one frame received on `port` to the end (all copies and re-entries). */
  receive(port: number, frame: Uint8Array): void {
    // A port that does not receive (deleted, disabled, down) never hands the frame on.
    if (!this.tm.macs.receive(port, frame)) return;
    const pid = ++this.nextPacketId;
    this.stats.received++;
    this.nextCopyId = 1;
    this.reentries = 0;
    this.copies = 0;
    this.current.packetId = pid;
    this.trace?.packetIn(pid, 0, port, frame);
    this.queue = [];
    this.runIngress({
      ingress: true,
      port,
      frame,
      copyId: 0,
      instanceType: V1InstanceType.NORMAL,
      snap: undefined,
      fieldList: 0,
      packetLength: frame.length,
      cut: -1,
    });
    for (let i = 0; i < this.queue.length; i++) {
      const w = this.queue[i] as Work;
      if (w.ingress) this.runIngress(w);
      else this.runEgress(w);
    }
    this.queue = [];
  }

  private get micros(): bigint {
    return BigInt(Math.floor(this.clockNs() / 1000));
  }

  private enter(copyId: number, length: number): PacketIdentity {
    const cur = this.current;
    cur.copyId = copyId;
    cur.length = length;
    cur.pass++;
    this.stats.passes++;
    this.clone = { session: -1, type: 0, fieldList: 0 };
    this.resubmitList = -1;
    this.recirculateList = -1;
    this.truncateTo = -1;
    return cur;
  }

  /** Parser and verifyChecksum over `frame`: the PHV holds the parsed packet, `payload` the rest. */
  private parse(frame: Uint8Array): void {
    const b = this.blocks;
    const c = this.cursor;
    c.load(frame, 0, frame);
    const e = b.parser(c);
    b.standard_metadata.parser_error = e;
    this.payload = frame.subarray(c.payloadStart);
    b.verifyChecksum();
  }

  /** A new pass's metadata: zero, then standard_metadata's inputs, then a preserved field list. */
  private startIngressMetadata(w: Work): void {
    const b = this.blocks;
    const sm = b.standard_metadata;
    b.resetMetadata();
    if (w.snap !== undefined) b.preserveFieldList(w.fieldList, w.snap);
    // A recirculated or resubmitted packet's metadata was reset: its ingress_port is 0 in
    // bmv2 unless the field list preserved it.
    if (w.instanceType === V1InstanceType.NORMAL) sm.ingress_port = w.port;
    sm.instance_type = w.instanceType;
    sm.packet_length = w.packetLength;
    sm.ingress_global_timestamp = this.micros;
  }

  private runIngress(w: Work): void {
    const b = this.blocks;
    const cur = this.enter(w.copyId, w.packetLength);
    const sm = b.standard_metadata;
    this.startIngressMetadata(w);
    try {
      this.parse(w.frame);
      b.ingress();
    } catch (e) {
      if (this.assertion(cur, 'ingress', e)) return;
      throw e;
    }
    const payload = this.payload;

    // Ingress clone: the packet as received, parsed again, with the field list preserved.
    if (this.clone.session >= 0) {
      const { session, fieldList } = this.clone;
      const s = this.tm.mirrorSession(session);
      const targets = s === undefined ? [] : this.tm.mirrorTargets(s);
      if (s !== undefined && targets.length > 0) {
        const after = b.snapshot();
        b.resetMetadata();
        b.preserveFieldList(fieldList, after);
        sm.ingress_port = w.port;
        this.parseOnly(w.frame);
        sm.instance_type = V1InstanceType.INGRESS_CLONE;
        const clonePayload = this.payload;
        for (const t of targets) {
          if (!this.copy(cur)) break;
          // A session to a multicast group: each copy carries its replica's rid.
          sm.egress_rid = t.rid;
          const copy = b.snapshot();
          const copyId = this.nextCopyId++;
          this.stats.mirrored++;
          this.trace?.mirror(cur.packetId, cur.copyId, 'ingress', session, copyId);
          this.enqueueEgress(t.port, clonePayload, copyId, copy, w.packetLength, s.maxLen > 0 ? s.maxLen : -1);
        }
        b.restore(after);
        this.payload = payload;
      } else if (s === undefined) this.dropTrace(cur, 'ingress', `clone: no mirror session ${session}`);
    }

    if (this.resubmitList >= 0) {
      if (!this.reenter(cur)) return;
      this.stats.resubmitted++;
      this.trace?.resubmit(cur.packetId, cur.copyId);
      this.queue.push({
        ingress: true,
        port: w.port,
        frame: w.frame,
        copyId: w.copyId,
        instanceType: V1InstanceType.RESUBMIT,
        snap: b.snapshot(),
        fieldList: this.resubmitList,
        packetLength: w.packetLength,
        cut: -1,
      });
      return;
    }

    const mgid = sm.mcast_grp;
    if (mgid !== 0) {
      sm.instance_type = V1InstanceType.REPLICATION;
      this.multicast(cur, mgid, payload, w.packetLength);
      return;
    }
    const port = sm.egress_spec;
    if (port === V1_DROP_PORT) {
      this.drop(cur, 'ingress', 'ingress_drop_ctl', 'egress_spec is the drop port');
      return;
    }
    sm.instance_type = V1InstanceType.NORMAL;
    // truncate() in ingress applies when the packet leaves: it rides with the copy.
    this.enqueueEgress(port, payload, w.copyId, b.snapshot(), w.packetLength, this.truncateTo);
  }

  /** The parser again (an ingress clone): no verifyChecksum, as bmv2's clone path. */
  private parseOnly(frame: Uint8Array): void {
    const c = this.cursor;
    c.load(frame, 0, frame);
    this.blocks.parser(c);
    this.payload = frame.subarray(c.payloadStart);
  }

  private multicast(cur: PacketIdentity, mgid: number, payload: Uint8Array, length: number): void {
    const rs = this.tm.replicas(mgid);
    if (rs === undefined) {
      this.drop(cur, 'ingress', 'no_multicast_group', `group ${mgid}`);
      return;
    }
    const sm = this.blocks.standard_metadata;
    for (const r of rs) {
      if (!this.copy(cur)) return;
      this.stats.replicated++;
      sm.egress_rid = r.rid;
      this.enqueueEgress(r.port, payload, this.nextCopyId++, this.blocks.snapshot(), length, this.truncateTo);
    }
  }

  private enqueueEgress(
    port: number,
    payload: Uint8Array,
    copyId: number,
    snap: PhvSnapshot,
    packetLength: number,
    cut: number,
  ): void {
    this.queue.push({
      ingress: false,
      port,
      frame: payload,
      copyId,
      instanceType: 0,
      snap,
      fieldList: 0,
      packetLength,
      cut,
    });
  }

  private runEgress(w: Work): void {
    const b = this.blocks;
    const cur = this.enter(w.copyId, w.packetLength);
    const sm = b.standard_metadata;
    b.restore(w.snap as PhvSnapshot);
    this.payload = w.frame;
    sm.egress_port = w.port;
    // bmv2 sets egress_spec to drop_port + 1, which a 9-bit field holds as 0.
    sm.egress_spec = 0;
    sm.packet_length = w.packetLength;
    sm.egress_global_timestamp = this.micros;
    cur.instanceType = 0;
    try {
      b.egress();
    } catch (e) {
      if (this.assertion(cur, 'egress', e)) return;
      throw e;
    }
    if (this.clone.session >= 0) {
      const { session, fieldList } = this.clone;
      const s = this.tm.mirrorSession(session);
      const targets = s === undefined ? [] : this.tm.mirrorTargets(s);
      if (s !== undefined && targets.length > 0) {
        const after = b.snapshot();
        b.resetMetadata();
        b.preserveFieldList(fieldList, after);
        sm.instance_type = V1InstanceType.EGRESS_CLONE;
        for (const t of targets) {
          if (!this.copy(cur)) break;
          sm.egress_rid = t.rid;
          const copy = b.snapshot();
          const copyId = this.nextCopyId++;
          this.stats.mirrored++;
          this.trace?.mirror(cur.packetId, cur.copyId, 'egress', session, copyId);
          this.enqueueEgress(t.port, w.frame, copyId, copy, w.packetLength, s.maxLen > 0 ? s.maxLen : -1);
        }
        b.restore(after);
      } else if (s === undefined) this.dropTrace(cur, 'egress', `clone: no mirror session ${session}`);
    }
    if (sm.egress_spec === V1_DROP_PORT) {
      this.drop(cur, 'egress', 'egress_drop_ctl', 'egress_spec is the drop port');
      return;
    }
    let frame: Uint8Array;
    try {
      b.computeChecksum();
      const out = this.out;
      out.clear();
      b.deparser(out);
      frame = out.finish(w.frame);
    } catch (e) {
      if (this.assertion(cur, 'egress', e)) return;
      throw e;
    }
    const cut = this.truncateTo >= 0 ? this.truncateTo : w.cut;
    if (cut >= 0 && frame.length > cut) frame = frame.subarray(0, cut);

    if (this.recirculateList >= 0) {
      if (!this.reenter(cur)) return;
      this.stats.recirculated++;
      this.trace?.recirculate(cur.packetId, cur.copyId, w.port);
      this.queue.push({
        ingress: true,
        port: 0,
        frame: frame.slice(),
        copyId: cur.copyId,
        instanceType: V1InstanceType.RECIRC,
        snap: b.snapshot(),
        fieldList: this.recirculateList,
        packetLength: frame.length,
        cut: -1,
      });
      return;
    }
    if (!this.tm.macs.transmit(w.port, frame)) {
      this.drop(cur, 'egress', 'port_down', `port ${w.port} does not send`);
      return;
    }
    this.stats.transmitted++;
    this.trace?.packetOut(cur.packetId, cur.copyId, w.port, frame);
    this.output(w.port, frame);
  }

  private assertion(cur: PacketIdentity, gress: 'ingress' | 'egress', e: unknown): boolean {
    if (!(e instanceof AssertionFailed)) return false;
    this.drop(cur, gress, 'assertion_failed', e.message);
    return true;
  }

  private reenter(cur: PacketIdentity): boolean {
    if (++this.reentries <= this.maxReentries) return true;
    this.drop(cur, 'ingress', 'loop_bound', `more than ${this.maxReentries} recirculations/resubmits`);
    return false;
  }

  private copy(cur: PacketIdentity): boolean {
    if (++this.copies <= this.maxCopies) return true;
    this.drop(cur, 'ingress', 'copy_bound', `more than ${this.maxCopies} copies`);
    return false;
  }

  private dropTrace(cur: PacketIdentity, gress: 'ingress' | 'egress', detail: string): void {
    this.trace?.drop(cur.packetId, cur.copyId, gress, detail);
  }

  private drop(cur: PacketIdentity, gress: 'ingress' | 'egress', reason: DropReason, detail?: string): void {
    this.stats.drops[reason]++;
    this.trace?.drop(cur.packetId, cur.copyId, gress, detail === undefined ? reason : `${reason}: ${detail}`);
  }
}
