// Addressing of a table's indirect counters (docs/tofino-resources.md, "bf-p4c's rules"): a
// table entry carries one statistics address and one enable bit, shared by every indirect
// Counter its actions count. So within an action all those counters take the same index,
// and an action that counts one of them counts all. bf-p4c rejects programs that break this.

import type { DiagnosticSink } from '../../diagnostics/diagnostic.js';
import { TofinoMessages as M } from './messages.js';
import type { Unit } from './units.js';

export function checkIndirectCounterAddressing(units: readonly Unit[], sink: DiagnosticSink): void {
  for (const u of units) {
    if (u.kind !== 'table' || u.table === undefined) continue;
    const counted = (a: (typeof u.actions)[number]) => (a.counters ?? []).filter((c) => c.kind === 'counter');
    const all = [...new Set(u.actions.flatMap((a) => counted(a).map((c) => c.name)))];
    if (all.length < 2) continue;
    for (const a of u.actions) {
      const uses = counted(a);
      if (uses.length === 0) continue;
      const first = uses[0] as (typeof uses)[number];
      const other = uses.find((c) => c.index !== first.index);
      if (other !== undefined) {
        sink.report(
          M.counterAddressDiffers,
          u.span,
          u.name,
          a.name,
          first.name,
          first.index ?? '?',
          other.name,
          other.index ?? '?',
        );
        break;
      }
      const names = new Set(uses.map((c) => c.name));
      const missing = all.find((n) => !names.has(n));
      if (missing !== undefined) {
        sink.report(M.counterEnableDiffers, u.span, u.name, a.name, first.name, missing);
        break;
      }
    }
  }
}
