// The control plane's methods, dispatched by name: tables (table-methods.ts), registers,
// counters and meter rates (direct ones by table entry handle), mirror sessions, multicast
// groups, value sets, switch info and port statistics, the packet generator (pktgen-methods.ts). Digest subscriptions live per connection in server.ts. Every method validates its params
// against p4info and the switch's ports and returns a coded error that changed nothing.

import type { PipelineState } from '../arch/pipeline-state.js';
import type { DigestMessage } from '../externs/deparser-externs.js';
import { DirectCounter, DirectRegister } from '../externs/direct-externs.js';
import { DirectMeter } from '../externs/direct-meter.js';
import type { Lpf, Wred } from '../externs/lpf-wred.js';
import type { MeterConfig } from '../externs/meter.js';
import { describeValue, err, ok } from '../result.js';
import type { TrafficManager } from '../traffic-manager.js';
import { hashCompute, hashConfiguration, hashConfigure, hashReset, hashSetAlgorithm } from './hash-methods.js';
import { type ImpairTarget, portImpair, portImpairments } from './impairment-methods.js';
import { parseFieldValue, parseInteger } from './json-values.js';
import {
  asParams,
  type CResult,
  indexRange,
  optionalInt,
  type Params,
  requireInt,
  requireString,
  resolveName,
} from './params.js';
import {
  type PktgenTarget,
  pktgenApp,
  pktgenConfigureApp,
  pktgenConfigurePort,
  pktgenEnableApp,
  pktgenPort,
  pktgenReadBuffer,
  pktgenSetPortMask,
  pktgenWriteBuffer,
  portSetLink,
} from './pktgen-methods.js';
import { portMetadataDelete, portMetadataGet, portMetadataSet } from './port-metadata-methods.js';
import {
  portAdd,
  portClearStats,
  portDelete,
  portGet,
  portModify,
  portSetStats,
  portStats,
  portsList,
  portsMap,
  portsSetStatusNotifications,
  portsStatusEvents,
} from './port-methods.js';
import {
  groupAdd,
  groupDelete,
  groupModify,
  memberAdd,
  memberDelete,
  memberModify,
  profileDump,
  selectorDump,
} from './profile-methods.js';
import {
  tableAdd,
  tableClear,
  tableDelete,
  tableDump,
  tableModify,
  tableSetDefault,
  tableSetTtl,
} from './table-methods.js';

/** What the control plane controls: the switch process provides it. */
export interface ControlTarget extends ImpairTarget, PktgenTarget {
  /** The program's state (with several programs: the first one's). */
  readonly state: PipelineState;
  /**
   * Several programs on one device (docs/multi-pipe.md), by name: a request on a program's
   * objects names it in `program`, as BF Runtime clients name their program.
   */
  readonly programs?: ReadonlyMap<string, PipelineState>;
  readonly tm: TrafficManager;
  /** Port counters and engine counters (plain JSON). */
  stats(): unknown;
  /** Program, architecture, ports, objects (plain JSON). */
  info(): unknown;
  /** Registers a digest listener; returns the function that removes it. */
  onDigest(listener: (m: DigestMessage) => void): () => void;
}

type Method = (t: ControlTarget, p: Params) => CResult<unknown>;

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

