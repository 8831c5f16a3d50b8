// The switch process core: loads a pipeline (a build directory's pipeline.js + p4info.json, or
// a module in memory), opens one UDP socket per front-panel port (the recirculation port stays
// internal), runs every received frame through the TNA engine (and, every millisecond, the
// packets the TNA packet generator has due), serves the control plane, and optionally writes
// pcap files and a JSON-lines trace. Bad frames, bad requests and failures
// inside generated code are counted, never fatal. `bin/commands/switch.ts` is its CLI.

import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Logger, pino } from 'pino';
import type { Framing } from '../wire/framing.js';
import { type PeerAddress, UdpPort } from '../wire/udp-port.js';
import { checkDevicePrograms, placeProgram } from './arch/device-programs.js';
import { startIdleSweeper } from './arch/idle-sweep.js';
import { buildPipelineState, type PipelineState } from './arch/pipeline-state.js';
import { PsaEngine } from './arch/psa.js';
import { TnaEngine } from './arch/tna.js';
import { V1ModelEngine } from './arch/v1model.js';
import type { ControlTarget } from './control/methods.js';
import { type ControlServer, startControlServer } from './control/server.js';
import type { DigestMessage } from './externs/deparser-externs.js';
import { loadP4Info, type P4Info } from './p4info.js';
import type { AnyPipelineModule, PipelineModule } from './pipeline-module.js';
import type { ImpairSpec } from './ports/impairment-spec.js';
import { PortCapture } from './ports/pcap-writer.js';
import { PortImpairments } from './ports/port-impairments.js';
import { err, ok, type Result } from './result.js';
import { JsonLinesTraceSink } from './trace/json-lines.js';
import type { TraceSink } from './trace/trace-sink.js';
import { MAX_PORT, TrafficManager } from './traffic-manager.js';

export interface SwitchPortConfig {
  /** Where the port's socket listens (address default 127.0.0.1, port 0 = any). */
  readonly bind?: Partial<PeerAddress>;
  /**
   * The host's socket: the port sends to it and accepts frames from it only. Without one the
   * port is dark until RunningSwitch.setPeer names it (it never adopts whoever sends first).
   */
  readonly peer?: PeerAddress;
  readonly framing?: Framing;
}

/** One of several programs on the device (docs/multi-pipe.md): a build directory or a module, and its pipes. */
export interface SwitchProgram {
  /** How the control plane names it (default: its p4info's program name). */
  readonly name?: string;
  readonly pipeline: AnyPipelineModule | string;
  /** The hardware pipes it serves (0..3); the programs' pipes are disjoint and cover all four. */
  readonly pipes: readonly number[];
}

export interface SwitchOptions {
  /** The program, serving every pipe; or give `programs` instead. */
  readonly pipeline?: AnyPipelineModule | string;
  /** Several TNA programs on one device, each serving its pipes (instead of `pipeline`). */
  readonly programs?: readonly SwitchProgram[];
  readonly ports: Readonly<Record<number, SwitchPortConfig>>;
  /** The control plane's address (default 127.0.0.1:0); `false` for none. */
  readonly control?: { readonly host?: string; readonly port?: number; readonly token?: string } | false;
  readonly pcapDir?: string;
  readonly traceFile?: string;
  /** An in-process trace sink (tests); ignored when traceFile is given. */
  readonly trace?: TraceSink;
  readonly logger?: Logger;
  readonly maxReentries?: number;
  /** Refuse a second RegisterAction on one register in one pass (drop 'register_rule'); default off. */
  readonly strict?: boolean;
  /** Period of the idle-timeout sweep in ms (tables with `idle_timeout = true`); default 100. */
  readonly idleSweepMs?: number;
  /** Impairments set from the start (targets: `all` or port numbers), docs/faults.md. */
  readonly impairments?: readonly ImpairSpec[];
  /**
   * Pipes (bit p for pipe p) whose ports loop back into the ingress, as tofino-model's
   * `--int-port-loop` (TNA only; docs/multi-pipe.md). No --port may lie in such a pipe.
   */
  readonly internalPortLoop?: number;
}

