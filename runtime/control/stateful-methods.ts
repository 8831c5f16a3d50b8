// The control plane's methods on a program's stateful objects: registers (direct ones by
// table entry handle), register params, counters, meter rates, LPF and WRED filters. Each
// validates its params against p4info and returns a coded error that changed nothing.

import { DirectCounter, DirectRegister } from '../externs/direct-externs.js';
import { DirectMeter } from '../externs/direct-meter.js';
import type { Lpf, Wred } from '../externs/lpf-wred.js';
import type { MeterConfig } from '../externs/meter.js';
import { describeValue, err, ok } from '../result.js';
import { parseInteger } from './json-values.js';
import type { ControlTarget, Method } from './methods.js';
import {
  type CResult,
  indexRange,
  optionalInt,
  type Params,
  requireInt,
  requireString,
  resolveName,
} from './params.js';

function register(t: ControlTarget, p: Params) {
  const n = requireString(p, 'register');
  if (!n.ok) return n;
  const direct = [...t.state.directByName.values()].filter((d) => d instanceof DirectRegister).map((d) => d.name);
  const name = resolveName(n.value, [...t.state.registerByName.keys(), ...direct], 'register', 'INVALID_REGISTER_NAME');
  if (!name.ok) return name;
  const reg = t.state.registerByName.get(name.value);
  if (reg === undefined) return ok({ direct: t.state.directByName.get(name.value) as DirectRegister });
  const info = t.state.p4info.registers.find((r) => r.name === name.value);
  return ok({ reg, info: info! });
}

/** A direct register's cell is named by the table entry's handle (0: the default action). */
function directRegisterCell(reg: DirectRegister, p: Params, op: 'read' | 'write' | 'reset'): CResult<unknown> {
  if (op === 'reset' && p.handle === undefined) {
    reg.reset();
    return ok({});
  }
  const h = requireInt(p, 'handle', 0, Number.MAX_SAFE_INTEGER, 'BAD_INDEX');
  if (!h.ok) return h;
  if (op === 'read') {
    const value = reg.paired ? [reg.read(h.value), reg.readHi(h.value)] : reg.read(h.value);
    return ok({ register: reg.name, handle: h.value, value });
  }
  if (op === 'reset') {
    reg.forget(h.value);
    return ok({ reset: 1 });
  }
  const pair = reg.paired && Array.isArray(p.value) && p.value.length === 2 ? p.value : undefined;
  const v = registerValue(pair === undefined ? p.value : pair[0]);
  const hi = pair === undefined ? 0 : registerValue(pair[1]);
  if (typeof v !== 'number' || typeof hi !== 'number')
    return err('BAD_VALUE', `value ${describeValue(p.value)} is not an integer of at most 32 bits (or a pair)`);
  reg.write(h.value, v);
  if (pair !== undefined) reg.writeHi(h.value, hi);
  return ok({ written: 1 });
}

function registerValue(v: unknown): number | bigint | undefined {
  const b = parseInteger(v);
  if (b === undefined) return undefined;
  return b >= -(2n ** 53n) && b < 2n ** 53n ? Number(b) : b;
}

function jsonCell(values: readonly (number | bigint)[], paired: boolean): unknown {
  const f = values.map((v) => (typeof v === 'bigint' ? `0x${v.toString(16)}` : v));
  return paired ? f : f[0];
}

export const registerRead: Method = (t, p) => {
  const r = register(t, p);
  if (!r.ok) return r;
  if ('direct' in r.value) return directRegisterCell(r.value.direct, p, 'read');
  const { reg } = r.value;
  const range = indexRange(p, reg.size);
  if (!range.ok) return range;
  const values: unknown[] = [];
  for (let i = range.value.from; i <= range.value.to; i++) {
    const c = reg.cpRead(i);
    if (!c.ok) return c;
    values.push(jsonCell(c.value, reg.paired));
  }
  return ok({ register: reg.name, from: range.value.from, values });
};

export const registerWrite: Method = (t, p) => {
  const r = register(t, p);
  if (!r.ok) return r;
  if ('direct' in r.value) return directRegisterCell(r.value.direct, p, 'write');
  const { reg } = r.value;
  if (p.index === undefined && p.range === undefined) return err('BAD_INDEX', 'give an index or a range to write');
  const range = indexRange(p, reg.size);
  if (!range.ok) return range;
  const raw = p.value;
  let lo: number | bigint | undefined;
  let hi: number | bigint | undefined;
  if (Array.isArray(raw) && raw.length === 2) {
    lo = registerValue(raw[0]);
    hi = registerValue(raw[1]);
    if (lo === undefined || hi === undefined)
      return err('BAD_VALUE', `value ${describeValue(raw)} is not two integers`);
  } else {
    lo = registerValue(raw);
    if (lo === undefined) return err('BAD_VALUE', `value ${describeValue(raw)} is not an integer`);
  }
  // The first write checks index and value; the same value then fits every cell of the range.
  for (let i = range.value.from; i <= range.value.to; i++) {
    const w = reg.cpWrite(i, lo, hi);
    if (!w.ok) return w;
  }
  return ok({ written: range.value.to - range.value.from + 1 });
};