const registerRead: Method = (t, p) => {
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

const registerWrite: Method = (t, p) => {
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

const registerReset: Method = (t, p) => {
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

const counterRead: Method = (t, p) => {
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

const counterReset: Method = (t, p) => {
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
const counterWrite: Method = (t, p) => {
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
const meterConfigure: Method = (t, p) => {
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
const lpfConfigure: Method = (t, p) => {
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
const wredConfigure: Method = (t, p) => {
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
function registerParamMethod(op: 'read' | 'write' | 'reset'): Method {
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

const mirrorAdd: Method = (t, p) => {
  const id = requireInt(p, 'session', 0, 1023, 'INVALID_MIRROR_SESSION');
  if (!id.ok) return id;
  // A session sends its copies to one port, or to the replicas of a multicast group.
  const group = p.group === undefined ? undefined : requireInt(p, 'group', 1, 0xffff, 'INVALID_MULTICAST_GROUP');
  if (group !== undefined && !group.ok) return group;
  if (group !== undefined && p.egressPort !== undefined)
    return err('INVALID_MIRROR_SESSION', 'give "egressPort" or "group", not both');
  const port = group === undefined ? requireInt(p, 'egressPort', 0, 511, 'INVALID_PORT') : ok(0);
  if (!port.ok) return port;
  const maxLen = optionalInt(p, 'maxLen', 0, 0xffff, 0);
  if (!maxLen.ok) return maxLen;
  const direction = p.direction ?? 'both';
  if (direction !== 'ingress' && direction !== 'egress' && direction !== 'both')
    return err('INVALID_MIRROR_SESSION', `direction ${describeValue(direction)} is not ingress, egress or both`);
  const r = t.tm.addMirrorSession({
    id: id.value,
    direction,
    egressPort: port.value,
    maxLen: maxLen.value,
    ...(group === undefined ? {} : { multicastGroup: group.value }),
  });
  return r.ok ? ok({ session: id.value }) : r;
};

const mirrorDelete: Method = (t, p) => {
  const id = requireInt(p, 'session', 0, 1023, 'INVALID_MIRROR_SESSION');
  if (!id.ok) return id;
  const r = t.tm.deleteMirrorSession(id.value);
  return r.ok ? ok({ session: id.value }) : r;
};

const multicastCreate: Method = (t, p) => {
  const id = requireInt(p, 'group', 1, 0xffff, 'INVALID_MULTICAST_GROUP');
  if (!id.ok) return id;
  if (!Array.isArray(p.nodes)) return err('INVALID_MULTICAST_GROUP', '"nodes" must be an array of {rid, ports}');
  const r = t.tm.createMulticastGroup(id.value, p.nodes as never);
  return r.ok ? ok({ group: id.value }) : r;
};

const multicastDelete: Method = (t, p) => {
  const id = requireInt(p, 'group', 1, 0xffff, 'INVALID_MULTICAST_GROUP');
  if (!id.ok) return id;
  const r = t.tm.deleteMulticastGroup(id.value);
  return r.ok ? ok({ group: id.value }) : r;
};

const valueSetSet: Method = (t, p) => {
  const n = requireString(p, 'valueSet');
  if (!n.ok) return n;
  const name = resolveName(n.value, t.state.valueSetByName.keys(), 'value set', 'INVALID_VALUE_SET_NAME');
  if (!name.ok) return name;
  const vs = t.state.valueSetByName.get(name.value)!;
  if (!Array.isArray(p.members)) return err('BAD_VALUE_SET', '"members" must be an array of {value, mask}');
  const members = [];
  for (const m of p.members as unknown[]) {
    const o = (m ?? {}) as Record<string, unknown>;
    const vals = Array.isArray(o.value) ? o.value : [o.value];
    const masks =
      o.mask === undefined
        ? vs.widths.map((w) => (w > 32 ? (1n << BigInt(w)) - 1n : 2 ** w - 1))
        : Array.isArray(o.mask)
          ? o.mask
          : [o.mask];
    const value = [];
    const mask = [];
    for (let i = 0; i < vs.widths.length; i++) {
      const w = vs.widths[i] as number;
      const v = parseFieldValue(vals[i], w);
      const k = parseFieldValue(masks[i], w);
      if (!v.ok || !k.ok)
        return err('BAD_VALUE_SET', `member ${describeValue(m)}: ${v.ok ? (k.ok ? '' : k.message) : v.message}`);
      value.push(v.value);
      mask.push(k.value);
    }
    members.push({ value, mask });
  }
  const r = vs.set(members);
  return r.ok ? ok({ members: members.length }) : r;
};

/** ports.setInternalLoop {pipes}: the pipes (bit p for pipe p) whose ports loop back; 0 for none. */
const setInternalLoop: Method = (t, p) => {
  const mask = requireInt(p, 'pipes', 0, 15, 'INVALID_PORT');
  if (!mask.ok) return mask;
  const arch = (t.info() as { arch?: string }).arch;
  if (arch !== 'tna')
    return err('INVALID_PORT', `internal port loops are a Tofino (TNA) feature; this switch runs ${arch}`);
  const r = t.tm.setInternalPortLoop(mask.value);
  return r.ok ? ok({ pipes: mask.value }) : err('INVALID_PORT', r.message);
};

export const METHODS: Readonly<Record<string, Method>> = {
  'switch.info': (t) => ok(t.info()),
  'ports.stats': (t) => ok(t.stats()),
  'ports.setInternalLoop': setInternalLoop,
  'ports.internalLoop': (t) => ok({ pipes: t.tm.internalPortLoop() }),
  'port.impair': portImpair,
  'port.impairments': portImpairments,
  'port.setLink': portSetLink,
  'port.link': (t, p) => {
    const port = requireInt(p, 'port', 0, 511, 'INVALID_PORT');
    if (!port.ok) return port;
    if (t.pktgen === undefined) return ok({ port: port.value, up: true });
    return ok({ port: port.value, up: t.pktgen.generator.linkUp(port.value) });
  },
  'port.add': portAdd,
  'port.modify': portModify,
  'port.delete': portDelete,
  'port.get': portGet,
  'port.stats': portStats,
  'port.setStats': portSetStats,
  'port.clearStats': portClearStats,
  'ports.list': portsList,
  'ports.map': portsMap,
  'ports.setStatusNotifications': portsSetStatusNotifications,
  'ports.statusEvents': portsStatusEvents,
  'pktgen.configureApp': pktgenConfigureApp,
  'pktgen.enableApp': pktgenEnableApp(true),
  'pktgen.disableApp': pktgenEnableApp(false),
  'pktgen.app': pktgenApp,
  'pktgen.writeBuffer': pktgenWriteBuffer,
  'pktgen.readBuffer': pktgenReadBuffer,
  'pktgen.configurePort': pktgenConfigurePort,
  'pktgen.port': pktgenPort,
  'pktgen.setPortMask': pktgenSetPortMask,
  'table.add': (t, p) => tableAdd(t.state, p),
  'table.modify': (t, p) => tableModify(t.state, p),
  'table.delete': (t, p) => tableDelete(t.state, p),
  'table.dump': (t, p) => tableDump(t.state, p),
  'table.clear': (t, p) => tableClear(t.state, p),
  'table.setDefault': (t, p) => tableSetDefault(t.state, p),
  'table.setTtl': (t, p) => tableSetTtl(t.state, p),
  'actionProfile.addMember': (t, p) => memberAdd(t.state, p),
  'actionProfile.modifyMember': (t, p) => memberModify(t.state, p),
  'actionProfile.deleteMember': (t, p) => memberDelete(t.state, p),
  'actionProfile.dump': (t, p) => profileDump(t.state, p),
  'actionSelector.addGroup': (t, p) => groupAdd(t.state, p),
  'actionSelector.modifyGroup': (t, p) => groupModify(t.state, p),
  'actionSelector.deleteGroup': (t, p) => groupDelete(t.state, p),
  'actionSelector.dump': (t, p) => selectorDump(t.state, p),
  'portMetadata.set': (t, p) => portMetadataSet(t.state, p),
  'portMetadata.get': (t, p) => portMetadataGet(t.state, p),
  'portMetadata.delete': (t, p) => portMetadataDelete(t.state, p),
  'hash.configure': (t, p) => hashConfigure(t.state, p),
  'hash.configuration': (t, p) => hashConfiguration(t.state, p),
  'hash.setAlgorithm': (t, p) => hashSetAlgorithm(t.state, p),
  'hash.reset': (t, p) => hashReset(t.state, p),
  'hash.compute': (t, p) => hashCompute(t.state, p),
  'register.read': registerRead,
  'register.write': registerWrite,
  'register.reset': registerReset,
  'counter.read': counterRead,
  'counter.reset': counterReset,
  'counter.write': counterWrite,
  'meter.configure': meterConfigure,
  'lpf.configure': lpfConfigure,
  'registerParam.read': registerParamMethod('read'),
  'registerParam.write': registerParamMethod('write'),
  'registerParam.reset': registerParamMethod('reset'),
  'wred.configure': wredConfigure,
  'mirror.add': mirrorAdd,
  'mirror.delete': mirrorDelete,
  'mirror.list': (t) => ok({ sessions: t.tm.mirrorSessions() }),
  'multicast.create': multicastCreate,
  'multicast.delete': multicastDelete,
  'multicast.list': (t) => ok({ groups: t.tm.multicastGroups() }),
  'valueSet.set': valueSetSet,
};

/**
 * Methods on what the programs of a device share (ports, the traffic manager's mirror sessions
 * and multicast groups; the packet generator, `pktgen.*`): they take no `program`, as BF Runtime's fixed tables ($pre.mgid, …)
 * are the same whichever program's client reaches them.
 */
const DEVICE_METHODS = new Set([
  'switch.info',
  'ports.stats',
  'ports.setInternalLoop',
  'ports.internalLoop',
  'port.impair',
  'port.impairments',
  'port.setLink',
  'port.link',
  'port.add',
  'port.modify',
  'port.delete',
  'port.get',
  'port.stats',
  'port.setStats',
  'port.clearStats',
  'ports.list',
  'ports.map',
  'ports.setStatusNotifications',
  'ports.statusEvents',
  'mirror.add',
  'mirror.delete',
  'mirror.list',
  'multicast.create',
  'multicast.delete',
  'multicast.list',
]);

/**
 * The target a request acts on: with several programs, the one its `program` names (required
 * for a program's objects; checked when given for a device method). A port metadata request
 * must name a port that program's pipes serve.
 */
export function programTarget(t: ControlTarget, method: string, p: Params): CResult<ControlTarget> {
  const programs = t.programs;
  if (programs === undefined || programs.size <= 1) {
    if (p.program === undefined) return ok(t);
    const only = t.state.p4info.program;
    const names = programs === undefined ? [only] : [...programs.keys(), only];
    return names.includes(p.program as string)
      ? ok(t)
      : err('INVALID_PROGRAM', `this switch runs one program (${only}), not ${describeValue(p.program)}`);
  }
  const list = [...programs.keys()].join(', ');
  if (p.program === undefined)
    return DEVICE_METHODS.has(method) || method.startsWith('pktgen.')
      ? ok(t)
      : err('INVALID_PROGRAM', `this switch runs several programs (${list}): name one in "program"`);
  const state = typeof p.program === 'string' ? programs.get(p.program) : undefined;
  if (state === undefined)
    return err('INVALID_PROGRAM', `no program ${describeValue(p.program)} on this switch (programs: ${list})`);
  if (method.startsWith('portMetadata.') && typeof p.port === 'number') {
    const pipe = p.port >> 7;
    if (state.p4info.pipes?.some((x) => x.hwPipes.includes(pipe)) !== true) {
      const owner = [...programs].find(([, s]) => s.p4info.pipes?.some((x) => x.hwPipes.includes(pipe)))?.[0];
      return err(
        'INVALID_PORT',
        `port ${p.port} is in pipe ${pipe}, which program ${owner ?? '(none)'} serves, not ${p.program as string}`,
      );
    }
  }
  return ok({ ...t, state });
}

/** Runs one method; unknown names and non-object params are coded errors. */
export function callMethod(t: ControlTarget, method: string, params: unknown): CResult<unknown> {
  const m = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (m === undefined) return err('METHOD_NOT_FOUND', `no method ${describeValue(method)}`);
  const p = asParams(params);
  if (!p.ok) return p;
  const target = programTarget(t, method, p.value);
  if (!target.ok) return target;
  return m(target.value, p.value);
}
