// Pass `specializeBlocks`: a parser or control given to the main package with constructor
// arguments (`Pipeline(IgParser(), Ig(8w4), …)`) becomes a copy of that block with its
// constructor parameters replaced by the arguments (P4 spec §15: they are compile-time known),
// so the target sees blocks without constructor parameters. It runs after the inlining passes,
// when no instance inside the program names a block type any more. A block given once keeps its name;
// the same block given again with other arguments gets `Name_2`, `Name_3`, …

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { rewriteControl, rewriteParser } from '../ir/rewrite.js';
import { withKnownSize } from './inline-controls.js';
import { ctorValues, renamer, uniqueName } from './rename.js';

export function specializeBlocks(program: Ir.Program, _sink: DiagnosticSink): Ir.Program {
  const main = program.main;
  if (main === undefined) return program;
  const parsers = [...program.parsers];
  const controls = [...program.controls];
  const taken = new Set([...parsers.map((p) => p.name), ...controls.map((c) => c.name)]);
  const usedOnce = new Set<string>();
  const original = new Map<string, Ir.Parser | Ir.Control>([
    ...program.parsers.map((p) => [`parser ${p.name}`, p] as const),
    ...program.controls.map((c) => [`control ${c.name}`, c] as const),
  ]);
  let changed = false;

  const specialize = (b: Ir.BlockInstance): Ir.BlockInstance => {
    if (b.ctorArgs.length === 0) return b;
    const decl = original.get(`${b.block} ${b.name}`);
    if (decl === undefined || decl.ctorParams.length !== b.ctorArgs.length) return b;
    const values = ctorValues(decl.ctorParams, b.ctorArgs);
    const r = renamer({ locals: new Map(), actions: new Map(), values });
    // The first use replaces the block itself; later ones are copies under fresh names.
    const name = usedOnce.has(b.name) ? uniqueName(`${b.name}_2`, taken) : b.name;
    usedOnce.add(b.name);
    changed = true;
    if (decl.kind === 'Parser') {
      const p: Ir.Parser = { ...rewriteParser(decl, r), name, ctorParams: [] };
      if (name === decl.name) parsers[program.parsers.indexOf(decl)] = p;
      else parsers.push(p);
    } else {
      const rewritten = rewriteControl(decl, r);
      const c: Ir.Control = { ...rewritten, name, ctorParams: [], tables: rewritten.tables.map(withKnownSize) };
      if (name === decl.name) controls[program.controls.indexOf(decl)] = c;
      else controls.push(c);
    }
    return { ...b, name, ctorArgs: [] };
  };

  const visit = (p: Ir.PackageInstance): Ir.PackageInstance => ({
    ...p,
    args: p.args.map((a) => {
      const v = a.value;
      if (v.kind === 'PackageInstance') return { ...a, value: visit(v) };
      if (v.kind === 'BlockInstance') return { ...a, value: specialize(v) };
      return a;
    }),
  });
  const specialized = visit(main);
  return changed ? { ...program, parsers, controls, main: specialized } : program;
}
