// Runs the STF's port, selector-group and ghost commands (parse-device.ts) through the control
// plane's port.* / ports.*, actionSelector.* and ghost.round methods: BF Runtime's field names (docs/stf.md, "Ports")
// turned into the methods' parameters, and the `check_*` commands against what they read back.

import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import { PORT_STAT_NAMES } from '../../runtime/ports/device-ports.js';
import { compare } from './checks.js';
import { DEVICE_KEYWORDS, type StfDeviceCommandBody, type StfSetting } from './parse-device.js';
import type { StfFailure } from './runner.js';
import { parseStfInteger } from './tokens.js';

type Cmd = StfDeviceCommandBody & { readonly line: number };

/** BF Runtime `$PORT` field (lower case, no `$`) → port.add / port.modify parameter. */
const PORT_FIELDS: Readonly<Record<string, string>> = {
  speed: 'speed',
  fec: 'fec',
  port_enable: 'enabled',
  n_lanes: 'lanes',
  auto_negotiation: 'autoNegotiation',
  tx_mtu: 'txMtu',
  rx_mtu: 'rxMtu',
  loopback_mode: 'loopback',
  port_dir: 'direction',
  tx_pfc_en_map: 'txPfcMap',
  rx_pfc_en_map: 'rxPfcMap',
  tx_pause_frame_en: 'txPause',
  rx_pause_frame_en: 'rxPause',
  cut_through_en: 'cutThrough',
  rx_prsr_pri_thresh: 'rxParserPriorityThreshold',
  // Read only: the operational status.
  port_up: 'up',
};
const BOOLEAN_PORT_FIELDS = new Set(['enabled', 'txPause', 'rxPause', 'cutThrough', 'up']);
const STRING_PORT_FIELDS = new Set(['speed', 'fec', 'autoNegotiation', 'loopback', 'direction']);

const SELECTOR_FIELDS: Readonly<Record<string, 'maxSize' | 'members' | 'status'>> = {
  max_group_size: 'maxSize',
  action_member_id: 'members',
  members: 'members',
  action_member_status: 'status',
  status: 'status',
};

export function isDeviceCommand(c: { readonly cmd: string }): c is Cmd {
  return DEVICE_KEYWORDS.has(c.cmd);
}

