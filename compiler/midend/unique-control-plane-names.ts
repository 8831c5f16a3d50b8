// Pass `uniqueControlPlaneNames`: two tables, two actions or two extern instances of the blocks
// the main package runs may not share one control-plane name (`@name` or local name under the
// block; compiler/ir/control-plane-name.ts). The checker cannot tell for blocks with
// constructor parameters: a constructor argument may leave one of two same-named tables
// unapplied (Intel's selector_resize), so the check runs here, once blocks are specialised and
// constant branches pruned. Copies of one action (an absolute `@name` in a control inlined
// twice) are one action to the control plane and no conflict.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import { controlPlaneName } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import type { Span } from '../source/span.js';
import { MidendMessages as M } from './messages.js';

interface Named {
  readonly name: string;
  readonly annotations?: readonly Ir.AnnotationInfo[] | undefined;
  readonly span: Span;
}

/** The blocks `main` runs, each once (a block in two pipes is one set of declarations). */
function blocksOf(p: Ir.PackageInstance | undefined, out: Set<string>): Set<string> {
  for (const a of p?.args ?? []) {
    if (a.value.kind === 'PackageInstance') blocksOf(a.value, out);
    else if (a.value.kind === 'BlockInstance') out.add(`${a.value.block} ${a.value.name}`);
  }
  return out;
}

export function uniqueControlPlaneNames(program: Ir.Program, sink: DiagnosticSink): Ir.Program {
  const seen = new Map<string, Named>();
  const add = (what: 'table' | 'action' | 'instance', x: Named, path: string) => {
    const full = controlPlaneName(x.name, x.annotations, path);
    const key = `${what} ${full}`;
    const earlier = seen.get(key);
    if (earlier === undefined) {
      seen.set(key, x);
      return;
    }
    if (what === 'action' && earlier.span.start === x.span.start && earlier.span.end === x.span.end) return;
    const d = sink.report(M.controlPlaneName, x.span, full, what);
    sink.addRelated(d, earlier.span, `'${full}' is also the name of '${earlier.name}'`);
  };
  for (const a of program.actions) add('action', a, '');
  for (const x of program.externs) add('instance', x, '');
  const run = blocksOf(program.main, new Set());
  for (const p of program.parsers) {
    if (!run.has(`parser ${p.name}`)) continue;
    for (const l of p.locals) if (l.kind === 'Instance' && l.type.kind === 'extern') add('instance', l, p.name);
  }
  for (const c of program.controls) {
    if (!run.has(`control ${c.name}`)) continue;
    for (const l of c.locals) if (l.kind === 'Instance' && l.type.kind === 'extern') add('instance', l, c.name);
    for (const t of c.tables) add('table', t, c.name);
    for (const a of c.actions) add('action', a, c.name);
  }
  return program;
}
