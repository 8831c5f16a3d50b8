// Runs an STF file's commands, in order, against a fresh engine of the loaded pipeline (the
// architecture the module names: engines.ts). Packets are processed to the end as they are
// sent; table, register, counter, mirror and multicast commands go through the control-plane
// methods (runtime/control) that `p4ts ctl` uses. Expectations are checked per port in order:
// the k-th `expect` of a port against the k-th packet out of it. Ports named by no `packet`
// or `expect` are not checked (as p4c's runner), but their packets are listed.

import type { PipelineState } from '../../runtime/arch/pipeline-state.js';
import { type ControlTarget, callMethod } from '../../runtime/control/methods.js';
import type { DigestMessage } from '../../runtime/externs/deparser-externs.js';
import type { P4InfoTable } from '../../runtime/p4info.js';
import { MAX_PORT } from '../../runtime/traffic-manager.js';
import { checkCounter, checkRegister } from './checks.js';
import type { StfCommand, StfFile } from './commands.js';
import type { HeaderLayouts } from './decode.js';
import { isDeviceCommand, runDeviceCommand } from './device-commands.js';
import { checkDigest, type SentDigest } from './digest-checks.js';
import { DigestChecks } from './digests.js';
import { createDeviceEngine, createEngine, type LoadedPipeline, type PacketEngine } from './engines.js';
import { comparePacket } from './expect.js';
import { checkExpectAny } from './expect-any.js';
import { checkHash, hashAlgorithmParams } from './hash-checks.js';
import { describeMismatch } from './mismatch.js';
import { multicastModel } from './multicast.js';
import { isPktgenCommand, type PktgenRunContext, runPktgenCommand } from './pktgen-commands.js';
import { profileModel } from './profiles.js';
import { pickProgram } from './program-names.js';
import type { Expected, StfFailure, StfOutput, StfProgram, StfResult, StfRunOptions } from './run-types.js';
import { resolveTable, stfAction, stfMatch, stfPriority } from './table-entry.js';

export type {
  Expected,
  FieldDifference,
  StfFailure,
  StfFailureKind,
  StfOutput,
  StfProgram,
  StfResult,
  StfRunOptions,
} from './run-types.js';

/** What a command acts on: one program's names, control target and key rules. */
interface ProgramContext {
  readonly name: string;
  readonly p4info: LoadedPipeline['p4info'];
  readonly control: ControlTarget;
  readonly state: PipelineState;
  readonly keyMasks: ReadonlyMap<string, bigint> | undefined;
  readonly sliceBaseWidths: ReadonlyMap<string, bigint> | undefined;
  readonly profiles: ReturnType<typeof profileModel>;
  readonly module: LoadedPipeline;
  readonly headers: HeaderLayouts | undefined;
}

const hexOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

