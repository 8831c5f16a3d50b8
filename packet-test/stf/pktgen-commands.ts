// Runs the STF's packet-generator commands (parse-pktgen.ts) through the control plane's
// pktgen.*, port.setLink and valueSet.set methods: BF-RT's field names (docs/stf.md, "Packet
// generator") turned into the methods' parameters, and `check_pktgen` against `pktgen.app`.

import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import { compare } from './checks.js';
import type { StfField, StfPktgenCommand } from './commands.js';
import type { StfFailure } from './runner.js';
import { parseStfInteger } from './tokens.js';

type Cmd = StfPktgenCommand & { readonly line: number };

/** Generated packets one `advance_time` may make before the run is called a runaway. */
const ADVANCE_BUDGET = 1_000_000;

const TRIGGERS: Readonly<Record<string, string>> = {
  trigger_timer_one_shot: 'timer_one_shot',
  trigger_timer_periodic: 'timer_periodic',
  trigger_port_down: 'port_down',
  trigger_recirc_pattern: 'recirc_pattern',
  trigger_dprsr: 'deparser',
};

/** BF-RT app_cfg field → [pktgen.configureApp parameter, BF-RT value → parameter value]. */
const APP_FIELDS: Readonly<Record<string, readonly [string, (v: bigint) => unknown]>> = {
  timer_nanosec: ['timerNs', Number],
  pkt_len: ['packetLength', Number],
  pkt_buffer_offset: ['bufferOffset', Number],
  // BF-RT counts batches and packets from zero (0 makes one).
  batch_count_cfg: ['batches', (v) => Number(v) + 1],
  packets_per_batch_cfg: ['packetsPerBatch', (v) => Number(v) + 1],
  ipg: ['ipgNs', Number],
  ibg: ['ibgNs', Number],
  pattern_value: ['patternValue', (v) => `0x${v.toString(16)}`],
  pattern_mask: ['patternMask', (v) => `0x${v.toString(16)}`],
  assigned_chnl_id: ['channel', Number],
  port_mask_sel: ['portMaskSelect', Number],
  app_enable: ['enabled', (v) => v !== 0n],
};

const COUNTER_FIELDS: Readonly<Record<string, string>> = {
  trigger_counter: 'triggers',
  batch_counter: 'batches',
  pkt_counter: 'packets',
};

const PORT_FIELDS: Readonly<Record<string, string>> = {
  pktgen_enable: 'generate',
  pattern_matching_enable: 'patternMatch',
  clear_port_down_enable: 'clearPortDown',
};

function valueOf(f: StfField): bigint | undefined {
  if (f.value === 'true') return 1n;
  if (f.value === 'false') return 0n;
  return parseStfInteger(f.value);
}

/** An app_cfg field's value as `pktgen.app` reports it, in BF-RT's terms. */
function readField(app: Record<string, unknown>, field: string): bigint | undefined {
  const counter = COUNTER_FIELDS[field];
  if (counter !== undefined) return BigInt((app.counters as Record<string, number>)[counter] as number);
  const m = APP_FIELDS[field];
  if (m === undefined) return undefined;
  const v = app[m[0]];
  if (typeof v === 'boolean') return v ? 1n : 0n;
  if (typeof v === 'string') return BigInt(v);
  const n = BigInt(v as number);
  return field === 'batch_count_cfg' || field === 'packets_per_batch_cfg' ? n - 1n : n;
}

const COMMANDS = new Set<string>([
  'pktgen_app_cfg',
  'pktgen_port_cfg',
  'pktgen_pkt_buffer',
  'pktgen_port_mask',
  'check_pktgen',
  'port_down',
  'port_up',
  'advance_time',
  'value_set',
]);

export function isPktgenCommand(c: { readonly cmd: string; readonly line: number }): c is Cmd {
  return COMMANDS.has(c.cmd);
}

export interface PktgenRunContext {
  readonly control: ControlTarget;
  /** Moves the STF's virtual clock on by `ns`. */
  advanceClock(ns: number): void;
}

