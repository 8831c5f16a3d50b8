// Parsers: one function per state (`IgParser_parse_ipv4(pkt)`), each tracing its entry,
// running its statements (extract, advance, lookahead, verify, checksum calls, assignments)
// and ending in a tail call to the next state, `return 0` (accept) or an error number
// (reject → NoMatch, a select with no matching case → NoMatch, a short packet →
// PacketTooShort, a full header stack → StackOutOfBounds). The entry function first puts the
// parser's `out` headers and metadata in their initial state (headers invalid, metadata 0).

import type { StructLikeType, Type } from '../check/types.js';
import { controlPlaneName } from '../ir/control-plane-name.js';
import type * as Ir from '../ir/nodes.js';
import type { Gen, Scope } from './context.js';
import { bigLit, constJs, expr, FnCtx, numLit } from './emit-expr.js';
import { declareInstance } from './emit-extern-decl.js';
import { declareResidualDeposits, depositResiduals } from './emit-residual.js';
import { statements } from './emit-stmt.js';
import { classIdent, repOf, scalarOf, typeIdent, zeroOf } from './emit-types.js';
import { jsonValue, widthForInfo } from './p4info-tables.js';
import type { Writer } from './writer.js';

/** Intrinsic structs the engine initialises: a parser leaves them alone unless its code writes them. */
const ENGINE_OWNED = new Set([
  'ingress_intrinsic_metadata_from_parser_t',
  'egress_intrinsic_metadata_from_parser_t',
  'ingress_intrinsic_metadata_for_tm_t',
  'ingress_intrinsic_metadata_for_deparser_t',
  'egress_intrinsic_metadata_for_deparser_t',
  'egress_intrinsic_metadata_for_output_port_t',
]);

/** Emits the parser; returns the entry function's name. */
export function emitParser(
  gen: Gen,
  w: Writer,
  p: Ir.Parser,
  scope: Scope,
  pkt: string,
  path: string = p.name,
): string {
  const base = gen.ident(path);
  w.line();
  w.line(`// ---- parser ${p.name} ${'-'.repeat(Math.max(0, 80 - p.name.length))}`);
  const locals: { js: string; type: Type }[] = [];
  const checksums: string[] = [];
  const stateBodies = p.states.flatMap((s) => s.statements);
  for (const l of p.locals) {
    if (l.kind === 'Variable') {
      const js = gen.ident(`${base}_${l.name}`);
      scope.set(l.name, { kind: 'value', js, type: l.type });
      if (repOf(l.type) === 'obj') {
        // A header or struct local: one object for the program, reset on entry like `out` ones.
        const t = l.type;
        if (t.kind !== 'header' && t.kind !== 'struct' && t.kind !== 'headerUnion') {
          gen.unsupported(l.span, `a parser-local variable of type ${t.kind}`);
          continue;
        }
        gen.types.add(t);
        w.line(`const ${js} = new ${classIdent(t)}();`);
      } else w.line(`let ${js} = ${zeroOf(l.type)};`);
      locals.push({ js, type: l.type });
    } else if (l.kind === 'Instance') {
      declareInstance(gen, w, l, controlPlaneName(l.name, l.annotations, path), scope, stateBodies, []);
      const b = scope.get(l.name);
      // Checksum units and parser counters (with Tofino 2's stack) start afresh per packet.
      if ((l.typeName === 'Checksum' || l.typeName === 'ParserCounter') && b?.kind === 'extern') checksums.push(b.js);
    } else if (l.kind === 'ValueSet') {
      const js = gen.ident(`${path}.${l.name}`);
      const t = l.elementType;
      const fields =
        t.kind === 'struct' || t.kind === 'header' ? valueSetFields(t, '') : [{ name: l.name, width: widthForInfo(t) }];
      const i = gen.p4info.push('valueSets', { name: `${path}.${l.name}`, size: Number(l.size), fields });
      w.line(`const ${js} = services.valueSets[${i}];`);
      scope.set(l.name, { kind: 'valueSet', js, widths: fields.map((f) => f.width) });
    }
  }
  const deposits = declareResidualDeposits(gen, w, p, base, pkt);
  const stateFn = new Map(p.states.map((s) => [s.name, gen.ident(`${base}_${s.name}`)]));
  for (const s of p.states) emitState(gen, w, p, s, scope, pkt, stateFn);
  const entry = gen.ident(`${base}_entry`);
  w.block(`function ${entry}(${pkt})`, () => {
    w.line('// `out` parameters start invalid (headers) and zero (metadata).');
    for (const prm of p.params) {
      if (prm.direction !== 'out') continue;
      const b = scope.get(prm.name);
      if (b?.kind !== 'value') continue;
      const t = prm.type;
      if (t.kind === 'header') w.line(`${b.js}.$valid = false;`);
      else if ((t.kind === 'struct' || t.kind === 'headerUnion') && !ENGINE_OWNED.has(t.name)) {
        gen.types.add(t);
        w.line(`reset_${typeIdent(t)}(${b.js});`);
      }
    }
    for (const l of locals) {
      const t = l.type;
      if (t.kind === 'header' || t.kind === 'struct' || t.kind === 'headerUnion')
        w.line(`reset_${typeIdent(t)}(${l.js});`);
      else w.line(`${l.js} = ${zeroOf(l.type)};`);
    }
    for (const c of checksums) w.line(`${c}.clear();`);
    const start = stateFn.get('start');
    const run = start === undefined ? '0' : `${start}(${pkt})`;
    if (deposits.length === 0) w.line(`return ${run};`);
    else {
      for (const d of deposits) w.line(`${d.mark} = -1;`);
      const result = gen.temp('parsed');
      w.line(`const ${result} = ${run};`);
      depositResiduals(gen, w, scope, deposits);
      w.line(`return ${result};`);
    }
  });
  return entry;
}

