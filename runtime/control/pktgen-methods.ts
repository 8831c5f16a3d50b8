// Control-plane methods of Tofino's packet generator (runtime/arch/tna-pktgen.ts), shaped after
// BF-RT's pktgen.app_cfg, pktgen.pkt_buffer, pktgen.port_cfg and pktgen.port_mask tables, and
// `port.setLink` (a port going down triggers port_down apps). docs/control-plane.md, "Packet
// generator". Each method checks everything before it changes anything.

import type { PktgenControl } from '../arch/tna.js';
import { PKTGEN_TRIGGERS, type PktgenAppConfig, type PktgenCounters, type PktgenTrigger } from '../arch/tna-pktgen.js';
import { describeValue, err, ok } from '../result.js';
import { parseInteger } from './json-values.js';
import { type CResult, type Params, requireInt } from './params.js';

/** What the methods need: the switch's generator, when it runs a TNA pipeline. */
export interface PktgenTarget {
  readonly pktgen?: PktgenControl;
  /** The device's ports: a link change is a port status change (runtime/ports/device-ports.ts). */
  readonly tm?: { readonly macs: { linkChanged(port: number): void } };
}

function generatorOf(t: PktgenTarget): CResult<PktgenControl> {
  return t.pktgen === undefined
    ? err('METHOD_NOT_FOUND', 'this switch has no packet generator (it is a Tofino feature: run a TNA pipeline)')
    : ok(t.pktgen);
}

function optionalPipe(p: Params): CResult<number | undefined> {
  if (p.pipe === undefined) return ok(undefined);
  const r = requireInt(p, 'pipe', 0, 3, 'BAD_PKTGEN_CONFIG');
  return r.ok ? ok(r.value) : r;
}

function optionalBool(p: Params, key: string): CResult<boolean | undefined> {
  const v = p[key];
  if (v === undefined || typeof v === 'boolean') return ok(v);
  return err('BAD_PKTGEN_CONFIG', `"${key}" must be true or false, got ${describeValue(v)}`);
}

const NUMBER_FIELDS = [
  'timerNs',
  'packetLength',
  'bufferOffset',
  'batches',
  'packetsPerBatch',
  'ipgNs',
  'ibgNs',
  'channel',
  'portMaskSelect',
] as const;

/** The configuration `p` makes of `was`: fields it names replace, the rest stay. */
function mergeConfig(was: PktgenAppConfig, p: Params): CResult<PktgenAppConfig> {
  const c: { -readonly [K in keyof PktgenAppConfig]: PktgenAppConfig[K] } = { ...was };
  if (p.trigger !== undefined) {
    if (!PKTGEN_TRIGGERS.includes(p.trigger as PktgenTrigger))
      return err(
        'BAD_PKTGEN_CONFIG',
        `trigger ${describeValue(p.trigger)} is not one of ${PKTGEN_TRIGGERS.join(', ')}`,
      );
    c.trigger = p.trigger as PktgenTrigger;
  }
  for (const k of NUMBER_FIELDS) {
    const v = p[k];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isInteger(v))
      return err('BAD_PKTGEN_CONFIG', `"${k}" must be an integer, got ${describeValue(v)}`);
    c[k] = v;
  }
  for (const k of ['patternValue', 'patternMask'] as const) {
    if (p[k] === undefined) continue;
    const v = parseInteger(p[k]);
    if (v === undefined) return err('BAD_PKTGEN_CONFIG', `"${k}" ${describeValue(p[k])} is not a number or hex string`);
    c[k] = v;
  }
  const enabled = optionalBool(p, 'enabled');
  if (!enabled.ok) return enabled;
  if (enabled.value !== undefined) c.enabled = enabled.value;
  return ok(c);
}

