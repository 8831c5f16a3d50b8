// The text form of a port impairment, shared by `p4ts switch --impair`, the control plane's
// `port.impair` and `netmigrate run --impair`: TARGETS:key=value,... where TARGETS is `all`
// or port numbers (or host names a caller resolves) joined by `+`. docs/faults.md lists the keys.

import type { ImpairmentConfig } from './impairment.js';

export type ImpairDirection = 'in' | 'out' | 'both';

/** One parsed spec: which ports (as written), which direction, what to do, and an optional seed. */
export interface ImpairSpec {
  /** `all`, port numbers or names, as written (the caller resolves names). */
  readonly targets: readonly string[];
  readonly direction: ImpairDirection;
  readonly config: ImpairmentConfig;
  readonly seed?: number;
}

export type SpecResult<T> = { ok: true; value: T } | { ok: false; message: string };

const KEYS = 'drop, dup, reorder, delay, jitter, rate, flap, queue, dir, seed';

/** "0.01", "1%" → a probability in [0, 1]. */
function probability(key: string, v: string): SpecResult<number> {
  const m = /^(\d+(?:\.\d+)?|\.\d+)(%?)$/.exec(v);
  const x = m === null ? Number.NaN : Number(m[1]) / (m[2] === '%' ? 100 : 1);
  if (!Number.isFinite(x) || x < 0 || x > 1)
    return { ok: false, message: `${key}=${v}: expected a probability in 0..1 (or 0%..100%)` };
  return { ok: true, value: x };
}

const TIME_UNITS: Readonly<Record<string, number>> = { us: 0.001, ms: 1, s: 1000 };

/** "2ms", "500us", "1s" (a bare number is ms) → milliseconds, at most an hour. */
export function parseDurationMs(key: string, v: string): SpecResult<number> {
  const m = /^(\d+(?:\.\d+)?)(us|ms|s)?$/.exec(v);
  const x = m === null ? Number.NaN : Number(m[1]) * (TIME_UNITS[m[2] ?? 'ms'] as number);
  if (!Number.isFinite(x) || x > 3_600_000)
    return { ok: false, message: `${key}=${v}: expected a duration such as 2ms, 500us or 1s (at most 1 hour)` };
  return { ok: true, value: x };
}

const RATE_UNITS: Readonly<Record<string, number>> = { bit: 1, kbit: 1e3, mbit: 1e6, gbit: 1e9 };

/** "10mbit", "512kbit", "1gbit" → bits/s (at least 1 kbit/s). */
function rate(v: string): SpecResult<number> {
  const m = /^(\d+(?:\.\d+)?)(bit|kbit|mbit|gbit)$/i.exec(v);
  const x = m === null ? Number.NaN : Number(m[1]) * (RATE_UNITS[(m[2] as string).toLowerCase()] as number);
  if (!Number.isFinite(x) || x < 1000 || x > 1e12)
    return { ok: false, message: `rate=${v}: expected a bandwidth such as 10mbit or 512kbit (1kbit..1000gbit)` };
  return { ok: true, value: x };
}

function integer(key: string, v: string, min: number, max: number): SpecResult<number> {
  const x = /^\d+$/.test(v) ? Number(v) : Number.NaN;
  if (!Number.isSafeInteger(x) || x < min || x > max)
    return { ok: false, message: `${key}=${v}: expected an integer in ${min}..${max}` };
  return { ok: true, value: x };
}

