// What a call can mean: the methods of a value's type (extern methods specialized to the
// instance's type arguments, `apply` of tables, parsers and controls, the built-in header,
// union and stack methods, minSizeInBits and friends), and the built-ins the checker
// evaluates or checks itself (static_assert, packet_in.extract).

import type * as Ast from '../parser/ast.js';
import type { CallTarget, Checker, ResolvedCall } from './context.js';
import { CheckMessages as M } from './messages.js';
import {
  bindingsOf,
  boolType,
  infIntType,
  type Param,
  printType,
  type Signature,
  substituteSignature,
  type Type,
  voidType,
  widthOf,
} from './types.js';

export interface Candidate {
  readonly name: string;
  readonly target: CallTarget;
  readonly signature: Signature;
}

const noParams: Signature = { typeParams: [], params: [], returnType: voidType };
const countParam: Param = { name: 'count', direction: 'none', type: infIntType, optional: false };

function builtin(name: string, object: Type, returnType: Type, params: readonly Param[] = []): Candidate {
  return { name, target: { kind: 'builtin', name, object }, signature: { ...noParams, params, returnType } };
}

/** The methods `name` of a value of type `t`, already specialized to the instance's type arguments. */
export function methodCandidates(cx: Checker, t: Type, name: string): Candidate[] {
  switch (t.kind) {
    case 'extern': {
      if (t.decl.kind !== 'ExternDeclaration') return [];
      const s = bindingsOf(t.typeParams, t.typeArgs);
      return t.decl.methods
        .filter((m) => !m.isConstructor && m.name.name === name)
        .flatMap((m) => {
          const sig = cx.signatureOf.get(m);
          return sig === undefined
            ? []
            : [
                {
                  name,
                  target: { kind: 'method', decl: m, instance: t },
                  signature: substituteSignature(sig, s),
                } as Candidate,
              ];
        });
    }
    case 'parser':
    case 'control':
      return name === 'apply'
        ? [{ name, target: { kind: 'apply', instance: t }, signature: { ...noParams, params: t.applyParams } }]
        : [];
    case 'table':
      return name === 'apply'
        ? [
            {
              name,
              target: { kind: 'apply', instance: t },
              signature: { ...noParams, returnType: { kind: 'applyResult', table: t.decl } },
            },
          ]
        : [];
    case 'header':
      if (name === 'isValid') return [builtin(name, t, boolType)];
      if (name === 'setValid' || name === 'setInvalid') return [builtin(name, t, voidType)];
      return sizeMethods(t, name);
    case 'headerUnion':
      return name === 'isValid' ? [builtin(name, t, boolType)] : sizeMethods(t, name);
    case 'struct':
      return sizeMethods(t, name);
    case 'headerStack':
      return name === 'push_front' || name === 'pop_front'
        ? [builtin(name, t, voidType, [countParam])]
        : sizeMethods(t, name);
    case 'bit':
    case 'int':
    case 'bool':
    case 'serEnum':
    case 'varbit':
    case 'newtype':
    case 'tuple':
    case 'typeVar':
      return sizeMethods(t, name);
    default:
      return [];
  }
}

/** minSizeInBits and friends of a fixed-size type (varbit fields count 0 at least, their width at most). */
export function sizeOf(t: Type, method: string): bigint | undefined {
  const max = method.startsWith('max');
  const bits = bitsOf(t, max);
  if (bits === undefined) return undefined;
  return method.endsWith('Bytes') ? (bits + 7n) / 8n : bits;
}

function bitsOf(t: Type, max: boolean): bigint | undefined {
  switch (t.kind) {
    case 'varbit':
      return max ? BigInt(t.width) : 0n;
    case 'header':
    case 'struct': {
      let sum = 0n;
      for (const f of t.fields) {
        const b = bitsOf(f.type, max);
        if (b === undefined) return undefined;
        sum += b;
      }
      return sum;
    }
    case 'headerStack': {
      const b = bitsOf(t.element, max);
      return b === undefined ? undefined : b * BigInt(t.size);
    }
    default: {
      const w = widthOf(t);
      return w === undefined ? undefined : BigInt(w);
    }
  }
}

export const sizeMethodNames = ['minSizeInBits', 'minSizeInBytes', 'maxSizeInBits', 'maxSizeInBytes'];

function sizeMethods(t: Type, name: string): Candidate[] {
  return sizeMethodNames.includes(name) ? [builtin(name, t, infIntType)] : [];
}

/** `pkt.extract(h)` fills a header; the two-argument form a header with a varbit field. */
export function checkExtract(cx: Checker, call: ResolvedCall): void {
  const arg = call.args[0];
  const t = arg === undefined ? undefined : cx.typeOf.get(arg);
  if (arg === undefined || t === undefined || t.kind === 'unknown' || t.kind === 'dontCare') return;
  if (t.kind !== 'header') {
    cx.report(M.argType, arg.span, call.signature.params[0]?.name ?? 'hdr', printType(t), 'a header');
    return;
  }
  const varbits = t.fields.filter((f) => f.type.kind === 'varbit');
  const hasVarbit = varbits.length > 0;
  // A header may declare several varbit fields, but extract sizes only one (p4c reports at the first).
  const [first, second] = varbits;
  if (call.args.length > 1 && first !== undefined && second !== undefined)
    cx.report(M.multipleVarbits, first.decl?.name.span ?? arg.span, first.name, second.name);
  if (call.args.length > 1 && call.args[1] !== undefined && !hasVarbit)
    cx.report(
      M.argType,
      arg.span,
      call.signature.params[0]?.name ?? 'hdr',
      printType(t),
      'a header with a varbit field',
    );
  if ((call.args.length < 2 || call.args[1] === undefined) && hasVarbit)
    cx.report(
      M.argType,
      arg.span,
      call.signature.params[0]?.name ?? 'hdr',
      printType(t),
      'a header without varbit fields (give the varbit size)',
    );
}

/** `static_assert(cond, msg)` is evaluated at compile time: true, or an error with the message. */
export function foldStaticAssert(cx: Checker, e: Ast.CallExpression, call: ResolvedCall): void {
  const cond = call.args[0];
  const v = cond === undefined ? undefined : cx.valueOf.get(cond);
  if (v === true) cx.valueOf.set(e, true);
  else if (v === false) {
    cx.valueOf.set(e, false);
    const message = call.args[1] === undefined ? undefined : cx.valueOf.get(call.args[1]);
    cx.report(M.foldFailed, e.span, `static assertion failed${typeof message === 'string' ? `: ${message}` : ''}`);
  }
}