function countersOf(p: Params): CResult<Partial<PktgenCounters> | undefined> {
  const v = p.counters;
  if (v === undefined) return ok(undefined);
  if (v === null || typeof v !== 'object' || Array.isArray(v))
    return err('BAD_PKTGEN_CONFIG', '"counters" must be an object of {triggers, batches, packets}');
  const out: Partial<PktgenCounters> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k !== 'triggers' && k !== 'batches' && k !== 'packets')
      return err('BAD_PKTGEN_CONFIG', `counters has no field ${k} (triggers, batches, packets)`);
    if (typeof x !== 'number') return err('BAD_PKTGEN_CONFIG', `counters.${k} must be a number`);
    out[k] = x;
  }
  return ok(out);
}

function appJson(app: number, pipe: number | undefined, config: PktgenAppConfig, counters: PktgenCounters) {
  return {
    app,
    ...(pipe === undefined ? {} : { pipe }),
    ...config,
    patternValue: `0x${config.patternValue.toString(16)}`,
    patternMask: `0x${config.patternMask.toString(16)}`,
    counters,
  };
}

/**
 * pktgen.configureApp {app, pipe?, trigger?, timerNs?, packetLength?, bufferOffset?, batches?,
 * packetsPerBatch?, ipgNs?, ibgNs?, patternValue?, patternMask?, channel?, portMaskSelect?,
 * enabled?, counters?}: changes the named fields of the app in `pipe` (every pipe when absent).
 */
export function pktgenConfigureApp(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const gen = g.value.generator;
  const app = requireInt(p, 'app', 0, gen.appsPerPipe - 1, 'BAD_PKTGEN_CONFIG');
  if (!app.ok) return app;
  const pipe = optionalPipe(p);
  if (!pipe.ok) return pipe;
  const counters = countersOf(p);
  if (!counters.ok) return counters;
  const pipes = pipe.value === undefined ? [0, 1, 2, 3] : [pipe.value];
  const configs: PktgenAppConfig[] = [];
  for (const q of pipes) {
    const was = gen.app(app.value, q);
    if (!was.ok) return was;
    const c = mergeConfig(was.value.config, p);
    if (!c.ok) return c;
    const why = gen.check(c.value);
    if (why !== undefined) return err('BAD_PKTGEN_CONFIG', why);
    configs.push(c.value);
  }
  for (const [i, q] of pipes.entries()) {
    const r = gen.configure(app.value, q, configs[i] as PktgenAppConfig, counters.value);
    if (!r.ok) return r;
  }
  g.value.run();
  return pktgenApp(t, { app: app.value, ...(pipe.value === undefined ? {} : { pipe: pipe.value }) });
}

/** pktgen.app {app, pipe?}: the configuration (pipe 0's when no pipe) and counters (summed over the pipes when no pipe). */
export function pktgenApp(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const app = requireInt(p, 'app', 0, g.value.generator.appsPerPipe - 1, 'BAD_PKTGEN_CONFIG');
  if (!app.ok) return app;
  const pipe = optionalPipe(p);
  if (!pipe.ok) return pipe;
  const r = g.value.generator.app(app.value, pipe.value);
  if (!r.ok) return r;
  return ok(appJson(app.value, pipe.value, r.value.config, r.value.counters));
}

/** pktgen.enableApp / pktgen.disableApp {app, pipe?}. */
export function pktgenEnableApp(enabled: boolean) {
  return (t: PktgenTarget, p: Params): CResult<unknown> => {
    if (p.enabled !== undefined) return err('BAD_PKTGEN_CONFIG', '"enabled" is the method itself here');
    const { app, pipe } = p;
    return pktgenConfigureApp(t, { app, ...(pipe === undefined ? {} : { pipe }), enabled });
  };
}

function bytesOfHex(v: unknown): Uint8Array | undefined {
  if (typeof v !== 'string') return undefined;
  const h = v.replace(/^0x/i, '').replace(/[\s:]/g, '');
  if (h.length % 2 !== 0 || !/^[0-9a-f]*$/i.test(h)) return undefined;
  return Uint8Array.from(Buffer.from(h, 'hex'));
}

