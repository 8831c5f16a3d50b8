// The TNA packet path (docs/tna.md §6), bmv2's ingress/egress threads without threads or I/O:
// ingress parser (over the 64-bit intrinsic header + 64 bits of port metadata + frame) →
// ingress → ingress deparser → traffic manager (mirror I2E, resubmit, drop_ctl, multicast,
// unicast, bypass_egress) → egress parser (egress intrinsic header + what ingress emitted,
// or mirror header + packet) → egress → egress deparser (mirror E2E, drop_ctl) → a port,
// or back to ingress through a recirculation port. One received frame is processed to the
// end, copies and re-entries included, before `receive` returns; a bound on re-entries and
// copies per frame stops loops. Every step is traced when a sink is set. In strict mode a
// second RegisterAction execution on one register in one pass drops the packet
// ('register_rule') with a warning; otherwise it is only counted (registerRuleViolations).
//
// The common path costs no allocation but the outgoing frame: the ingress deparser writes
// straight into the egress parser's input, and when nothing else waits in the queue (no
// mirror copy, replica or bypass) the egress pass runs at once on it. The egress parser
// still re-parses those bytes, as Tofino does; only the copy into a frame of its own, which
// nothing could observe, is skipped. The clock is read once per ingress pass: an egress pass
// sees the time of the ingress pass that sent it.

import type { Logger } from 'pino';
import { type DeparserRequests, resetResubmitType, trackResubmitType } from '../externs/deparser-externs.js';
import {
  allocateFrame,
  claimFrame,
  copyBytes,
  ETHERNET_FCS_BYTES,
  InstanceType,
  MAX_SLAB_FRAME,
  newIdentity,
  PacketBuilder,
  PacketCursor,
  type PacketIdentity,
  slabForWriting,
  slabWriteOffset,
} from '../packet.js';
import { P4Error, PARSER_ERROR_FLAGS, type TnaBlocks } from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import { type TrafficManager, UNSET_EGRESS_PORT } from '../traffic-manager.js';
import { ETHERNET_FCS_LENGTH, writeEthernetFcs } from './ethernet-fcs.js';
import {
  EGRESS_PREFIX_BYTES,
  INGRESS_INTRINSIC_BYTES,
  INGRESS_PREFIX_BYTES,
  writeEgressPrefix,
  writeIngressPrefix,
} from './intrinsic-prefix.js';
import { PassClock } from './pass-clock.js';
import type { PortMetadataTable } from './port-metadata.js';
import {
  type DropReason,
  type EngineStats,
  newEngineStats,
  type TnaEngineOptions,
  type Work,
} from './tna-engine-types.js';
import { createTnaServices, type StrictRegisterRule, type TnaServiceParts } from './tna-services.js';

export type { DropReason, EngineStats, TnaEngineOptions } from './tna-engine-types.js';

/** True egress accounting: the counts made in egress get the bytes the egress deparser sent. */
function settleTrueEgress(cur: PacketIdentity, bytes: number): void {
  for (const d of cur.deferred) d.counter.count(d.index, bytes, d.adjust);
  cur.deferred.length = 0;
}

/** Room beyond the egress input's length kept free for the egress deparser's output (headers it adds). */
const SLAB_HEADROOM = 256;

/** Warnings per register in strict mode; later violations are only counted and traced. */
const REGISTER_RULE_WARNINGS = 10;

