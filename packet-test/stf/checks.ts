// The STF checks on state: `check_counter NAME(INDEX|$ID) [packets|bytes] OP N` and the
// Tofino dialect's `check_register NAME(INDEX) [lo|hi] OP N`, read through the control-plane
// methods `p4ts ctl` uses. Each returns the failures it found (none when the check holds).

import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import type { StfCommandBody, StfCompare } from './commands.js';
import type { StfFailure } from './runner.js';

type CheckCounter = Extract<StfCommandBody, { cmd: 'check_counter' }> & { line: number };
type CheckRegister = Extract<StfCommandBody, { cmd: 'check_register' }> & { line: number };

export function compare(a: bigint, op: StfCompare, b: bigint): boolean {
  switch (op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

function toBig(v: unknown): bigint | undefined {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  if (typeof v === 'string' && /^-?(0x[0-9a-f]+|\d+)$/i.test(v))
    return v.startsWith('-') ? -BigInt(v.slice(1)) : BigInt(v);
  return undefined;
}

/** `handle`: a direct counter's cell (the entry added `= ID`); else the index is used. */
export function checkCounter(t: ControlTarget, c: CheckCounter, handle: number | undefined): StfFailure[] {
  const params = handle === undefined ? { counter: c.counter, index: c.index } : { counter: c.counter, handle };
  const r = callMethod(t, 'counter.read', params);
  if (!r.ok) return [{ kind: 'command', line: c.line, message: `check_counter: ${r.message}` }];
  const v = r.value as {
    counter: string;
    values?: { packets: number; bytes: number }[];
    value?: { packets: number; bytes: number };
  };
  const cell = v.values?.[0] ?? v.value;
  if (cell === undefined)
    return [{ kind: 'command', line: c.line, message: 'check_counter: the counter returned no cell' }];
  // No kind: `== 0` (or no check at all) means an empty cell; another check compares what
  // the counter counts (packets, or bytes for a BYTES counter).
  const p4info = t.state.p4info;
  const type =
    p4info.counters.find((x) => x.name === v.counter)?.type ??
    p4info.directResources.find((x) => x.name === v.counter)?.type;
  const kinds =
    c.check.kind !== undefined
      ? [c.check.kind]
      : c.check.op === '==' && c.check.value === 0n
        ? (['packets', 'bytes'] as const)
        : [type === 'BYTES' ? ('bytes' as const) : ('packets' as const)];
  const failures: StfFailure[] = [];
  const where = `${v.counter}(${typeof c.index === 'number' ? c.index : `$${c.index.id}`})`;
  for (const k of kinds) {
    const actual = BigInt(cell[k]);
    if (!compare(actual, c.check.op, c.check.value))
      failures.push({
        kind: 'counter',
        line: c.line,
        expected: `${c.check.op} ${c.check.value}`,
        actual: String(actual),
        message: `check_counter ${where} ${k}: ${actual}, expected ${c.check.op} ${c.check.value}`,
      });
  }
  return failures;
}

export function checkRegister(t: ControlTarget, c: CheckRegister): StfFailure[] {
  const r = callMethod(t, 'register.read', { register: c.register, index: c.index });
  if (!r.ok) return [{ kind: 'command', line: c.line, message: `check_register: ${r.message}` }];
  const { register, values } = r.value as { register: string; values: unknown[] };
  const cell = values[0];
  const info = t.state.p4info.registers.find((x) => x.name === register);
  let v: unknown = cell;
  if (Array.isArray(cell)) {
    // A paired register: `lo` / `hi`, or the P4 names of its two halves.
    const halves = info?.halves ?? ['lo', 'hi'];
    const f = c.field ?? 'lo';
    const i = f === 'lo' || f === halves[0] ? 0 : f === 'hi' || f === halves[1] ? 1 : -1;
    if (i < 0)
      return [
        {
          kind: 'command',
          line: c.line,
          message: `check_register: ${register} has halves ${halves.join(', ')} (or lo, hi), not ${f}`,
        },
      ];
    v = cell[i];
  }
  let actual = toBig(v);
  if (actual !== undefined && info?.signed === true && actual >= 1n << BigInt(info.width - 1))
    actual -= 1n << BigInt(info.width);
  if (actual !== undefined && compare(actual, c.op, c.value)) return [];
  const shown = actual === undefined ? String(v) : `0x${actual.toString(16)}`;
  return [
    {
      kind: 'register',
      line: c.line,
      expected: `${c.op} ${c.value}`,
      actual: String(actual ?? v),
      message: `check_register ${register}(${c.index})${c.field === undefined ? '' : ` ${c.field}`}: ${shown}, expected ${c.op} 0x${c.value.toString(16)}`,
    },
  ];
}
