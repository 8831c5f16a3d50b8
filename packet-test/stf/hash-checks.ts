// The STF's dynamic-hashing commands (p4ts extensions, docs/stf.md): `hash_algorithm`'s words
// turned into the control plane's `hash.setAlgorithm` parameters, and `check_hash HASH
// FIELD:VALUE… OP VALUE`, which compares what `hash.compute` gives for those field values.

import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import { compare } from './checks.js';
import type { StfCommandBody } from './commands.js';
import type { StfFailure } from './runner.js';

type CheckHash = Extract<StfCommandBody, { cmd: 'check_hash' }> & { line: number };

/** STF option names (snake case, as BF-RT spells them) → `hash.setAlgorithm` parameters. */
const OPTION_NAMES: Readonly<Record<string, string>> = {
  msb: 'msb',
  extend: 'extend',
  reverse: 'reverse',
  rotate: 'rotate',
  polynomial: 'polynomial',
  width: 'width',
  hash_bit_width: 'width',
  init: 'init',
  final_xor: 'finalXor',
};

const FLAGS = new Set(['msb', 'extend', 'reverse']);

export function hashAlgorithmParams(
  hash: string,
  algorithm: string,
  options: Readonly<Record<string, string | boolean>>,
): Record<string, unknown> {
  const params: Record<string, unknown> = { hash, algorithm };
  for (const [key, v] of Object.entries(options)) {
    const name = OPTION_NAMES[key] ?? key;
    if (FLAGS.has(name)) params[name] = v === true || v === '1' || v === 'true';
    else if (name === 'rotate' || name === 'width') params[name] = typeof v === 'string' ? Number(v) : v;
    else params[name] = v;
  }
  return params;
}

export function checkHash(t: ControlTarget, c: CheckHash): StfFailure[] {
  const r = callMethod(t, 'hash.compute', {
    hash: c.hash,
    fields: Object.fromEntries(c.fields.map((f) => [f.name, f.value])),
  });
  if (!r.ok) return [{ kind: 'command', line: c.line, message: `check_hash: ${r.message}` }];
  const actual = BigInt((r.value as { value: string }).value);
  if (compare(actual, c.op, c.value)) return [];
  return [
    {
      kind: 'hash',
      line: c.line,
      expected: `${c.op} 0x${c.value.toString(16)}`,
      actual: `0x${actual.toString(16)}`,
      message: `check_hash ${c.hash}: 0x${actual.toString(16)}, expected ${c.op} 0x${c.value.toString(16)}`,
    },
  ];
}
