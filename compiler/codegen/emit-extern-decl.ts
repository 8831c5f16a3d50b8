// Extern instances, created once in `create`: state the runtime owns and the control plane
// sees (Counter, Meter, Mirror, Resubmit, Digest: taken from `services` by their p4info
// position; DirectCounter, DirectMeter by their table, emit-control.ts) and state private to
// the program (Hash with its CRCPolynomial, Checksum, Random: constructed here). Registers and
// their actions are emit-register-decl.ts.

import { checkHashSettings, type HashAlgorithm } from '../../contract/hash-settings.js';
import type { P4InfoField } from '../../contract/p4info.js';
import { type StructLikeType, type Type, widthOf } from '../check/types.js';
import type * as Ir from '../ir/nodes.js';
import { saluFamily } from '../targets/tofino/salu-externs.js';
import type { Gen, Scope } from './context.js';
import { declarePsaInstance } from './emit-psa.js';
import { declareRegisterFamily } from './emit-register-decl.js';
import { layoutOf, scalarOf } from './emit-types.js';
import { declareV1modelInstance } from './emit-v1model.js';
import { bigArg, memberArg } from './extern-args.js';
import { forEachCallInStmts } from './ir-walk.js';
import { mathUnitSettings } from './math-unit-config.js';
import { jsonValue } from './p4info-tables.js';
import type { Writer } from './writer.js';

function fieldsOf(t: Type | undefined): P4InfoField[] | undefined {
  if (t === undefined || (t.kind !== 'struct' && t.kind !== 'header')) return undefined;
  const l = layoutOf(t);
  return l?.map((f) => ({ name: f.name, width: f.width }));
}

/**
 * The fields of a digest's message: structs and headers nested in it (P4Runtime allows both,
 * p4c's p4rt_digest_complex sends a header in a struct) are flattened to their leaves, named
 * by their path (`h.s.f8`). A header's validity is not sent (docs/psa.md, "Externs").
 */
function digestFieldsOf(t: Type | undefined, prefix = ''): P4InfoField[] | undefined {
  if (t === undefined || (t.kind !== 'struct' && t.kind !== 'header')) return undefined;
  const out: P4InfoField[] = [];
  for (const f of t.fields) {
    if (f.type.kind === 'struct' || f.type.kind === 'header') {
      const inner = digestFieldsOf(f.type, `${prefix}${f.name}.`);
      if (inner === undefined) return undefined;
      out.push(...inner);
      continue;
    }
    const width = f.type.kind === 'bool' ? 1 : widthOf(f.type);
    if (width === undefined) return undefined;
    out.push({ name: `${prefix}${f.name}`, width });
  }
  return out;
}

/**
 * A Digest of a bit string, serializable enum or tuple has no field names: bf-p4c's BF-RT
 * names them f1, f2, … in order (docs/tna-externs.md).
 */
function unnamedDigestFields(t: Type | undefined): P4InfoField[] | undefined {
  if (t === undefined) return undefined;
  const parts = t.kind === 'tuple' ? t.elements : [t];
  const widths = parts.map((p) => scalarOf(p)?.width);
  if (widths.some((w) => w === undefined)) return undefined;
  return widths.map((w, i) => ({ name: `f${i + 1}`, width: w as number }));
}

/** The header type that `x.emit<T>(…)` calls on instance `name` use, if any. */
function emittedHeader(body: readonly Ir.Stmt[], name: string, argIndex: number): StructLikeType | undefined {
  let found: StructLikeType | undefined;
  forEachCallInStmts(body, (c) => {
    if (c.callee.kind !== 'Method' || c.callee.method !== 'emit') return;
    const o = c.callee.object;
    if (o.kind !== 'Ref' || o.name !== name) return;
    const t = c.typeArgs[0] ?? c.args[argIndex]?.type;
    if (t !== undefined && (t.kind === 'header' || t.kind === 'struct')) found = t;
  });
  return found;
}

/** True when `body` calls `name.pack(…)` anywhere. */
function packsIn(body: readonly Ir.Stmt[], name: string): boolean {
  let found = false;
  forEachCallInStmts(body, (c) => {
    if (c.callee.kind === 'Method' && c.callee.method === 'pack') {
      const o = c.callee.object;
      if (o.kind === 'Ref' && o.name === name) found = true;
    }
  });
  return found;
}

