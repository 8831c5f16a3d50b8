// Shared by the mid end's tests: a P4 program given as text → its lowered IR (the input of
// the mid end), with every diagnostic rendered when the front end refuses it.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkProgram } from '../../../compiler/check/index.js';
import { targetFromText } from '../../../compiler/compile.js';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { parseFile } from '../../../compiler/frontend.js';
import { lowerToIr } from '../../../compiler/ir/index.js';
import type * as Ir from '../../../compiler/ir/nodes.js';

/** The lowered IR of `source` (which includes core.p4 and perhaps tna.p4 or v1model.p4). */
export function lowered(source: string): Ir.Program {
  const dir = mkdtempSync(join(tmpdir(), 'p4ts-midend-'));
  try {
    const file = join(dir, 'prog.p4');
    writeFileSync(file, source);
    const sink = new DiagnosticSink();
    const target = targetFromText(source);
    const unit = parseFile(file, { includeDirs: [], ...(target === undefined ? {} : { target }) }, sink);
    if (unit === undefined || sink.hasErrors()) throw new Error(renderDiagnostics(sink.diagnostics, { color: false }));
    const checked = checkProgram(unit.program, sink);
    if (sink.hasErrors()) throw new Error(renderDiagnostics(sink.diagnostics, { color: false }));
    return lowerToIr(checked);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function parserNamed(p: Ir.Program, name: string): Ir.Parser {
  const x = p.parsers.find((q) => q.name === name);
  if (x === undefined) throw new Error(`no parser ${name}`);
  return x;
}

export function controlNamed(p: Ir.Program, name: string): Ir.Control {
  const x = p.controls.find((q) => q.name === name);
  if (x === undefined) throw new Error(`no control ${name}`);
  return x;
}
