// Top-level P4 functions (`bit<16> fold(in bit<32> x) { return x[31:16] ^ x[15:0]; }`): one
// JavaScript function each, shared by every block of every pipe. `in` (and directionless)
// parameters are values; `out`/`inout` headers and structs are passed as the caller's object,
// which the body updates in place (P4's copy-out, without the temporary: P4 forbids a call
// from aliasing two of its arguments). `out`/`inout` scalars have no JS reference to bind to.

import type { Gen, Scope } from './context.js';
import { FnCtx } from './emit-expr.js';
import { statements } from './emit-stmt.js';
import { repOf } from './emit-types.js';
import type { Writer } from './writer.js';

/** Binds every top-level function in `root` (so functions may call each other) and emits them. */
export function emitTopLevelFunctions(gen: Gen, w: Writer, root: Scope): void {
  const fns = gen.ir.functions.filter((f) => {
    const scalarOut = f.params.find(
      (p) => (p.direction === 'out' || p.direction === 'inout') && repOf(p.type) !== 'obj',
    );
    if (scalarOut !== undefined) {
      gen.unsupported(
        f.span,
        `the function ${f.name} with an ${scalarOut.direction} scalar parameter (${scalarOut.name})`,
      );
      return false;
    }
    return true;
  });
  const js = fns.map((f) => gen.ident(f.name));
  fns.forEach((f, i) => {
    root.set(f.name, { kind: 'function', js: js[i] as string, fn: f });
  });
  fns.forEach((f, i) => {
    const s = root.child();
    const names = f.params.map((p) => {
      const pj = gen.ident(`${f.name}_${p.name}`);
      s.set(p.name, { kind: 'value', js: pj, type: p.type });
      return pj;
    });
    w.sourceComment(f.span);
    w.block(`function ${js[i]}(${names.join(', ')})`, () => {
      statements(new FnCtx(gen, s, w, 'function'), f.body);
    });
  });
}
