// The packet generator's configuration (runtime/arch/tna-pktgen.ts): an application's fields,
// a port's settings, the counters, and the check of a configuration against the hardware's
// field widths (docs/tna-semantics.md, "The packet generator").

import { describeValue } from '../result.js';
import type { PktgenTrigger } from './tna-pktgen-header.js';

export const PKTGEN_TRIGGERS: readonly PktgenTrigger[] = [
  'timer_one_shot',
  'timer_periodic',
  'port_down',
  'recirc_pattern',
  'deparser',
];

/** The packet buffer: 1024 lines of 16 bytes; a packet starts on a line. */
export const PKTGEN_BUFFER_BYTES = 16 * 1024;
export const PKTGEN_BUFFER_LINE = 16;
/** Pipes of the modelled chip, a generator each. */
export const PKTGEN_PIPES = 4;

export interface PktgenAppConfig {
  readonly trigger: PktgenTrigger;
  /** Timer apps: nanoseconds from enabling to the (first) trigger, and between periodic triggers. */
  readonly timerNs: number;
  /** Bytes taken from the buffer for each packet (the header comes on top). */
  readonly packetLength: number;
  readonly bufferOffset: number;
  /** Batches per trigger and packets per batch (counts, from 1; BF-RT's *_cfg fields are these minus one). */
  readonly batches: number;
  readonly packetsPerBatch: number;
  /** Gaps in nanoseconds between packets of a batch and between batches. */
  readonly ipgNs: number;
  readonly ibgNs: number;
  /** recirc_pattern: the first 4 (Tofino 2: 16) bytes of a recirculated packet; deparser: the 16-byte context; ternary. */
  readonly patternValue: bigint;
  readonly patternMask: bigint;
  /** Tofino 2: the pipe-local port (0..7) the app generates on. Tofino 1 always uses 68. */
  readonly channel: number;
  /** Tofino 2 port_down: which of the pipe's two port masks the app watches. */
  readonly portMaskSelect: number;
  readonly enabled: boolean;
}

export interface PktgenCounters {
  triggers: number;
  batches: number;
  packets: number;
}

export interface PktgenPortConfig {
  /** The port generates packets (pktgen_enable). */
  readonly generate: boolean;
  /** Packets recirculated on the port are matched against recirc_pattern apps. */
  readonly patternMatch: boolean;
  /** A port-down event was already seen (apps trigger only on the first one until cleared). */
  readonly downSeen: boolean;
}

export type PktgenError = 'BAD_PKTGEN_CONFIG' | 'INVALID_PORT';

export const DEFAULT_APP: PktgenAppConfig = {
  trigger: 'timer_one_shot',
  timerNs: 0,
  packetLength: 64,
  bufferOffset: 0,
  batches: 1,
  packetsPerBatch: 1,
  ipgNs: 0,
  ibgNs: 0,
  patternValue: 0n,
  patternMask: 0n,
  channel: 0,
  portMaskSelect: 0,
  enabled: false,
};

/** Checks a configuration against the hardware's field widths; the message names the field. */
export function checkAppConfig(generation: 1 | 2, c: PktgenAppConfig): string | undefined {
  const u32 = 0xffffffff;
  const patternBytes = generation === 1 ? 4 : 16;
  if (!PKTGEN_TRIGGERS.includes(c.trigger))
    return `trigger ${describeValue(c.trigger)} is not one of ${PKTGEN_TRIGGERS.join(', ')}`;
  const ints: [string, number, number, number][] = [
    ['timerNs', c.timerNs, 0, u32],
    ['packetLength', c.packetLength, 1, PKTGEN_BUFFER_BYTES],
    ['bufferOffset', c.bufferOffset, 0, PKTGEN_BUFFER_BYTES - 1],
    ['batches', c.batches, 1, 0x10000],
    ['packetsPerBatch', c.packetsPerBatch, 1, 0x10000],
    ['ipgNs', c.ipgNs, 0, u32],
    ['ibgNs', c.ibgNs, 0, u32],
    ['channel', c.channel, 0, generation === 1 ? 0 : 7],
    ['portMaskSelect', c.portMaskSelect, 0, generation === 1 ? 0 : 1],
  ];
  for (const [name, v, lo, hi] of ints)
    if (!Number.isInteger(v) || v < lo || v > hi) return `${name} ${describeValue(v)} is not in ${lo}..${hi}`;
  if (c.bufferOffset % PKTGEN_BUFFER_LINE !== 0)
    return `bufferOffset ${c.bufferOffset} is not on a 16-byte line of the packet buffer`;
  if (c.bufferOffset + c.packetLength > PKTGEN_BUFFER_BYTES)
    return `bufferOffset ${c.bufferOffset} + packetLength ${c.packetLength} runs past the ${PKTGEN_BUFFER_BYTES}-byte buffer`;
  if (c.trigger === 'timer_periodic' && c.timerNs === 0) return 'a periodic timer needs timerNs of at least 1';
  const patternMax = (1n << BigInt(patternBytes * 8)) - 1n;
  if (c.patternValue < 0n || c.patternValue > patternMax || c.patternMask < 0n || c.patternMask > patternMax)
    return `patternValue and patternMask are ${patternBytes * 8}-bit values`;
  if (c.trigger === 'deparser' && generation === 1) return 'deparser-triggered apps are a Tofino 2 feature';
  // Tofino 1's recirculation header has no batch_id: one batch per trigger (its key takes the room).
  if (generation === 1 && (c.trigger === 'port_down' || c.trigger === 'recirc_pattern') && c.batches !== 1)
    return `a Tofino 1 ${c.trigger} app makes one batch per trigger (its header carries no batch_id)`;
  return undefined;
}
