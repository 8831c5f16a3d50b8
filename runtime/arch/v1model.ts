// The v1model packet path with bmv2 simple_switch semantics (docs/v1model.md), without
// threads or I/O: parser → verifyChecksum → ingress → (I2E clone, digest, resubmit,
// multicast, unicast or drop) → egress → (E2E clone, drop) → computeChecksum → deparser →
// a port, or back to ingress (recirculate). Unlike TNA the packet is parsed once: a copy
// queued for egress carries a snapshot of its PHV (headers, metadata, standard_metadata)
// and its unparsed payload. One received frame is processed to the end, copies and
// re-entries included, before `receive` returns; bounds on re-entries and copies stop loops
// (frame-bookkeeping.ts, shared with TNA and PSA, as are the device ports and drop counts).
// The traffic manager (mirror sessions, multicast groups) is the one TNA uses.

import { PacketBuilder, PacketCursor } from '../packet.js';
import {
  type PhvSnapshot,
  V1InstanceType,
  type V1ModelBlocks,
  type V1ModelPipelineModule,
  type V1ModelRequests,
  type V1ModelServices,
} from '../pipeline-module.js';
import type { TrafficManager } from '../traffic-manager.js';
import { bmv2CommonRequests, bmv2Services } from './bmv2-requests.js';
import {
  type EngineBaseOptions,
  type EngineStats,
  engineClockNs,
  FrameBookkeeping,
  type Gress,
} from './frame-bookkeeping.js';
import type { PipelineState } from './pipeline-state.js';

/** bmv2's drop port: egress_spec 511 drops the packet. */
export const V1_DROP_PORT = 511;

/** `clockNs` gives the timestamps, which bmv2 shows as microseconds since the switch started. */
export interface V1ModelEngineOptions extends EngineBaseOptions {
  readonly module: V1ModelPipelineModule;
  readonly state: PipelineState;
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

export class V1ModelEngine {
  readonly stats: EngineStats;
  readonly blocks: V1ModelBlocks;
  readonly tm: TrafficManager;
  readonly registerRuleViolations = 0;
  /** The queue of the current frame's passes, its bounds, drops and ports. */
  private readonly book: FrameBookkeeping<Work>;
  private readonly clockNs: () => number;
  private readonly cursor = new PacketCursor();
  private readonly out = new PacketBuilder(0);
  private readonly requests: V1ModelRequests;
  /** The requests of the pass running now (reset before each pass). */
  private clone = { session: -1, type: 0, fieldList: 0 };
  private resubmitList = -1;
  private recirculateList = -1;
  private truncateTo = -1;
  private payload: Uint8Array = new Uint8Array(0);

  constructor(o: V1ModelEngineOptions) {
    this.tm = o.tm;
    this.book = new FrameBookkeeping(o);
    this.stats = this.book.stats;
    this.clockNs = engineClockNs(o.clockNs);
    const tnaServices = bmv2Services(o.state, this.book, o);
    const log = o.log;
    this.requests = {
      ...bmv2CommonRequests(o.seed, () => this.payload),
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
      color: (c) => (c === 3 ? 2 : c),
      log: (message, values) => {
        let i = 0;
        log?.(message.replace(/\{\}/g, () => String(values[i++] ?? '')));
      },
    };
    const services: V1ModelServices = { ...tnaServices, v1: this.requests };
    this.blocks = o.module.create(services);
  }

  /** Processes one frame received on `port` to the end (all copies and re-entries). */
  receive(port: number, frame: Uint8Array): void {
    const book = this.book;
    // A port that does not receive (deleted, disabled, down) never hands the frame on.
    if (!book.admit(port, frame)) return;
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
    // psa.ts and tna.ts drain alike: sharing this loop would put a callback on every pass of a packet.
    for (let w = book.take(); w !== undefined; w = book.take()) {
      if (w.ingress) this.runIngress(w);
      else this.runEgress(w);
    }
    book.end();
  }

  private get micros(): bigint {
    return BigInt(Math.floor(this.clockNs() / 1000));
  }

