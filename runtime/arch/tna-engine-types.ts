// The TNA engine's public shapes (options, drop reasons, counters) and the work items its
// traffic manager queues. Split from tna.ts, which holds the packet path itself.

import type { Logger } from 'pino';
import type { DigestMessage } from '../externs/deparser-externs.js';
import type { InstanceType } from '../packet.js';
import type { PipelineModule } from '../pipeline-module.js';
import type { TraceSink } from '../trace/trace-sink.js';
import type { TrafficManager } from '../traffic-manager.js';
import type { PipelineState } from './pipeline-state.js';

/** One of several programs on one device; its state's p4info says which pipes it serves (device-programs.ts). */
export interface DeviceProgram {
  readonly name: string;
  readonly module: PipelineModule;
  readonly state: PipelineState;
}

export interface TnaEngineOptions {
  /** The program (with several programs: the first of `programs`). */
  readonly module: PipelineModule;
  readonly state: PipelineState;
  /**
   * Two or more programs on one device (docs/multi-pipe.md): a port's pipe runs the program
   * that serves it. `module` and `state` must be programs[0]'s.
   */
  readonly programs?: readonly DeviceProgram[];
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
  | 'register_rule'
  /** v1model: an assert or assume failed (bmv2 stops the switch; the packet is dropped). */
  | 'assertion_failed'
  /** The egress port is deleted, disabled, down or receive-only, or the frame exceeds its MTU (runtime/ports/device-ports.ts). */
  | 'port_down';

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

export interface Work {
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

export function newEngineStats(): EngineStats {
  return {
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
      assertion_failed: 0,
      port_down: 0,
    },
  };
}
