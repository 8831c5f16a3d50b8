// Control-plane methods on TNA Hash externs at run time (BF-RT's `<hash>.configure`,
// `<hash>.algorithm` and `<hash>.compute`; docs/tna-externs.md, "Dynamic hashing"): which slices
// of the program's field list a hash reads, its algorithm, and its value for given fields.
// Every request is checked before anything changes.

import type { HashSettings } from '../../contract/hash-settings.js';
import type { PipelineState } from '../arch/pipeline-state.js';
import { NAMED_CRCS } from '../externs/crc-catalogue.js';
import type { Hash, HashAlgorithm } from '../externs/hash.js';
import { declaredSlices, type HashSliceRequest, layoutOf } from '../externs/hash-layout.js';
import { describeValue, err, ok } from '../result.js';
import { parseFieldValue, parseInteger } from './json-values.js';
import { type CResult, type Params, requireString, resolveName } from './params.js';

function hashOf(s: PipelineState, p: Params): CResult<{ name: string; hash: Hash }> {
  const n = requireString(p, 'hash');
  if (!n.ok) return n;
  const name = resolveName(n.value, s.hashByName.keys(), 'hash', 'INVALID_HASH_NAME');
  if (!name.ok) return name;
  return ok({ name: name.value, hash: s.hashByName.get(name.value) as Hash });
}

function fieldsOf(name: string, hash: Hash) {
  if (hash.fields === undefined)
    return err(
      'BAD_HASH_CONFIG',
      `hash ${name} has no single field list known to the compiler (it hashes none, or several)`,
    );
  return ok(hash.fields);
}

/** hash.configure {hash, slices: [{field, start?, length?, order}]}: the slices hashed, by order. */
export function hashConfigure(s: PipelineState, p: Params): CResult<unknown> {
  const h = hashOf(s, p);
  if (!h.ok) return h;
  const fields = fieldsOf(h.value.name, h.value.hash);
  if (!fields.ok) return fields;
  if (!Array.isArray(p.slices) || p.slices.length === 0)
    return err('INVALID_PARAMS', '"slices" must be a non-empty array of {field, start?, length?, order}');
  const requested: HashSliceRequest[] = [];
  for (const x of p.slices as unknown[]) {
    const o = (x ?? {}) as Record<string, unknown>;
    if (typeof o.field !== 'string') return err('BAD_HASH_CONFIG', `slice ${describeValue(x)} names no field`);
    for (const k of ['start', 'length', 'order'] as const)
      if (o[k] !== undefined && !Number.isInteger(o[k]))
        return err('BAD_HASH_CONFIG', `${o.field}: ${k} ${describeValue(o[k])} is not an integer`);
    if (o.order === undefined) return err('BAD_HASH_CONFIG', `${o.field}: the slice has no order`);
    requested.push({
      field: o.field,
      order: o.order as number,
      ...(o.start === undefined ? {} : { start: o.start as number }),
      ...(o.length === undefined ? {} : { length: o.length as number }),
    });
  }
  const layout = layoutOf(fields.value, requested);
  if (!layout.ok) return layout;
  h.value.hash.setLayout(layout.value);
  return ok({ hash: h.value.name, slices: layout.value.slices });
}

/** hash.configuration {hash}: the field list, the slices in force and the algorithm. */
export function hashConfiguration(s: PipelineState, p: Params): CResult<unknown> {
  const h = hashOf(s, p);
  if (!h.ok) return h;
  const { hash, name } = h.value;
  const set = hash.settings();
  return ok({
    hash: name,
    width: hash.width,
    fields: hash.fields ?? null,
    slices: hash.layoutNow()?.slices ?? (hash.fields === undefined ? null : declaredSlices(hash.fields)),
    algorithm: set.algorithm,
    ...(set.crc === undefined
      ? {}
      : {
          crc: {
            width: set.crc.width,
            polynomial: `0x${BigInt(set.crc.poly).toString(16)}`,
            reverse: set.crc.refin,
            init: `0x${BigInt(set.crc.init).toString(16)}`,
            finalXor: `0x${BigInt(set.crc.xorout).toString(16)}`,
          },
        }),
    msb: set.msb,
    extend: set.extend,
    rotate: set.rotate,
  });
}

const ALGORITHM_NAMES: Readonly<Record<string, HashAlgorithm>> = {
  identity: 'IDENTITY',
  xor8: 'XOR8',
  xor16: 'XOR16',
  xor32: 'XOR32',
  xor_8: 'XOR8',
  xor_16: 'XOR16',
  xor_32: 'XOR32',
};

function flag(p: Params, key: string): CResult<boolean> {
  const v = p[key];
  if (v === undefined) return ok(false);
  if (typeof v !== 'boolean') return err('BAD_HASH_CONFIG', `${key} ${describeValue(v)} is not true or false`);
  return ok(v);
}

