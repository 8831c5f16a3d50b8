// The rig bench/pipeline measures: the NetMigrate program compiled by one p4ts build (this one,
// or another worktree's for a before/after comparison in one process) and a TNA engine set up
// for a scenario, READ with no migration or READ of a group in flight. The scenario's frames
// per READ are checked before anything is timed: an in-flight READ must leave twice.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

/** What one build (a p4ts checkout with its `dist/` built) provides to the rig. */
type Tna = typeof import('../runtime/arch/tna.js');
type Switch = typeof import('../runtime/switch.js');
type State = typeof import('../runtime/arch/pipeline-state.js');
type Tm = typeof import('../runtime/traffic-manager.js');
type TnaEngine = import('../runtime/arch/tna.js').TnaEngine;
type TraceSink = import('../runtime/trace/trace-sink.js').TraceSink;

export interface Scenario {
  /** A group of the READs' shard is in flight: every READ is double-read (original + I2E mirror copy). */
  readonly inFlight: boolean;
  /** A trace sink that sees every event (and builds nothing). */
  readonly tracing: boolean;
}

export const SCENARIOS: readonly Scenario[] = [
  { inFlight: false, tracing: false },
  { inFlight: false, tracing: true },
  { inFlight: true, tracing: false },
  { inFlight: true, tracing: true },
];

export function scenarioName(s: Scenario): string {
  return `READ ${s.inFlight ? 'in flight (double read)' : 'no migration'}, tracing ${s.tracing ? 'on' : 'off'}`;
}

/** Frames the switch sends per READ in the scenario: the double read adds the copy to the destination. */
export function framesPerRead(s: Scenario): number {
  return s.inFlight ? 2 : 1;
}

/**
 * Compiles p4/netmigrate.p4 of the checkout at `root` with that checkout's own compiler (its
 * `dist/bin/p4ts.js`), into `outDir`; the generated code imports that checkout's runtime.
 */
export function compileNetMigrate(root: string, outDir: string): void {
  const r = spawnSync(
    process.execPath,
    [join(root, 'dist', 'bin', 'p4ts.js'), 'compile', join(root, 'p4', 'netmigrate.p4'), '-o', outDir],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`compiling ${root}/p4/netmigrate.p4 failed (${r.status}):\n${r.stderr}`);
}

const bytes = (v: number | bigint, n: number) =>
  Array.from({ length: n }, (_, i) => Number((BigInt(v) >> BigInt(8 * (n - 1 - i))) & 0xffn));
const ip = (a: string) => a.split('.').reduce((acc, p) => acc * 256 + Number(p), 0);
const CLIENT = { mac: 0x020000000001n, ip: '10.0.0.1', port: 1 };
const SOURCE = { mac: 0x020000000002n, ip: '10.0.0.2', port: 2, db: 7000 };
const DESTINATION = { mac: 0x020000000003n, ip: '10.0.0.3', port: 3, db: 7001 };
/** The pair's table size and remain exponents: equal, so every key is in group 0. */
const SIZE_EXP = 4;

function frame(from: typeof CLIENT, to: typeof SOURCE, nm: number[]): Uint8Array {
  const udp = [0x9c, 0x40, 0xbe, 0x00, 0, 8 + nm.length, 0, 0, ...nm];
  const ipv4 = [
    0x45,
    0,
    0,
    20 + udp.length,
    0,
    1,
    0,
    0,
    64,
    17,
    0,
    0,
    ...bytes(ip(from.ip), 4),
    ...bytes(ip(to.ip), 4),
  ];
  return Uint8Array.from([...bytes(to.mac, 6), ...bytes(from.mac, 6), 0x08, 0x00, ...ipv4, ...udp]);
}

/** A client's READ of `key` addressed to the source shard (docs/wire-format.md). */
export function readFrame(key: number): Uint8Array {
  return frame(CLIENT, SOURCE, [0x01, ...bytes(7n, 8), ...bytes(SOURCE.db, 2), 0x01, 0x00, ...bytes(key, 4)]);
}

