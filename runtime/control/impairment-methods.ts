// Control-plane methods on the ports' impairments (runtime/ports/port-impairments.ts):
// `port.impair` sets or clears one (the spec text of docs/faults.md) and `port.impairments`
// lists what is set and what every impairment set so far did. docs/control-plane.md "Impairments".

import { parseImpairOptions } from '../ports/impairment-spec.js';
import type { PortImpairments } from '../ports/port-impairments.js';
import { describeValue, err, ok } from '../result.js';
import type { CResult, Params } from './params.js';

/** What the impairment methods need from the switch. */
export interface ImpairTarget {
  readonly impairments?: PortImpairments;
  /** The front-panel ports (the only ones with a wire to impair). */
  readonly portNumbers?: readonly number[];
}

function targetPorts(t: ImpairTarget, v: unknown): CResult<number[]> {
  const all = t.portNumbers ?? [];
  if (v === 'all') return ok([...all]);
  const list = Array.isArray(v) ? v : [v];
  if (list.length === 0) return err('INVALID_PORT', 'port: give a port number, a list of them, or "all"');
  for (const p of list)
    if (typeof p !== 'number' || !all.includes(p))
      return err(
        'INVALID_PORT',
        `port ${describeValue(p)} is not a front-panel port of this switch (${all.join(', ')})`,
      );
  return ok(list as number[]);
}

/**
 * port.impair {port: N | [N, ...] | "all", spec: "drop=0.01,dup=0.005,dir=in,..."} sets the
 * impairment (replacing the one in that direction); {port, clear: true[, dir]} removes it.
 * Everything is checked before anything changes.
 */
export function portImpair(t: ImpairTarget, p: Params): CResult<unknown> {
  const imp = t.impairments;
  if (imp === undefined) return err('INVALID_PARAMS', 'this switch has no impairable ports');
  const ports = targetPorts(t, p.port);
  if (!ports.ok) return ports;
  if (p.clear === true) {
    if (p.spec !== undefined) return err('INVALID_PARAMS', 'give either spec or clear, not both');
    const dir = p.dir ?? 'both';
    if (dir !== 'in' && dir !== 'out' && dir !== 'both')
      return err('INVALID_PARAMS', `dir ${describeValue(dir)} is not in, out or both`);
    imp.set(ports.value, dir, undefined);
    return ok({ ports: ports.value, cleared: dir });
  }
  if (typeof p.spec !== 'string' || p.spec === '')
    return err(
      'INVALID_PARAMS',
      `"spec" must be an impairment such as "drop=0.01,delay=1ms", got ${describeValue(p.spec)}`,
    );
  const o = parseImpairOptions(p.spec);
  if (!o.ok) return err('BAD_IMPAIRMENT', o.message);
  if (Object.keys(o.value.config).length === 0) return err('BAD_IMPAIRMENT', `${p.spec}: no impairment given`);
  imp.set(ports.value, o.value.direction, o.value.config, o.value.seed);
  return ok({ ports: ports.value, direction: o.value.direction });
}

/** port.impairments {}: the impairments set now, and every one ever set with its counters. */
export function portImpairments(t: ImpairTarget): CResult<unknown> {
  const log = t.impairments?.log() ?? [];
  return ok({ active: log.filter((r) => r.clearedAtMs === undefined), log });
}
