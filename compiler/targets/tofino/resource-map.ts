// The result of the Tofino checks: where every table, gateway and register landed and what
// each stage uses against its limits. Plain data, written as resources.json by `p4ts compile`
// and printed as a table by `p4ts resources`.

import type { DependencyKind } from './dependencies.js';
import type { StageDemand } from './table-resources.js';
import type { StageLimits, TofinoModel } from './target-model.js';
import type { Gress, UnitKind } from './units.js';

export interface PlacedUnit {
  readonly name: string;
  readonly gress: Gress;
  readonly kind: UnitKind;
  /** First and last stage (they differ only for a table split across stages); -1 if unplaced. */
  readonly stage: number;
  readonly lastStage: number;
  readonly pinned: number | undefined;
  readonly match: 'exact' | 'ternary' | 'keyless' | 'gateway';
  readonly demand: StageDemand;
  readonly registers: readonly string[];
  readonly dependsOn: readonly { readonly name: string; readonly kind: DependencyKind; readonly field?: string }[];
}

export interface PlacedRegister {
  readonly name: string;
  readonly gress: Gress;
  readonly stage: number;
  readonly cellBits: number;
  readonly pair: boolean;
  readonly size: number;
  readonly blocks: number;
  readonly actions: readonly string[];
}

export interface StageUsage {
  readonly stage: number;
  readonly tables: readonly string[];
  readonly gateways: readonly string[];
  readonly registers: readonly string[];
  readonly used: StageDemand;
}

export interface PipeResources {
  readonly name: string;
  readonly units: readonly PlacedUnit[];
  readonly registers: readonly PlacedRegister[];
  readonly stages: readonly StageUsage[];
  /** Stages each gress uses (highest stage + 1). */
  readonly stagesUsed: { readonly ingress: number; readonly egress: number };
  readonly totals: StageDemand;
}

/** How the generated pipeline runs a gress control: in stage order, or in program order and why. */
export interface GressExecution {
  readonly gress: Gress;
  readonly control: string;
  readonly order: 'stage' | 'program';
  /** Stages the gress runs through (stage order only). */
  readonly stages?: number;
  readonly reason?: string;
}

export interface ResourceMap {
  readonly target: TofinoModel;
  readonly stageCount: number;
  readonly limits: StageLimits;
  readonly fits: boolean;
  readonly pipes: readonly PipeResources[];
  /** Set by the compiler once code is generated (absent from `p4ts resources`). */
  readonly execution?: readonly GressExecution[];
}
