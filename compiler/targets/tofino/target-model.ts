// The numbers the Tofino checks allocate against (docs/tna.md §7): stages per gress and what
// one stage offers. Tofino 1 figures are the commonly documented ones; the tofino2 model uses
// Tofino 2's 20 stages and otherwise the same per-stage figures (docs/tofino-resources.md).

export type TofinoModel = 'tofino' | 'tofino2';

export interface StageLimits {
  readonly logicalTables: number;
  readonly gateways: number;
  /** 1,024 words x 128 bits each. */
  readonly sramBlocks: number;
  /** 512 entries x 44 bits each. */
  readonly tcamBlocks: number;
  readonly mapRams: number;
  readonly statefulAlus: number;
  readonly statsAlus: number;
  readonly hashBits: number;
  readonly hashGroups: number;
  readonly actionDataBits: number;
}

export interface TargetModel {
  readonly name: TofinoModel;
  readonly stages: number;
  readonly stage: StageLimits;
  /** Data blocks one stateful ALU can address (its spare block not counted). */
  readonly maxRegisterBlocks: number;
  /**
   * Whether a table too large for one stage may still run an indirect register: its match
   * memory splits over stages and the register sits in the last one (Tofino 2; bf-p4c's
   * t2na test stateful_split1 places a 1M-entry table executing a register so).
   */
  readonly splitStatefulTables: boolean;
}

const TOFINO1_STAGE: StageLimits = {
  logicalTables: 16,
  gateways: 16,
  sramBlocks: 80,
  tcamBlocks: 24,
  mapRams: 48,
  statefulAlus: 4,
  statsAlus: 4,
  hashBits: 416,
  hashGroups: 8,
  actionDataBits: 1024,
};

export const SRAM_WORDS = 1024;
export const SRAM_WORD_BITS = 128;
export const TCAM_ENTRIES = 512;
export const TCAM_WIDTH = 44;
export const HASH_GROUP_BITS = 52;

export function targetModel(name: TofinoModel = 'tofino'): TargetModel {
  return name === 'tofino2'
    ? { name, stages: 20, stage: TOFINO1_STAGE, maxRegisterBlocks: 47, splitStatefulTables: true }
    : { name, stages: 12, stage: TOFINO1_STAGE, maxRegisterBlocks: 47, splitStatefulTables: false };
}