export const registerReset: Method = (t, p) => {
  const r = register(t, p);
  if (!r.ok) return r;
  if ('direct' in r.value) return directRegisterCell(r.value.direct, p, 'reset');
  const { reg, info } = r.value;
  if (p.index === undefined && p.range === undefined) {
    reg.reset();
    return ok({ reset: reg.size });
  }
  const range = indexRange(p, reg.size);
  if (!range.ok) return range;
  const init = registerValue(info.initial ?? 0) ?? 0;
  const initHi = registerValue(info.initialHi ?? info.initial ?? 0) ?? 0;
  for (let i = range.value.from; i <= range.value.to; i++) {
    const w = reg.cpWrite(i, init, reg.paired ? initHi : undefined);
    if (!w.ok) return w;
  }
  return ok({ reset: range.value.to - range.value.from + 1 });
};

function counterTarget(t: ControlTarget, p: Params) {
  const n = requireString(p, 'counter');
  if (!n.ok) return n;
  const direct = [...t.state.directByName.values()].filter((d) => d instanceof DirectCounter).map((d) => d.name);
  const name = resolveName(n.value, [...t.state.counterByName.keys(), ...direct], 'counter', 'INVALID_COUNTER_NAME');
  if (!name.ok) return name;
  const c = t.state.counterByName.get(name.value);
  if (c !== undefined) return ok({ kind: 'indexed' as const, counter: c });
  return ok({ kind: 'direct' as const, counter: t.state.directByName.get(name.value) as DirectCounter });
}

export const counterRead: Method = (t, p) => {
  const c = counterTarget(t, p);
  if (!c.ok) return c;
  if (c.value.kind === 'direct') {
    const h = requireInt(p, 'handle', 0, Number.MAX_SAFE_INTEGER, 'BAD_INDEX');
    if (!h.ok) return h;
    return ok({ counter: c.value.counter.name, handle: h.value, value: c.value.counter.read(h.value) });
  }
  const counter = c.value.counter;
  const range = indexRange(p, counter.size);
  if (!range.ok) return range;
  const values: unknown[] = [];
  for (let i = range.value.from; i <= range.value.to; i++) {
    const v = counter.read(i);
    if (!v.ok) return v;
    values.push(v.value);
  }
  return ok({ counter: counter.name, from: range.value.from, values });
};

export const counterReset: Method = (t, p) => {
  const c = counterTarget(t, p);
  if (!c.ok) return c;
  if (c.value.kind === 'direct') {
    c.value.counter.reset();
    return ok({});
  }
  const counter = c.value.counter;
  if (p.index === undefined && p.range === undefined) {
    counter.reset();
    return ok({ reset: counter.size });
  }
  const range = indexRange(p, counter.size);
  if (!range.ok) return range;
  for (let i = range.value.from; i <= range.value.to; i++) counter.clearIndex(i);
  return ok({ reset: range.value.to - range.value.from + 1 });
};

/** counter.write: sets an indexed counter's cell (packets and bytes). */
export const counterWrite: Method = (t, p) => {
  const c = counterTarget(t, p);
  if (!c.ok) return c;
  if (c.value.kind === 'direct')
    return err(
      'BAD_INDEX',
      `${c.value.counter.name} is a direct counter: write its table entry's cell by resetting it`,
    );
  const counter = c.value.counter;
  const i = requireInt(p, 'index', 0, counter.size - 1, 'BAD_INDEX');
  if (!i.ok) return i;
  const packets = optionalInt(p, 'packets', 0, Number.MAX_SAFE_INTEGER, 0);
  if (!packets.ok) return packets;
  const bytes = optionalInt(p, 'bytes', 0, Number.MAX_SAFE_INTEGER, 0);
  if (!bytes.ok) return bytes;
  const r = counter.write(i.value, packets.value, bytes.value);
  return r.ok ? ok({ counter: counter.name, index: i.value }) : r;
};