  private enter(copyId: number, length: number): void {
    this.book.enterPass(copyId, length);
    this.clone = { session: -1, type: 0, fieldList: 0 };
    this.resubmitList = -1;
    this.recirculateList = -1;
    this.truncateTo = -1;
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
    const book = this.book;
    this.enter(w.copyId, w.packetLength);
    const sm = b.standard_metadata;
    this.startIngressMetadata(w);
    try {
      this.parse(w.frame);
      b.ingress();
    } catch (e) {
      if (book.droppedOnAssertion('ingress', e)) return;
      throw e;
    }
    const payload = this.payload;
    if (this.clone.session >= 0) this.cloneCopies('ingress', w);

    if (this.resubmitList >= 0) {
      if (!book.resubmit()) return;
      book.push({
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
      this.multicast(mgid, payload, w.packetLength);
      return;
    }
    const port = sm.egress_spec;
    if (port === V1_DROP_PORT) {
      book.drop('ingress', 'ingress_drop_ctl', 'egress_spec is the drop port');
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

  /**
   * The copies of the clone the pass `w` asked for, one per target of its session, each an
   * egress pass with the clone's field list preserved. An ingress clone is the packet as
   * received, parsed again; an egress clone is the packet egress saw. The pass's own PHV and
   * payload are put back afterwards.
   */
  private cloneCopies(gress: Gress, w: Work): void {
    const { session, fieldList } = this.clone;
    const s = this.tm.mirrorSession(session);
    if (s === undefined) {
      this.book.traceCopyNotMade(gress, `clone: no mirror session ${session}`);
      return;
    }
    const targets = this.tm.mirrorTargets(s);
    if (targets.length === 0) return;
    const b = this.blocks;
    const sm = b.standard_metadata;
    const after = b.snapshot();
    const payload = this.payload;
    b.resetMetadata();
    b.preserveFieldList(fieldList, after);
    let body = w.frame;
    if (gress === 'ingress') {
      sm.ingress_port = w.port;
      this.parseOnly(w.frame);
      body = this.payload;
    }
    sm.instance_type = gress === 'ingress' ? V1InstanceType.INGRESS_CLONE : V1InstanceType.EGRESS_CLONE;
    for (const t of targets) {
      const copyId = this.book.mirrorCopy(gress, session);
      if (copyId < 0) break;
      // A session to a multicast group: each copy carries its replica's rid.
      sm.egress_rid = t.rid;
      this.enqueueEgress(t.port, body, copyId, b.snapshot(), w.packetLength, s.maxLen > 0 ? s.maxLen : -1);
    }
    b.restore(after);
    this.payload = payload;
  }

  private multicast(mgid: number, payload: Uint8Array, length: number): void {
    const rs = this.book.groupReplicas(mgid);
    if (rs === undefined) return;
    const sm = this.blocks.standard_metadata;
    for (const r of rs) {
      const copyId = this.book.replica();
      if (copyId < 0) return;
      sm.egress_rid = r.rid;
      this.enqueueEgress(r.port, payload, copyId, this.blocks.snapshot(), length, this.truncateTo);
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
    this.book.push({
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
    const book = this.book;
    this.enter(w.copyId, w.packetLength);
    const sm = b.standard_metadata;
    b.restore(w.snap as PhvSnapshot);
    this.payload = w.frame;
    sm.egress_port = w.port;
    // bmv2 sets egress_spec to drop_port + 1, which a 9-bit field holds as 0.
    sm.egress_spec = 0;
    sm.packet_length = w.packetLength;
    sm.egress_global_timestamp = this.micros;
    book.current.instanceType = 0;
    try {
      b.egress();
    } catch (e) {
      if (book.droppedOnAssertion('egress', e)) return;
      throw e;
    }
    if (this.clone.session >= 0) this.cloneCopies('egress', w);
    if (sm.egress_spec === V1_DROP_PORT) {
      book.drop('egress', 'egress_drop_ctl', 'egress_spec is the drop port');
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
      if (book.droppedOnAssertion('egress', e)) return;
      throw e;
    }
    const cut = this.truncateTo >= 0 ? this.truncateTo : w.cut;
    if (cut >= 0 && frame.length > cut) frame = frame.subarray(0, cut);

    if (this.recirculateList >= 0) {
      if (!book.recirculate(w.port)) return;
      book.push({
        ingress: true,
        port: 0,
        frame: frame.slice(),
        copyId: book.current.copyId,
        instanceType: V1InstanceType.RECIRC,
        snap: b.snapshot(),
        fieldList: this.recirculateList,
        packetLength: frame.length,
        cut: -1,
      });
      return;
    }
    book.send(w.port, frame);
  }
}
