// The seam between packet tests and the architectures: the runner asks the loaded pipeline
// module for its `arch` and builds the matching engine through this table, so the runner never
// names an architecture. Adding one (v1model, PSA) is one entry: how to build its engine over a
// PipelineState and a TrafficManager, which ports exist, and what the ingress parser sees
// before the frame (to place extracted headers in the frame when decoding a difference).
// TNA, v1model and PSA are registered here.

import { checkDevicePrograms, placeProgram } from '../../runtime/arch/device-programs.js';
import { buildPipelineState, type PipelineState } from '../../runtime/arch/pipeline-state.js';
import { PsaEngine } from '../../runtime/arch/psa.js';
import { TnaEngine } from '../../runtime/arch/tna.js';
import { V1_DROP_PORT, V1ModelEngine } from '../../runtime/arch/v1model.js';
import type { ControlTarget } from '../../runtime/control/methods.js';
import type { DigestMessage } from '../../runtime/externs/deparser-externs.js';
import type { P4Info } from '../../runtime/p4info.js';
import type { PipelineModule, PsaPipelineModule, V1ModelPipelineModule } from '../../runtime/pipeline-module.js';
import { err, ok, type Result } from '../../runtime/result.js';
import type { TraceSink } from '../../runtime/trace/trace-sink.js';
import { type PortMap, TrafficManager } from '../../runtime/traffic-manager.js';

/** A compiled program as the loader hands it over: its architecture decides the engine. */
export interface LoadedPipeline {
  readonly arch: string;
  readonly p4info: P4Info;
  readonly create: (services: never) => unknown;
}

export interface EngineOptions {
  readonly output: (port: number, frame: Uint8Array) => void;
  readonly trace?: TraceSink;
  readonly onDigest?: (m: DigestMessage) => void;
  /** A fixed clock keeps timestamps (and so outputs) the same on every run. */
  readonly clockNs?: () => number;
}

/** What a packet test drives: frames in, the control plane, the engine's counters. */
export interface PacketEngine {
  readonly arch: string;
  readonly state: PipelineState;
  readonly tm: TrafficManager;
  readonly control: ControlTarget;
  /** Processes one frame to the end (copies, recirculations); outputs go to `output`. */
  receive(port: number, frame: Uint8Array): void;
  /** Engine counters (received, transmitted, drops by reason, …) as plain JSON. */
  stats(): unknown;
}

export interface ArchitectureDriver {
  /** Ports a packet test may use: the front panel as the target numbers it, CPU, recirculation. */
  ports(p4info: P4Info): PortMap;
  /** Bits the engine puts before the frame in the ingress parser's input. */
  readonly ingressPrefixBits: number;
  create(module: LoadedPipeline, state: PipelineState, tm: TrafficManager, o: EngineOptions): PacketEngine;
}

/**
 * Tofino 1 device ports as tofino-model numbers them in STF: dev_port = pipe × 128 + local
 * port; local ports 0..63 are front-panel (MAC) ports in each of the four pipes, 64 is the
 * CPU PCIe port, 68 (196, 324, 452) the recirculation ports (docs/stf.md, "Ports").
 */
function tofinoPorts(p4info: P4Info): PortMap {
  const front = new Set<number>();
  for (let pipe = 0; pipe < 4; pipe++) for (let local = 0; local < 64; local++) front.add(pipe * 128 + local);
  return { frontPanel: front, recirculation: new Set(p4info.ports.recirculation), cpu: p4info.ports.cpu };
}

const tnaDriver: ArchitectureDriver = {
  ports: tofinoPorts,
  // ingress_intrinsic_metadata_t (64 bits) and the port metadata (64 bits): docs/pipeline-module.md.
  ingressPrefixBits: 128,
  create(module, state, tm, o) {
    const engine = new TnaEngine({
      module: module as unknown as PipelineModule,
      state,
      tm,
      ...engineOutputs(o),
    });
    const made = engineOf('tna', engine, state, tm);
    return { ...made, control: { ...made.control, pktgen: engine.pktgen, ghost: engine.ghost } };
  },
};

/** What every engine takes from a driver's options: the output, and the hooks given. */
function engineOutputs(o: Parameters<ArchitectureDriver['create']>[3]) {
  return {
    output: o.output,
    ...(o.trace === undefined ? {} : { trace: o.trace }),
    ...(o.onDigest === undefined ? {} : { onDigest: o.onDigest }),
    ...(o.clockNs === undefined ? {} : { clockNs: o.clockNs }),
  };
}

/** The common wrapper: any engine with `receive` and `stats` becomes a PacketEngine. */
export function engineOf(
  arch: string,
  engine: { receive(port: number, frame: Uint8Array): void; readonly stats: unknown },
  state: PipelineState,
  tm: TrafficManager,
): PacketEngine {
  const stats = () => structuredClone(engine.stats);
  return {
    arch,
    state,
    tm,
    receive: (port, frame) => engine.receive(port, frame),
    stats,
    control: {
      state,
      tm,
      stats,
      info: () => ({ program: state.p4info.program, arch }),
      onDigest: () => () => false,
    },
  };
}