/** meter.configure: RFC 2698 rates and bursts for a meter index, or a direct meter's entry. */
export const meterConfigure: Method = (t, p) => {
  const n = requireString(p, 'meter');
  if (!n.ok) return n;
  const direct = [...t.state.directByName.values()].filter((d) => d instanceof DirectMeter).map((d) => d.name);
  const name = resolveName(n.value, [...t.state.meterByName.keys(), ...direct], 'meter', 'INVALID_METER_NAME');
  if (!name.ok) return name;
  const config = { cir: p.cir, cbs: p.cbs, pir: p.pir, pbs: p.pbs } as MeterConfig;
  const meter = t.state.meterByName.get(name.value);
  if (meter !== undefined) {
    const i = requireInt(p, 'index', 0, meter.size - 1, 'BAD_INDEX');
    if (!i.ok) return i;
    const r = meter.configure(i.value, config);
    return r.ok ? ok({ meter: meter.name, index: i.value }) : r;
  }
  const dm = t.state.directByName.get(name.value) as DirectMeter;
  const h = requireInt(p, 'handle', 0, Number.MAX_SAFE_INTEGER, 'BAD_INDEX');
  if (!h.ok) return h;
  const r = dm.configure(h.value, config);
  return r.ok ? ok({ meter: dm.name, handle: h.value }) : r;
};

/** The cell an lpf/wred request names: `index`, or a direct one's entry `handle` (0: misses). */
function filterCell(f: Lpf | Wred, p: Params): CResult<number> {
  if (f.direct === undefined) return requireInt(p, 'index', 0, f.size - 1, 'BAD_INDEX');
  const h = requireInt(p, 'handle', 0, Number.MAX_SAFE_INTEGER, 'BAD_INDEX');
  return h.ok ? ok(f.direct.slot(h.value)) : h;
}

/** lpf.configure {lpf, index, mode: SAMPLE|RATE, gainNs, decayNs?, scaleDown?}. */
export const lpfConfigure: Method = (t, p) => {
  const n = requireString(p, 'lpf');
  if (!n.ok) return n;
  const lpfs = t.state.lpfs;
  const name = resolveName(
    n.value,
    lpfs.map((l) => l.name),
    'lpf',
    'INVALID_METER_NAME',
  );
  if (!name.ok) return name;
  const lpf = lpfs.find((l) => l.name === name.value)!;
  const i = filterCell(lpf, p);
  if (!i.ok) return i;
  const r = lpf.configure(i.value, {
    mode: (p.mode ?? 'SAMPLE') as 'SAMPLE',
    gainNs: p.gainNs as number,
    decayNs: (p.decayNs ?? p.gainNs) as number,
    scaleDown: (p.scaleDown ?? 0) as number,
  });
  return r.ok ? ok({ lpf: lpf.name, index: i.value }) : r;
};

/** wred.configure {wred, index, timeConstantNs, minThreshold, maxThreshold, maxProbability}. */
export const wredConfigure: Method = (t, p) => {
  const n = requireString(p, 'wred');
  if (!n.ok) return n;
  const wreds = t.state.wreds;
  const name = resolveName(
    n.value,
    wreds.map((w) => w.name),
    'wred',
    'INVALID_METER_NAME',
  );
  if (!name.ok) return name;
  const wred = wreds.find((w) => w.name === name.value)!;
  const i = filterCell(wred, p);
  if (!i.ok) return i;
  const r = wred.configure(i.value, {
    timeConstantNs: p.timeConstantNs as number,
    minThreshold: p.minThreshold as number,
    maxThreshold: p.maxThreshold as number,
    maxProbability: p.maxProbability as number,
  });
  return r.ok ? ok({ wred: wred.name, index: i.value }) : r;
};

/** registerParam.read / write / reset {param, value?}. */
export function registerParamMethod(op: 'read' | 'write' | 'reset'): Method {
  return (t, p) => {
    const n = requireString(p, 'param');
    if (!n.ok) return n;
    const params = t.state.registerParams;
    const name = resolveName(
      n.value,
      params.map((x) => x.name),
      'register param',
      'INVALID_REGISTER_NAME',
    );
    if (!name.ok) return name;
    const rp = params.find((x) => x.name === name.value)!;
    if (op === 'write') {
      const v = parseInteger(p.value);
      if (v === undefined) return err('BAD_VALUE', `value ${describeValue(p.value)} is not an integer`);
      const r = rp.write(BigInt.asUintN(rp.width, v) === v ? v : -1n);
      if (!r.ok) return r;
    } else if (op === 'reset') rp.reset();
    return ok({ param: rp.name, value: typeof rp.value === 'bigint' ? `0x${rp.value.toString(16)}` : rp.value });
  };
}
