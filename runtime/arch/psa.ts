// The PSA packet paths as the PSA specification defines them (docs/psa.md), as bmv2's
// psa_switch runs them, without threads or I/O: ingress parser → ingress → ingress deparser →
// (clone I2E, drop, resubmit, multicast, unicast) → egress parser → egress → egress deparser →
// (clone E2E, drop, recirculate, transmit). Each pass parses its frame afresh; the user
// metadata that crosses passes (normal, clone, resubmit, recirculate) rides with the work
// item. One received frame is processed to the end before `receive` returns; bounds on
// re-entries and copies stop loops (frame-bookkeeping.ts, shared with TNA and v1model, as are
// the device ports and drop counts). Mirror sessions and multicast groups are the traffic
// manager's that TNA and v1model use.

import { PSA_PORT_RECIRCULATE } from '../p4info.js';
import { PacketBuilder, PacketCursor } from '../packet.js';
import {
  type PsaBlocks,
  type PsaBridgedCopy,
  type PsaBridgedRole,
  PsaPacketPath,
  type PsaPipelineModule,
  type PsaServices,
  type V1ModelRequests,
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

export interface PsaEngineOptions extends EngineBaseOptions {
  readonly module: PsaPipelineModule;
  readonly state: PipelineState;
  /** Seed of Random and of the random hash (default: from Math.random). */
  readonly seed?: number;
}

/** A packet waiting for a pass: the frame it carries and the bridged metadata its parser reads. */
interface Work {
  readonly ingress: boolean;
  /** Ingress: the ingress port. Egress: the egress port. */
  readonly port: number;
  readonly frame: Uint8Array;
  readonly copyId: number;
  readonly path: number;
  /** Egress: the replica's instance (egress_rid of its multicast node or session). */
  readonly instance: number;
  readonly classOfService: number;
  readonly bridged: PsaBridgedCopy | undefined;
}

const BRIDGED_BY_PATH: Readonly<Record<number, PsaBridgedRole>> = {
  [PsaPacketPath.NORMAL_UNICAST]: 'normal',
  [PsaPacketPath.NORMAL_MULTICAST]: 'normal',
  [PsaPacketPath.CLONE_I2E]: 'clone_i2e',
  [PsaPacketPath.CLONE_E2E]: 'clone_e2e',
  [PsaPacketPath.RESUBMIT]: 'resubmit',
  [PsaPacketPath.RECIRCULATE]: 'recirculate',
};

/** Which bridged inputs each parser has, so the others are zeroed for a pass. */
const INGRESS_INPUTS: readonly PsaBridgedRole[] = ['resubmit', 'recirculate'];
const EGRESS_INPUTS: readonly PsaBridgedRole[] = ['normal', 'clone_i2e', 'clone_e2e'];

export class PsaEngine {
  readonly stats: EngineStats;
  readonly blocks: PsaBlocks;
  readonly tm: TrafficManager;
  readonly registerRuleViolations = 0;
  /** The queue of the current frame's passes, its bounds, drops and ports. */
  private readonly book: FrameBookkeeping<Work>;
  private readonly clockNs: () => number;
  /** PSA_PORT_RECIRCULATE as the program's psa.p4 declares it (p4info's recirculation port). */
  private readonly recirculationPort: number;
  private readonly cursor = new PacketCursor();
  private readonly out = new PacketBuilder(0);
  private payload: Uint8Array = new Uint8Array(0);

  constructor(o: PsaEngineOptions) {
    this.tm = o.tm;
    this.book = new FrameBookkeeping(o);
    this.stats = this.book.stats;
    this.recirculationPort = o.state.p4info.ports.recirculation[0] ?? PSA_PORT_RECIRCULATE;
    this.clockNs = engineClockNs(o.clockNs);
    const tnaServices = bmv2Services(o.state, this.book, o);
    const unused = (what: string) => () => {
      throw new Error(`${what} is not a PSA request`);
    };
    const requests: V1ModelRequests = {
      ...bmv2CommonRequests(o.seed, () => this.payload),
      clone: unused('clone'),
      resubmit: unused('resubmit'),
      recirculate: unused('recirculate'),
      truncate: unused('truncate'),
      color: (c) => c,
      log: () => {},
    };
    const services: PsaServices = { ...tnaServices, v1: requests };
    this.blocks = o.module.create(services);
  }

  /** Processes one frame received on `port` to the end (all copies and re-entries). */
  receive(port: number, frame: Uint8Array): void {
    const book = this.book;
    // A port that is deleted, disabled or down receives nothing (runtime/ports/device-ports.ts).
    if (!book.admit(port, frame)) return;
    book.push({
      ingress: true,
      port,
      frame,
      copyId: 0,
      path: PsaPacketPath.NORMAL,
      instance: 0,
      classOfService: 0,
      bridged: undefined,
    });
    // v1model.ts and tna.ts drain alike: sharing this loop would put a callback on every pass of a packet.
    for (let w = book.take(); w !== undefined; w = book.take()) {
      if (w.ingress) this.runIngress(w);
      else this.runEgress(w);
    }
    book.end();
  }

  private get nanos(): bigint {
    return BigInt(this.clockNs());
  }

  /** Loads the parser's bridged inputs: the work item's role gets its copy, the others zero. */
  private loadInputs(inputs: readonly PsaBridgedRole[], w: Work): void {
    const role = BRIDGED_BY_PATH[w.path];
    for (const r of inputs) this.blocks.loadBridged(r, r === role ? w.bridged : undefined);
  }

  /** Runs `parser` over `frame`; returns the parser error and leaves the unparsed rest in `payload`. */
  private parse(parser: (c: PacketCursor) => number, frame: Uint8Array): number {
    const c = this.cursor;
    c.load(frame, 0, frame);
    const e = parser(c);
    this.payload = frame.subarray(c.payloadStart);
    return e;
  }

  /** The deparser's output followed by the part of the frame its parser did not take. */
  private deparse(deparser: (out: PacketBuilder) => void): Uint8Array {
    const out = this.out;
    out.clear();
    deparser(out);
    return out.finish(this.payload).slice();
  }

  private runIngress(w: Work): void {
    const b = this.blocks;
    const book = this.book;
    book.enterPass(w.copyId, w.frame.length);
    b.resetIngress();
    this.loadInputs(INGRESS_INPUTS, w);
    b.ip_istd.ingress_port = w.port;
    b.ip_istd.packet_path = w.path;
    let modp: Uint8Array;
    const ostd = b.ig_ostd;
    try {
      const error = this.parse(b.ingressParser, w.frame);
      const istd = b.ig_istd;
      istd.ingress_port = w.port;
      istd.packet_path = w.path;
      istd.ingress_timestamp = this.nanos;
      istd.parser_error = error;
      // PSA §6.2: the fields ingress finds initialised (clone_session_id and egress_port are undefined; 0 here).
      ostd.class_of_service = 0;
      ostd.clone = false;
      ostd.drop = true;
      ostd.resubmit = false;
      ostd.multicast_group = 0;
      b.ingress();
      modp = this.deparse(b.ingressDeparser);
    } catch (e) {
      if (book.droppedOnAssertion('ingress', e)) return;
      throw e;
    }

    // A clone I2E copies the packet as it came to the ingress parser, whatever happens next.
    if (ostd.clone) this.clone('ingress', ostd.clone_session_id, w.frame, PsaPacketPath.CLONE_I2E, 'clone_i2e');
    if (ostd.drop) {
      book.drop('ingress', 'ingress_drop_ctl', 'ostd.drop');
      return;
    }
    if (ostd.resubmit) {
      if (!book.resubmit()) return;
      // The resubmitted packet is the packet as received, not the deparser's output.
      book.push({
        ingress: true,
        port: w.port,
        frame: w.frame,
        copyId: w.copyId,
        path: PsaPacketPath.RESUBMIT,
        instance: 0,
        classOfService: 0,
        bridged: b.saveBridged('resubmit'),
      });
      return;
    }
    const normal = b.saveBridged('normal');
    if (ostd.multicast_group !== 0) {
      const replicas = book.groupReplicas(ostd.multicast_group);
      if (replicas === undefined) return;
      for (const r of replicas) {
        const copyId = book.replica();
        if (copyId < 0) return;
        this.enqueueEgress(r.port, modp, copyId, PsaPacketPath.NORMAL_MULTICAST, r.rid, ostd, normal);
      }
      return;
    }
    // The spec drops a unicast packet whose egress_port is not a port of the device.
    if (!this.tm.portExists(ostd.egress_port)) {
      book.drop('ingress', 'no_egress_port', `port ${ostd.egress_port}`);
      return;
    }
    this.enqueueEgress(ostd.egress_port, modp, w.copyId, PsaPacketPath.NORMAL_UNICAST, 0, ostd, normal);
  }

  private enqueueEgress(
    port: number,
    frame: Uint8Array,
    copyId: number,
    path: number,
    instance: number,
    ostd: { class_of_service: number },
    bridged: PsaBridgedCopy | undefined,
  ): void {
    this.book.push({
      ingress: false,
      port,
      frame,
      copyId,
      path,
      instance,
      classOfService: ostd.class_of_service,
      bridged,
    });
  }

  /** Copies of `frame` to every target of clone session `session` (none when it does not exist). */
  private clone(gress: Gress, session: number, frame: Uint8Array, path: number, role: PsaBridgedRole): void {
    const s = this.tm.mirrorSession(session);
    if (s === undefined) {
      this.book.traceCopyNotMade(gress, `clone: no clone session ${session}`);
      return;
    }
    const bridged = this.blocks.saveBridged(role);
    const cut = s.maxLen > 0 && frame.length > s.maxLen ? frame.subarray(0, s.maxLen) : frame;
    for (const t of this.tm.mirrorTargets(s)) {
      const copyId = this.book.mirrorCopy(gress, session);
      if (copyId < 0) return;
      this.book.push({
        ingress: false,
        port: t.port,
        frame: cut,
        copyId,
        path,
        instance: t.rid,
        classOfService: 0,
        bridged,
      });
    }
  }

  private runEgress(w: Work): void {
    const b = this.blocks;
    const book = this.book;
    book.enterPass(w.copyId, w.frame.length);
    b.resetEgress();
    this.loadInputs(EGRESS_INPUTS, w);
    b.ep_istd.egress_port = w.port;
    b.ep_istd.packet_path = w.path;
    const ostd = b.eg_ostd;
    let modp: Uint8Array;
    try {
      const error = this.parse(b.egressParser, w.frame);
      const istd = b.eg_istd;
      istd.class_of_service = w.classOfService;
      istd.egress_port = w.port;
      istd.packet_path = w.path;
      istd.instance = w.instance;
      istd.egress_timestamp = this.nanos;
      istd.parser_error = error;
      ostd.clone = false;
      ostd.drop = false;
      b.egress();
      b.ed_istd.egress_port = w.port;
      modp = this.deparse(b.egressDeparser);
    } catch (e) {
      if (book.droppedOnAssertion('egress', e)) return;
      throw e;
    }
    // A clone E2E copies the packet as the egress deparser produced it.
    if (ostd.clone) this.clone('egress', ostd.clone_session_id, modp, PsaPacketPath.CLONE_E2E, 'clone_e2e');
    if (ostd.drop) {
      book.drop('egress', 'egress_drop_ctl', 'ostd.drop');
      return;
    }
    if (w.port === this.recirculationPort) {
      if (!book.recirculate(w.port)) return;
      book.push({
        ingress: true,
        port: this.recirculationPort,
        frame: modp,
        copyId: book.current.copyId,
        path: PsaPacketPath.RECIRCULATE,
        instance: 0,
        classOfService: 0,
        bridged: b.saveBridged('recirculate'),
      });
      return;
    }
    book.send(w.port, modp);
  }
}