/** Runs one command; returns its failures and whether it was an expectation. */
export function runPktgenCommand(ctx: PktgenRunContext, c: Cmd): { failures: StfFailure[]; expectation: boolean } {
  const failures: StfFailure[] = [];
  const fail = (message: string) => failures.push({ kind: 'command', line: c.line, message: `${c.cmd}: ${message}` });
  const call = (method: string, params: Record<string, unknown>) => {
    const r = callMethod(ctx.control, method, params);
    if (!r.ok) fail(r.message);
    return r.ok ? (r.value as Record<string, unknown>) : undefined;
  };
  switch (c.cmd) {
    case 'pktgen_app_cfg': {
      const params: Record<string, unknown> = { app: c.app };
      if (c.action !== undefined) {
        const trigger = TRIGGERS[c.action];
        if (trigger === undefined) {
          fail(`${c.action} is not one of ${Object.keys(TRIGGERS).join(', ')}`);
          break;
        }
        params.trigger = trigger;
      }
      const counters: Record<string, number> = {};
      for (const f of c.fields) {
        const v = valueOf(f);
        const m = APP_FIELDS[f.name];
        if (v === undefined) fail(`${f.name}: ${f.value} is not a number`);
        else if (f.name === 'pipe') params.pipe = Number(v);
        else if (COUNTER_FIELDS[f.name] !== undefined) counters[COUNTER_FIELDS[f.name] as string] = Number(v);
        else if (m !== undefined) params[m[0]] = m[1](v);
        else fail(`app_cfg has no field ${f.name}`);
      }
      if (failures.length > 0) break;
      if (Object.keys(counters).length > 0) params.counters = counters;
      call('pktgen.configureApp', params);
      break;
    }
    case 'pktgen_port_cfg': {
      const params: Record<string, unknown> = { port: c.port };
      for (const f of c.fields) {
        const name = PORT_FIELDS[f.name];
        if (name === undefined) fail(`port_cfg has no field ${f.name} (${Object.keys(PORT_FIELDS).join(', ')})`);
        else params[name] = valueOf(f) !== 0n;
      }
      if (failures.length === 0) call('pktgen.configurePort', params);
      break;
    }
    case 'pktgen_pkt_buffer':
      call('pktgen.writeBuffer', { offset: c.offset, data: Buffer.from(c.data).toString('hex') });
      break;
    case 'pktgen_port_mask':
      call('pktgen.setPortMask', { select: c.select, mask: c.mask, ...(c.pipe === undefined ? {} : { pipe: c.pipe }) });
      break;
    case 'check_pktgen': {
      const app = call('pktgen.app', { app: c.app, ...(c.pipe === undefined ? {} : { pipe: c.pipe }) });
      if (app === undefined) break;
      const actual = readField(app, c.field);
      if (actual === undefined) fail(`app_cfg has no field ${c.field}`);
      else if (!compare(actual, c.op, c.value)) {
        const where = `app ${c.app}${c.pipe === undefined ? '' : ` pipe ${c.pipe}`}`;
        failures.push({
          kind: 'counter',
          line: c.line,
          expected: `${c.op} ${c.value}`,
          actual: String(actual),
          message: `check_pktgen ${where} ${c.field}: ${actual}, expected ${c.op} ${c.value}`,
        });
      }
      return { failures, expectation: true };
    }
    case 'port_down':
    case 'port_up':
      call('port.setLink', { port: c.port, up: c.cmd === 'port_up' });
      break;
    case 'advance_time': {
      ctx.advanceClock(c.ns);
      if (ctx.control.pktgen?.run(ADVANCE_BUDGET) === false)
        fail(`the packet generator made more than ${ADVANCE_BUDGET} packets; lower its rate or advance less`);
      break;
    }
    case 'value_set': {
      // A field written without a mask in a member that masks another field matches exactly.
      const vs = [...ctx.control.state.valueSetByName.entries()].find(
        ([n]) => n === c.name || n.endsWith(`.${c.name}`),
      )?.[1];
      const full = (i: number) => `0x${((1n << BigInt(vs?.widths[i] ?? 0)) - 1n).toString(16)}`;
      const members = c.members.map((m) =>
        m.some((f) => f.mask !== undefined)
          ? { value: m.map((f) => f.value), mask: m.map((f, i) => f.mask ?? full(i)) }
          : { value: m.map((f) => f.value) },
      );
      call('valueSet.set', { valueSet: c.name, members });
      break;
    }
  }
  return { failures, expectation: false };
}