/** `X.digest_type == N` (either side) → N. */
function digestTypeTest(e: Ir.Expr): bigint | undefined {
  if (e.kind !== 'Binary' || e.op !== '==') return undefined;
  const isField = (x: Ir.Expr): boolean =>
    (x.kind === 'Member' && x.member === 'digest_type') || (x.kind === 'Cast' && isField(x.operand));
  const constOf = (x: Ir.Expr): bigint | undefined =>
    x.kind === 'Const' && typeof x.value === 'bigint' ? x.value : x.kind === 'Cast' ? constOf(x.operand) : undefined;
  if (isField(e.left)) return constOf(e.right);
  if (isField(e.right)) return constOf(e.left);
  return undefined;
}

/**
 * The digest type of a `Digest<T>()` built without one (the older TNA constructor): the N of
 * the `if (…digest_type == N)` that guards its `pack`, as bf-p4c derives it. Undefined when no
 * such guard exists (the runtime then packs for any non-zero digest_type).
 */
function guardingDigestType(body: readonly Ir.Stmt[], name: string): bigint | undefined {
  for (const s of body) {
    if (s.kind === 'If') {
      const n = digestTypeTest(s.condition);
      if (n !== undefined && packsIn(s.thenBody, name)) return n;
      const inner = guardingDigestType(s.thenBody, name) ?? guardingDigestType(s.elseBody, name);
      if (inner !== undefined) return inner;
    } else if (s.kind === 'Block') {
      const inner = guardingDigestType(s.body, name);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

export function declareInstance(
  gen: Gen,
  w: Writer,
  inst: Ir.Instance,
  p4Name: string,
  scope: Scope,
  apply: readonly Ir.Stmt[],
  actions: readonly Ir.Action[],
): void {
  if (gen.arch === 'psa' && declarePsaInstance(gen, w, inst, p4Name, scope)) return;
  const js = gen.ident(p4Name);
  const bind = (extra?: Record<string, unknown>) =>
    scope.set(inst.name, { kind: 'extern', inst, js, p4Name, ...(extra === undefined ? {} : { extra }) });
  const body = [...apply, ...actions.flatMap((a) => a.body)];
  const T = inst.typeArgs[0];
  w.sourceComment(inst.span);
  if (saluFamily(inst.typeName) !== undefined) {
    declareRegisterFamily(gen, w, inst, p4Name, scope, js, bind);
    return;
  }
  switch (inst.typeName) {
    case 'Register':
    case 'RegisterAction':
    case 'SelectorAction':
    case 'DirectRegister':
    case 'DirectRegisterAction':
      declareRegisterFamily(gen, w, inst, p4Name, scope, js, bind);
      return;
    case 'Counter': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const type = (memberArg(inst, 1) ?? 'PACKETS') as 'PACKETS';
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      const i = gen.p4info.push('counters', { name: p4Name, type, size, ...(width === undefined ? {} : { width }) });
      w.line(`const ${js} = services.counters[${i}];`);
      bind();
      return;
    }
    case 'DirectCounter': {
      // Declared by the table that lists it in `counters`, once its position is known.
      bind({ counterType: memberArg(inst, 0) ?? 'PACKETS' });
      return;
    }
    case 'DirectMeter': {
      // Declared by the table that lists it in `meters`, once its position is known.
      bind({ meterType: memberArg(inst, 0) ?? 'PACKETS', ...meterColors(inst, 1) });
      return;
    }
    case 'Meter': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const type = (memberArg(inst, 1) ?? 'PACKETS') as 'PACKETS';
      const i = gen.p4info.push('meters', { name: p4Name, type, size });
      w.line(`const ${js} = services.meters[${i}];`);
      bind(meterColors(inst, 2));
      return;
    }
    case 'CRCPolynomial': {
      const polynomial = crcPolynomial(inst.ctorArgs, T);
      if (polynomial === undefined) {
        gen.unsupported(inst.span, 'a CRCPolynomial with non-constant arguments');
        return;
      }
      bind({ polynomial });
      return;
    }
    case 'Hash': {
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      const algorithm = memberArg(inst, 0) as HashAlgorithm | undefined;
      // The polynomial is a named CRCPolynomial instance or one constructed in place
      // (`Hash<bit<16>>(HashAlgorithm_t.CRC16, CRCPolynomial<bit<16>>(0x0589, …))`).
      const polyRef = inst.ctorArgs[1];
      const polyBinding = polyRef?.kind === 'Ref' ? scope.get(polyRef.name) : undefined;
      const polynomial =
        polyRef?.kind === 'New' && polyRef.typeName === 'CRCPolynomial'
          ? crcPolynomial(polyRef.ctorArgs, polyRef.type.kind === 'extern' ? polyRef.type.typeArgs[0] : undefined)
          : polyBinding?.kind === 'extern'
            ? (polyBinding.extra?.polynomial as Record<string, unknown> | undefined)
            : undefined;
      if (width === undefined || algorithm === undefined || (polyRef !== undefined && polynomial === undefined)) {
        gen.unsupported(inst.span, 'this Hash configuration');
        return;
      }
      const config = { width, algorithm, ...(polynomial === undefined ? {} : { polynomial: polynomial as never }) };
      const why = checkHashSettings(config);
      if (why !== undefined) {
        gen.unsupported(inst.span, `this Hash: ${why}`);
        return;
      }
      // The runtime builds the Hash from p4info (so the control plane can reconfigure it).
      w.line(`const ${js} = services.hashes[${gen.p4info.hashes.length}];`);
      gen.p4info.hashes.push({
        name: p4Name,
        width,
        algorithm,
        ...(polynomial === undefined ? {} : { polynomial: polyInfo(polynomial) }),
      });
      bind();
      return;
    }
    case 'Random': {
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      gen.imports.add('Random');
      w.line(`const ${js} = new Random(${width ?? 32});`);
      bind();
      return;
    }
    case 'MathUnit': {
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      const settings = mathUnitSettings(inst);
      if (width === undefined || width > 32 || typeof settings === 'string') {
        gen.unsupported(inst.span, typeof settings === 'string' ? settings : 'a MathUnit wider than 32 bits');
        return;
      }
      gen.imports.add('MathUnit');
      const data = `[${settings.data.join(', ')}]`;
      w.line(
        `const ${js} = new MathUnit({ invert: ${settings.invert}, shift: ${settings.shift}, scale: ${settings.scale}, data: ${data} }, ${width});`,
      );
      bind();
      return;
    }
    case 'ParserCounter': {
      gen.imports.add('ParserCounter');
      w.line(`const ${js} = new ParserCounter();`);
      bind();
      return;
    }
    case 'ParserPriority':
      // The ingress buffer's admission priority under congestion: no buffer to prioritise here.
      bind({ priority: true });
      return;
    case 'Checksum': {
      gen.imports.add('Checksum');
      w.line(`const ${js} = new Checksum();`);
      bind();
      return;
    }
    case 'Mirror': {
      const mirrorType = bigArg(inst, 0);
      const header = emittedHeader(body, inst.name, 1);
      const fields = fieldsOf(header);
      gen.p4info.mirrors.push({
        name: p4Name,
        gress: gen.gress,
        ...(gen.pipe === 0 ? {} : { pipe: gen.pipe }),
        ...(mirrorType === undefined ? {} : { mirrorType: Number(mirrorType) }),
        ...(header === undefined || fields === undefined ? {} : { header: { name: header.name, fields } }),
      });
      w.line(`const ${js} = services.mirrors[${gen.p4info.mirrors.length - 1}];`);
      bind();
      return;
    }
    case 'Resubmit': {
      const resubmitType = bigArg(inst, 0);
      const header = emittedHeader(body, inst.name, 0);
      const fields = fieldsOf(header);
      gen.p4info.resubmits.push({
        name: p4Name,
        ...(gen.pipe === 0 ? {} : { pipe: gen.pipe }),
        ...(resubmitType === undefined ? {} : { resubmitType: Number(resubmitType) }),
        ...(header === undefined || fields === undefined ? {} : { header: { name: header.name, fields } }),
      });
      w.line(`const ${js} = services.resubmits[${gen.p4info.resubmits.length - 1}];`);
      bind();
      return;
    }
    case 'Pktgen':
      // Tofino 2: one generator context per ingress deparser (services.pktgen).
      w.line(`const ${js} = services.pktgen;`);
      bind();
      return;
    case 'Digest': {
      const digestType = Number(bigArg(inst, 0) ?? guardingDigestType(apply, inst.name) ?? 0n);
      const fields = digestFieldsOf(T) ?? unnamedDigestFields(T);
      if (fields === undefined) {
        gen.unsupported(inst.span, 'a Digest of this type');
        return;
      }
      const i = gen.p4info.push('digests', {
        name: p4Name,
        digestType,
        gress: 'ingress',
        fields,
        ...(gen.pipe === 0 ? {} : { pipe: gen.pipe }),
      });
      w.line(`const ${js} = services.digests[${i}];`);
      bind();
      return;
    }
    case 'ActionProfile': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const i = gen.p4info.pushProfile({ name: p4Name, size, tables: [] });
      w.line(`const ${js} = services.actionProfiles[${i}];`);
      bind({ profile: gen.p4info.actionProfiles[i] });
      return;
    }
    case 'ActionSelector': {
      declareSelector(gen, w, inst, p4Name, js, scope, bind);
      return;
    }
    case 'Lpf': {
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      if (width === undefined) {
        gen.unsupported(inst.span, 'an Lpf of a type other than bit<W> or int<W>');
        return;
      }
      const i = gen.p4info.lpfs.push({ name: p4Name, size: Number(bigArg(inst, 0) ?? 1n), width }) - 1;
      w.line(`const ${js} = services.lpfs[${i}];`);
      bind();
      return;
    }
    case 'RegisterParam': {
      const s = T === undefined ? undefined : scalarOf(T);
      if (s === undefined) {
        gen.unsupported(inst.span, 'a RegisterParam of a type other than bit<W> or int<W>');
        return;
      }
      const initial = jsonValue(bigArg(inst, 0) ?? 0n, s.width);
      const i = gen.p4info.registerParams.push({ name: p4Name, width: s.width, initial }) - 1;
      w.line(`const ${js} = services.registerParams[${i}];`);
      bind();
      return;
    }
    case 'Wred': {
      const size = Number(bigArg(inst, 0) ?? 1n);
      const dropValue = Number(bigArg(inst, 1) ?? 1n);
      const noDropValue = Number(bigArg(inst, 2) ?? 0n);
      const i = gen.p4info.wreds.push({ name: p4Name, size, dropValue, noDropValue }) - 1;
      w.line(`const ${js} = services.wreds[${i}];`);
      bind();
      return;
    }
    case 'DirectLpf':
    case 'DirectWred': {
      // Declared by the table that lists it in `filters`, with one cell per entry.
      const width = T === undefined ? undefined : scalarOf(T)?.width;
      if (width === undefined) {
        gen.unsupported(inst.span, `a ${inst.typeName} of a type other than bit<W> or int<W>`);
        return;
      }
      bind({
        filter:
          inst.typeName === 'DirectLpf'
            ? { kind: 'lpf', width }
            : { kind: 'wred', dropValue: Number(bigArg(inst, 0) ?? 1n), noDropValue: Number(bigArg(inst, 1) ?? 0n) },
      });
      return;
    }
    case 'Alpm':
    case 'Atcam':
      // Algorithmic LPM / TCAM: how Tofino stores a large lpm or ternary table in SRAM. The
      // lookup result is the table's own, so the table runs as a plain lpm or ternary table.
      bind({ algorithmic: true });
      return;
    default:
      if (gen.arch === 'v1model' && declareV1modelInstance(gen, w, inst, p4Name, scope, js)) return;
      gen.unsupported(inst.span, `the extern ${inst.typeName}`);
  }
}