function emitState(
  gen: Gen,
  w: Writer,
  p: Ir.Parser,
  s: Ir.ParserState,
  scope: Scope,
  pkt: string,
  stateFn: Map<string, string>,
): void {
  const fn = stateFn.get(s.name) as string;
  w.sourceComment(s.span);
  w.block(`function ${fn}(${pkt})`, () => {
    w.line(
      `if (tr !== undefined) tr.parserState(cur.packetId, cur.copyId, ${JSON.stringify(p.name)}, ${JSON.stringify(s.name)});`,
    );
    const cx = new FnCtx(gen, scope.child(), w, 'parser');
    statements(cx, s.statements);
    transition(cx, s.transition, pkt, stateFn);
  });
}

function goto(gen: Gen, state: string, pkt: string, stateFn: Map<string, string>): string {
  if (state === 'accept') return 'return 0;';
  // bf-p4c lowers an explicit `reject` like `accept` (the parse ends, no error flag), so a TNA
  // packet goes on with what it extracted; a select no case matches is still NO_MATCH
  // (docs/tna-semantics.md, "Parser errors").
  if (state === 'reject') return gen.arch === 'tna' ? 'return 0;' : `return ${gen.errorIndex('NoMatch')};`;
  const fn = stateFn.get(state);
  return fn === undefined ? `return ${gen.errorIndex('NoMatch')};` : `return ${fn}(${pkt});`;
}

function transition(cx: FnCtx, t: Ir.Transition, pkt: string, stateFn: Map<string, string>): void {
  const w = cx.w;
  const gen = cx.gen;
  w.sourceComment(t.span);
  if (t.kind === 'Goto') {
    w.line(goto(gen, t.state, pkt, stateFn));
    return;
  }
  const keys = t.keys.map((k) => {
    const js = expr(cx, k);
    const v = gen.temp('k');
    cx.hoist(`const ${v} = ${js};`);
    return { js: v, type: k.type };
  });
  cx.flush();
  for (const c of t.cases) {
    const conds = caseCondition(cx, c.keysets, keys);
    const target = goto(gen, c.state, pkt, stateFn);
    if (conds === 'true') {
      w.line(target);
      return;
    }
    w.line(`if (${conds}) ${target}`);
  }
  w.line(`return ${gen.errorIndex('NoMatch')};`);
}

function lit(v: bigint, t: Type): string {
  return repOf(t) === 'big' ? bigLit(BigInt.asUintN(scalarOf(t)?.width ?? 64, v)) : numLit(v);
}

function caseCondition(cx: FnCtx, keysets: readonly Ir.Keyset[], keys: { js: string; type: Type }[]): string {
  const only = keysets[0];
  if (keysets.length === 1 && only?.kind === 'ValueSet' && keys.length > 1) return valueSetMatch(cx, only.name, keys);
  const parts: string[] = [];
  keysets.forEach((ks, i) => {
    const k = keys[i];
    if (k === undefined) return;
    const big = (v: unknown) =>
      typeof v === 'bigint'
        ? v
        : typeof v === 'boolean'
          ? v
            ? 1n
            : 0n
          : typeof v === 'object' && v !== null && 'value' in v && typeof v.value === 'bigint'
            ? v.value
            : undefined;
    switch (ks.kind) {
      case 'Default':
        return;
      case 'Value': {
        const b = big(ks.value);
        parts.push(
          `${k.js} === ${b === undefined || repOf(k.type) === 'bool' ? constJs(cx.gen, ks.value, k.type) : lit(b, k.type)}`,
        );
        return;
      }
      case 'Mask': {
        const v = big(ks.value) ?? 0n;
        const m = big(ks.mask) ?? 0n;
        const s = scalarOf(k.type);
        if (repOf(k.type) === 'num' && (s?.width ?? 32) >= 32)
          parts.push(`((${k.js} & ${lit(m, k.type)}) >>> 0) === ${lit(v & m, k.type)}`);
        else parts.push(`(${k.js} & ${lit(m, k.type)}) === ${lit(v & m, k.type)}`);
        return;
      }
      case 'Range':
        parts.push(`${k.js} >= ${lit(big(ks.low) ?? 0n, k.type)} && ${k.js} <= ${lit(big(ks.high) ?? 0n, k.type)}`);
        return;
      case 'ValueSet':
        parts.push(valueSetMatch(cx, ks.name, [k]));
    }
  });
  return parts.length === 0 ? 'true' : parts.join(' && ');
}

/**
 * A value set's fields, one per select key: a struct nested in the element type gives its
 * leaves in order, named by path (`inner.field`), as p4c flattens it (its pvs-nested-struct).
 */
function valueSetFields(t: StructLikeType, prefix: string): { name: string; width: number }[] {
  return t.fields.flatMap((f) =>
    f.type.kind === 'struct'
      ? valueSetFields(f.type, `${prefix}${f.name}.`)
      : [{ name: `${prefix}${f.name}`, width: widthForInfo(f.type) }],
  );
}

function valueSetMatch(cx: FnCtx, name: string, keys: { js: string; type: Type }[]): string {
  const b = cx.scope.get(name);
  if (b?.kind !== 'valueSet') {
    cx.gen.unsupported(undefined, `the value set ${name}`);
    return 'false';
  }
  keys.forEach((k, i) => {
    cx.w.line(`${b.js}.key[${i}] = ${k.js};`);
  });
  return `${b.js}.matches()`;
}

export { jsonValue };
