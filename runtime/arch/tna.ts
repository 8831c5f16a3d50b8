// The TNA packet path (tna.md §6), bmv2's ingress/egress threads without threads or I/O:
// ingress parser (over the 64-bit intrinsic header + 64 bits of port metadata + frame) →
// ingress → ingress deparser → traffic manager (mirror I2E, resubmit, drop_ctl, multicast,
// unicast, bypass_egress) → egress parser (egress intrinsic header + what ingress emitted,
// or mirror header + packet) → egress → egress deparser (mirror E2E, drop_ctl) → a port,
// or back to ingress through a recirculation port. One received frame is processed to the
// end, copies and re-entries included, before `receive` returns; a bound on re-entries and
// copies per frame stops loops. Every step is traced when a sink is set. In strict mode a
// second RegisterAction execution on one register in one pass drops the packet
// ('register_rule') with a warning; otherwise it is only counted (registerRuleViolations).

import type { Logger } from 'pino';
import { writeBits } from '../bits.js';
import type { DeparserRequests, DigestMessage } from '../externs/deparser-externs.js';
import {
  allocateFrame,
  copyBytes,
  InstanceType,
  newIdentity,
  PacketBuilder,
  PacketCursor,
  type PacketIdentity,
} from '../packet.js';
import { P4Error, PARSER_ERROR_FLAGS, type PipelineModule, type TnaBlocks } from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import { type TrafficManager, UNSET_EGRESS_PORT } from '../traffic-manager.js';
import type { PipelineState } from './pipeline-state.js';
import { createTnaServices, type StrictRegisterRule, type TnaServiceParts } from './tna-services.js';

export interface TnaEngineOptions {
  readonly module: PipelineModule;
  readonly state: PipelineState;
  readonly tm: TrafficManager;
  /** Frames leaving on a port that is not a recirculation port. The engine no longer uses `frame`. */
  readonly output: (port: number, frame: Uint8Array) => void;
  readonly onDigest?: (m: DigestMessage) => void;
  readonly trace?: TraceSink;
  /** Recirculations + resubmits allowed per received frame (default 16); more drop the packet. */
  readonly maxReentries?: number;
  /** Copies (mirror, multicast) allowed per received frame (default 1024). */
  readonly maxCopies?: number;
  /** Nanoseconds for the timestamps (default: monotonic time since the engine started). */
  readonly clockNs?: () => number;
  /**
   * Assert Tofino's per-pass register rule while packets flow (default off): a packet whose
   * pass runs two RegisterActions of one register is dropped as 'register_rule'.
   */
  readonly strict?: boolean;
  /** Where strict mode warns (register and both actions); silent without one. */
  readonly logger?: Logger;
}

/** Warnings per register in strict mode; later violations are only counted and traced. */
const REGISTER_RULE_WARNINGS = 10;

/** Why a packet (or copy) was dropped: the keys of EngineStats.drops. */
export type DropReason =
  | 'ingress_parser_error'
  | 'egress_parser_error'
  | 'ingress_drop_ctl'
  | 'egress_drop_ctl'
  | 'no_egress_port'
  | 'no_mirror_session'
  | 'no_multicast_group'
  | 'loop_bound'
  | 'copy_bound'
  | 'register_rule';

export interface EngineStats {
  received: number;
  transmitted: number;
  passes: number;
  mirrored: number;
  replicated: number;
  recirculated: number;
  resubmitted: number;
  /** Resubmit requests of an already resubmitted packet (Tofino resubmits once; the request is ignored). */
  resubmitIgnored: number;
  digests: number;
  drops: Record<DropReason, number>;
}

interface Work {
  readonly ingress: boolean;
  readonly port: number;
  readonly frame: Uint8Array;
  readonly copyId: number;
  readonly instanceType: InstanceType;
  readonly rid: number;
  readonly ridFirst: number;
  /** A resubmitted packet's resubmit header (8 bytes, in place of the port metadata). */
  readonly resubmitData?: Uint8Array;
}

const INGRESS_PREFIX_BYTES = 16;
const EGRESS_PREFIX_BYTES = 27;

