// The TNA packet path (docs/tna.md §6), bmv2's ingress/egress threads without threads or I/O:
// ingress parser (over the 64-bit intrinsic header + 64 bits of port metadata + frame) →
// ingress → ingress deparser → traffic manager (mirror I2E, resubmit, drop_ctl, multicast,
// unicast, bypass_egress) → egress parser (egress intrinsic header + what ingress emitted,
// or mirror header + packet) → egress → egress deparser (mirror E2E, drop_ctl) → a port,
// or back to ingress through a recirculation port. One received frame is processed to the
// end, copies and re-entries included, before `receive` returns; a bound on re-entries and
// copies per frame stops loops; packets the packet generator has due by then (a recirculation
// pattern it matched, timers) follow, each processed the same way. Every step is traced when
// a sink is set. In strict mode a second RegisterAction execution on one register in one pass
// drops the packet ('register_rule') with a warning; otherwise it is only counted
// (registerRuleViolations).
//
// The common path costs no allocation but the outgoing frame: the ingress deparser writes
// straight into the egress parser's input, and when nothing else waits in the queue (no
// mirror copy, replica or bypass) the egress pass runs at once on it. The egress parser
// still re-parses those bytes, as Tofino does; only the copy into a frame of its own, which
// nothing could observe, is skipped. The clock is read once per ingress pass: an egress pass
// sees the time of the ingress pass that sent it. The work queue and the packet's ends
// (port, recirculation, drop) are in tna-work-queue.ts, over the per-frame bookkeeping every
// engine shares (frame-bookkeeping.ts); per-pass metadata in tna-intrinsics.ts.