export interface SwitchStats {
  /** Frames shorter than an Ethernet header (14 bytes), dropped before the parser. */
  malformedFrames: number;
  /** Frames the engine sent to a port without a socket (e.g. the CPU port when not bound). */
  unconnectedDrops: number;
  /** Exceptions thrown by generated code (the packet is lost; the switch goes on). */
  pipelineErrors: number;
  droppedNotifications: number;
  registerRuleViolations: number;
  engine: TnaEngine['stats'];
  ports: Record<number, UdpPort['counters'] & { impairment?: ReturnType<PortImpairments['countersOf']> }>;
}

export interface RunningSwitch {
  /** The program's name (several programs: their names joined by '+'). */
  readonly program: string;
  /** Several programs: each name and the pipes it serves. */
  readonly programs?: readonly { readonly name: string; readonly pipes: readonly number[] }[];
  readonly ports: ReadonlyMap<number, PeerAddress>;
  readonly control: PeerAddress | undefined;
  readonly engine: TnaEngine | V1ModelEngine | PsaEngine;
  /** Cables port `n` to `peer` (the only sender it then accepts); false for an unknown port. */
  setPeer(n: number, peer: PeerAddress): boolean;
  /** The ports' impairments (set, clear, log); docs/faults.md. */
  readonly impairments: PortImpairments;
  stats(): SwitchStats;
  close(): Promise<void>;
}

/** Resolves an impair spec's targets (`all` or port numbers) against the switch's ports. */
export function impairTargets(spec: ImpairSpec, ports: readonly number[]): Result<number[], 'BAD_CONFIG'> {
  if (spec.targets.includes('all')) return ok([...ports]);
  const out: number[] = [];
  for (const t of spec.targets) {
    const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
    if (!ports.includes(n))
      return err('BAD_CONFIG', `impairment target ${t} is not a port of this switch (${ports.join(', ')})`);
    out.push(n);
  }
  return ok(out);
}

export type SwitchErrorCode = 'BAD_PIPELINE' | 'BAD_CONFIG' | 'BIND_FAILED' | 'TOKEN_REQUIRED';

const ETHERNET_HEADER_BYTES = 14;
/** How often the packet generator's due packets are let in, and at most how many per tick. */
const PKTGEN_TICK_MS = 1;
const PKTGEN_TICK_BUDGET = 10_000;

/** Loads BUILD_DIR/pipeline.js and BUILD_DIR/p4info.json into a pipeline module (TNA or v1model). */
export async function loadPipeline(buildDir: string): Promise<Result<AnyPipelineModule, 'BAD_PIPELINE'>> {
  const dir = resolve(buildDir);
  const js = join(dir, 'pipeline.js');
  if (!existsSync(js))
    return err('BAD_PIPELINE', `${js} does not exist (compile the program with p4ts compile -o ${buildDir})`);
  const info = loadP4Info(join(dir, 'p4info.json'));
  if (!info.ok) return err('BAD_PIPELINE', info.message);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(js).href)) as Record<string, unknown>;
  } catch (e) {
    return err('BAD_PIPELINE', `cannot load ${js}: ${(e as Error).message}`);
  }
  const m = (
    mod.default !== undefined && typeof (mod.default as { create?: unknown }).create === 'function' ? mod.default : mod
  ) as Record<string, unknown>;
  if (m.arch !== 'tna' && m.arch !== 'v1model' && m.arch !== 'psa')
    return err(
      'BAD_PIPELINE',
      `${js}: arch is ${String(m.arch)}, this switch runs 'tna', 'v1model' and 'psa' pipelines`,
    );
  if (info.value.arch !== m.arch)
    return err('BAD_PIPELINE', `${js} is a ${String(m.arch)} pipeline but p4info.json says ${info.value.arch}`);
  if (typeof m.create !== 'function') return err('BAD_PIPELINE', `${js} exports no create(services) function`);
  const embedded = m.p4info as P4Info | undefined;
  if (embedded !== undefined && embedded.program !== info.value.program)
    return err('BAD_PIPELINE', `${js} is program ${embedded.program} but p4info.json is ${info.value.program}`);
  const create = m.create as never;
  return ok(
    m.arch === 'tna'
      ? { arch: 'tna', p4info: info.value, create }
      : m.arch === 'psa'
        ? { arch: 'psa', p4info: info.value, create }
        : { arch: 'v1model', p4info: info.value, create },
  );
}