export class TnaEngine {
  readonly stats: EngineStats = {
    received: 0,
    transmitted: 0,
    passes: 0,
    mirrored: 0,
    replicated: 0,
    recirculated: 0,
    resubmitted: 0,
    resubmitIgnored: 0,
    digests: 0,
    drops: {
      ingress_parser_error: 0,
      egress_parser_error: 0,
      ingress_drop_ctl: 0,
      egress_drop_ctl: 0,
      no_egress_port: 0,
      no_mirror_session: 0,
      no_multicast_group: 0,
      loop_bound: 0,
      copy_bound: 0,
      register_rule: 0,
    },
  };
  readonly blocks: TnaBlocks;
  readonly parts: TnaServiceParts;
  readonly tm: TrafficManager;
  private readonly current: PacketIdentity = newIdentity();
  private readonly trace: TraceSink | undefined;
  private readonly output: TnaEngineOptions['output'];
  private readonly maxReentries: number;
  private readonly maxCopies: number;
  private readonly clockNs: () => number;
  private readonly cursor = new PacketCursor();
  private readonly out = new PacketBuilder();
  private readonly prefix = new Uint8Array(EGRESS_PREFIX_BYTES);
  private readonly portMetadata = new Map<number, Uint8Array>();
  private readonly ig: DeparserRequests;
  private readonly eg: DeparserRequests;
  /** parser_err flag per error number (p4info.errors order). */
  private readonly errorFlags: number[];
  private readonly errorNames: readonly string[];
  private queue: Work[] = [];
  private nextPacketId = 0;
  private nextCopyId = 0;
  private reentries = 0;
  private copies = 0;
  private readonly strict: StrictRegisterRule | undefined;
  private readonly logger: Logger | undefined;
  private readonly warnings = new Map<string, number>();

  /** Throws when the module's `create` fails (the loader turns that into a coded error). */
  constructor(o: TnaEngineOptions) {
    this.tm = o.tm;
    this.trace = o.trace;
    this.output = o.output;
    this.maxReentries = o.maxReentries ?? 16;
    this.maxCopies = o.maxCopies ?? 1024;
    const t0 = performance.now();
    this.clockNs = o.clockNs ?? (() => Math.round((performance.now() - t0) * 1e6));
    const onDigest = o.onDigest;
    this.parts = createTnaServices(
      o.state,
      this.current,
      this.trace,
      (m) => {
        this.stats.digests++;
        onDigest?.(m);
      },
      o.strict === true,
    );
    this.strict = this.parts.strict;
    this.logger = o.logger;
    this.ig = this.parts.ingressRequests;
    this.eg = this.parts.egressRequests;
    this.blocks = o.module.create(this.parts.services);
    // The deparser externs read the type fields of their gress's deparser metadata.
    o.state.p4info.mirrors.forEach((info, i) => {
      const m = this.parts.services.mirrors[i];
      if (m !== undefined)
        m.dprsr = info.gress === 'egress' ? this.blocks.eg_intr_md_for_dprsr : this.blocks.ig_intr_md_for_dprsr;
    });
    for (const r of this.parts.services.resubmits) r.dprsr = this.blocks.ig_intr_md_for_dprsr;
    for (const d of this.parts.services.digests) d.dprsr = this.blocks.ig_intr_md_for_dprsr;
    this.errorNames = o.state.p4info.errors;
    this.errorFlags = this.errorNames.map((n) => PARSER_ERROR_FLAGS[n] ?? PARSER_ERROR_FLAGS.NoMatch ?? 1);
  }

  /** Per-port metadata (8 bytes) the ingress parser sees after the intrinsic header. */
  setPortMetadata(port: number, data: Uint8Array): void {
    const m = new Uint8Array(8);
    m.set(data.subarray(0, 8));
    this.portMetadata.set(port, m);
  }

  /** Times any RegisterAction ran twice on one register in one pass. */
  get registerRuleViolations(): number {
    let n = 0;
    for (const ps of this.parts.passStates.values()) n += ps.violations;
    return n;
  }