/** The source's GROUP_START of group 0, thread 1, a run of one group (the count byte; older builds ignore it). */
function groupStartFrame(): Uint8Array {
  return frame(SOURCE, DESTINATION, [0x16, ...bytes(7n, 8), ...bytes(DESTINATION.db, 2), 0, 0, 0, 0, 1, 1]);
}

export interface Rig {
  readonly engine: TnaEngine;
  /** Frames the engine has sent so far. */
  sent(): number;
  /** Frames the engine has sent so far on `port`. */
  sentOn(port: number): number;
}

/**
 * A TNA engine of the checkout at `root` running the program compiled in `buildDir`, set up as
 * the controller does for `s`: routes to the three hosts; for a migration in flight also the
 * migration pair, the double-read mirror session, the servers' ports as migration peers and
 * one GROUP_START of group 0 (every key's group), sent by the source before any READ.
 */
export async function makeRig(root: string, buildDir: string, s: Scenario, trace?: TraceSink): Promise<Rig> {
  const dist = join(root, 'dist', 'runtime');
  const { TnaEngine } = (await import(join(dist, 'arch', 'tna.js'))) as Tna;
  const { loadPipeline } = (await import(join(dist, 'switch.js'))) as Switch;
  const { buildPipelineState } = (await import(join(dist, 'arch', 'pipeline-state.js'))) as State;
  const { TrafficManager } = (await import(join(dist, 'traffic-manager.js'))) as Tm;
  const m = await loadPipeline(buildDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'tna') throw new Error(`${buildDir} is not a TNA pipeline`);
  const st = buildPipelineState(m.value.p4info);
  if (!st.ok) throw new Error(st.message);
  const tm = new TrafficManager({ frontPanel: new Set([1, 2, 3]), recirculation: new Set([68]), cpu: 64 });
  let sent = 0;
  const perPort = new Float64Array(512);
  const engine = new TnaEngine({
    module: m.value,
    state: st.value,
    tm,
    output: (port) => {
      sent++;
      perPort[port & 511] = (perPort[port & 511] as number) + 1;
    },
    ...(trace === undefined ? {} : { trace }),
  });
  const add = (
    table: string,
    entry: Parameters<NonNullable<ReturnType<typeof st.value.tableByName.get>>['add']>[0],
  ) => {
    const t = st.value.tableByName.get(table);
    if (t === undefined) throw new Error(`no table ${table}`);
    const r = t.add(entry);
    if (!r.ok) throw new Error(`${table}: ${r.message}`);
  };
  for (const h of [CLIENT, SOURCE, DESTINATION])
    add('NmIngress.ipv4_route', {
      match: [{ kind: 'lpm', value: ip(h.ip), prefixLength: 32 }],
      action: 'NmIngress.set_egress_port',
      params: [h.port],
    });
  if (s.inFlight) {
    const shard = [
      { kind: 'exact' as const, value: ip(SOURCE.ip) },
      { kind: 'exact' as const, value: SOURCE.db },
    ];
    add('NmIngress.migration_pair', {
      match: shard,
      action: 'NmIngress.set_migration_pair',
      params: [DESTINATION.mac, ip(DESTINATION.ip), DESTINATION.db, SIZE_EXP, SIZE_EXP],
    });
    add('NmIngress.mirror_fwd', { match: shard, action: 'NmIngress.set_double_read', params: [5] });
    const mirror = tm.addMirrorSession({ id: 5, direction: 'ingress', egressPort: DESTINATION.port, maxLen: 0 });
    if (!mirror.ok) throw new Error(mirror.message);
    for (const h of [SOURCE, DESTINATION])
      add('NmIngress.migration_peers', {
        match: [{ kind: 'exact', value: h.port }],
        action: 'NmIngress.migration_peer',
        params: [],
      });
    engine.receive(SOURCE.port, groupStartFrame());
    if (sent !== 1) throw new Error(`the GROUP_START was not forwarded (${sent} frames out)`);
  }
  // The scenario does what it says, or nothing is measured.
  const before = sent;
  engine.receive(CLIENT.port, readFrame(1));
  if (sent - before !== framesPerRead(s))
    throw new Error(`${scenarioName(s)}: a READ left as ${sent - before} frames, not ${framesPerRead(s)}`);
  return { engine, sent: () => sent, sentOn: (port) => perPort[port & 511] as number };
}