import type { Logger } from 'pino';
import type { DeparserRequests } from '../externs/deparser-externs.js';
import {
  allocateFrame,
  claimFrame,
  copyBytes,
  ETHERNET_FCS_BYTES,
  InstanceType,
  MAX_SLAB_FRAME,
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
import { type EngineStats, engineClockNs, type Gress } from './frame-bookkeeping.js';
import {
  EGRESS_PREFIX_BYTES,
  INGRESS_INTRINSIC_BYTES,
  INGRESS_PREFIX_BYTES,
  writeEgressPrefix,
  writeIngressPrefix,
} from './intrinsic-prefix.js';
import { PassClock } from './pass-clock.js';
import type { PortMetadataTable } from './port-metadata.js';
import type { DeviceProgram, TnaEngineOptions, Work } from './tna-engine-types.js';
import { GhostThread } from './tna-ghost.js';
import { pipesOfPorts, resetEgressIntrinsics, resetIngressIntrinsics, wirePipes } from './tna-intrinsics.js';
import { PacketGenerator } from './tna-pktgen.js';
import { createTnaServices, type StrictRegisterRule, type TnaServiceParts } from './tna-services.js';
import { TnaWorkQueue } from './tna-work-queue.js';

export type { DropReason, EngineStats } from './frame-bookkeeping.js';
export type { DeviceProgram, TnaEngineOptions } from './tna-engine-types.js';
export type { GhostControl, GhostQueueReport } from './tna-ghost.js';

/** A pipe's own parts: its blocks, and its program's port metadata and parser error names. */
interface PipeSlot {
  readonly blocks: TnaBlocks;
  /** Port metadata by port number (the program's table, which the control plane sets). */
  readonly portMetadata: PortMetadataTable;
  /** parser_err flag per error number (the program's p4info.errors order). */
  readonly errorFlags: readonly number[];
  readonly errorNames: readonly string[];
}

/** The packet generator as the control plane sees it: its state, and a way to let due packets flow. */
export interface PktgenControl {
  readonly generator: PacketGenerator;
  /** Injects every generated packet due by now; false when the budget left some for later. */
  run(budget?: number): boolean;
}

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
  readonly stats: EngineStats;
  /** Pipe 0's blocks (the only pipe of a one-Pipeline program). */
  readonly blocks: TnaBlocks;
  /** Every pipe's blocks: each program's, in p4info.pipes order, programs in order. */
  readonly pipes: readonly TnaBlocks[];
  /** What differs per pipe besides its blocks (with one program, only the blocks differ). */
  private readonly slots: readonly PipeSlot[];
  /** Index into `pipes` of the pipe serving each port (hardware pipe = port >> 7). */
  private readonly pipeOfPort: Uint8Array;
  /** The first program's services (with one program, the program's). */
  readonly parts: TnaServiceParts;
  /** Every program's services (one per program). */
  private readonly allParts: readonly TnaServiceParts[];
  readonly tm: TrafficManager;
  /** The packet the running pass belongs to (the work queue's). */
  private readonly current: PacketIdentity;
  private readonly trace: TraceSink | undefined;
  /** The ingress parser's input, and the egress parser's (which the ingress deparser fills). */
  private readonly igCursor = new PacketCursor();
  private readonly egCursor = new PacketCursor();
  private readonly igOut = new PacketBuilder(0);
  private readonly egOut = new PacketBuilder(0);
  private readonly clock: PassClock;
  /** Bytes before the frame in the ingress / egress parser's input (the target's layout). */
  private readonly igPrefix: number;
  private readonly egPrefix: number;
  private readonly ig: DeparserRequests;
  private readonly eg: DeparserRequests;
  /** The passes still to run for the current frame, its bounds and drops, and where its packets end. */
  private readonly work: TnaWorkQueue;
  private readonly strict: StrictRegisterRule | undefined;
  private readonly logger: Logger | undefined;
  private readonly warnings = new Map<string, number>();
  /** Tofino's packet generator (tna-pktgen.ts); its packets enter through `receive`. */
  readonly pktgen: PktgenControl;
  private generating = false;
  /** Tofino 2's ghost thread: queue reports from the traffic manager and the control plane. */
  readonly ghost: GhostThread;

  /** Throws when the module's `create` fails (the loader turns that into a coded error). */
  constructor(o: TnaEngineOptions) {
    this.tm = o.tm;
    this.trace = o.trace;
    this.work = new TnaWorkQueue(o);
    this.stats = this.work.stats;
    this.current = this.work.current;
    const read = engineClockNs(o.clockNs);
    this.clock = new PassClock(read);
    const onDigest = o.onDigest;
    const programs: readonly DeviceProgram[] = o.programs ?? [{ name: '', module: o.module, state: o.state }];
    if (programs[0]?.module !== o.module || programs[0]?.state !== o.state)
      throw new Error('programs[0] must be the engine options module and state');
    const several = programs.length > 1;
    const slots: PipeSlot[] = [];
    const pipes: TnaBlocks[] = [];
    const allParts: TnaServiceParts[] = [];
    this.pipeOfPort = new Uint8Array(512);
    for (const p of programs) {
      const parts = createTnaServices(
        p.state,
        this.current,
        this.trace,
        (m) => {
          this.stats.digests++;
          // With several programs a digest says whose it is, as BF Runtime's learn objects do.
          onDigest?.(several ? { ...m, program: p.name } : m);
        },
        o.strict === true,
        allParts[0],
      );
      allParts.push(parts);
      const created = p.module.create(parts.services) as TnaBlocks & { pipes?: readonly TnaBlocks[] };
      const own = created.pipes ?? [created];
      const info = p.state.p4info;
      wirePipes(info, parts, own, this.clock);
      const errorNames = info.errors;
      const errorFlags = errorNames.map((n) => PARSER_ERROR_FLAGS[n] ?? PARSER_ERROR_FLAGS.NoMatch ?? 1);
      const base = pipes.length;
      for (const b of own) {
        pipes.push(b);
        slots.push({ blocks: b, portMetadata: p.state.portMetadata, errorFlags, errorNames });
      }
      if (!several) this.pipeOfPort = pipesOfPorts(info, own.length);
      else {
        const local = pipesOfPorts(info, own.length);
        for (let port = 0; port < 512; port++)
          if (info.pipes?.some((x) => x.hwPipes.includes(port >> 7)) === true)
            this.pipeOfPort[port] = base + (local[port] as number);
      }
    }
    this.parts = allParts[0] as TnaServiceParts;
    this.allParts = allParts;
    this.strict = this.parts.strict;
    this.logger = o.logger;
    this.ig = this.parts.ingressRequests;
    this.eg = this.parts.egressRequests;
    this.pipes = pipes;
    this.slots = slots;
    this.blocks = pipes[0] as TnaBlocks;
    // Every pipe of a device has the same target layout: pipe 0's sizes hold for all.
    this.igPrefix = INGRESS_INTRINSIC_BYTES + (this.blocks.portMetadataBytes ?? INGRESS_PREFIX_BYTES - 8);
    this.egPrefix = this.blocks.egressIntrinsicBytes ?? EGRESS_PREFIX_BYTES;
    for (const b of pipes)
      if (
        INGRESS_INTRINSIC_BYTES + (b.portMetadataBytes ?? INGRESS_PREFIX_BYTES - 8) !== this.igPrefix ||
        (b.egressIntrinsicBytes ?? EGRESS_PREFIX_BYTES) !== this.egPrefix
      )
        throw new Error('the programs on one device are compiled for different targets (Tofino 1 and 2)');
    // The ingress parser may read into the frame's FCS (docs/tna-semantics.md, "The frame check sequence").
    const framesFrom = this.igPrefix;
    this.igCursor.tailBytes = ETHERNET_FCS_LENGTH;
    this.igCursor.fillTail = (buf, end) => writeEthernetFcs(buf, framesFrom, end);
    // Tofino 2 programs have 24 bytes of port metadata (tofino2_specs.p4), Tofino 1 programs 8.
    const generator = new PacketGenerator(
      (this.blocks.portMetadataBytes ?? 8) > 8 ? 2 : 1,
      () => this.clock.pinned ?? read(),
    );
    this.work.onRecirculate = (port, frame) => generator.recirculated(port, frame);
    this.pktgen = { generator, run: (budget) => this.runPacketGenerator(budget) };
    // A port's link state is the generator's (port.setLink): the MACs report and obey it.
    this.tm.macs.linkUp = (port) => generator.linkUp(port);
    this.ghost = new GhostThread(pipes, this.pipeOfPort, () => {
      this.current.pass++;
    });
  }

  /**
   * Lets the packet generator inject every packet due by the clock's time, each processed to
   * the end at its own time (the pass clock is pinned to it). Not re-entered: packets a
   * generated packet triggers (a recirculation pattern) are made by the same loop.
   */
  private runPacketGenerator(budget?: number): boolean {
    if (this.generating || !this.pktgen.generator.busy) return true;
    this.generating = true;
    try {
      return this.pktgen.generator.advance((port, frame, at) => {
        this.clock.pinned = at;
        try {
          this.receive(port, frame);
        } finally {
          this.clock.pinned = undefined;
        }
      }, budget);
    } finally {
      this.generating = false;
    }
  }

  /** Per-port metadata (PORT_METADATA_SIZE: 8 bytes on Tofino 1, 24 on Tofino 2) the ingress parser sees after the intrinsic header. */
  setPortMetadata(port: number, data: Uint8Array): void {
    (this.slots[this.pipeOfPort[port & 0x1ff] as number] as PipeSlot).portMetadata.set(
      port & 0x1ff,
      data.subarray(0, this.igPrefix - INGRESS_INTRINSIC_BYTES),
    );
  }

  /** Times any RegisterAction ran twice on one register in one pass. */
  get registerRuleViolations(): number {
    let n = 0;
    for (const parts of this.allParts) for (const ps of parts.passStates.values()) n += ps.violations;
    return n;
  }

  /** Processes one frame received on `port` to the end (all copies and re-entries). */
  receive(port: number, frame: Uint8Array): void {
    const work = this.work;
    // A port that does not receive (deleted, disabled, down) never hands the frame on.
    if (!work.admit(port, frame)) return;
    this.runIngress(port, frame, 0, InstanceType.NORMAL, undefined);
    for (let w = work.take(); w !== undefined; w = work.take()) {
      if (w.ingress) this.runIngress(w.port, w.frame, w.copyId, w.instanceType, w.resubmitData);
      else this.runEgress(w);
    }
    work.end();
    // A recirculated packet may have triggered the generator: its packets follow this one's.
    if (!this.generating && this.pktgen.generator.busy) this.runPacketGenerator();
  }

  // ---- ingress ------------------------------------------------------------------------

  private runIngress(
    port: number,
    frame: Uint8Array,
    copyId: number,
    instanceType: InstanceType,
    resubmitData: Uint8Array | undefined,
  ): void {
    const slot = this.slots[this.pipeOfPort[port & 511] as number] as PipeSlot;
    const b = slot.blocks;
    const cur = this.enter(copyId, instanceType, frame.length);
    const now = this.clock.tick();
    cur.nowNs = now;
    const c = this.igCursor;
    const pre = this.igPrefix;
    const n = pre + frame.length;
    c.reserve(n, 0);
    writeIngressPrefix(c.buf, resubmitData !== undefined, port, now, resubmitData ?? slot.portMetadata.get(port), pre);
    copyBytes(c.buf, pre, frame, 0, frame.length);
    c.rewind(n);

    resetIngressIntrinsics(b, this.clock);
    const prsr = b.ig_intr_md_from_prsr;

    const e = b.ingressParser(c);
    if (e !== P4Error.NoError) {
      prsr.parser_err = slot.errorFlags[e] ?? 1;
      if (!b.ingressReadsParserErr) {
        this.work.drop('ingress', 'ingress_parser_error', slot.errorNames[e]);
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
    // Tofino 2: the deparser asks the packet generator for a deparser-triggered generation.
    const dp = b.ig_intr_md_for_dprsr;
    if (dp.pktgen === 1) {
      dp.pktgen = 0;
      this.pktgen.generator.deparserTriggered(
        port,
        this.ig.pktgenContext
          ? this.ig.pktgenHeader.buf.subarray(0, this.ig.pktgenHeader.byteLength)
          : new Uint8Array(0),
      );
    }

    // Traffic manager. A mirror copy is made even when the original is dropped or resubmitted,
    // and after the original: it reaches the traffic manager through the mirror buffer, so on
    // a shared port the original leaves first (bf-p4c's PTF test mirror_constants expects the
    // original, then the copy, on the ingress port).
    const ig = this.ig;
    if (ig.mirrorSession < 0) {
      this.ingressToTrafficManager(b, c, port, frame, copyId, instanceType, resubmitData);
      return;
    }
    try {
      this.ingressToTrafficManager(b, c, port, frame, copyId, instanceType, resubmitData);
    } finally {
      this.work.mirror('ingress', ig, frame);
    }
  }

  /** The original packet's way through the traffic manager: resubmit, drop, egress pass(es) or port. */
  private ingressToTrafficManager(
    b: TnaBlocks,
    c: PacketCursor,
    port: number,
    frame: Uint8Array,
    copyId: number,
    instanceType: InstanceType,
    resubmitData: Uint8Array | undefined,
  ): void {
    const ig = this.ig;
    const out = this.igOut;
    const eg = this.egCursor;
    const dp = b.ig_intr_md_for_dprsr;
    const tm = b.ig_intr_md_for_tm;
    if (ig.resubmit) {
      if (resubmitData === undefined) {
        if (!this.work.resubmit()) return;
        const data = new Uint8Array(8);
        data.set(ig.resubmitHeader.buf.subarray(0, Math.min(ig.resubmitHeader.byteLength, 8)));
        this.work.push({
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
      this.work.drop('ingress', 'ingress_drop_ctl');
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
    if (hasUcast) this.ghost.update(ucast, tm.qid);
    if (hasUcast && tm.bypass_egress === 0 && tm.mcast_grp_a === 0 && tm.mcast_grp_b === 0 && this.work.idle) {
      // Nothing runs between this pass and its egress pass: run it on the bytes in place.
      this.runEgressLoaded(ucast, copyId, instanceType, 0, 0, egLength);
      return;
    }
    const egFrame = allocateFrame(egLength);
    copyBytes(egFrame, 0, eg.buf, this.egPrefix, this.egPrefix + egLength);
    let replicas = 0;
    if (tm.mcast_grp_a !== 0) {
      replicas = this.work.replicate(tm, tm.mcast_grp_a, egFrame, replicas);
      if (replicas < 0) return;
    }
    if (tm.mcast_grp_b !== 0) {
      replicas = this.work.replicate(tm, tm.mcast_grp_b, egFrame, replicas);
      if (replicas < 0) return;
    }
    if (hasUcast) {
      if (tm.bypass_egress !== 0) this.work.transmit(copyId, ucast, egFrame);
      else
        this.work.push({
          ingress: false,
          port: ucast,
          frame: egFrame,
          copyId,
          instanceType,
          rid: 0,
          ridFirst: 0,
        });
    } else if (replicas === 0 && tm.mcast_grp_a === 0 && tm.mcast_grp_b === 0) {
      this.work.drop('ingress', 'no_egress_port', ucast === UNSET_EGRESS_PORT ? undefined : `port ${ucast}`);
    }
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
    const slot = this.slots[this.pipeOfPort[port & 511] as number] as PipeSlot;
    const b = slot.blocks;
    const cur = this.enter(copyId, instanceType, length);
    const c = this.egCursor;
    writeEgressPrefix(c.buf, port, this.clock.nowNs, rid, ridFirst, length, this.egPrefix);
    c.rewind(this.egPrefix + length);
    resetEgressIntrinsics(b, this.clock);
    const prsr = b.eg_intr_md_from_prsr;
    const dp = b.eg_intr_md_for_dprsr;

    let e = b.egressParser(c);
    if ((b.eg_intr_md as { $valid?: boolean }).$valid === false)
      e = this.egressWithoutIntrinsic(b, c, e, port, rid, ridFirst, length);
    if (e !== P4Error.NoError) {
      prsr.parser_err = slot.errorFlags[e] ?? 1;
      if (!b.egressReadsParserErr) {
        this.work.drop('egress', 'egress_parser_error', slot.errorNames[e]);
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
    if (this.eg.mirrorSession >= 0) this.work.mirror('egress', this.eg, frame);
    if ((dp.drop_ctl & 1) !== 0) {
      this.work.drop('egress', 'egress_drop_ctl');
      return;
    }
    this.work.transmit(copyId, port, frame);
  }

  // ---- traffic manager steps ----------------------------------------------------------

  private enter(copyId: number, instanceType: InstanceType, length: number): PacketIdentity {
    // Counters and meters count the frame with its CRC (docs/tna-semantics.md, "Byte counts").
    const cur = this.work.enterPass(copyId, length + ETHERNET_FCS_BYTES);
    cur.instanceType = instanceType;
    if (cur.deferred.length !== 0) cur.deferred.length = 0;
    cur.nowNs = this.clock.nowNs;
    if (this.strict !== undefined) this.strict.violation = undefined;
    return cur;
  }

  /**
   * Strict mode, after a control ran two actions of one register: the whole pass is void (no
   * deparser, mirror, resubmit or forwarding), the packet is dropped and the switch goes on.
   */
  private registerRuleBroken(cur: PacketIdentity, gress: Gress): boolean {
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
    this.work.drop(gress, 'register_rule', `register ${v.register}: ${v.first} then ${v.second} in one pass`);
    return true;
  }
}
