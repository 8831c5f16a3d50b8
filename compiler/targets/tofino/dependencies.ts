// Dependencies between the units of one gress (docs/tna.md §7): a match dependency (a key or
// condition reads what an earlier unit writes) and an action dependency (an action reads or
// rewrites it) need a later stage; a reverse-read (writing what an earlier unit reads) and a
// control dependency (running only on another unit's result) may share its stage, and so may
// an exit dependency (running only if an earlier unit in program order did not `exit` or
// `return`): predication settles both within a stage, as next-table chaining does across them.
// Nothing waits a stage for a zero-initialisation of a control local (units.ts `zeroInit`).

import { firstOverlap, mutuallyExclusive, pathsOverlap, type Unit } from './units.js';

export type DependencyKind = 'match' | 'action' | 'output' | 'reverse-read' | 'control' | 'exit';

export interface Dependency {
  readonly from: Unit;
  readonly kind: DependencyKind;
  readonly field: string | undefined;
  /** Stages between the two: 1 means strictly later, 0 the same stage is allowed. */
  readonly gap: 0 | 1;
}

/**
 * Which dependencies cost a stage. `strict`: match, action and output dependencies (our
 * model). `output`: a write-after-write (output) dependency may share its stage, as the
 * allocator's second attempt does when only such orderings push a program past the last
 * stage (docs/tofino-resources.md "Write-after-write ordering"). `certain`: only the
 * dependencies bf-p4c must also pay a stage for (`isCertain`), the placement that decides
 * between error 4000 and warning 4009 (docs/tofino-resources.md "Estimates and certainties").
 */
export type StageRule = 'strict' | 'output' | 'certain';

export function dependenciesOf(u: Unit, earlier: readonly Unit[], rule: StageRule = 'strict'): Dependency[] {
  const deps: Dependency[] = [];
  const parents = new Set(u.controlParents);
  earlier.forEach((a, i) => {
    if (a.gress !== u.gress) return;
    const dep = strongest(u, a, parents.has(a.id));
    if (dep === undefined) return;
    // A zero-initialisation bf-p4c removes leaves the parser's zero in place from stage 0:
    // whoever reads or rewrites the field may share its stage (running after it there).
    const free =
      (rule !== 'strict' && dep.kind === 'output') ||
      (rule === 'certain' && dep.gap === 1 && !isCertain(dep)) ||
      a.zeroInit === true ||
      readsOnlyCopies(u, a, earlier.slice(i + 1));
    deps.push(free ? { ...dep, gap: 0 } : dep);
  });
  return deps;
}

/**
 * Whether bf-p4c must also give this dependency a stage, whatever its own grouping of
 * statements: a key or condition reading what an earlier unit writes (bf-p4c's IXBAR_READ:
 * the match phase reads the PHV before any action of its stage runs), and an action reading
 * what a declared table's action or a stateful ALU writes (ACTION_READ between tables bf-p4c
 * keeps apart: a P4 table is one bf-p4c table, and two extern uses never share a synthesized
 * action, action_synthesis_policy.h). An action dependency between plain assignments of the
 * apply body is our estimate: bf-p4c's action synthesis and copy propagation may fold the two
 * statements into one action. Output dependencies are never certain (write order).
 */
function isCertain(d: Dependency): boolean {
  if (d.kind === 'match') return true;
  if (d.kind !== 'action') return false;
  return d.from.kind === 'table' || d.from.actions.some((a) => a.registers.length > 0);
}

/**
 * Whether `u` (a condition or a statement of the apply body) depends on `a` only by reading
 * locals `a` copies an expression into, whose inputs no unit between them rewrites: after
 * p4c's copy propagation `u` reads those inputs itself, which `a` already waited for.
 */
function readsOnlyCopies(u: Unit, a: Unit, between: readonly Unit[]): boolean {
  const copies = a.copies;
  if (copies === undefined || u.kind === 'table' || mutuallyExclusive(a, u)) return false;
  if (firstOverlap(u.writes, a.writes) !== undefined) return false;
  const reads = [...u.matchReads, ...u.actionReads];
  const through = [...a.writes].filter((w) => reads.some((r) => pathsOverlap(r, w)));
  if (through.length === 0) return false;
  return through.every((w) => {
    const from = copies.get(w);
    return (
      from !== undefined &&
      !between.some(
        (b) =>
          b.gress === u.gress &&
          !mutuallyExclusive(b, u) &&
          firstOverlap(b.writes, new Set([...from, w])) !== undefined,
      )
    );
  });
}

function strongest(u: Unit, a: Unit, isParent: boolean): Dependency | undefined {
  if (!mutuallyExclusive(a, u)) {
    const m = firstOverlap(u.matchReads, a.writes);
    if (m !== undefined) return { from: a, kind: 'match', field: m, gap: 1 };
    const r = firstOverlap(u.actionReads, a.writes);
    if (r !== undefined) return { from: a, kind: 'action', field: r, gap: 1 };
    const w = firstOverlap(u.writes, a.writes);
    if (w !== undefined) return { from: a, kind: 'output', field: w, gap: 1 };
    const rr = firstOverlap(u.writes, new Set([...a.matchReads, ...a.actionReads]));
    if (rr !== undefined) return { from: a, kind: 'reverse-read', field: rr, gap: 0 };
  }
  if (isParent) return { from: a, kind: 'control', field: undefined, gap: 0 };
  if (!mutuallyExclusive(a, u) && endsBefore(a, u)) return { from: a, kind: 'exit', field: undefined, gap: 0 };
  return undefined;
}

/** Whether `a` (earlier in program order) may end the control `u` belongs to: exit, or return from it. */
function endsBefore(a: Unit, u: Unit): boolean {
  const e = a.ends;
  if (e === undefined) return false;
  return e.kind === 'exit' || u.origin.frame.prefix.startsWith(e.prefix);
}

export function describeDependency(d: Dependency): string {
  const what =
    d.kind === 'match'
      ? 'match dependency'
      : d.kind === 'action' || d.kind === 'output'
        ? 'action dependency'
        : d.kind === 'reverse-read'
          ? 'reverse-read dependency'
          : d.kind === 'exit'
            ? 'exit dependency'
            : 'control dependency';
  return d.field === undefined ? `${what} on '${d.from.name}'` : `${what} on '${d.field}'`;
}