/**
 * CRCPolynomial<T>(coeff, reversed, msb, extended, init, xor) from its constructor arguments;
 * undefined unless every argument is a constant and T a bit width.
 */
function crcPolynomial(args: readonly (Ir.Expr | undefined)[], T: Type | undefined) {
  const width = T === undefined ? undefined : scalarOf(T)?.width;
  const vals = [0, 1, 2, 3, 4, 5].map((k) => bigArg({ ctorArgs: args }, k));
  if (width === undefined || vals.some((v) => v === undefined)) return undefined;
  const [coeff, reversed, msb, extended, init, xor] = vals as bigint[];
  return {
    width,
    coeff: coeff as bigint,
    reversed: reversed === 1n,
    msb: msb === 1n,
    extended: extended === 1n,
    init: init as bigint,
    xor: xor as bigint,
  };
}

function polyInfo(p: Record<string, unknown>) {
  const h = (v: unknown) => `0x${(v as bigint).toString(16)}`;
  return {
    width: p.width as number,
    coeff: h(p.coeff),
    reversed: p.reversed as boolean,
    msb: p.msb as boolean,
    extended: p.extended as boolean,
    init: h(p.init),
    xor: h(p.xor),
  };
}

/**
 * ActionSelector(profile, hash, mode, [reg,] max_group_size, num_groups), or the deprecated
 * ActionSelector(size, hash, mode [, reg]) with a profile of its own (`<name>_profile`, groups
 * of up to 120 members as bf-p4c's default). The liveness register is not modelled: member
 * status is set by the control plane (docs/control-plane.md).
 */
