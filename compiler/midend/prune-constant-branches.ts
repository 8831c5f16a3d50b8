// Pass `pruneConstantBranches`: an `if` whose condition is a constant (a constructor argument
// put in place by inlining or specialisation: `if (is_ternary)` in Intel's selector_resize)
// keeps only the branch taken, as p4c's mid end does. A table whose every apply sat in a
// branch never taken is then removed from its control: it could never be looked up, and the
// control plane does not see it (two such tables may share one `@name`). Tables the source
// never applies are left as they were.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteStmts } from '../ir/rewrite.js';
import { visitStmts } from '../ir/visit.js';

/** Names of the tables `body` applies (`t.apply()` as a statement or inside an expression). */
export function appliedTables(body: readonly Ir.Stmt[]): Set<string> {
  const names = new Set<string>();
  visitStmts(body, {
    expr: (e) => {
      if (e.kind === 'Call' && e.callee.kind === 'Apply' && e.callee.target === 'table') {
        if (e.callee.object.kind === 'Ref') names.add(e.callee.object.name);
      }
      return undefined;
    },
  });
  return names;
}

function pruneControl(c: Ir.Control): Ir.Control {
  let folded = false;
  const apply = rewriteStmts(c.apply, {
    stmt: (s) => {
      if (s.kind !== 'If' || s.condition.kind !== 'Const' || typeof s.condition.value !== 'boolean') return s;
      folded = true;
      const taken = s.condition.value ? s.thenBody : s.elseBody;
      // A block keeps the branch's declarations local to it.
      return taken.length === 0 ? [] : { kind: 'Block', body: taken, span: s.span };
    },
  });
  if (!folded) return c;
  const before = appliedTables(c.apply);
  const after = appliedTables(apply);
  const tables = c.tables.filter((t) => !before.has(t.name) || after.has(t.name));
  return { ...c, apply, tables };
}

export function pruneConstantBranches(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  const controls = program.controls.map(pruneControl);
  return controls.every((c, i) => c === program.controls[i]) ? program : { ...program, controls };
}