function big(p: Params, key: string, dflt?: bigint): CResult<bigint> {
  if (p[key] === undefined && dflt !== undefined) return ok(dflt);
  const v = parseInteger(p[key]);
  if (v === undefined || v < 0n)
    return err('BAD_HASH_CONFIG', `${key} ${describeValue(p[key])} is not a non-negative integer`);
  return ok(v);
}

/**
 * hash.setAlgorithm {hash, algorithm, msb?, extend?, rotate?}: `algorithm` names a catalogue CRC
 * (`crc_32`, `crc_16_mcrf4xx`, …), `identity`, `xor_8|16|32`, or `user_defined` with
 * `polynomial`, `width`, `reverse?`, `init?`, `finalXor?`.
 */
export function hashSetAlgorithm(s: PipelineState, p: Params): CResult<unknown> {
  const h = hashOf(s, p);
  if (!h.ok) return h;
  const a = requireString(p, 'algorithm');
  if (!a.ok) return a;
  const msb = flag(p, 'msb');
  if (!msb.ok) return msb;
  const extend = flag(p, 'extend');
  if (!extend.ok) return extend;
  const rotate = p.rotate ?? 0;
  if (!Number.isInteger(rotate)) return err('BAD_HASH_CONFIG', `rotate ${describeValue(rotate)} is not an integer`);
  const name = a.value.toLowerCase();
  let settings: HashSettings;
  const named = NAMED_CRCS[name];
  if (ALGORITHM_NAMES[name] !== undefined) settings = { width: h.value.hash.width, algorithm: ALGORITHM_NAMES[name] };
  else if (named !== undefined || name === 'user_defined') {
    let crc = named;
    if (crc === undefined) {
      const width = p.width;
      if (!Number.isInteger(width)) return err('BAD_HASH_CONFIG', `width ${describeValue(width)} is not an integer`);
      const poly = big(p, 'polynomial');
      if (!poly.ok) return poly;
      const init = big(p, 'init', 0n);
      if (!init.ok) return init;
      const xor = big(p, 'finalXor', 0n);
      if (!xor.ok) return xor;
      const reverse = flag(p, 'reverse');
      if (!reverse.ok) return reverse;
      crc = {
        width: width as number,
        poly: poly.value,
        refin: reverse.value,
        refout: reverse.value,
        init: init.value,
        xorout: xor.value,
        check: 0n,
      };
    }
    settings = {
      width: h.value.hash.width,
      algorithm: 'CUSTOM',
      polynomial: {
        width: crc.width,
        coeff: crc.poly,
        reversed: crc.refin,
        msb: msb.value,
        extended: extend.value,
        init: crc.init,
        xor: crc.xorout,
      },
    };
  } else
    return err(
      'BAD_HASH_CONFIG',
      `unknown algorithm ${describeValue(a.value)}: give a CRC name (crc_32, …), identity, xor_16 or user_defined`,
    );
  const why = h.value.hash.setAlgorithm(settings, rotate as number);
  if (why !== undefined) return err('BAD_HASH_CONFIG', why);
  return hashConfiguration(s, { hash: h.value.name });
}

/** hash.reset {hash}: the program's own algorithm and field list again. */
export function hashReset(s: PipelineState, p: Params): CResult<unknown> {
  const h = hashOf(s, p);
  if (!h.ok) return h;
  h.value.hash.restore();
  return ok({ hash: h.value.name });
}

/** hash.compute {hash, fields: {name: value}}: the hash of those field values, as configured now. */
export function hashCompute(s: PipelineState, p: Params): CResult<unknown> {
  const h = hashOf(s, p);
  if (!h.ok) return h;
  const fields = fieldsOf(h.value.name, h.value.hash);
  if (!fields.ok) return fields;
  const given = p.fields;
  if (given === null || typeof given !== 'object' || Array.isArray(given))
    return err('INVALID_PARAMS', '"fields" must be an object of field values');
  const values: [bigint, number][] = [];
  for (const f of fields.value) {
    const raw = (given as Params)[f.name];
    if (raw === undefined) return err('BAD_VALUE', `no value for ${f.name}`);
    const v = parseFieldValue(raw, f.width);
    if (!v.ok) return err('BAD_VALUE', `${f.name}: ${v.message}`);
    values.push([BigInt(v.value), f.width]);
  }
  const extra = Object.keys(given).find((k) => !fields.value.some((f) => f.name === k));
  if (extra !== undefined) return err('BAD_VALUE', `the hash has no field ${extra}`);
  return ok({ hash: h.value.name, value: `0x${h.value.hash.hashFields(values).toString(16)}` });
}
