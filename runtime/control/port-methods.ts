// Control-plane methods on the device's ports (BF Runtime's `$PORT` and `$PORT_STAT` tables,
// docs/control-plane.md "Ports"): add, modify, delete and read a port's configuration, read
// its status and MAC counters, clear them, queue status-change notifications, and the map of
// ports to pipes. The state lives in the traffic manager's DevicePorts; every check runs first.

import { PORT_STAT_NAMES, type PortConfig, type PortStats } from '../ports/device-ports.js';
import { describeValue, err, ok } from '../result.js';
import { PORTS_PER_PIPE, type TrafficManager } from '../traffic-manager.js';
import { type CResult, type Params, requireInt } from './params.js';

export interface PortTarget {
  readonly tm: TrafficManager;
}

/** The configuration fields a request may set, with the type each takes. */
const CONFIG_FIELDS: Readonly<Record<keyof PortConfig, 'string' | 'number' | 'boolean'>> = {
  speed: 'string',
  fec: 'string',
  enabled: 'boolean',
  lanes: 'number',
  autoNegotiation: 'string',
  txMtu: 'number',
  rxMtu: 'number',
  loopback: 'string',
  direction: 'string',
  txPfcMap: 'number',
  rxPfcMap: 'number',
  txPause: 'boolean',
  rxPause: 'boolean',
  cutThrough: 'boolean',
  rxParserPriorityThreshold: 'number',
};

function configFields(p: Params): CResult<Partial<PortConfig>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    if (k === 'port' || k === 'program') continue;
    const type = CONFIG_FIELDS[k as keyof PortConfig];
    if (type === undefined)
      return err('BAD_PORT_CONFIG', `${k} is not a port setting (${Object.keys(CONFIG_FIELDS).join(', ')})`);
    if (typeof v !== type) return err('BAD_PORT_CONFIG', `${k} must be a ${type}, got ${describeValue(v)}`);
    out[k] = v;
  }
  return ok(out as Partial<PortConfig>);
}

const portParam = (p: Params) => requireInt(p, 'port', 0, 511, 'INVALID_PORT');

/** Where a port sits: its pipe and local port, and what it is. */
function placeOf(t: PortTarget, port: number) {
  const kind = t.tm.ports.recirculation.has(port)
    ? 'recirculation'
    : port === t.tm.ports.cpu
      ? 'cpu'
      : t.tm.macs.isMacPort(port)
        ? 'front-panel'
        : undefined;
  return { port, pipe: Math.floor(port / PORTS_PER_PIPE), localPort: port % PORTS_PER_PIPE, kind };
}

export function portAdd(t: PortTarget, p: Params): CResult<unknown> {
  const port = portParam(p);
  if (!port.ok) return port;
  const fields = configFields(p);
  if (!fields.ok) return fields;
  const r = t.tm.macs.add(port.value, fields.value);
  return r.ok ? ok({ port: port.value }) : r;
}

export function portModify(t: PortTarget, p: Params): CResult<unknown> {
  const port = portParam(p);
  if (!port.ok) return port;
  const fields = configFields(p);
  if (!fields.ok) return fields;
  const r = t.tm.macs.modify(port.value, fields.value);
  return r.ok ? ok({ port: port.value }) : r;
}

/** port.delete {port} or {all: true}. */
export function portDelete(t: PortTarget, p: Params): CResult<unknown> {
  if (p.all === true && p.port === undefined) {
    const r = t.tm.macs.delete();
    return r.ok ? ok({ deleted: r.value }) : r;
  }
  const port = portParam(p);
  if (!port.ok) return port;
  const r = t.tm.macs.delete(port.value);
  return r.ok ? ok({ deleted: r.value }) : r;
}

function describePort(t: PortTarget, port: number) {
  return { ...placeOf(t, port), ...t.tm.macs.config(port), up: t.tm.macs.isUp(port) };
}

export function portGet(t: PortTarget, p: Params): CResult<unknown> {
  const port = portParam(p);
  if (!port.ok) return port;
  if (t.tm.macs.config(port.value) === undefined) return err('NO_SUCH_PORT', `port ${port.value} is not added`);
  return ok(describePort(t, port.value));
}

export function portsList(t: PortTarget): CResult<unknown> {
  return ok({ ports: t.tm.macs.list().map((n) => describePort(t, n)) });
}

export function portStats(t: PortTarget, p: Params): CResult<unknown> {
  const port = portParam(p);
  if (!port.ok) return port;
  const s = t.tm.macs.stats(port.value);
  return s === undefined ? err('NO_SUCH_PORT', `port ${port.value} is not added`) : ok({ port: port.value, ...s });
}

/** port.setStats {port, stats: {NAME: N…}}: sets counters (BF Runtime writes 0s to clear one port). */
export function portSetStats(t: PortTarget, p: Params): CResult<unknown> {
  const port = portParam(p);
  if (!port.ok) return port;
  if (p.stats === null || typeof p.stats !== 'object' || Array.isArray(p.stats))
    return err('BAD_PORT_CONFIG', `"stats" must be an object of counters (${PORT_STAT_NAMES.join(', ')})`);
  const r = t.tm.macs.setStats(port.value, p.stats as Partial<PortStats>);
  return r.ok ? ok({ port: port.value }) : r;
}

/** port.clearStats {port?}: one port's counters, or every port's. */
export function portClearStats(t: PortTarget, p: Params): CResult<unknown> {
  if (p.port === undefined) {
    t.tm.macs.clearStats();
    return ok({});
  }
  const port = portParam(p);
  if (!port.ok) return port;
  const r = t.tm.macs.clearStats(port.value);
  return r.ok ? ok({ port: port.value }) : r;
}

export function portsSetStatusNotifications(t: PortTarget, p: Params): CResult<unknown> {
  if (typeof p.enable !== 'boolean')
    return err('INVALID_PARAMS', `"enable" must be true or false, got ${describeValue(p.enable)}`);
  t.tm.macs.setStatusNotifications(p.enable);
  return ok({ enable: p.enable });
}

export function portsStatusEvents(t: PortTarget): CResult<unknown> {
  return ok({ events: t.tm.macs.takeStatusEvents() });
}

/** ports.map: every port of the device (front panel, CPU, recirculation) with its pipe. */
export function portsMap(t: PortTarget): CResult<unknown> {
  const ports = new Set<number>([...t.tm.ports.frontPanel, ...t.tm.ports.recirculation, t.tm.ports.cpu]);
  return ok({
    portsPerPipe: PORTS_PER_PIPE,
    ports: [...ports]
      .sort((a, b) => a - b)
      .map((n) => ({ ...placeOf(t, n), added: t.tm.macs.config(n) !== undefined })),
  });
}