export function runStf(file: StfFile, o: StfRunOptions): StfResult | { error: string } {
  const outputs: StfOutput[] = [];
  let currentLine = 0;
  const digests: SentDigest[] = [];
  // The virtual clock: time moves only by `advance_time` (the packet generator's timers).
  let nowNs = 0;
  // `check_digest` looks at the digests sent so far; `expect_digest` lines are matched in order at the end.
  const digestExpectations = new DigestChecks(o.module.p4info);
  const engineOptions = {
    output: (port: number, frame: Uint8Array) => outputs.push({ port, line: currentLine, frame: frame.slice() }),
    onDigest: (message: DigestMessage) => {
      digests.push({ message, taken: false });
      digestExpectations.receive(message, currentLine);
    },
    clockNs: () => nowNs,
    ...(o.trace === undefined ? {} : { trace: o.trace }),
  };
  const several = o.programs !== undefined && o.programs.length > 1;
  const made = several
    ? createDeviceEngine(o.programs as readonly StfProgram[], engineOptions)
    : createEngine(o.module, engineOptions);
  if (!made.ok) return { error: made.message };
  const engine: PacketEngine = made.value.engine;
  const contexts: ProgramContext[] = several
    ? (o.programs as readonly StfProgram[]).map((p) => {
        const state = engine.control.programs?.get(p.name) as PipelineState;
        // Each program's requests go through the device's control target, naming the program.
        const control: ControlTarget = { ...engine.control, state, programs: undefined };
        return {
          name: p.name,
          p4info: state.p4info,
          control,
          state,
          keyMasks: p.keyMasks,
          sliceBaseWidths: p.sliceBaseWidths,
          profiles: profileModel(control, state.p4info),
          module: p.module,
          headers: p.headers,
        };
      })
    : [
        {
          name: o.module.p4info.program,
          p4info: o.module.p4info,
          control: engine.control,
          state: engine.state,
          keyMasks: o.keyMasks,
          sliceBaseWidths: o.sliceBaseWidths,
          profiles: profileModel(engine.control, o.module.p4info),
          module: o.module,
          headers: o.headers,
        },
      ];
  let ctx = contexts[0] as ProgramContext;
  const failures: StfFailure[] = [];
  const log: { line: number; text: string }[] = [];
  const expected = new Map<number, Expected[]>();
  /** `expect_any` lines, in order: they share the packets out of every port they name. */
  const anyExpected: (Expected & { readonly ports: readonly number[] })[] = [];
  const observed = new Set<number>();
  const entryIds = new Map<string, { table: string; handle: number; ctx: ProgramContext }>();
  const mc = multicastModel(engine.control);
  let expectations = 0;
  let packetsSent = 0;

  const fail = (f: StfFailure) => failures.push(f);
  const call = (c: StfCommand, method: string, params: Record<string, unknown>) => {
    const r = callMethod(engine.control, method, several ? { ...params, program: ctx.name } : params);
    if (!r.ok) fail({ kind: 'command', line: c.line, message: `${c.cmd}: ${r.message}` });
    return r.ok ? r.value : undefined;
  };
  const table = (c: StfCommand, name: string): P4InfoTable | undefined => {
    const t = resolveTable(name, ctx.p4info.tables);
    if (!t.ok) fail({ kind: 'command', line: c.line, message: `${c.cmd}: ${t.message}` });
    return t.ok ? t.value : undefined;
  };
  /** The program serving a port's pipe (port metadata, decoding a packet out). */
  const contextOfPort = (port: number): ProgramContext =>
    contexts.find((x) => x.p4info.pipes?.some((p) => p.hwPipes.includes(port >> 7))) ?? (contexts[0] as ProgramContext);
  const outputsOn = (port: number) => outputs.filter((x) => x.port === port);

  const pktgen: PktgenRunContext = {
    control: engine.control,
    advanceClock: (ns) => {
      nowNs += ns;
    },
  };

  for (const raw of file.commands) {
    if (isPktgenCommand(raw)) {
      // Packets the generator makes belong to the command that let them out.
      currentLine = raw.line;
      const r = runPktgenCommand(pktgen, raw);
      for (const f of r.failures) fail(f);
      if (r.expectation) expectations++;
      continue;
    }
    if (isDeviceCommand(raw)) {
      // Ports are the device's; a selector group is the (first) program's.
      const r = runDeviceCommand(several ? engine.control : (contexts[0] as ProgramContext).control, raw);
      for (const f of r.failures) fail(f);
      if (r.expectation) expectations++;
      continue;
    }
    const picked = several
      ? pickProgram(raw, contexts)
      : { ok: true as const, ctx: contexts[0] as ProgramContext, c: raw };
    if (!picked.ok) {
      fail({ kind: 'command', line: raw.line, message: `${raw.cmd}: ${picked.message}` });
      continue;
    }
    const c = picked.c;
    ctx = picked.ctx;
    const p4info = ctx.p4info;
    const profiles = ctx.profiles;
    switch (c.cmd) {
      case 'program':
        break;
      case 'packet':
        if (c.port > MAX_PORT) {
          fail({
            kind: 'command',
            line: c.line,
            message: `packet: port ${c.port} is not a port (ports are 0..${MAX_PORT})`,
          });
          break;
        }
        observed.add(c.port);
        currentLine = c.line;
        packetsSent++;
        try {
          engine.receive(c.port, c.data);
        } catch (e) {
          fail({ kind: 'command', line: c.line, message: `packet: the pipeline failed: ${(e as Error).message}` });
        }
        break;
      case 'expect': {
        observed.add(c.port);
        const list = expected.get(c.port) ?? [];
        list.push({ line: c.line, data: c.data });
        expected.set(c.port, list);
        break;
      }
      case 'expect_digest':
        digestExpectations.expect({ line: c.line, digest: c.digest, fields: c.fields });
        break;
      case 'expect_any':
        for (const p of c.ports) observed.add(p);
        anyExpected.push({ line: c.line, data: c.data, ports: c.ports });
        break;
      case 'port_metadata':
        ctx = contextOfPort(c.port);
        call(c, 'portMetadata.set', {
          port: c.port,
          ...(c.value === undefined ? { fields: Object.fromEntries(c.fields.map((f) => [f.name, f.value])) } : {}),
          ...(c.value === undefined ? {} : { value: c.value }),
        });
        break;
      case 'port_metadata_delete':
        ctx = contextOfPort(c.port);
        call(c, 'portMetadata.delete', { port: c.port });
        break;
      case 'int_port_loop':
        call(c, 'ports.setInternalLoop', { pipes: c.pipes });
        break;
      case 'hash_configure':
        call(c, 'hash.configure', { hash: c.hash, slices: c.slices });
        break;
      case 'hash_algorithm':
        call(c, 'hash.setAlgorithm', hashAlgorithmParams(c.hash, c.algorithm, c.options));
        break;
      case 'hash_reset':
        call(c, 'hash.reset', { hash: c.hash });
        break;
      case 'check_digest':
        expectations++;
        for (const f of checkDigest(digests, ctx.p4info, several ? ctx.name : undefined, c)) fail(f);
        break;
      case 'check_hash':
        expectations++;
        for (const f of checkHash(ctx.control, c)) fail(f);
        break;
      case 'no_packet': {
        expectations++;
        const pool = new Set(anyExpected.flatMap((e) => e.ports));
        const unaccounted = (outs: StfOutput[], allowed: number) => {
          for (let i = allowed; i < outs.length; i++) {
            const x = outs[i] as StfOutput;
            fail({
              kind: 'no_packet',
              line: c.line,
              port: x.port,
              index: i,
              actual: hexOf(x.frame),
              message: `no_packet: a packet came out of port ${x.port} (from the packet at line ${x.line}) that no expect accounts for`,
            });
          }
        };
        for (const port of new Set(outputs.map((x) => x.port)))
          if (!pool.has(port)) unaccounted(outputsOn(port), expected.get(port)?.length ?? 0);
        unaccounted(
          outputs.filter((x) => pool.has(x.port)),
          anyExpected.length,
        );
        break;
      }
      case 'wait':
      case 'tcam_2bit_mode':
        break;
      case 'add': {
        const profile = resolveTable(c.table, p4info.tables).ok ? undefined : profiles.resolve(c.table);
        if (profile !== undefined) {
          // `add PROFILE ID ACTION(…)`: a member (the Tofino dialect writes its id where a priority goes).
          const r =
            c.priority === undefined
              ? ({ ok: false, message: `${profile} is an action profile: give a member id` } as const)
              : profiles.addMember(profile, c.priority, c.action);
          if (!r.ok) fail({ kind: 'command', line: c.line, message: `add: ${r.message}` });
          break;
        }
        const t = table(c, c.table);
        if (t === undefined) break;
        const match = stfMatch(t, c.keys, ctx.keyMasks, ctx.sliceBaseWidths);
        if (!match.ok) {
          fail({ kind: 'command', line: c.line, message: `add: ${match.message}` });
          break;
        }
        const ref = profiles.entryRef(t, c.action);
        const action = ref ?? stfAction(t, c.action);
        if (!action.ok) {
          fail({ kind: 'command', line: c.line, message: `add: ${action.message}` });
          break;
        }
        const priority = stfPriority(t, c.priority);
        const entry = {
          table: t.name,
          match: match.value,
          ...action.value,
          ...(priority === undefined ? {} : { priority }),
        };
        // Adding a match the table already holds replaces that entry's action, as the Tofino
        // STF harness does (docs/stf.md).
        const added = callMethod(ctx.control, 'table.add', entry);
        const r = (
          added.ok || added.code !== 'DUPLICATE_ENTRY' ? added : callMethod(ctx.control, 'table.modify', entry)
        ) as { ok: boolean; value?: { handle: number }; message?: string };
        if (ref !== undefined) profiles.collect();
        if (!r.ok) {
          fail({ kind: 'command', line: c.line, message: `add: ${r.message}` });
          break;
        }
        if (c.id !== undefined && r.value !== undefined)
          entryIds.set(c.id, { table: t.name, handle: r.value.handle, ctx });
        break;
      }
      case 'setdefault': {
        const t = table(c, c.table);
        if (t === undefined) break;
        const action = stfAction(t, c.action);
        if (!action.ok) fail({ kind: 'command', line: c.line, message: `setdefault: ${action.message}` });
        else call(c, 'table.setDefault', { table: t.name, ...action.value });
        break;
      }
      case 'remove': {
        if (c.id !== undefined) {
          const e = entryIds.get(c.id);
          if (e === undefined)
            fail({ kind: 'command', line: c.line, message: `remove: no entry was added as = ${c.id}` });
          else {
            ctx = e.ctx;
            call(c, 'table.delete', { table: e.table, handle: e.handle });
          }
          break;
        }
        if (c.all) {
          // `remove all` empties every program's tables; `remove TABLE all` the one table.
          for (const x of c.table === undefined ? contexts : [ctx]) {
            ctx = x;
            const tables = c.table === undefined ? x.p4info.tables : [table(c, c.table)].filter((t) => t !== undefined);
            for (const t of tables) {
              const s = x.state.tableByName.get(t.name);
              if (s !== undefined && s.entryCount > 0) call(c, 'table.clear', { table: t.name });
            }
          }
          break;
        }
        const t = table(c, c.table as string);
        if (t === undefined) break;
        const match = stfMatch(t, c.keys, ctx.keyMasks, ctx.sliceBaseWidths);
        if (!match.ok) {
          fail({ kind: 'command', line: c.line, message: `remove: ${match.message}` });
          break;
        }
        const priority = stfPriority(t, c.priority);
        call(c, 'table.delete', { table: t.name, match: match.value, ...(priority === undefined ? {} : { priority }) });
        break;
      }
      case 'check_counter': {
        expectations++;
        const entry = typeof c.index === 'number' ? undefined : entryIds.get(c.index.id);
        const handle = entry?.handle;
        if (entry !== undefined) ctx = entry.ctx;
        if (typeof c.index !== 'number' && handle === undefined) {
          fail({ kind: 'command', line: c.line, message: `check_counter: no entry was added as = ${c.index.id}` });
          break;
        }
        for (const f of checkCounter(ctx.control, c, handle)) fail(f);
        break;
      }
      case 'check_register':
        expectations++;
        for (const f of checkRegister(ctx.control, c)) fail(f);
        break;
      case 'register_read': {
        const r = call(c, 'register.read', { register: c.register, index: c.index }) as
          | { register: string; values: unknown[] }
          | undefined;
        if (r !== undefined)
          log.push({ line: c.line, text: `${r.register}[${c.index}] = ${JSON.stringify(r.values[0])}` });
        break;
      }
      case 'register_write':
        call(c, 'register.write', { register: c.register, index: c.index, value: `0x${c.value.toString(16)}` });
        break;
      case 'register_reset':
        call(c, 'register.reset', { register: c.register });
        break;
      case 'counter_read': {
        const r = call(c, 'counter.read', { counter: c.counter, index: c.index }) as
          | { counter: string; values: unknown[] }
          | undefined;
        if (r !== undefined)
          log.push({ line: c.line, text: `${r.counter}[${c.index}] = ${JSON.stringify(r.values[0])}` });
        break;
      }
      case 'counter_write': {
        call(c, 'counter.write', { counter: c.counter, index: c.index, packets: c.packets, bytes: c.bytes });
        break;
      }
      case 'counter_reset':
        call(c, 'counter.reset', { counter: c.counter });
        break;
      case 'meter_set_rates': {
        const [committed, peak] = c.rates as [{ rate: number; burst: number }, { rate: number; burst: number }];
        // bmv2 gives rates per microsecond; ours are per second.
        const config = { cir: committed.rate * 1e6, cbs: committed.burst, pir: peak.rate * 1e6, pbs: peak.burst };
        if (c.index !== undefined) call(c, 'meter.configure', { meter: c.meter, index: c.index, ...config });
        else {
          const m = [...ctx.state.meterByName.values()].find(
            (x) => x.name === c.meter || x.name.endsWith(`.${c.meter}`),
          );
          if (m === undefined) call(c, 'meter.configure', { meter: c.meter, index: 0, ...config });
          else
            for (let i = 0; i < m.size; i++)
              if (call(c, 'meter.configure', { meter: m.name, index: i, ...config }) === undefined) break;
        }
        break;
      }
      case 'meter_get_rates':
        log.push({ line: c.line, text: `${c.meter}[${c.index}]: rates are write-only in p4ts` });
        break;
      case 'mirroring_add':
        if (engine.tm.mirrorSession(c.session) !== undefined) engine.tm.deleteMirrorSession(c.session);
        call(c, 'mirror.add', { session: c.session, egressPort: c.port });
        break;
      case 'mirroring_delete':
        call(c, 'mirror.delete', { session: c.session });
        break;
      case 'mirroring_get': {
        const s = engine.tm.mirrorSession(c.session);
        log.push({
          line: c.line,
          text:
            s === undefined
              ? `mirror session ${c.session}: none`
              : s.multicastGroup === undefined
                ? `mirror session ${c.session}: port ${s.egressPort}`
                : `mirror session ${c.session}: multicast group ${s.multicastGroup}`,
        });
        break;
      }
      case 'mirroring_add_mc':
        if (engine.tm.mirrorSession(c.session) !== undefined) engine.tm.deleteMirrorSession(c.session);
        call(c, 'mirror.add', { session: c.session, group: c.group });
        break;
      case 'mc_mgrp_create':
      case 'mc_mgrp_destroy':
      case 'mc_node_create':
      case 'mc_node_update':
      case 'mc_node_destroy':
      case 'mc_node_associate':
      case 'mc_node_dissociate': {
        const r = mc.apply(c);
        if (!r.ok) fail({ kind: 'command', line: c.line, message: `${c.cmd}: ${r.message}` });
        break;
      }
      case 'selector': {
        const r = profiles.editGroup(profiles.resolve(c.profile) ?? c.profile, c.group, c.op, c.members);
        if (!r.ok) fail({ kind: 'command', line: c.line, message: `selector: ${r.message}` });
        break;
      }
    }
    // Members made for entries go once no entry names them.
    if (c.cmd === 'remove') for (const x of contexts) x.profiles.collect();
  }

  expectations += digestExpectations.check(fail);
  const pooled = checkExpectAny(anyExpected, outputs, expected, o, fail);
  expectations += anyExpected.length;
  // Per port, in order: the k-th expect against the k-th packet out.
  for (const [port, list] of expected) {
    const outs = outputsOn(port);
    list.forEach((e, i) => {
      expectations++;
      const x = outs[i];
      if (x === undefined) {
        fail({
          kind: 'packet_missing',
          line: e.line,
          port,
          index: i,
          message: `expected packet #${i + 1} on port ${port}, none came out (${outs.length} did)`,
        });
        return;
      }
      if (e.data === undefined) return;
      const d = comparePacket(e.data, x.frame);
      if (d !== undefined) {
        const owner = contextOfPort(port);
        const decodeWith = {
          ...o,
          module: owner.module,
          ...(owner.headers === undefined ? {} : { headers: owner.headers }),
        };
        fail(describeMismatch(e.line, port, i, e.data, x, d, decodeWith));
      }
    });
    // A port whose last expect has no data takes any number of packets, as p4c's runner
    // (bmv2stf.py) stops counting such a port (docs/stf.md, "The language").
    if (list[list.length - 1]?.data === undefined) continue;
    for (let i = list.length; i < outs.length; i++) {
      const x = outs[i] as StfOutput;
      fail({
        kind: 'unexpected_packet',
        line: x.line,
        port,
        index: i,
        actual: hexOf(x.frame),
        message: `port ${port}: packet #${i + 1} came out (from the packet at line ${x.line}) and no expect waits for it`,
      });
    }
  }
  for (const port of observed) {
    if (expected.has(port) || pooled.has(port)) continue;
    for (const [i, x] of outputsOn(port).entries())
      fail({
        kind: 'unexpected_packet',
        line: x.line,
        port,
        index: i,
        actual: hexOf(x.frame),
        message: `port ${port}: packet #${i + 1} came out (from the packet at line ${x.line}) and no expect waits for it`,
      });
  }
  failures.sort((a, b) => a.line - b.line);
  const unchecked = [...new Set(outputs.map((x) => x.port))].filter((p) => !observed.has(p)).sort((a, b) => a - b);
  return {
    file: file.file,
    arch: engine.arch,
    expectations,
    failures,
    packetsSent,
    outputs,
    unchecked,
    log,
    engineStats: engine.stats(),
  };
}
