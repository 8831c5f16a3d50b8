// A run of straight-line apply-body statements being gathered into one synthesized keyless
// table (collect-units.ts): when a statement starts a new run, what a run accumulates from each
// statement, and which plain copies inside it can be read in place (docs/tofino-resources.md).

import type * as Ir from '../../ir/nodes.js';
import { Accesses, type Scope } from './access-paths.js';
import { copyTarget, isHashGet } from './statement-forms.js';
import { type BranchStep, pathsOverlap, type Unit } from './units.js';

/** Where in the control's branches a statement is walked. */
export interface Context {
  readonly path: readonly BranchStep[];
  readonly parents: readonly number[];
}

export interface StraightLineRun {
  stmts: Ir.Stmt[];
  scope: Scope;
  ctx: Context;
  acc: Accesses;
  /** Apply-body variables in scope when the run started. */
  vars: Ir.Variable[];
  ends: Unit['ends'];
  /** Paths written with a Hash.get result: using them later does not split the run. */
  hashResults: Set<string>;
  /** Apply-body locals set to a plain expression, with the fields it reads (units.ts `copies`). */
  copies?: Map<string, ReadonlySet<string>>;
}

/** A run with nothing in it yet (or holding `stmt`, whose accesses are `acc`, alone). */
export function newRun(
  scope: Scope,
  ctx: Context,
  vars: readonly Ir.Variable[],
  only?: { stmt: Ir.Stmt; acc: Accesses },
): StraightLineRun {
  return {
    stmts: only === undefined ? [] : [only.stmt],
    scope,
    ctx,
    acc: only?.acc ?? new Accesses(),
    vars: [...vars],
    ends: undefined,
    hashResults: new Set(),
  };
}

/**
 * Whether a statement with accesses `acc` must start a new run after `run`: another scope or
 * branch, a read or write of what the run wrote, or two externs in one action.
 */
export function splitsRun(run: StraightLineRun, acc: Accesses, scope: Scope, ctx: Context): boolean {
  // bf-p4c's action synthesis keeps `x = hash.get(...)` and a statement using x in one
  // action (the hash is computed on the input crossbar, so x needs no stage of its own):
  // such writes do not split the straight-line run (docs/tofino-resources.md).
  const dependent = [...run.acc.writes].some(
    (w) => !run.hashResults.has(w) && [...acc.reads, ...acc.writes].some((x) => pathsOverlap(x, w)),
  );
  // bf-p4c's action-synthesis policy keeps uses of two externs (Hash aside) out of one
  // action (bf-p4c midend/action_synthesis_policy.h): each register execute, counter or
  // meter after another starts a new synthesized table, which may then share the stage
  // or take the one its own register needs (Cheetah's stack and connection registers;
  // P4DB's 72 executes in a row spread over the stateful ALUs stage by stage).
  const externs = (a: Accesses) => a.registers.length + a.counters.length > 0;
  return run.scope !== scope || run.ctx !== ctx || dependent || (externs(run.acc) && externs(acc));
}

/** Appends statement `s` (its accesses `acc`) to the run. */
export function addToRun(run: StraightLineRun, s: Ir.Stmt, acc: Accesses): void {
  run.stmts.push(s);
  const copied = copyTarget(s, acc);
  if (copied !== undefined && ![...acc.reads].some((r) => [...run.acc.writes].some((w) => pathsOverlap(r, w)))) {
    run.copies ??= new Map();
    run.copies.set(copied, new Set(acc.reads));
  }
  // A declaration with a hash initialiser counts too: p4c moves declarations to the top of
  // the control (MoveDeclarations), so bf-p4c's policy sees an assignment of the hash.
  const hashValue = s.kind === 'Assign' ? s.value : s.kind === 'VarDecl' ? s.variable.init : undefined;
  if (hashValue !== undefined && isHashGet(hashValue)) for (const w of acc.writes) run.hashResults.add(w);
  for (const r of acc.reads) run.acc.reads.add(r);
  for (const w of acc.writes) run.acc.writes.add(w);
  run.acc.registers.push(...acc.registers);
  run.acc.hashes.push(...acc.hashes);
  run.acc.counters.push(...acc.counters);
}

/** The run's copies still readable in place: a copy whose inputs a later statement of the run rewrites is not. */
export function copiesReadInPlace(run: StraightLineRun): Map<string, ReadonlySet<string>> {
  return new Map(
    [...(run.copies ?? [])].filter(([local, from]) =>
      [...from].every((f) => ![...run.acc.writes].some((w) => w !== local && pathsOverlap(f, w))),
    ),
  );
}
