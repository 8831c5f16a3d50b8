// What an STF run is given and what it reports: options, the programs of a device, the
// packets out, the expectations and the failures (runner.ts runs the commands).

import type { TraceSink } from '../../runtime/trace/trace-sink.js';
import type { StfExpectedData } from './commands.js';
import type { HeaderLayouts } from './decode.js';
import type { DeviceProgramModule, LoadedPipeline } from './engines.js';

export type StfFailureKind =
  | 'packet_differs'
  | 'packet_missing'
  | 'unexpected_packet'
  | 'no_packet'
  | 'counter'
  | 'register'
  | 'hash'
  | 'digest'
  | 'command';

export interface FieldDifference {
  readonly header: string;
  readonly type: string;
  readonly field: string;
  readonly expected?: string;
  readonly actual?: string;
}

export interface StfFailure {
  readonly kind: StfFailureKind;
  /** The line of the expectation (or of the command, or of the packet that caused it). */
  readonly line: number;
  readonly message: string;
  readonly port?: number;
  /** The packet's position among the packets out of its port (0 = first). */
  readonly index?: number;
  readonly byte?: number;
  readonly field?: FieldDifference;
  readonly expected?: string;
  readonly actual?: string;
}

export interface StfOutput {
  readonly port: number;
  /** The `packet` command whose frame produced it. */
  readonly line: number;
  readonly frame: Uint8Array;
}

export interface StfResult {
  readonly file: string;
  readonly arch: string;
  /** Expectations checked: expected packets, no_packet, check_counter, check_register. */
  readonly expectations: number;
  readonly failures: readonly StfFailure[];
  readonly packetsSent: number;
  readonly outputs: readonly StfOutput[];
  /** Ports whose packets were not checked (no packet or expect names them). */
  readonly unchecked: readonly number[];
  /** What `*_read` / `*_get` commands printed, by line. */
  readonly log: readonly { readonly line: number; readonly text: string }[];
  readonly engineStats: unknown;
}

export interface StfRunOptions {
  readonly module: LoadedPipeline;
  readonly headers?: HeaderLayouts;
  /** Keys written `field & MASK` (load.ts keyMasksOf): their STF values are masked. */
  readonly keyMasks?: ReadonlyMap<string, bigint>;
  /** The whole field's width behind each sliced key (load.ts sliceBaseWidthsOf), for `/LEN` on a slice. */
  readonly sliceBaseWidths?: ReadonlyMap<string, bigint>;
  readonly trace?: TraceSink;
  /**
   * Several programs on one device (the STF's `program` lines, docs/stf.md), each with what
   * its compilation gave; `module`, `headers` and the key maps are then the first one's.
   */
  readonly programs?: readonly StfProgram[];
}

/** A program of a several-program run: compiled, named, placed on its pipes. */
export interface StfProgram extends DeviceProgramModule {
  readonly headers?: HeaderLayouts;
  readonly keyMasks?: ReadonlyMap<string, bigint>;
  readonly sliceBaseWidths?: ReadonlyMap<string, bigint>;
}

export interface Expected {
  readonly line: number;
  readonly data: StfExpectedData | undefined;
}
