// The TNA engine's public shapes (its options beyond every engine's) and the work items its
// traffic manager queues. Split from tna.ts, which holds the packet path itself; the drop
// reasons and counters every engine shares are in frame-bookkeeping.ts.

import type { Logger } from 'pino';
import type { InstanceType } from '../packet.js';
import type { PipelineModule } from '../pipeline-module.js';
import type { EngineBaseOptions } from './frame-bookkeeping.js';
import type { PipelineState } from './pipeline-state.js';

/** One of several programs on one device; its state's p4info says which pipes it serves (device-programs.ts). */
export interface DeviceProgram {
  readonly name: string;
  readonly module: PipelineModule;
  readonly state: PipelineState;
}

export interface TnaEngineOptions extends EngineBaseOptions {
  /** The program (with several programs: the first of `programs`). */
  readonly module: PipelineModule;
  readonly state: PipelineState;
  /**
   * Two or more programs on one device (docs/multi-pipe.md): a port's pipe runs the program
   * that serves it. `module` and `state` must be programs[0]'s.
   */
  readonly programs?: readonly DeviceProgram[];
  /**
   * Assert Tofino's per-pass register rule while packets flow (default off): a packet whose
   * pass runs two RegisterActions of one register is dropped as 'register_rule'.
   */
  readonly strict?: boolean;
  /** Where strict mode warns (register and both actions); silent without one. */
  readonly logger?: Logger;
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
