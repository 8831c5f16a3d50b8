// A RegisterAction executed again on one path with the same index, in a statement of its own
// (GhostView's `write_time_port.execute(portIndex);` twice): when its program only stores
// values that nothing in between changes, the second run leaves what the first left, and the
// pair is one access (docs/tofino-resources.md "Register rules"), not error 4013.

import type * as Ir from '../../ir/nodes.js';
import { visitExpr } from '../../ir/visit.js';
import { type ActionEffect, firstOverlap, mutuallyExclusive, type RegisterUse, type Unit } from './units.js';

export interface RegisterAccess {
  readonly unit: Unit;
  readonly effect: ActionEffect;
  readonly use: RegisterUse;
}

/**
 * Whether `b` repeats `a`: the same RegisterAction with the same index, a program that only
 * stores into the cell values read from neither the cell nor an output, and no unit from `a`
 * up to `b` (in program order, on b's path) writing the index or those values.
 */
export function repeatsStore(a: RegisterAccess, b: RegisterAccess, units: readonly Unit[]): boolean {
  if (a.use.action !== b.use.action || a.use.index === undefined || a.use.index !== b.use.index) return false;
  const reads = a.use.reads;
  if (reads === undefined || !storesOnly(a.use.actionInstance)) return false;
  const from = units.indexOf(a.unit);
  const to = units.indexOf(b.unit);
  if (from < 0 || to <= from) return false;
  for (const u of units.slice(from, to)) {
    if (u.gress !== b.unit.gress || mutuallyExclusive(u, b.unit)) continue;
    if (firstOverlap(u.writes, reads) !== undefined) return false;
  }
  return true;
}

/**
 * A RegisterAction program that only assigns the cell (or its halves) from expressions that
 * read neither the cell nor an output, calls nothing, and branches nowhere: running it twice
 * on the same inputs leaves the cell as one run does, and it returns nothing.
 */
function storesOnly(instance: Ir.Instance): boolean {
  const apply = instance.methods.find((m) => m.name === 'apply');
  const cell = apply?.params[0]?.name;
  if (apply === undefined || cell === undefined || apply.body.length === 0) return false;
  const own = new Set(apply.params.map((p) => p.name));
  return apply.body.every((s) => {
    if (s.kind !== 'Assign' || rootName(s.target) !== cell) return false;
    let plain = true;
    visitExpr(s.value, {
      expr: (e) => {
        if (e.kind === 'Call' || (e.kind === 'Ref' && own.has(e.name))) plain = false;
        return plain;
      },
    });
    return plain;
  });
}

function rootName(e: Ir.Expr): string | undefined {
  if (e.kind === 'Ref') return e.name;
  if (e.kind === 'Member' || e.kind === 'Slice' || e.kind === 'Index') return rootName(e.object);
  return undefined;
}
