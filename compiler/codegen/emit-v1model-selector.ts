// v1model's table implementations, `action_profile(size)` and `action_selector(algorithm,
// size, outputWidth)`, on the runtime's ActionProfile / ActionSelector (the ones TNA's
// externs use): a table naming one holds member or group references; a group entry runs
// the member a hash of the table's `selector` keys picks, computed as bmv2 computes its
// hash() (v1model's algorithms over the packed field list) and cut to outputWidth bits.

import type * as Ir from '../ir/nodes.js';
import type { Gen } from './context.js';
import type { FnCtx } from './emit-expr.js';
import { constMember, fieldChain, HASH_ALGORITHMS } from './emit-v1model.js';
import { bigArg } from './extern-args.js';
import type { Writer } from './writer.js';

/** What a v1model selector hashes with: the algorithm's name and the output width. */
export interface V1SelectorHash {
  readonly algorithm: string;
  readonly width: number;
}

export function declareV1modelImplementation(
  gen: Gen,
  w: Writer,
  inst: Ir.Instance,
  p4Name: string,
  js: string,
  bind: (extra?: Record<string, unknown>) => void,
): void {
  if (inst.typeName === 'action_profile') {
    const size = Number(bigArg(inst, 0) ?? 1n);
    const i = gen.p4info.pushProfile({ name: p4Name, size, tables: [] });
    w.line(`const ${js} = services.actionProfiles[${i}];`);
    bind({ profile: gen.p4info.actionProfiles[i] });
    return;
  }
  const first = inst.ctorArgs[0];
  const algorithm =
    constMember(first) ??
    (first?.kind === 'Const' && typeof first.value === 'bigint' ? HASH_ALGORITHMS[Number(first.value)] : undefined);
  const size = Number(bigArg(inst, 1) ?? 0n);
  const width = Number(bigArg(inst, 2) ?? 0n);
  if (algorithm === undefined || !HASH_ALGORITHMS.includes(algorithm) || size < 1 || width < 1 || width > 64) {
    gen.unsupported(inst.span, 'this action_selector (a constant algorithm, size ≥ 1 and output width 1-64)');
    return;
  }
  // The members live in a profile of the selector's own, as with a TNA ActionSelector(size, …).
  const pi = gen.p4info.pushProfile({ name: `${p4Name}_profile`, size, tables: [] });
  const profile = gen.p4info.actionProfiles[pi];
  const profileJs = gen.ident(`${p4Name}_profile`);
  w.line(`const ${profileJs} = services.actionProfiles[${pi}];`);
  // bmv2 bounds neither a group's size nor the number of groups beyond the selector's size.
  const si = gen.p4info.pushProfile(
    { name: p4Name, profile: `${p4Name}_profile`, mode: 'FAIR', maxGroupSize: size, numGroups: size, tables: [] },
    true,
  );
  w.line(`const ${js} = services.actionSelectors[${si}];`);
  const v1hash: V1SelectorHash = { algorithm, width };
  bind({ selector: gen.p4info.actionSelectors[si], profile, profileJs, v1hash });
}

/** The JS of the hash a v1model selector picks a group's member with (a bigint). */
export function v1SelectorHashJs(cx: FnCtx, keys: readonly Ir.Expr[], h: V1SelectorHash): string {
  const first = keys[0];
  if (first === undefined) return '0n';
  const list = { kind: 'List', elements: keys, type: first.type, span: first.span } as Ir.Expr;
  return `BigInt.asUintN(${h.width}, ${fieldChain(cx, list)}.compute(${JSON.stringify(h.algorithm)}))`;
}
