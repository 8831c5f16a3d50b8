// What the code generator needs to run a gress in stage order: the units of each gress in
// program order, each with the stage allocation gave it and where it comes from in the
// program (units.ts UnitOrigin), and the constructs that keep a gress in program order.

import type { Span } from '../../source/span.js';
import type { Gress, Unit } from './units.js';

export interface PlannedUnit {
  readonly unit: Unit;
  /** First stage (a table split over several stages runs when its first one does). */
  readonly stage: number;
}

export interface GressPlan {
  readonly gress: Gress;
  /** The control's declaration name (`NmIngress`). */
  readonly control: string;
  readonly units: readonly PlannedUnit[];
  /** Branch points 0 .. points-1 (UnitOrigin resolutions and BranchStep paths use them). */
  readonly points: number;
  readonly unstaged: readonly { readonly reason: string; readonly span: Span }[];
}

/** One pipe's plan (`Switch(pipe0, pipe1)` has two). */
export interface StagePlan {
  readonly pipe: string;
  readonly gresses: readonly GressPlan[];
}
