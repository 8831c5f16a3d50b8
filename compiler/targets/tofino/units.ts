// What stage allocation places: the tables, gateways (if-conditions) and synthesized tables
// (straight-line statements of an apply body, as p4c turns them into keyless tables) of one
// gress, in program order, with the fields each reads and writes and the registers, hash
// computations and counters its actions use.

import type * as Ir from '../../ir/nodes.js';
import type { Span } from '../../source/span.js';

export type Gress = 'ingress' | 'egress';

export type UnitKind = 'table' | 'gateway' | 'synthesized';

/** One `execute` of a RegisterAction, with the register it reaches. */
export interface RegisterUse {
  /** Qualified register name (`filter_1.bloom_filter`). */
  readonly register: string;
  readonly registerInstance: Ir.Instance;
  /** Qualified RegisterAction name. */
  readonly action: string;
  readonly actionInstance: Ir.Instance;
  readonly span: Span;
  /** The index argument as text (`''` for none), and the fields the index and the body read. */
  readonly index?: string;
  readonly reads?: ReadonlySet<string>;
}

export interface HashUse {
  readonly name: string;
  readonly bits: number;
}

export interface CounterUse {
  readonly name: string;
  readonly instance: Ir.Instance;
  readonly kind: 'counter' | 'meter';
  /** The index expression of an indirect counter's `count` (as text), for the addressing rule. */
  readonly index?: string;
}

/** A branch taken on the way to a unit: arm `arm` of the branch point `point`. */
export interface BranchStep {
  readonly point: number;
  readonly arm: number;
}

/** What one action of a unit does (a table's actions are alternatives; a gateway has none). */
export interface ActionEffect {
  readonly name: string;
  readonly registers: readonly RegisterUse[];
  /** The counters and meters it uses (each call, with its index). */
  readonly counters?: readonly CounterUse[];
}

/** A control instance as applied in a gress (sub-controls inlined): its arguments and caller. */
export interface InstanceFrame {
  readonly id: number;
  /** `''` for the gress's own control, `filter_1.` (or `filter_1.inner.`) for an applied sub-control. */
  readonly prefix: string;
  readonly control: Ir.Control;
  /** The call that applied it (undefined for the gress's own control). */
  readonly call:
    | {
        readonly instance: string;
        readonly args: readonly (Ir.Expr | undefined)[];
        readonly callerVars: readonly Ir.Variable[];
      }
    | undefined;
  readonly parent: InstanceFrame | undefined;
}

/** How a table or gateway settles a branch point: which arm of `point` the packet takes. */
export type Resolution =
  /** An if: arm 0 when the condition (a gateway's) or the hit (a table's, `miss` when negated) holds, else 1. */
  | { readonly kind: 'if'; readonly point: number; readonly negate: boolean }
  /** A switch on a value (gateway) or on `action_run` (table): the arm of the case that matches. */
  | { readonly kind: 'switch'; readonly point: number; readonly cases: readonly Ir.SwitchCase[] };

/** Where a unit comes from in the program, for the code generator's stage-ordered emission. */
export type UnitOrigin = {
  readonly frame: InstanceFrame;
  /** Apply-body variables in scope where the unit starts (later ones shadow earlier ones). */
  readonly vars: readonly Ir.Variable[];
} & (
  | {
      readonly kind: 'table';
      readonly table: Ir.Table;
      readonly resolves: Resolution | undefined;
      /** The local set to the hit when the apply sits inside an expression (apply-results.ts). */
      readonly result: Ir.Variable | undefined;
      /** Statements that only copy that result (`x = t.apply().hit`), run in the table's unit. */
      readonly after: readonly Ir.Stmt[];
    }
  | { readonly kind: 'gateway'; readonly condition: Ir.Expr; readonly resolves: Resolution }
  | { readonly kind: 'synthesized'; readonly stmts: readonly Ir.Stmt[] }
);

