// A register read or written with its own methods (`reg.read(i)`, `reg.write(i, v)`) in an
// action: bf-p4c turns each such action into an instruction of the register's stateful ALU,
// which holds 4 (bf-p4c's errors/stateful_read_write_5actions.p4, docs/tofino-resources.md).

import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import type * as Ir from '../../ir/nodes.js';
import { visitStmts } from '../../ir/visit.js';
import type { RegisterInfo } from './allocate-stages.js';
import { TofinoMessages as M } from './messages.js';
import type { ReachedAction } from './units.js';

const MAX_INSTRUCTIONS = 4;

/**
 * Counts, per register instance of `controls`, the reached actions that call its read or
 * write plus its register actions; more than a stateful ALU's instructions is error 4016.
 */
export function checkRegisterMethodActions(
  actions: readonly ReachedAction[],
  controls: readonly Ir.Control[],
  registers: ReadonlyMap<string, RegisterInfo>,
  sink: DiagnosticSink,
): void {
  const byRegister = new Map<string, Set<string>>();
  for (const a of actions) {
    visitStmts(a.body, {
      expr(e) {
        if (e.kind !== 'Call' || e.callee.kind !== 'Method' || e.callee.externName !== 'Register') return undefined;
        if (e.callee.method !== 'read' && e.callee.method !== 'write') return undefined;
        const o = e.callee.object;
        if (o.kind !== 'Ref') return undefined;
        const set = byRegister.get(o.name) ?? new Set<string>();
        byRegister.set(o.name, set);
        set.add(a.name);
        return undefined;
      },
    });
  }
  for (const [name, users] of byRegister) {
    const instance = controls
      .flatMap((c) => c.locals)
      .find((l): l is Ir.Instance => l.kind === 'Instance' && l.name === name && l.typeName === 'Register');
    if (instance === undefined) continue;
    const count = users.size + (registers.get(name)?.actions.length ?? 0);
    if (count > MAX_INSTRUCTIONS) sink.report(M.tooManyRegisterInstructions, instance.span, name, count, users.size);
  }
}