/** A boolean written true/false or 1/0. */
function boolOf(text: string): boolean | undefined {
  const t = text.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

type Outcome = { ok: true; value?: unknown } | { ok: false; message: string };

/** A `$PORT` setting as the method's parameter value. */
function portValue(key: string, text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  if (BOOLEAN_PORT_FIELDS.has(key)) {
    const b = boolOf(text);
    return b === undefined ? { ok: false, message: `${key} takes true or false, not ${text}` } : { ok: true, value: b };
  }
  if (STRING_PORT_FIELDS.has(key)) return { ok: true, value: text };
  const n = parseStfInteger(text);
  return n === undefined
    ? { ok: false, message: `${key} takes a number, not ${text}` }
    : { ok: true, value: Number(n) };
}

function portParams(port: number, settings: readonly StfSetting[]): Outcome & { params?: Record<string, unknown> } {
  const params: Record<string, unknown> = { port };
  for (const s of settings) {
    const key = PORT_FIELDS[s.name];
    if (key === undefined || key === 'up')
      return { ok: false, message: `${s.name} is not a port setting (${Object.keys(PORT_FIELDS).join(', ')})` };
    const v = portValue(key, s.values.join(','));
    if (!v.ok) return v;
    params[key] = v.value;
  }
  return { ok: true, params };
}

/** The group's settings as actionSelector parameters: members with their status, and the size. */
function groupParams(c: Extract<StfDeviceCommandBody, { cmd: 'selector_group' | 'check_selector_group' }>) {
  let maxSize: number | undefined;
  let members: number[] = [];
  let status: boolean[] | undefined;
  for (const s of c.settings) {
    const key = SELECTOR_FIELDS[s.name];
    if (key === undefined)
      return {
        ok: false as const,
        message: `${s.name} is not a selector group field (max_group_size, action_member_id, action_member_status)`,
      };
    if (key === 'status') {
      const b = s.values.map(boolOf);
      if (b.some((x) => x === undefined))
        return { ok: false as const, message: `${s.name} takes 1/0 or true/false values` };
      status = b as boolean[];
      continue;
    }
    const n = s.values.map((v) => parseStfInteger(v));
    if (n.some((x) => x === undefined)) return { ok: false as const, message: `${s.name} takes numbers` };
    if (key === 'maxSize') maxSize = Number(n[0]);
    else members = n.map(Number);
  }
  if (status !== undefined && status.length !== members.length)
    return { ok: false as const, message: `${status.length} statuses for ${members.length} members` };
  return { ok: true as const, maxSize, members: members.map((m, i) => ({ member: m, active: status?.[i] ?? true })) };
}

/** Runs one command; `refuse` inverts its command's outcome. */
export function runDeviceCommand(t: ControlTarget, c: Cmd): { failures: StfFailure[]; expectation: boolean } {
  const failed = (message: string) => ({
    failures: [{ kind: 'command' as const, line: c.line, message: `${c.cmd}: ${message}` }],
    expectation: c.cmd.startsWith('check_') || c.cmd === 'refuse',
  });
  const passed = { failures: [], expectation: c.cmd.startsWith('check_') || c.cmd === 'refuse' };
  if (c.cmd === 'refuse') {
    const r = apply(t, c.inner);
    return r.ok ? failed(`${c.inner.cmd} was not refused`) : passed;
  }
  const r = apply(t, c);
  return r.ok ? passed : failed(r.message);
}

function apply(t: ControlTarget, c: StfDeviceCommandBody): Outcome {
  const call = (method: string, params: Record<string, unknown>): Outcome => {
    const r = callMethod(t, method, params);
    return r.ok ? { ok: true, value: r.value } : { ok: false, message: r.message };
  };
  switch (c.cmd) {
    case 'port_add':
    case 'port_mod': {
      const p = portParams(c.port, c.settings);
      return p.ok ? call(c.cmd === 'port_add' ? 'port.add' : 'port.modify', p.params ?? {}) : p;
    }
    case 'port_del':
      return call('port.delete', c.port === 'all' ? { all: true } : { port: c.port });
    case 'port_stat_clear':
      return call('port.clearStats', c.port === 'all' ? {} : { port: c.port });
    case 'port_status_notify':
      return call('ports.setStatusNotifications', { enable: c.enable });
    case 'check_port_status': {
      const r = call('ports.statusEvents', {});
      if (!r.ok) return r;
      const events = (r.value as { events: { port: number; up: boolean }[] }).events;
      const hit = events.find((e) => e.port === c.port && e.up === c.up);
      const seen = events.map((e) => `${e.port} ${e.up ? 'up' : 'down'}`).join(', ') || 'none';
      return hit !== undefined
        ? { ok: true }
        : { ok: false, message: `no notification of port ${c.port} going ${c.up ? 'up' : 'down'} (notified: ${seen})` };
    }
    case 'check_port': {
      const key = PORT_FIELDS[c.field];
      if (key === undefined) return { ok: false, message: `${c.field} is not a port field` };
      const r = call('port.get', { port: c.port });
      if (!r.ok) return r;
      const actual = (r.value as Record<string, unknown>)[key];
      return compareValue(c.field, actual, c.op, c.value);
    }
    case 'check_port_stat': {
      const name = PORT_STAT_NAMES.find((n) => n.toLowerCase() === c.field);
      if (name === undefined)
        return { ok: false, message: `${c.field} is not a port counter (${PORT_STAT_NAMES.join(', ')})` };
      const r = call('port.stats', { port: c.port });
      if (!r.ok) return r;
      return compareValue(name, (r.value as Record<string, unknown>)[name], c.op, c.value);
    }
    case 'selector_group': {
      const g = groupParams(c);
      if (!g.ok) return g;
      const { program, selector } = qualified(c.selector);
      const exists = current(t, c.selector, c.group);
      if (!exists.ok) return exists;
      const params = {
        selector,
        ...program,
        group: c.group,
        members: g.members,
        ...(g.maxSize === undefined ? {} : { maxSize: g.maxSize }),
      };
      return call(exists.value === undefined ? 'actionSelector.addGroup' : 'actionSelector.modifyGroup', params);
    }
    case 'check_selector_group': {
      const g = groupParams(c);
      if (!g.ok) return g;
      const r = current(t, c.selector, c.group);
      if (!r.ok) return r;
      if (r.value === undefined) return { ok: false, message: `${c.selector} has no group ${c.group}` };
      const have = r.value;
      if (g.maxSize !== undefined && have.maxSize !== g.maxSize)
        return { ok: false, message: `group ${c.group} max_group_size: ${have.maxSize}, expected ${g.maxSize}` };
      if (!c.settings.some((s) => SELECTOR_FIELDS[s.name] === 'members')) return { ok: true };
      // Members compare as sets (BF Runtime reads them back in its own order), each with its status.
      const show = (ms: readonly { member: number; active: boolean }[]) =>
        [...ms]
          .sort((a, b) => a.member - b.member)
          .map((m) => `${m.member}${m.active ? '' : '(off)'}`)
          .join(',');
      const a = show(have.members);
      const e = show(g.members);
      return a === e
        ? { ok: true }
        : { ok: false, message: `group ${c.group} members: ${a || 'none'}, expected ${e || 'none'}` };
    }
    case 'ghost':
      return call('ghost.round', { pipe: c.pipe, reports: c.reports });
    case 'refuse':
      return { ok: false, message: 'refuse cannot be nested' };
  }
}

interface GroupState {
  readonly maxSize: number;
  readonly members: readonly { member: number; active: boolean }[];
}

/** The group as the selector holds it now (undefined: no such group). */
/** `PROGRAM:SELECTOR` (several programs on one device, docs/stf.md) or a plain name. */
function qualified(name: string): { program: { program?: string }; selector: string } {
  const i = name.indexOf(':');
  return i < 0
    ? { program: {}, selector: name }
    : { program: { program: name.slice(0, i) }, selector: name.slice(i + 1) };
}

function current(
  t: ControlTarget,
  name: string,
  group: number,
): { ok: true; value: GroupState | undefined } | { ok: false; message: string } {
  const { program, selector } = qualified(name);
  const r = callMethod(t, 'actionSelector.dump', { selector, ...program });
  if (!r.ok) return { ok: false, message: r.message };
  const groups = (r.value as { groups: (GroupState & { id: number })[] }).groups;
  return { ok: true, value: groups.find((g) => g.id === group) };
}

function compareValue(field: string, actual: unknown, op: Parameters<typeof compare>[1], text: string): Outcome {
  if (typeof actual === 'string') {
    const same = actual === text;
    const holds = op === '==' ? same : op === '!=' ? !same : undefined;
    if (holds === undefined) return { ok: false, message: `${field} is a name: compare it with == or !=` };
    return holds ? { ok: true } : { ok: false, message: `${field}: ${actual}, expected ${op} ${text}` };
  }
  const a = typeof actual === 'boolean' ? (actual ? 1n : 0n) : typeof actual === 'number' ? BigInt(actual) : undefined;
  const b = boolOf(text) === undefined ? parseStfInteger(text) : boolOf(text) ? 1n : 0n;
  if (a === undefined || b === undefined)
    return { ok: false, message: `${field}: cannot compare ${String(actual)} with ${text}` };
  return compare(a, op, b) ? { ok: true } : { ok: false, message: `${field}: ${a}, expected ${op} ${b}` };
}