export interface Unit {
  readonly id: number;
  readonly name: string;
  readonly kind: UnitKind;
  readonly gress: Gress;
  /** The P4 table, for tables. */
  readonly table: Ir.Table | undefined;
  /** Fields read by the match key or the gateway condition. */
  readonly matchReads: ReadonlySet<string>;
  readonly actionReads: ReadonlySet<string>;
  readonly writes: ReadonlySet<string>;
  readonly actions: readonly ActionEffect[];
  readonly hashes: readonly HashUse[];
  readonly counters: readonly CounterUse[];
  /** Largest action-data width among the actions (bits the control plane supplies). */
  readonly actionDataBits: number;
  readonly path: readonly BranchStep[];
  /** Units (gateways, tables) whose result decides whether this one runs. */
  readonly controlParents: readonly number[];
  /** `@stage(N)`, or `@stage(N, entries)`: that many entries in stage N, the rest after it. */
  readonly pin: { readonly stage: number; readonly entries?: number; readonly text: string } | undefined;
  /**
   * `exit` ends the gress for every unit after this one in program order; `return` ends the
   * applied control (its `prefix`). Later units depend on it (dependencies.ts).
   */
  /**
   * A later apply of a table already applied on a mutually exclusive path: the id of the first
   * apply's unit. bf-p4c has one IR table per P4 table whatever its call sites, placed once:
   * every apply runs in that table's stages and its memory is counted once
   * (docs/tofino-resources.md "One table, several applies").
   */
  readonly sameTableAs?: number;
  readonly ends: { readonly kind: 'exit' } | { readonly kind: 'return'; readonly prefix: string } | undefined;
  readonly origin: UnitOrigin;
  readonly span: Span;
  /**
   * A synthesized table that only writes 0 (or false) to a control-local variable nothing
   * wrote before in its gress: the parser already zeroed that metadata, and bf-p4c's
   * RemoveMetadataInits drops the instruction, so it costs no table and no stage
   * (dependencies.ts). p4ts still runs it, in program order within its stage.
   */
  readonly zeroInit?: boolean;
  /**
   * Apply-body locals this synthesized table sets to a plain expression (`bool is_sip =
   * hdr.sip.isValid();`), each with the fields the expression reads. p4c's
   * LocalCopyPropagation puts the expression where the local is read, so a later condition
   * or statement reading only such locals waits for those fields, not for this table: it may
   * share its stage (dependencies.ts), running after it there.
   */
  readonly copies?: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Two units never run for the same packet when they sit on different arms of one branch. */
export function mutuallyExclusive(a: Unit, b: Unit): boolean {
  for (const x of a.path) for (const y of b.path) if (x.point === y.point && x.arm !== y.arm) return true;
  return false;
}

const SLICE = /\[(\d+):(\d+)\]$/;

/** A path without its trailing bit range (`md.x[15:8]` is bits 15..8 of `md.x`), and the range. */
export function splitSlice(
  path: string,
): { base: string; hi: number; lo: number } | { base: string; hi: undefined; lo: undefined } {
  const m = SLICE.exec(path);
  if (m === null) return { base: path, hi: undefined, lo: undefined };
  return { base: path.slice(0, m.index), hi: Number(m[1]), lo: Number(m[2]) };
}

/**
 * Field paths overlap when one is the other or contains it (`hdr.ipv4` and `hdr.ipv4.ttl`).
 * Two slices of one field overlap when they share a `grain` of bits: by default a 32-bit word
 * counted from bit 0, as a container holds at most 32 bits and bf-p4c tracks dependencies per
 * container slice (`x[63:32]` and `x[31:0]` are apart, `p[8:7]` and `p[6:0]` are not); a
 * grain of 1 compares the bits themselves.
 */
export function pathsOverlap(a: string, b: string, grain = 32): boolean {
  if (a === b) return true;
  const x = splitSlice(a);
  const y = splitSlice(b);
  if (x.base === y.base) {
    if (x.hi === undefined || y.hi === undefined) return true;
    const g = (bit: number): number => Math.floor(bit / grain);
    return g(x.lo) <= g(y.hi) && g(y.lo) <= g(x.hi);
  }
  const [short, long] = x.base.length < y.base.length ? [x.base, y.base] : [y.base, x.base];
  return long.startsWith(short) && (long[short.length] === '.' || long[short.length] === '[');
}

/** The first path of `xs` that overlaps one of `ys`. */
export function firstOverlap(xs: ReadonlySet<string>, ys: ReadonlySet<string>): string | undefined {
  for (const x of xs) for (const y of ys) if (pathsOverlap(x, y)) return x.length >= y.length ? x : y;
  return undefined;
}

export function describeUnit(u: Unit): string {
  return u.kind === 'gateway' ? `condition '${u.name}'` : `table '${u.name}'`;
}

/** An action body that some unit runs, with the scope its names resolve in. */
export interface ReachedAction {
  readonly name: string;
  readonly body: readonly Ir.Stmt[];
  readonly span: Span;
}

export interface CollectedGress {
  readonly gress: Gress;
  readonly units: Unit[];
  readonly actions: ReachedAction[];
  readonly loops: Span[];
  /** Branch points numbered 0 .. points-1 (an if or a switch each). */
  readonly points: number;
  /** Constructs stage-ordered execution does not handle: the gress then runs in program order. */
  readonly unstaged: { readonly reason: string; readonly span: Span }[];
  /** Tables applied again where an earlier apply may also have run (bf-p4c rejects them). */
  readonly reapplied: { readonly table: string; readonly span: Span }[];
}