  /** Processes one frame received on `port` to the end (all copies and re-entries). */
  receive(port: number, frame: Uint8Array): void {
    const pid = ++this.nextPacketId;
    this.stats.received++;
    this.nextCopyId = 1;
    this.reentries = 0;
    this.copies = 0;
    this.trace?.packetIn(pid, 0, port, frame);
    this.current.packetId = pid;
    this.queue.push({ ingress: true, port, frame, copyId: 0, instanceType: InstanceType.NORMAL, rid: 0, ridFirst: 0 });
    const q = this.queue;
    for (let i = 0; i < q.length; i++) {
      const w = q[i] as Work;
      if (w.ingress) this.runIngress(w);
      else this.runEgress(w);
    }
    q.length = 0;
  }

  // ---- ingress ------------------------------------------------------------------------

  private runIngress(w: Work): void {
    const b = this.blocks;
    const cur = this.enter(w);
    const now = this.clockNs();
    // 64-bit ingress intrinsic header: resubmit_flag 1, pad 1, packet_version 2, pad 3,
    // ingress_port 9, ingress_mac_tstamp 48; then 64 bits of port metadata or resubmit data.
    const pre = this.prefix;
    pre.fill(0, 0, INGRESS_PREFIX_BYTES);
    writeBits(pre, 0, 1, w.resubmitData === undefined ? 0 : 1);
    writeBits(pre, 7, 9, w.port);
    writeBits(pre, 16, 16, Math.floor(now / 2 ** 32) & 0xffff);
    writeBits(pre, 32, 32, now >>> 0);
    const meta = w.resubmitData ?? this.portMetadata.get(w.port);
    if (meta !== undefined) pre.set(meta, 8);
    this.cursor.load(pre, INGRESS_PREFIX_BYTES, w.frame);

    const tm = b.ig_intr_md_for_tm;
    tm.ucast_egress_port = UNSET_EGRESS_PORT;
    tm.bypass_egress = 0;
    tm.deflect_on_drop = 0;
    tm.ingress_cos = 0;
    tm.qid = 0;
    tm.icos_for_copy_to_cpu = 0;
    tm.copy_to_cpu = 0;
    tm.packet_color = 0;
    tm.disable_ucast_cutthru = 0;
    tm.enable_mcast_cutthru = 0;
    tm.mcast_grp_a = 0;
    tm.mcast_grp_b = 0;
    tm.level1_mcast_hash = 0;
    tm.level2_mcast_hash = 0;
    tm.level1_exclusion_id = 0;
    tm.level2_exclusion_id = 0;
    tm.rid = 0;
    const prsr = b.ig_intr_md_from_prsr;
    prsr.global_tstamp = BigInt(now);
    prsr.global_ver = 0;
    prsr.parser_err = 0;
    const dp = b.ig_intr_md_for_dprsr;
    dp.drop_ctl = 0;
    dp.digest_type = 0;
    dp.resubmit_type = 0;
    dp.mirror_type = 0;

    const e = b.ingressParser(this.cursor);
    if (e !== P4Error.NoError) {
      prsr.parser_err = this.errorFlags[e] ?? 1;
      if (!b.ingressReadsParserErr) {
        this.drop(cur, 'ingress', 'ingress_parser_error', this.errorNames[e]);
        return;
      }
    }
    b.ingress();
    if (this.strict?.violation !== undefined && this.registerRuleBroken(cur, 'ingress')) return;
    this.ig.clear();
    this.out.clear();
    b.ingressDeparser(this.out);

    // Traffic manager. A mirror copy is made even when the original is dropped or resubmitted.
    const ig = this.ig;
    if (ig.mirrorSession >= 0) this.mirror(cur, 'ingress', ig, w.frame);
    if (ig.resubmit) {
      if (w.resubmitData === undefined) {
        if (!this.reenter(cur)) return;
        const data = new Uint8Array(8);
        data.set(ig.resubmitHeader.buf.subarray(0, Math.min(ig.resubmitHeader.byteLength, 8)));
        this.stats.resubmitted++;
        this.trace?.resubmit(cur.packetId, cur.copyId);
        this.queue.push({ ...w, instanceType: InstanceType.RESUBMITTED, resubmitData: data });
        return;
      }
      this.stats.resubmitIgnored++;
    }
    if ((dp.drop_ctl & 1) !== 0) {
      this.drop(cur, 'ingress', 'ingress_drop_ctl');
      return;
    }

    const c = this.cursor;
    const frame = this.out.finishFrom(c.buf, c.payloadStart, c.length);
    const ucast = tm.ucast_egress_port;
    const hasUcast = ucast !== UNSET_EGRESS_PORT && this.tm.portExists(ucast);
    let replicas = 0;
    if (tm.mcast_grp_a !== 0) {
      replicas = this.replicate(cur, tm.mcast_grp_a, frame, replicas);
      if (replicas < 0) return;
    }
    if (tm.mcast_grp_b !== 0) {
      replicas = this.replicate(cur, tm.mcast_grp_b, frame, replicas);
      if (replicas < 0) return;
    }
    if (hasUcast) {
      if (tm.bypass_egress !== 0) this.transmit(cur, w, ucast, frame);
      else
        this.queue.push({
          ingress: false,
          port: ucast,
          frame,
          copyId: w.copyId,
          instanceType: w.instanceType,
          rid: 0,
          ridFirst: 0,
        });
    } else if (replicas === 0 && tm.mcast_grp_a === 0 && tm.mcast_grp_b === 0) {
      this.drop(cur, 'ingress', 'no_egress_port', ucast === UNSET_EGRESS_PORT ? undefined : `port ${ucast}`);
    }
  }

