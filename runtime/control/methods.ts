// The control plane's methods, dispatched by name: tables (table-methods.ts), registers,
// counters, meters and filters (stateful-methods.ts), mirror sessions, multicast
// groups, value sets, switch info and port statistics, the packet generator (pktgen-methods.ts). Digest subscriptions live per connection in server.ts. Every method validates its params
// against p4info and the switch's ports and returns a coded error that changed nothing.

import type { PipelineState } from '../arch/pipeline-state.js';
import type { DigestMessage } from '../externs/deparser-externs.js';
import { describeValue, err, ok } from '../result.js';
import type { TrafficManager } from '../traffic-manager.js';
import { type GhostTarget, ghostRound } from './ghost-methods.js';
import { hashCompute, hashConfiguration, hashConfigure, hashReset, hashSetAlgorithm } from './hash-methods.js';
import { type ImpairTarget, portImpair, portImpairments } from './impairment-methods.js';
import { parseFieldValue } from './json-values.js';
import { asParams, type CResult, optionalInt, type Params, requireInt, requireString, resolveName } from './params.js';
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
  counterRead,
  counterReset,
  counterWrite,
  lpfConfigure,
  meterConfigure,
  registerParamMethod,
  registerRead,
  registerReset,
  registerWrite,
  wredConfigure,
} from './stateful-methods.js';
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
export interface ControlTarget extends ImpairTarget, PktgenTarget, GhostTarget {
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

export type Method = (t: ControlTarget, p: Params) => CResult<unknown>;

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
  'ghost.round': ghostRound,
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
