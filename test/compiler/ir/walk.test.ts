// The IR walkers on a real program (p4/netmigrate.p4, lowered): the visitor reaches every
// call the hand-written walks found, the rewriter rebuilds nothing when its hooks change
// nothing, and a renaming reaches names in every position.

import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkProgram } from '../../../compiler/check/index.js';
import { DiagnosticSink } from '../../../compiler/diagnostics/index.js';
import { parseFile } from '../../../compiler/frontend.js';
import { lowerToIr } from '../../../compiler/ir/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { printIr } from '../../../compiler/ir/print.js';
import { rewriteControl, rewriteParser } from '../../../compiler/ir/rewrite.js';
import { forEachCall, visitControl, visitParser } from '../../../compiler/ir/visit.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

function netmigrate(): Ir.Program {
  const sink = new DiagnosticSink();
  const unit = parseFile(join(root, 'p4', 'netmigrate.p4'), { includeDirs: [], target: 'tna' }, sink);
  assert.ok(unit !== undefined && !sink.hasErrors());
  return lowerToIr(checkProgram(unit.program, sink));
}

describe('IR walkers', () => {
  const ir = netmigrate();

  it('visits every expression: each extern method call of a control is seen once', () => {
    const ingress = ir.controls.find((c) => c.name === 'NmIngress') as Ir.Control;
    const calls: string[] = [];
    visitControl(ingress, {
      expr: (e) => {
        if (e.kind === 'Call' && e.callee.kind === 'Apply') calls.push(`${(e.callee.object as { name: string }).name}`);
        return undefined;
      },
    });
    for (const t of ['ipv4_route', 'classify_op', 'migration_pair', 'filter_1', 'filter_4'])
      assert.ok(calls.includes(t), t);
    let n = 0;
    forEachCall(ingress.apply, () => n++);
    assert.ok(n >= calls.length);
  });

  it('a hook returning false skips the children', () => {
    const p = ir.parsers[0] as Ir.Parser;
    let exprs = 0;
    visitParser(p, {
      stmt: () => false,
      expr: () => {
        exprs++;
        return undefined;
      },
    });
    const selects = p.states.filter((s) => s.transition.kind === 'Select').length;
    assert.ok(exprs >= selects, 'select keys are still visited');
    let all = 0;
    visitParser(p, {
      expr: () => {
        all++;
        return undefined;
      },
    });
    assert.ok(all > exprs);
  });

  it('rebuilds nothing when the hooks change nothing', () => {
    for (const c of ir.controls) assert.equal(rewriteControl(c, { expr: (e) => e, stmt: (s) => s }), c);
    for (const p of ir.parsers) assert.equal(rewriteParser(p, { expr: (e) => e, state: (s) => s }), p);
  });

  it('a renaming reaches references, action names, table actions and switch labels', () => {
    const c = ir.controls.find((x) => x.name === 'NmEgress') as Ir.Control;
    const renamed = rewriteControl(c, {
      expr: (e) => (e.kind === 'Ref' && e.ref === 'table' ? { ...e, name: `T_${e.name}` } : e),
      action: (a) => `A_${a}`,
    });
    assert.notEqual(renamed, c);
    const text = printIr({ ...ir, controls: [renamed], parsers: [], actions: [] });
    assert.match(text, /T_copy_next_key\.apply\(\)/);
    for (const t of renamed.tables) for (const a of t.actions) assert.ok(a.action.startsWith('A_'), a.action);
    assert.doesNotMatch(text, /[^_.A-Za-z]copy_next_key\.apply/);
  });
});