function declareSelector(
  gen: Gen,
  w: Writer,
  inst: Ir.Instance,
  p4Name: string,
  js: string,
  scope: Scope,
  bind: (extra?: Record<string, unknown>) => void,
): void {
  const first = inst.ctorArgs[0];
  const profileBinding = first?.kind === 'Ref' ? scope.get(first.name) : undefined;
  const hashRef = inst.ctorArgs[1];
  const hash = hashRef?.kind === 'Ref' ? scope.get(hashRef.name) : undefined;
  const mode = memberArg(inst, 2);
  if (hash?.kind !== 'extern' || hash.inst.typeName !== 'Hash' || (mode !== 'FAIR' && mode !== 'RESILIENT')) {
    gen.unsupported(inst.span, 'this ActionSelector (its hash must be a Hash instance, its mode FAIR or RESILIENT)');
    return;
  }
  let profile: Record<string, unknown> | undefined;
  let profileJs: string;
  let maxGroupSize: number;
  let numGroups: number;
  const n = inst.ctorArgs.length;
  if (profileBinding?.kind === 'extern' && profileBinding.inst.typeName === 'ActionProfile') {
    profile = profileBinding.extra?.profile as Record<string, unknown> | undefined;
    profileJs = profileBinding.js;
    maxGroupSize = Number(bigArg(inst, n - 2) ?? 120n);
    numGroups = Number(bigArg(inst, n - 1) ?? 1n);
  } else {
    const size = Number(bigArg(inst, 0) ?? 0n);
    if (size < 1) {
      gen.unsupported(inst.span, 'this ActionSelector (no action profile and no constant size)');
      return;
    }
    const i = gen.p4info.pushProfile({ name: `${p4Name}_profile`, size, tables: [] });
    profile = gen.p4info.actionProfiles[i];
    profileJs = gen.ident(`${p4Name}_profile`);
    w.line(`const ${profileJs} = services.actionProfiles[${i}];`);
    maxGroupSize = Math.min(120, size);
    numGroups = size;
  }
  if (profile === undefined) {
    gen.unsupported(inst.span, 'this ActionSelector (its action profile is not known)');
    return;
  }
  const width = hash.inst.typeArgs[0] === undefined ? 0 : (scalarOf(hash.inst.typeArgs[0])?.width ?? 0);
  const i = gen.p4info.pushProfile(
    {
      name: p4Name,
      profile: profile.name as string,
      mode,
      maxGroupSize,
      numGroups,
      tables: [],
      hash: { name: hash.p4Name, width, algorithm: memberArg(hash.inst, 0) ?? 'CUSTOM' },
    },
    true,
  );
  w.line(`const ${js} = services.actionSelectors[${i}];`);
  // `ActionSelector(…, reg, …)`: the liveness register, a bit per member (docs/tna-semantics.md).
  const liveness = inst.ctorArgs
    .map((a) => (a?.kind === 'Ref' ? scope.get(a.name) : undefined))
    .find((b) => b?.kind === 'extern' && b.inst.typeName === 'Register');
  if (liveness?.kind === 'extern') w.line(`${js}.useLiveness(${liveness.js});`);
  bind({ selector: gen.p4info.actionSelectors[i], profile, profileJs, hash, liveness });
}

/**
 * `Meter(size, type, red, yellow, green)` / `DirectMeter(type, red, yellow, green)`: the values
 * execute returns instead of Tofino's colours 0 (green), 1 (yellow), 3 (red), as a lookup
 * table indexed by the colour.
 */
function meterColors(inst: Ir.Instance, first: number): { colors?: string } {
  const [red, yellow, green] = [first, first + 1, first + 2].map((i) => bigArg(inst, i));
  if (red === undefined || yellow === undefined || green === undefined) return {};
  return { colors: `[${green}, ${yellow}, ${yellow}, ${red}]` };
}