  /**
   * Queues the copies of multicast group `grp`; `replicas` copies were made before. Returns
   * the new count, or -1 when the copy bound stopped the packet.
   */
  private replicate(cur: PacketIdentity, grp: number, frame: Uint8Array, replicas: number): number {
    const rs = this.tm.replicas(grp);
    if (rs === undefined) {
      this.drop(cur, 'ingress', 'no_multicast_group', `group ${grp}`);
      return replicas;
    }
    for (const r of rs) {
      if (!this.copy(cur)) return -1;
      this.stats.replicated++;
      this.queue.push({
        ingress: false,
        port: r.port,
        frame,
        copyId: this.nextCopyId++,
        instanceType: InstanceType.REPLICATED,
        rid: r.rid,
        ridFirst: replicas++ === 0 ? 1 : 0,
      });
    }
    return replicas;
  }

  // ---- egress -------------------------------------------------------------------------

  private runEgress(w: Work): void {
    const b = this.blocks;
    const cur = this.enter(w);
    const now = this.clockNs();
    // The egress intrinsic header (216 bits, tna.md §3), bit offsets of the fields we fill.
    const pre = this.prefix;
    pre.fill(0, 0, EGRESS_PREFIX_BYTES);
    writeBits(pre, 7, 9, w.port);
    writeBits(pre, 62, 18, now & 0x3ffff);
    writeBits(pre, 152, 16, w.rid);
    writeBits(pre, 175, 1, w.ridFirst);
    writeBits(pre, 200, 16, Math.min(w.frame.length, 0xffff));
    this.cursor.load(pre, EGRESS_PREFIX_BYTES, w.frame);
    const prsr = b.eg_intr_md_from_prsr;
    prsr.global_tstamp = BigInt(now);
    prsr.global_ver = 0;
    prsr.parser_err = 0;
    const dp = b.eg_intr_md_for_dprsr;
    dp.drop_ctl = 0;
    dp.mirror_type = 0;
    dp.coalesce_flush = 0;
    dp.coalesce_length = 0;
    b.eg_intr_md_for_oport.capture_tstamp_on_tx = 0;
    b.eg_intr_md_for_oport.update_delay_on_tx = 0;

    const e = b.egressParser(this.cursor);
    if (e !== P4Error.NoError) {
      prsr.parser_err = this.errorFlags[e] ?? 1;
      if (!b.egressReadsParserErr) {
        this.drop(cur, 'egress', 'egress_parser_error', this.errorNames[e]);
        return;
      }
    }
    b.egress();
    if (this.strict?.violation !== undefined && this.registerRuleBroken(cur, 'egress')) return;
    this.eg.clear();
    this.out.clear();
    b.egressDeparser(this.out);
    const c = this.cursor;
    const frame = this.out.finishFrom(c.buf, c.payloadStart, c.length);
    if (this.eg.mirrorSession >= 0) this.mirror(cur, 'egress', this.eg, frame);
    if ((dp.drop_ctl & 1) !== 0) {
      this.drop(cur, 'egress', 'egress_drop_ctl');
      return;
    }
    this.transmit(cur, w, w.port, frame);
  }

