// Pass `plainTableStorage`: TNA's `Alpm` and `Atcam` only choose how Tofino stores a table
// (algorithmic LPM, partitioned TCAM); a lookup finds what the plain LPM / ternary table finds
// (docs/midend.md). So a table's `implementation = <Alpm>` / `atcam = <Atcam>` property and the
// instance go, and an `atcam_partition_index` key, which selects the partition, matches as
// `exact` (as the control plane sees it). Programs of other architectures have neither extern.

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';

const STORAGE_EXTERNS = new Set(['Alpm', 'Atcam']);

function plainTable(t: Ir.Table, storage: ReadonlySet<string>): Ir.Table {
  const properties = t.properties.filter(
    (p) =>
      !((p.name === 'implementation' || p.name === 'atcam') && p.value.kind === 'Ref' && storage.has(p.value.name)),
  );
  const partitioned = t.keys.some((k) => k.matchKind === 'atcam_partition_index');
  if (properties.length === t.properties.length && !partitioned) return t;
  const keys = partitioned
    ? t.keys.map((k) => (k.matchKind === 'atcam_partition_index' ? { ...k, matchKind: 'exact' } : k))
    : t.keys;
  return { ...t, keys, properties };
}

export function plainTableStorage(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  let changed = false;
  const controls = program.controls.map((c) => {
    const storage = new Set(
      c.locals.filter((l) => l.kind === 'Instance' && STORAGE_EXTERNS.has(l.typeName)).map((l) => l.name),
    );
    const tables = c.tables.map((t) => plainTable(t, storage));
    if (storage.size === 0 && tables.every((t, i) => t === c.tables[i])) return c;
    changed = true;
    return { ...c, locals: c.locals.filter((l) => !(l.kind === 'Instance' && storage.has(l.name))), tables };
  });
  return changed ? { ...program, controls } : program;
}