export class TnaEngine {
  readonly stats: EngineStats = newEngineStats();
  /** Pipe 0's blocks (the only pipe of a one-Pipeline program). */
  readonly blocks: TnaBlocks;
  /** Every pipe's blocks, in p4info.pipes order. */
  readonly pipes: readonly TnaBlocks[];
  /** Index into `pipes` of the pipe serving each port (hardware pipe = port >> 7). */
  private readonly pipeOfPort = new Uint8Array(512);
  readonly parts: TnaServiceParts;
  readonly tm: TrafficManager;
  private readonly current: PacketIdentity = newIdentity();
  private readonly trace: TraceSink | undefined;
  private readonly output: TnaEngineOptions['output'];
  private readonly maxReentries: number;
  private readonly maxCopies: number;
  /** The ingress parser's input, and the egress parser's (which the ingress deparser fills). */
  private readonly igCursor = new PacketCursor();
  private readonly egCursor = new PacketCursor();
  private readonly igOut = new PacketBuilder(0);
  private readonly egOut = new PacketBuilder(0);
  private readonly clock: PassClock;
  /** Bytes before the frame in the ingress / egress parser's input (the target's layout). */
  private readonly igPrefix: number;
  private readonly egPrefix: number;
  /** Port metadata by port number (the pipeline state's table, which the control plane sets). */
  private readonly portMetadata: PortMetadataTable;
  private readonly ig: DeparserRequests;
  private readonly eg: DeparserRequests;
  /** parser_err flag per error number (p4info.errors order). */
  private readonly errorFlags: number[];
  private readonly errorNames: readonly string[];
  private queue: Work[] = [];
  /** Index of the next queued item to run. */
  private next = 0;
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
    this.portMetadata = o.state.portMetadata;
    this.trace = o.trace;
    this.output = o.output;
    this.maxReentries = o.maxReentries ?? 16;
    this.maxCopies = o.maxCopies ?? 1024;
    const t0 = performance.now();
    this.clock = new PassClock(o.clockNs ?? (() => Math.round((performance.now() - t0) * 1e6)));
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
    const created = o.module.create(this.parts.services) as TnaBlocks & { pipes?: readonly TnaBlocks[] };
    this.blocks = created;
    this.pipes = created.pipes ?? [created];
    // Every pipe of a program has the same target layout: pipe 0's sizes hold for all.
    this.igPrefix = INGRESS_INTRINSIC_BYTES + (this.blocks.portMetadataBytes ?? INGRESS_PREFIX_BYTES - 8);
    // The ingress parser may read into the frame's FCS (docs/tna-semantics.md, "The frame check sequence").
    const framesFrom = this.igPrefix;
    this.igCursor.tailBytes = ETHERNET_FCS_LENGTH;
    this.igCursor.fillTail = (buf, end) => writeEthernetFcs(buf, framesFrom, end);
    this.egPrefix = this.blocks.egressIntrinsicBytes ?? EGRESS_PREFIX_BYTES;
    const info = o.state.p4info;
    // A port belongs to hardware pipe port >> 7; p4info.pipes says which Pipeline serves it.
    for (let port = 0; port < 512; port++) {
      const k = info.pipes?.findIndex((p) => p.hwPipes.includes(port >> 7)) ?? 0;
      this.pipeOfPort[port] = k < 0 || k >= this.pipes.length ? 0 : k;
    }
    // The deparser externs read the type fields of their pipe's and gress's deparser metadata.
    const pipeOf = (k: number | undefined) => this.pipes[k ?? 0] ?? created;
    info.mirrors.forEach((m, i) => {
      const x = this.parts.services.mirrors[i];
      const b = pipeOf(m.pipe);
      if (x !== undefined) x.dprsr = m.gress === 'egress' ? b.eg_intr_md_for_dprsr : b.ig_intr_md_for_dprsr;
    });
    info.resubmits.forEach((r, i) => {
      const x = this.parts.services.resubmits[i];
      if (x !== undefined) {
        x.dprsr = pipeOf(r.pipe).ig_intr_md_for_dprsr;
        trackResubmitType(x.dprsr);
      }
    });
    info.digests.forEach((d, i) => {
      const x = this.parts.services.digests[i];
      if (x !== undefined) x.dprsr = pipeOf(d.pipe).ig_intr_md_for_dprsr;
    });
    for (const b of this.pipes) {
      this.clock.install(b.ig_intr_md_from_prsr, 0);
      this.clock.install(b.eg_intr_md_from_prsr, 1);
    }
    this.errorNames = o.state.p4info.errors;
    this.errorFlags = this.errorNames.map((n) => PARSER_ERROR_FLAGS[n] ?? PARSER_ERROR_FLAGS.NoMatch ?? 1);
  }

  /** Per-port metadata (PORT_METADATA_SIZE: 8 bytes on Tofino 1, 24 on Tofino 2) the ingress parser sees after the intrinsic header. */
  setPortMetadata(port: number, data: Uint8Array): void {
    this.portMetadata.set(port & 0x1ff, data.subarray(0, this.igPrefix - INGRESS_INTRINSIC_BYTES));
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
    const q = this.queue;
    // Setting an array's length calls into the runtime: only when something was queued (or
    // a throw from a previous frame left items behind).
    if (q.length !== 0) q.length = 0;
    this.next = 0;
    this.runIngress(port, frame, 0, InstanceType.NORMAL, undefined);
    while (this.next < q.length) {
      const w = q[this.next++] as Work;
      if (w.ingress) this.runIngress(w.port, w.frame, w.copyId, w.instanceType, w.resubmitData);
      else this.runEgress(w);
    }
    if (q.length !== 0) q.length = 0;
    this.next = 0;
  }

  // ---- ingress ------------------------------------------------------------------------

  private runIngress(
    port: number,
    frame: Uint8Array,
    copyId: number,
    instanceType: InstanceType,
    resubmitData: Uint8Array | undefined,
  ): void {
    const b = this.pipes[this.pipeOfPort[port & 511] as number] as TnaBlocks;
    const cur = this.enter(copyId, instanceType, frame.length);
    const now = this.clock.tick();
    cur.nowNs = now;
    const c = this.igCursor;
    const pre = this.igPrefix;
    const n = pre + frame.length;
    c.reserve(n, 0);
    writeIngressPrefix(c.buf, resubmitData !== undefined, port, now, resubmitData ?? this.portMetadata.get(port), pre);
    copyBytes(c.buf, pre, frame, 0, frame.length);
    c.rewind(n);

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
    this.clock.startPass(prsr, 0);
    prsr.global_ver = 0;
    prsr.parser_err = 0;
    const dp = b.ig_intr_md_for_dprsr;
    dp.drop_ctl = 0;
    dp.digest_type = 0;
    resetResubmitType(dp);
    dp.mirror_type = 0;

    const e = b.ingressParser(c);
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
    // The deparser writes where the egress parser reads, after room for the egress prefix.
    const eg = this.egCursor;
    const out = this.igOut;
    out.clearInto(eg.buf, this.egPrefix);
    b.ingressDeparser(out);

    // Traffic manager. A mirror copy is made even when the original is dropped or resubmitted.
    const ig = this.ig;
    if (ig.mirrorSession >= 0) this.mirror(cur, 'ingress', ig, frame);
    if (ig.resubmit) {
      if (resubmitData === undefined) {
        if (!this.reenter(cur)) return;
        const data = new Uint8Array(8);
        data.set(ig.resubmitHeader.buf.subarray(0, Math.min(ig.resubmitHeader.byteLength, 8)));
        this.stats.resubmitted++;
        this.trace?.resubmit(cur.packetId, cur.copyId);
        this.queue.push({
          ingress: true,
          port,
          frame,
          copyId,
          instanceType: InstanceType.RESUBMITTED,
          rid: 0,
          ridFirst: 0,
          resubmitData: data,
        });
        return;
      }
      this.stats.resubmitIgnored++;
    }
    if ((dp.drop_ctl & 1) !== 0) {
      this.drop(cur, 'ingress', 'ingress_drop_ctl');
      return;
    }

    // The egress input: prefix room, what the deparser emitted, then the unparsed payload.
    const emitted = out.byteLength;
    const payload = c.length - c.payloadStart;
    const egLength = emitted + payload;
    eg.buf = out.buf;
    eg.reserve(this.egPrefix + egLength, this.egPrefix + emitted);
    copyBytes(eg.buf, this.egPrefix + emitted, c.buf, c.payloadStart, c.length);
    const ucast = tm.ucast_egress_port;
    const hasUcast = ucast !== UNSET_EGRESS_PORT && this.tm.portExists(ucast);
    if (
      hasUcast &&
      tm.bypass_egress === 0 &&
      tm.mcast_grp_a === 0 &&
      tm.mcast_grp_b === 0 &&
      this.next === this.queue.length
    ) {
      // Nothing runs between this pass and its egress pass: run it on the bytes in place.
      this.runEgressLoaded(ucast, copyId, instanceType, 0, 0, egLength);
      return;
    }
    const egFrame = allocateFrame(egLength);
    copyBytes(egFrame, 0, eg.buf, this.egPrefix, this.egPrefix + egLength);
    let replicas = 0;
    if (tm.mcast_grp_a !== 0) {
      replicas = this.replicate(cur, tm, tm.mcast_grp_a, egFrame, replicas);
      if (replicas < 0) return;
    }
    if (tm.mcast_grp_b !== 0) {
      replicas = this.replicate(cur, tm, tm.mcast_grp_b, egFrame, replicas);
      if (replicas < 0) return;
    }
    if (hasUcast) {
      if (tm.bypass_egress !== 0) this.transmit(cur, copyId, ucast, egFrame);
      else
        this.queue.push({
          ingress: false,
          port: ucast,
          frame: egFrame,
          copyId,
          instanceType,
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
  private replicate(
    cur: PacketIdentity,
    md: TnaBlocks['ig_intr_md_for_tm'],
    grp: number,
    frame: Uint8Array,
    replicas: number,
  ): number {
    const rs = this.tm.replicas(grp);
    if (rs === undefined) {
      this.drop(cur, 'ingress', 'no_multicast_group', `group ${grp}`);
      return replicas;
    }
    for (const r of rs) {
      // Level-1 exclusion (node xid) and level-2 pruning (rid + yid), docs/tna-semantics.md.
      if (r.xid !== undefined && r.xid === md.level1_exclusion_id) continue;
      if (this.tm.isPruned(r.rid, r.port, md.rid, md.level2_exclusion_id)) continue;
      if (!this.copy(cur)) return -1;
      this.stats.replicated++;
      if (md.bypass_egress !== 0) {
        // bypass_egress holds for every copy: each goes out as ingress left it.
        this.transmit(cur, this.nextCopyId++, r.port, frame);
        replicas++;
        continue;
      }
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

  /**
   * An egress parser that did not extract eg_intr_md: Tofino consumes the egress intrinsic
   * header anyway (bf-p4c adds the extraction) and the fields hold their values, so the
   * packet does not start with it (docs/tna-semantics.md, "Egress intrinsic metadata"). A
   * parser that read nothing leaves the payload after the header; one that read packet
   * headers is run again from after it. Returns the parser's error.
   */
  private egressWithoutIntrinsic(
    b: TnaBlocks,
    c: PacketCursor,
    e: number,
    port: number,
    rid: number,
    ridFirst: number,
    length: number,
  ): number {
    let error = e;
    if (c.offset !== 0) {
      c.rewind(c.length);
      c.offset = this.egPrefix * 8;
      error = b.egressParser(c);
      if (c.offset < this.egPrefix * 8) c.offset = this.egPrefix * 8;
    } else c.offset = this.egPrefix * 8;
    const md = b.eg_intr_md;
    md.egress_port = port;
    md.egress_rid = rid;
    md.egress_rid_first = ridFirst;
    md.pkt_length = Math.min(length, 0xffff);
    md.enq_tstamp = this.clock.nowNs & 0x3ffff;
    return error;
  }

  /** A queued egress pass: its frame goes into the egress input first. */
  private runEgress(w: Work): void {
    const eg = this.egCursor;
    const n = w.frame.length;
    eg.reserve(this.egPrefix + n, 0);
    copyBytes(eg.buf, this.egPrefix, w.frame, 0, n);
    this.runEgressLoaded(w.port, w.copyId, w.instanceType, w.rid, w.ridFirst, n);
  }

  /** An egress pass over the `length`-byte packet after the egress intrinsic header in the egress input. */
  private runEgressLoaded(
    port: number,
    copyId: number,
    instanceType: InstanceType,
    rid: number,
    ridFirst: number,
    length: number,
  ): void {
    const b = this.pipes[this.pipeOfPort[port & 511] as number] as TnaBlocks;
    const cur = this.enter(copyId, instanceType, length);
    const c = this.egCursor;
    writeEgressPrefix(c.buf, port, this.clock.nowNs, rid, ridFirst, length, this.egPrefix);
    c.rewind(this.egPrefix + length);
    const prsr = b.eg_intr_md_from_prsr;
    this.clock.startPass(prsr, 1);
    prsr.global_ver = 0;
    prsr.parser_err = 0;
    const dp = b.eg_intr_md_for_dprsr;
    dp.drop_ctl = 0;
    dp.mirror_type = 0;
    dp.coalesce_flush = 0;
    dp.coalesce_length = 0;
    b.eg_intr_md_for_oport.capture_tstamp_on_tx = 0;
    b.eg_intr_md_for_oport.update_delay_on_tx = 0;

    let e = b.egressParser(c);
    if ((b.eg_intr_md as { $valid?: boolean }).$valid === false)
      e = this.egressWithoutIntrinsic(b, c, e, port, rid, ridFirst, length);
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
    // The outgoing frame is deparsed in place in the frame slab; claimed below, or copied out
    // when the deparser outgrew the room (or the slab) it was given.
    const out = this.egOut;
    const room = slabForWriting(Math.min(c.length + SLAB_HEADROOM, MAX_SLAB_FRAME));
    const at = slabWriteOffset();
    out.clearInto(room, at);
    b.egressDeparser(out);
    const emitted = out.byteLength;
    let frame: Uint8Array | undefined;
    if (out.buf === room && at + emitted + (c.length - c.payloadStart) <= room.length) {
      copyBytes(room, at + emitted, c.buf, c.payloadStart, c.length);
      frame = claimFrame(room, at, emitted + (c.length - c.payloadStart));
    }
    frame ??= out.finishFrom(c.buf, c.payloadStart, c.length);
    if (cur.deferred.length !== 0) settleTrueEgress(cur, frame.length + ETHERNET_FCS_BYTES);
    if (this.eg.mirrorSession >= 0) this.mirror(cur, 'egress', this.eg, frame);
    if ((dp.drop_ctl & 1) !== 0) {
      this.drop(cur, 'egress', 'egress_drop_ctl');
      return;
    }
    this.transmit(cur, copyId, port, frame);
  }

  // ---- traffic manager steps ----------------------------------------------------------

  private enter(copyId: number, instanceType: InstanceType, length: number): PacketIdentity {
    const cur = this.current;
    cur.copyId = copyId;
    cur.instanceType = instanceType;
    // Counters and meters count the frame with its CRC (docs/tna-semantics.md, "Byte counts").
    cur.length = length + ETHERNET_FCS_BYTES;
    if (cur.deferred.length !== 0) cur.deferred.length = 0;
    cur.nowNs = this.clock.nowNs;
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

  private transmit(cur: PacketIdentity, copyId: number, port: number, frame: Uint8Array): void {
    if (this.tm.isRecirculation(port)) {
      if (!this.reenter(cur)) return;
      this.stats.recirculated++;
      this.trace?.recirculate(cur.packetId, cur.copyId, port);
      this.queue.push({
        ingress: true,
        port,
        frame,
        copyId,
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