/** pktgen.writeBuffer {offset, data: "hex", pipe?}. */
export function pktgenWriteBuffer(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const offset = requireInt(p, 'offset', 0, 16383, 'BAD_PKTGEN_CONFIG');
  if (!offset.ok) return offset;
  const data = bytesOfHex(p.data);
  if (data === undefined || data.length === 0)
    return err('BAD_PKTGEN_CONFIG', `"data" must be a non-empty hex string of bytes, got ${describeValue(p.data)}`);
  const pipe = optionalPipe(p);
  if (!pipe.ok) return pipe;
  const r = g.value.generator.writeBuffer(offset.value, data, pipe.value);
  return r.ok ? ok({ offset: offset.value, length: data.length }) : r;
}

/** pktgen.readBuffer {offset, length, pipe?}: {data: "hex"}. */
export function pktgenReadBuffer(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const offset = requireInt(p, 'offset', 0, 16383, 'BAD_PKTGEN_CONFIG');
  if (!offset.ok) return offset;
  const length = requireInt(p, 'length', 1, 16384, 'BAD_PKTGEN_CONFIG');
  if (!length.ok) return length;
  const pipe = optionalPipe(p);
  if (!pipe.ok) return pipe;
  const r = g.value.generator.readBuffer(offset.value, length.value, pipe.value);
  return r.ok ? ok({ offset: offset.value, data: Buffer.from(r.value).toString('hex') }) : r;
}

/** pktgen.configurePort {port, generate?, patternMatch?, clearPortDown?}. */
export function pktgenConfigurePort(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const port = requireInt(p, 'port', 0, 511, 'INVALID_PORT');
  if (!port.ok) return port;
  const o: { generate?: boolean; patternMatch?: boolean; clearPortDown?: boolean } = {};
  for (const k of ['generate', 'patternMatch', 'clearPortDown'] as const) {
    const v = optionalBool(p, k);
    if (!v.ok) return v;
    if (v.value !== undefined) o[k] = v.value;
  }
  const r = g.value.generator.configurePort(port.value, o);
  if (!r.ok) return r;
  g.value.run();
  return ok({ port: port.value, ...r.value });
}

/** pktgen.port {port}: the port's generator settings. */
export function pktgenPort(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const port = requireInt(p, 'port', 0, 511, 'INVALID_PORT');
  if (!port.ok) return port;
  return ok({ port: port.value, ...g.value.generator.port(port.value) });
}

/** pktgen.setPortMask {select, mask, pipe?} (Tofino 2): bit n of the 72-bit mask is local port n. */
export function pktgenSetPortMask(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const select = requireInt(p, 'select', 0, 1, 'BAD_PKTGEN_CONFIG');
  if (!select.ok) return select;
  const mask = parseInteger(p.mask);
  if (mask === undefined)
    return err('BAD_PKTGEN_CONFIG', `"mask" ${describeValue(p.mask)} is not a number or hex string`);
  const pipe = optionalPipe(p);
  if (!pipe.ok) return pipe;
  const r = g.value.generator.setPortMask(select.value, mask, pipe.value);
  return r.ok ? ok({ select: select.value, mask: `0x${mask.toString(16)}` }) : r;
}

/** port.setLink {port, up}: a port going down triggers the port_down apps (once, until cleared). */
export function portSetLink(t: PktgenTarget, p: Params): CResult<unknown> {
  const g = generatorOf(t);
  if (!g.ok) return g;
  const port = requireInt(p, 'port', 0, 511, 'INVALID_PORT');
  if (!port.ok) return port;
  if (typeof p.up !== 'boolean') return err('INVALID_PARAMS', `"up" must be true or false, got ${describeValue(p.up)}`);
  const changed = g.value.generator.setLink(port.value, p.up);
  if (changed) t.tm?.macs.linkChanged(port.value);
  g.value.run();
  return ok({ port: port.value, up: p.up, changed });
}