/** v1model's and PSA's drivers: bmv2-style engines over (module, state, tm, outputs), no prefix. */
function bmv2Driver<M>(
  arch: string,
  ports: ArchitectureDriver['ports'],
  Engine: new (
    o: { module: M; state: PipelineState; tm: TrafficManager } & ReturnType<typeof engineOutputs>,
  ) => Parameters<typeof engineOf>[1],
): ArchitectureDriver {
  return {
    ports,
    ingressPrefixBits: 0,
    create(module, state, tm, o) {
      const engine = new Engine({ module: module as unknown as M, state, tm, ...engineOutputs(o) });
      return engineOf(arch, engine, state, tm);
    },
  };
}

/**
 * v1model as bmv2's simple_switch numbers ports: any port 0..510 exists (511 is the drop
 * port); there is no recirculation port (recirculate is a flag) and the parser sees the
 * frame alone (docs/v1model.md).
 */
const v1modelDriver = bmv2Driver<V1ModelPipelineModule>(
  'v1model',
  (p4info) => ({
    frontPanel: new Set(Array.from({ length: V1_DROP_PORT }, (_, i) => i)),
    recirculation: new Set(),
    cpu: p4info.ports.cpu,
  }),
  V1ModelEngine,
);

/**
 * PSA as bmv2's psa_switch numbers ports: 32-bit port ids, any port below the special ones
 * exists (a packet test uses small numbers); PSA_PORT_RECIRCULATE and PSA_PORT_CPU are
 * PSA's own (docs/psa.md).
 */
const psaDriver = bmv2Driver<PsaPipelineModule>(
  'psa',
  (p4info) => ({
    frontPanel: new Set(Array.from({ length: V1_DROP_PORT + 1 }, (_, i) => i)),
    recirculation: new Set(p4info.ports.recirculation),
    cpu: p4info.ports.cpu,
  }),
  PsaEngine,
);

/** Architecture name (a pipeline module's `arch`) → its driver. */
const DRIVERS = new Map<string, ArchitectureDriver>([
  ['tna', tnaDriver],
  ['v1model', v1modelDriver],
  ['psa', psaDriver],
]);

/** Lets an architecture's module register its driver (the v1model engine does so when it is built in). */
export function registerArchitecture(arch: string, driver: ArchitectureDriver): void {
  DRIVERS.set(arch, driver);
}

export function architectureDriver(arch: string): Result<ArchitectureDriver, 'NO_ENGINE'> {
  const d = DRIVERS.get(arch);
  if (d === undefined)
    return err(
      'NO_ENGINE',
      `no engine runs '${arch}' pipelines in this build (engines: ${[...DRIVERS.keys()].join(', ')})`,
    );
  return ok(d);
}

/** One of several programs on the device, compiled, with the pipes it serves. */
export interface DeviceProgramModule {
  readonly name: string;
  readonly module: LoadedPipeline;
  readonly pipes: readonly number[];
}

/**
 * A fresh Tofino device running several TNA programs, each on its pipes (docs/multi-pipe.md):
 * one traffic manager, one state per program (its p4info re-pointed at its pipes). The control
 * target is the first program's, with every program's state by name in `programs`.
 */
export function createDeviceEngine(
  programs: readonly DeviceProgramModule[],
  o: EngineOptions,
): Result<{ engine: PacketEngine; states: ReadonlyMap<string, PipelineState> }, 'NO_ENGINE' | 'BAD_PIPELINE'> {
  const placed = checkDevicePrograms(programs);
  if (!placed.ok) return err(placed.code === 'NOT_TNA' ? 'NO_ENGINE' : 'BAD_PIPELINE', placed.message);
  const states = new Map<string, PipelineState>();
  for (const p of programs) {
    const s = buildPipelineState(placeProgram(p.module.p4info, p.pipes));
    if (!s.ok) return err('BAD_PIPELINE', `program ${p.name}: ${s.message}`);
    states.set(p.name, s.value);
  }
  const first = programs[0] as DeviceProgramModule;
  const state = states.get(first.name) as PipelineState;
  const tm = new TrafficManager(tofinoPorts(first.module.p4info));
  try {
    const engine = new TnaEngine({
      module: first.module as unknown as PipelineModule,
      state,
      programs: programs.map((p) => ({
        name: p.name,
        module: p.module as unknown as PipelineModule,
        state: states.get(p.name) as PipelineState,
      })),
      tm,
      ...engineOutputs(o),
    });
    const wrapped = engineOf('tna', engine, state, tm);
    return ok({
      engine: { ...wrapped, control: { ...wrapped.control, programs: states, ghost: engine.ghost } },
      states,
    });
  } catch (e) {
    return err('BAD_PIPELINE', `the pipeline's create() failed: ${(e as Error).message}`);
  }
}

/** A fresh engine (fresh tables, registers, sessions) for `module`. */
export function createEngine(
  module: LoadedPipeline,
  o: EngineOptions,
): Result<{ engine: PacketEngine; driver: ArchitectureDriver }, 'NO_ENGINE' | 'BAD_PIPELINE'> {
  const d = architectureDriver(module.arch);
  if (!d.ok) return d;
  const state = buildPipelineState(module.p4info);
  if (!state.ok) return err('BAD_PIPELINE', state.message);
  const tm = new TrafficManager(d.value.ports(module.p4info));
  try {
    return ok({ engine: d.value.create(module, state.value, tm, o), driver: d.value });
  } catch (e) {
    return err('BAD_PIPELINE', `the pipeline's create() failed: ${(e as Error).message}`);
  }
}