/** The options after the colon: `drop=0.01,dup=0.005,...` (empty = no impairment). */
export function parseImpairOptions(
  text: string,
): SpecResult<{ direction: ImpairDirection; config: ImpairmentConfig; seed?: number }> {
  const cfg: {
    -readonly [K in keyof ImpairmentConfig]: ImpairmentConfig[K];
  } = {};
  let direction: ImpairDirection = 'both';
  let seed: number | undefined;
  const seen = new Set<string>();
  for (const part of text === '' ? [] : text.split(',')) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    const v = eq < 0 ? '' : part.slice(eq + 1).trim();
    if (eq < 0 || v === '')
      return { ok: false, message: `${JSON.stringify(part)}: expected key=value (keys: ${KEYS})` };
    if (seen.has(key)) return { ok: false, message: `${key} given twice` };
    seen.add(key);
    let r: SpecResult<number> = { ok: true, value: 0 };
    switch (key) {
      case 'drop':
        r = probability(key, v);
        if (r.ok) cfg.drop = r.value;
        break;
      case 'dup':
        r = probability(key, v);
        if (r.ok) cfg.dup = r.value;
        break;
      case 'reorder':
        r = parseDurationMs(key, v);
        if (r.ok) cfg.reorderMs = r.value;
        break;
      case 'delay':
        r = parseDurationMs(key, v);
        if (r.ok) cfg.delayMs = r.value;
        break;
      case 'jitter':
        r = parseDurationMs(key, v);
        if (r.ok) cfg.jitterMs = r.value;
        break;
      case 'rate':
        r = rate(v);
        if (r.ok) cfg.rateBps = r.value;
        break;
      case 'queue':
        r = integer(key, v, 1, 1_000_000);
        if (r.ok) cfg.queueFrames = r.value;
        break;
      case 'seed':
        r = integer(key, v, 0, 2 ** 32 - 1);
        if (r.ok) seed = r.value;
        break;
      case 'flap': {
        const [up, down, more] = v.split('/');
        if (up === undefined || down === undefined || more !== undefined)
          return { ok: false, message: `flap=${v}: expected UP/DOWN durations, e.g. flap=200ms/50ms` };
        const u = parseDurationMs('flap', up);
        if (!u.ok) return u;
        const d = parseDurationMs('flap', down);
        if (!d.ok) return d;
        if (u.value <= 0 || d.value <= 0)
          return { ok: false, message: `flap=${v}: both the up and the down time must be above 0` };
        cfg.flap = { upMs: u.value, downMs: d.value };
        break;
      }
      case 'dir':
        if (v !== 'in' && v !== 'out' && v !== 'both')
          return { ok: false, message: `dir=${v}: expected in (host to switch), out (switch to host) or both` };
        direction = v;
        break;
      default:
        return { ok: false, message: `unknown impairment ${JSON.stringify(key)} (keys: ${KEYS})` };
    }
    if (!r.ok) return r;
  }
  return { ok: true, value: { direction, config: cfg, ...(seed === undefined ? {} : { seed }) } };
}

/**
 * `TARGETS:key=value,...`, e.g. `all:drop=0.01,dup=0.005`, `1+2:delay=1ms,jitter=1ms,dir=out`,
 * `source:flap=200ms/50ms`. Targets are `all`, port numbers or names ([a-z0-9_-]), joined by `+`.
 */
export function parseImpairSpec(text: string): SpecResult<ImpairSpec> {
  const colon = text.indexOf(':');
  if (colon <= 0) return { ok: false, message: `${JSON.stringify(text)}: expected TARGETS:key=value,...` };
  const targets = text.slice(0, colon).split('+');
  for (const t of targets)
    if (!/^[a-z0-9_-]+$/i.test(t))
      return {
        ok: false,
        message: `${JSON.stringify(text)}: target ${JSON.stringify(t)} is not all, a port or a name`,
      };
  const o = parseImpairOptions(text.slice(colon + 1));
  if (!o.ok) return { ok: false, message: `${JSON.stringify(text)}: ${o.message}` };
  if (Object.keys(o.value.config).length === 0)
    return { ok: false, message: `${JSON.stringify(text)}: no impairment given (keys: ${KEYS})` };
  return { ok: true, value: { targets, ...o.value } };
}

/** The config back in the spec's own words (reports, `port.impairments`). */
export function formatImpairment(c: ImpairmentConfig): string {
  const ms = (x: number) => (x < 1 ? `${Math.round(x * 1000)}us` : `${x}ms`);
  const parts: string[] = [];
  if (c.drop !== undefined) parts.push(`drop=${c.drop}`);
  if (c.dup !== undefined) parts.push(`dup=${c.dup}`);
  if (c.reorderMs !== undefined) parts.push(`reorder=${ms(c.reorderMs)}`);
  if (c.delayMs !== undefined) parts.push(`delay=${ms(c.delayMs)}`);
  if (c.jitterMs !== undefined) parts.push(`jitter=${ms(c.jitterMs)}`);
  if (c.rateBps !== undefined) parts.push(`rate=${c.rateBps / 1000}kbit`);
  if (c.flap !== undefined) parts.push(`flap=${ms(c.flap.upMs)}/${ms(c.flap.downMs)}`);
  if (c.queueFrames !== undefined) parts.push(`queue=${c.queueFrames}`);
  return parts.join(',');
}
