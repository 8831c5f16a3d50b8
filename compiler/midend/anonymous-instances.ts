// A parser or control type applied directly (`TofinoIngressParser.apply(pkt, md)`,
// `E.apply(x)`: spec §15.1, an anonymous instance with no constructor arguments) gets an
// instance local named after the type, so the inlining passes treat it like any instance.

import type * as Ir from '../ir/nodes.js';
import { forEachCall } from '../ir/visit.js';

/** `locals` plus an instance for each block type applied directly in `body`. */
export function withAnonymousInstances(
  locals: readonly Ir.Local[],
  body: readonly Ir.Stmt[],
  target: 'parser' | 'control',
): readonly Ir.Local[] {
  const added: Ir.Local[] = [];
  const named = new Set(locals.map((l) => l.name));
  forEachCall(body, (call) => {
    const c = call.callee;
    if (c.kind !== 'Apply' || c.target !== target || c.object.kind !== 'Ref' || c.object.ref !== 'other') return;
    const { name, type, span } = c.object;
    if (named.has(name) || type.kind !== target) return;
    named.add(name);
    added.push({ kind: 'Instance', name, type, typeName: name, typeArgs: [], ctorArgs: [], methods: [], span });
  });
  return added.length === 0 ? locals : [...locals, ...added];
}