/** A program's tables, registers, counters and digests as `switch.info` lists them. */
function objectsOf(info: P4Info) {
  return {
    tables: info.tables.map((t) => ({
      name: t.name,
      keys: t.keys.map((k) => ({ name: k.name, width: k.width, matchKind: k.matchKind })),
      actions: t.actions.map((a) => a.name),
      size: t.size,
    })),
    registers: info.registers.map((r) => ({ name: r.name, size: r.size, width: r.width })),
    counters: info.counters.map((c) => c.name),
    digests: info.digests.map((d) => ({ name: d.name, fields: d.fields })),
  };
}

function checkPorts(ports: SwitchOptions['ports'], p4info: P4Info): string | undefined {
  const recirc = new Set(p4info.ports.recirculation);
  const keys = Object.keys(ports);
  if (keys.length === 0) return 'no ports: give at least one --port N=HOST:PORT';
  for (const k of keys) {
    const n = Number(k);
    if (!Number.isInteger(n) || n < 0 || n > MAX_PORT) return `port ${k} is not in 0..${MAX_PORT}`;
    if (recirc.has(n)) return `port ${n} is a recirculation port, internal to the switch`;
    const f = ports[n]?.framing;
    if (f !== undefined && f !== 'single' && f !== 'batched')
      return `port ${n}: framing ${String(f)} is not single or batched`;
  }
  return undefined;
}

/** The device's programs, loaded, named and placed on their pipes (one program: all pipes). */
async function loadPrograms(o: SwitchOptions): Promise<Result<LoadedProgram[], SwitchErrorCode>> {
  if ((o.pipeline === undefined) === (o.programs === undefined))
    return err('BAD_CONFIG', 'give either one pipeline or several programs');
  const specs = o.programs ?? [{ pipeline: o.pipeline as AnyPipelineModule | string, pipes: [] }];
  const out: LoadedProgram[] = [];
  for (const spec of specs) {
    let module: AnyPipelineModule;
    if (typeof spec.pipeline === 'string') {
      const m = await loadPipeline(spec.pipeline);
      if (!m.ok) return m;
      module = m.value;
    } else module = spec.pipeline;
    out.push({ name: spec.name ?? module.p4info.program, module, pipes: spec.pipes });
  }
  if (o.programs === undefined) return ok(out);
  const placed = checkDevicePrograms(out);
  if (!placed.ok) return err('BAD_CONFIG', placed.message);
  return ok(out.map((p) => ({ ...p, info: placeProgram(p.module.p4info, p.pipes) })));
}

interface LoadedProgram {
  readonly name: string;
  readonly module: AnyPipelineModule;
  readonly pipes: readonly number[];
  /** Several programs: the p4info re-pointed at the program's pipes. */
  readonly info?: P4Info;
}