  // ---- traffic manager steps ----------------------------------------------------------

  private enter(w: Work): PacketIdentity {
    const cur = this.current;
    cur.copyId = w.copyId;
    cur.instanceType = w.instanceType;
    cur.length = w.frame.length;
    cur.pass++;
    this.stats.passes++;
    if (this.strict !== undefined) this.strict.violation = undefined;
    return cur;
  }

  /**
   * Strict mode, after a control ran two actions of one register: the whole pass is void (no
   * deparser, mirror, resubmit or forwarding), the packet is dropped and the switch goes on.
   */
  private registerRuleBroken(cur: PacketIdentity, gress: 'ingress' | 'egress'): boolean {
    const v = this.strict?.violation;
    if (v === undefined || this.strict === undefined) return false;
    this.strict.violation = undefined;
    const warned = this.warnings.get(v.register) ?? 0;
    if (this.logger !== undefined && warned < REGISTER_RULE_WARNINGS) {
      this.warnings.set(v.register, warned + 1);
      this.logger.warn(
        {
          packetId: cur.packetId,
          copyId: cur.copyId,
          gress,
          register: v.register,
          first: v.first,
          second: v.second,
          ...(warned + 1 === REGISTER_RULE_WARNINGS ? { furtherWarnings: 'suppressed for this register' } : {}),
        },
        'two RegisterActions of one register ran in one pass; packet dropped',
      );
    }
    this.drop(cur, gress, 'register_rule', `register ${v.register}: ${v.first} then ${v.second} in one pass`);
    return true;
  }

  /** A mirror copy: the session's port, the mirror header, then `packet` cut to maxLen. */
  private mirror(cur: PacketIdentity, gress: 'ingress' | 'egress', req: DeparserRequests, packet: Uint8Array): void {
    const s = this.tm.mirrorSession(req.mirrorSession);
    if (s === undefined || s.direction === (gress === 'ingress' ? 'egress' : 'ingress')) {
      this.drop(cur, gress, 'no_mirror_session', `session ${req.mirrorSession}`);
      return;
    }
    if (!this.copy(cur)) return;
    const body = s.maxLen > 0 && packet.length > s.maxLen ? packet.subarray(0, s.maxLen) : packet;
    const h = req.mirrorHeader.byteLength;
    const frame = allocateFrame(h + body.length);
    copyBytes(frame, 0, req.mirrorHeader.buf, 0, h);
    copyBytes(frame, h, body, 0, body.length);
    const copyId = this.nextCopyId++;
    this.stats.mirrored++;
    this.trace?.mirror(cur.packetId, cur.copyId, gress, s.id, copyId);
    this.queue.push({
      ingress: false,
      port: s.egressPort,
      frame,
      copyId,
      instanceType: gress === 'ingress' ? InstanceType.INGRESS_MIRROR : InstanceType.EGRESS_MIRROR,
      rid: 0,
      ridFirst: 0,
    });
  }

  private transmit(cur: PacketIdentity, w: Work, port: number, frame: Uint8Array): void {
    if (this.tm.isRecirculation(port)) {
      if (!this.reenter(cur)) return;
      this.stats.recirculated++;
      this.trace?.recirculate(cur.packetId, cur.copyId, port);
      this.queue.push({
        ingress: true,
        port,
        frame,
        copyId: w.copyId,
        instanceType: InstanceType.RECIRCULATED,
        rid: 0,
        ridFirst: 0,
      });
      return;
    }
    this.stats.transmitted++;
    this.trace?.packetOut(cur.packetId, cur.copyId, port, frame);
    this.output(port, frame);
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

  private drop(cur: PacketIdentity, gress: 'ingress' | 'egress', reason: DropReason, detail?: string): void {
    this.stats.drops[reason]++;
    this.trace?.drop(cur.packetId, cur.copyId, gress, detail === undefined ? reason : `${reason}: ${detail}`);
  }
}