export async function startSwitch(o: SwitchOptions): Promise<Result<RunningSwitch, SwitchErrorCode>> {
  const log = (o.logger ?? pino({ level: 'silent' })).child({ component: 'switch' });
  const loaded = await loadPrograms(o);
  if (!loaded.ok) return loaded;
  const several = o.programs !== undefined;
  const module = (loaded.value[0] as LoadedProgram).module;
  const why = checkPorts(o.ports, module.p4info);
  if (why !== undefined) return err('BAD_CONFIG', why);
  const states: PipelineState[] = [];
  for (const p of loaded.value) {
    const state = buildPipelineState(p.info ?? p.module.p4info);
    if (!state.ok) return err('BAD_PIPELINE', several ? `program ${p.name}: ${state.message}` : state.message);
    states.push(state.value);
  }
  const firstState = states[0] as PipelineState;
  const programNames = loaded.value.map((p) => p.name);

  const portNumbers = Object.keys(o.ports).map(Number);
  const tm = new TrafficManager({
    frontPanel: new Set(portNumbers),
    recirculation: new Set(module.p4info.ports.recirculation),
    cpu: module.p4info.ports.cpu,
  });
  const loop = o.internalPortLoop ?? 0;
  if (loop !== 0) {
    if (module.arch !== 'tna') return err('BAD_CONFIG', 'internal port loops are a Tofino (TNA) feature');
    const inLoop = portNumbers.find((n) => (loop >> (n >> 7)) & 1);
    if (inLoop !== undefined)
      return err('BAD_CONFIG', `port ${inLoop} is in pipe ${inLoop >> 7}, whose ports loop back (internal port loop)`);
    const r = tm.setInternalPortLoop(loop);
    if (!r.ok) return err('BAD_CONFIG', r.message);
  }
  const capture = o.pcapDir === undefined ? undefined : new PortCapture(o.pcapDir);
  const fileTrace = o.traceFile === undefined ? undefined : new JsonLinesTraceSink(o.traceFile);
  const digestListeners = new Set<(m: DigestMessage) => void>();
  const counters = { malformedFrames: 0, unconnectedDrops: 0, pipelineErrors: 0 };
  const udp = new Map<number, UdpPort>();
  /** The same ports by number, for the per-frame output lookup (ports are 9 bits). */
  const udpByPort: (UdpPort | undefined)[] = [];

  const transmit = (port: number, frame: Uint8Array) => {
    const p = udpByPort[port];
    if (p === undefined) {
      counters.unconnectedDrops++;
      return;
    }
    capture?.write(port, 'out', frame);
    p.send(frame);
  };
  const receive = (n: number, frame: Uint8Array) => {
    capture?.write(n, 'in', frame);
    try {
      engine.receive(n, frame);
    } catch (e) {
      counters.pipelineErrors++;
      if (counters.pipelineErrors <= 10)
        log.error({ port: n, err: (e as Error).message }, 'pipeline threw; packet lost');
    }
  };
  // Impairments sit between the sockets and the pipeline (docs/faults.md): a frame arriving at
  // port n passes inbound[n] before the parser, a frame leaving passes outbound[n] before the wire.
  const impairments = new PortImpairments(receive, transmit);
  for (const spec of o.impairments ?? []) {
    const targets = impairTargets(spec, portNumbers);
    if (!targets.ok) return targets;
    impairments.set(targets.value, spec.direction, spec.config, spec.seed);
  }

  let engine: TnaEngine | V1ModelEngine | PsaEngine;
  try {
    const common = {
      state: firstState,
      tm,
      ...(fileTrace !== undefined ? { trace: fileTrace } : o.trace !== undefined ? { trace: o.trace } : {}),
      ...(o.maxReentries === undefined ? {} : { maxReentries: o.maxReentries }),
      output: (port: number, frame: Uint8Array) => {
        const impaired = impairments.outbound[port];
        if (impaired === undefined) transmit(port, frame);
        else impaired.pass(frame);
      },
      onDigest: (m: DigestMessage) => {
        for (const l of digestListeners) l(m);
      },
    };
    engine =
      module.arch === 'tna'
        ? new TnaEngine({
            ...common,
            module,
            strict: o.strict === true,
            logger: log,
            ...(several
              ? {
                  programs: loaded.value.map((p, i) => ({
                    name: p.name,
                    module: p.module as PipelineModule,
                    state: states[i] as PipelineState,
                  })),
                }
              : {}),
          })
        : module.arch === 'psa'
          ? new PsaEngine({ ...common, module })
          : new V1ModelEngine({ ...common, module, log: (message) => log.info({ log_msg: message }, 'log_msg') });
  } catch (e) {
    await fileTrace?.close();
    return err('BAD_PIPELINE', `the pipeline's create() failed: ${(e as Error).message}`);
  }

  // Idle notifications travel on the digest stream, to every digest listener.
  const stopIdleSweeps = states.map((s, i) =>
    startIdleSweeper(s, o.idleSweepMs ?? 100, (m) => {
      const tagged = several ? { ...m, program: programNames[i] as string } : m;
      for (const l of digestListeners) l(tagged);
    }),
  );
  // The packet generator's timers run on the engine's clock: a tick lets due packets in. The
  // tick runs only while some app is enabled, so a switch that generates nothing never wakes.
  let pktgenTimer: NodeJS.Timeout | undefined;
  if (engine instanceof TnaEngine) {
    const pktgen = engine.pktgen;
    const tick = () => {
      try {
        pktgen.run(PKTGEN_TICK_BUDGET);
      } catch (e) {
        counters.pipelineErrors++;
        if (counters.pipelineErrors <= 10)
          log.error({ err: (e as Error).message }, 'pipeline threw on a generated packet; packet lost');
      }
      if (!pktgen.generator.busy) {
        clearInterval(pktgenTimer);
        pktgenTimer = undefined;
      }
    };
    pktgen.generator.onActive = () => {
      if (pktgenTimer !== undefined) return;
      pktgenTimer = setInterval(tick, PKTGEN_TICK_MS);
      pktgenTimer.unref();
    };
  }
  const closeAll = async (control?: ControlServer) => {
    clearInterval(pktgenTimer);
    for (const stop of stopIdleSweeps) stop();
    impairments.close();
    await control?.close();
    await Promise.all([...udp.values()].map((p) => p.close()));
    await capture?.close();
    await fileTrace?.close();
  };

  for (const n of portNumbers) {
    const cfg = o.ports[n] ?? {};
    const framing = cfg.framing ?? 'single';
    const opened = await UdpPort.open({
      name: String(n),
      framing,
      // Batched ports forward a one-frame datagram's frames as soon as its callback ends, and
      // merge at the end of the turn what batches of several frames send (wire/udp-port.ts
      // 'adaptive'): at window 1 the end-of-turn flush cost each request a loop turn.
      ...(framing === 'batched' ? { flush: 'adaptive' as const } : {}),
      bindAddress: cfg.bind?.address ?? '127.0.0.1',
      bindPort: cfg.bind?.port ?? 0,
      ...(cfg.peer === undefined ? {} : { peer: cfg.peer }),
      onFrame: (frame) => {
        if (frame.length < ETHERNET_HEADER_BYTES) {
          counters.malformedFrames++;
          return;
        }
        const impaired = impairments.inbound[n];
        if (impaired === undefined) receive(n, frame);
        else impaired.pass(frame);
      },
    });
    if (!opened.ok) {
      await closeAll();
      return err('BIND_FAILED', `port ${n}: ${opened.message}`);
    }
    udp.set(n, opened.value);
    udpByPort[n] = opened.value;
  }

  const stats = (): SwitchStats => {
    const ports: Record<number, UdpPort['counters']> = {};
    for (const [n, p] of udp) {
      const impairment = impairments.countersOf(n);
      ports[n] = { ...p.counters, ...(impairment === undefined ? {} : { impairment }) };
    }
    return {
      ...counters,
      droppedNotifications: control?.droppedNotifications() ?? 0,
      registerRuleViolations: engine.registerRuleViolations,
      engine: structuredClone(engine.stats),
      ports,
    };
  };
  const addresses = new Map([...udp].map(([n, p]) => [n, p.address]));
  const target: ControlTarget = {
    state: firstState,
    impairments,
    portNumbers,
    tm,
    ...(engine instanceof TnaEngine ? { pktgen: engine.pktgen, ghost: engine.ghost } : {}),
    stats,
    ...(several ? { programs: new Map(states.map((s, i) => [programNames[i] as string, s])) } : {}),
    info: () => ({
      program: several ? programNames.join('+') : module.p4info.program,
      arch: module.arch,
      ports: {
        frontPanel: Object.fromEntries([...addresses].map(([n, a]) => [n, `${a.address}:${a.port}`])),
        recirculation: module.p4info.ports.recirculation,
        cpu: module.p4info.ports.cpu,
      },
      ...(several
        ? {
            programs: loaded.value.map((p, i) => ({
              name: p.name,
              program: p.module.p4info.program,
              pipes: p.pipes,
              ...objectsOf((states[i] as PipelineState).p4info),
            })),
          }
        : objectsOf(module.p4info)),
    }),
    onDigest: (l) => {
      digestListeners.add(l);
      return () => digestListeners.delete(l);
    },
  };
  let control: ControlServer | undefined;
  if (o.control !== false) {
    const c = await startControlServer({
      target,
      host: o.control?.host ?? '127.0.0.1',
      port: o.control?.port ?? 0,
      ...(o.control?.token === undefined ? {} : { token: o.control.token }),
    });
    if (!c.ok) {
      await closeAll();
      return c;
    }
    control = c.value;
  }
  log.info(
    {
      program: several ? programNames : module.p4info.program,
      ports: Object.fromEntries(addresses),
      control: control?.address,
      strict: o.strict === true,
    },
    'switch started',
  );
  let closing: Promise<void> | undefined;
  return ok({
    program: several ? programNames.join('+') : module.p4info.program,
    ...(several ? { programs: loaded.value.map((p) => ({ name: p.name, pipes: [...p.pipes] })) } : {}),
    ports: addresses,
    control: control?.address,
    engine,
    impairments,
    setPeer: (n, peer) => {
      const port = udp.get(n);
      port?.setPeer(peer);
      return port !== undefined;
    },
    stats,
    close: () => {
      closing ??= closeAll(control);
      return closing;
    },
  });
}
