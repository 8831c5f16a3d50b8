// The migration's speed against its limit, in one run: (1) the switch's forwarding capacity for
// MIGRATE datagrams (a real `p4ts switch` running p4/netmigrate.p4 with the NetMigrate
// controller's routes and migration peers; this harness plays the source's NIC and the
// destination's NIC and keeps a window of MIGRATE frames of maxMigratePairs() pairs in flight),
// one way, and again with every MIGRATE answered by a MIGRATE_REPLY back through the switch
// (the migration's own mix), and that acked mix on a fresh switch from its first frame (its JIT
// warm-up included, as in a migration), (2) real migrations (`netmigrate run`, one client at 10 ops/s so
// that clients are idle, no audit): key/value pairs per second of migration time and each
// process's CPU µs per pair, uncapped and with --migration-rate at half the uncapped rate (the
// cap must hold); (3) with busy clients (2 closed-loop clients):
// the clients' ops/s before and during the migration, for fixed thread counts (default 4 and
// 16) beside 'auto' (the default), alternating. With idle clients also: the migration at each
// window of MIGRATE frames asked for (--windows, 'auto' first: sized from the socket buffers)
// with its resends and socket drops, the servers' per-pair floors measured in process (scan
// and encode, decode and apply), and the machine's CPU bound for the migration (its cores ÷
// the CPU µs per pair of source, destination and switch together, docs/scale.md "The
// machine's bound"). Prints median [min–max] and the load; never fails.
// Run: node dist/bench/migrate.js [--records=N] [--runs=N] [--only=idle|busy] [--busy-threads=4,16,auto]
//      [--windows=auto,64,128,192,256] [--framings=batched,single]

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureNetMigrateBuild } from '../cluster/netmigrate-build.js';
import { maxMigratePairs } from '../wire/codec.js';
import type { Framing } from '../wire/framing.js';
import { loadLine, machineLine, median, spread } from './machine.js';
import { type Capacity, COLD_MEASURE_MS, measureCapacity, VALUE_BYTES } from './migrate-capacity.js';
import { measureFloors } from './migrate-floors.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const flag = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const RECORDS = Number(flag('records') ?? 50_000);
const RUNS = Number(flag('runs') ?? 3);
const ONLY = flag('only');
/** Thread counts of the busy-clients part, e.g. --busy-threads=4,16,auto. */
const BUSY_THREADS: (number | 'auto')[] = (flag('busy-threads') ?? '4,16,auto')
  .split(',')
  .map((t) => (t === 'auto' ? 'auto' : Number(t)));
/** Windows of MIGRATE frames of the idle-clients migrations, alternating ('auto': the source's default). */
const WINDOWS: (number | 'auto')[] = (flag('windows') ?? 'auto')
  .split(',')
  .map((w) => (w === 'auto' ? 'auto' : Number(w)));
const FRAMINGS = (flag('framings') ?? 'batched,single').split(',') as Framing[];

interface MigrationRun {
  pairsPerSecond: number;
  seconds: number;
  verdict: string;
  threads: number;
  /** Clients' ops/s before the migration and while it ran. */
  opsBefore: number;
  opsDuring: number;
  /** CPU seconds (utime + stime) of each process while the migration ran. */
  cpu: { source: number; destination: number; switch: number };
  /** The source's window of MIGRATE frames, its resends, and datagrams the run's sockets dropped (/proc/net/udp). */
  window: number;
  resends: number;
  socketDrops: number;
  /** The source's threads' waits summed (ms): for GROUP_START replies, and for MIGRATE replies or window room. */
  startWaitMs: number;
  migrateWaitMs: number;
}

interface RunOptions {
  cap?: number;
  threads?: number | 'auto';
  /** Two closed-loop clients (the run's default) instead of one client at 10 ops/s. */
  busyClients?: boolean;
  /** MIGRATE frames in flight (--migration-window); 'auto' or absent: the source's default. */
  window?: number | 'auto';
}

/** One `netmigrate run`; pairs per second of migration time and the clients' rates. */
function runMigration(framing: Framing, o: RunOptions = {}): MigrationRun {
  const out = mkdtempSync(join(tmpdir(), 'p4ts-bench-migrate-'));
  try {
    const args = [
      join(ROOT, 'dist', 'bin', 'netmigrate.js'),
      'run',
      '--records',
      String(RECORDS),
      ...(o.busyClients === true ? ['--clients', '2', '--duration', '8', '--migrate-at', '2'] : []),
      // Idle clients: 6 s, so that the "during" window (which ends with the clients) covers a
      // migration of up to 5 s and its CPU seconds are the migration's.
      ...(o.busyClients === true ? [] : ['--clients', '1', '--rate', '10', '--duration', '6', '--migrate-at', '1']),
      '--finish-grace',
      '300',
      '--no-audit',
      '--framing',
      framing,
      '--progress',
      'silent',
      '--out',
      out,
      ...(o.cap === undefined ? [] : ['--migration-rate', String(Math.round(o.cap))]),
      ...(o.threads === undefined ? [] : ['--migration-threads', String(o.threads)]),
      ...(o.window === undefined ? [] : ['--migration-window', String(o.window)]),
    ];
    const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`netmigrate run failed (${r.status ?? r.signal}):\n${r.stderr.slice(-2000)}`);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as {
      migration: { seconds: number; finished: boolean };
      verdict: { ok?: boolean };
      windows: { before?: { opsPerSec: number }; during?: { opsPerSec: number; seconds: number } };
      cpu?: { during?: Record<string, { cpuS: number } | undefined> };
      traffic?: { migrationRetransmits?: number };
      udp?: { socketDrops?: Record<string, number> };
      migrationWaits?: { window?: number; startWaitMs?: number; migrateWaitMs?: number };
    };
    const events = JSON.parse(readFileSync(join(out, 'events.json'), 'utf8')) as { kind: string; threads?: number }[];
    const m = summary.migration;
    if (!m.finished) throw new Error('the migration did not finish');
    const v = summary.verdict;
    // A migration longer than the clients' run is cut at its end: its CPU is scaled up to the
    // whole migration (an estimate; the idle runs are long enough not to need it).
    const covered = Math.min(1, (summary.windows.during?.seconds ?? 0) / Math.max(1e-9, summary.migration.seconds));
    const cpuDuring = (name: string) => (summary.cpu?.during?.[name]?.cpuS ?? Number.NaN) / covered;
    return {
      pairsPerSecond: RECORDS / m.seconds,
      seconds: m.seconds,
      verdict: v.ok === true ? 'OK' : 'NOT OK',
      threads: events.find((e) => e.kind === 'started')?.threads ?? 0,
      opsBefore: summary.windows.before?.opsPerSec ?? 0,
      opsDuring: summary.windows.during?.opsPerSec ?? 0,
      cpu: {
        source: cpuDuring('kv-source'),
        destination: cpuDuring('kv-destination'),
        switch: cpuDuring('switch'),
      },
      window: summary.migrationWaits?.window ?? 0,
      resends: summary.traffic?.migrationRetransmits ?? 0,
      socketDrops: Object.values(summary.udp?.socketDrops ?? {}).reduce((a, b) => a + b, 0),
      startWaitMs: summary.migrationWaits?.startWaitMs ?? 0,
      migrateWaitMs: summary.migrationWaits?.migrateWaitMs ?? 0,
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** Busy clients: fixed thread counts beside 'auto' (the default), alternating. */
function busyClients(out: (s: string) => void, k: (v: number) => string): void {
  const runs: Record<string, MigrationRun[]> = Object.fromEntries(BUSY_THREADS.map((t) => [String(t), []]));
  for (let i = 0; i < RUNS; i++)
    for (const threads of BUSY_THREADS)
      runs[String(threads)]?.push(runMigration('batched', { threads, busyClients: true }));
  out('busy clients (2 closed-loop clients, window 16, batched), median [min–max]:');
  for (const [name, r] of Object.entries(runs)) {
    out(
      `  threads ${name.padEnd(4)} (${[...new Set(r.map((m) => m.threads))].join('/')}) migration ${spread(
        r.map((m) => m.pairsPerSecond),
        k,
      )} pairs/s (${spread(
        r.map((m) => m.seconds),
        (v) => `${v.toFixed(1)} s`,
      )}); clients ${spread(
        r.map((m) => m.opsBefore),
        k,
      )} ops/s before, ${spread(
        r.map((m) => m.opsDuring),
        k,
      )} during (${spread(
        r.map((m) => (100 * m.opsDuring) / Math.max(1, m.opsBefore)),
        (v) => `${v.toFixed(0)} %`,
      )}); verdicts ${r.map((m) => m.verdict).join(', ')}`,
    );
  }
  out(`  (${loadLine()})`);
}

async function main(): Promise<void> {
  const built = await ensureNetMigrateBuild();
  if (!built.ok) throw new Error(built.message);
  const k = (v: number) => `${(v / 1000).toFixed(1)}k`;
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`# migration rate vs the switch's MIGRATE forwarding capacity: ${machineLine()}`);
  out(
    `# ${RECORDS} records of ${VALUE_BYTES} bytes, MIGRATE frames of ${maxMigratePairs(VALUE_BYTES)} pairs; ${RUNS} runs each, alternating: median [min–max]`,
  );
  out(`# ${loadLine()} at start`);
  if (ONLY !== 'busy') await idleClients(built.value.dir, out, k);
  if (ONLY !== 'idle') busyClients(out, k);
}

/** Idle clients: the switch's capacity beside the migration's rate, per framing and window, alternating. */
async function idleClients(build: string, out: (s: string) => void, k: (v: number) => string): Promise<void> {
  const floors = measureFloors(RECORDS, VALUE_BYTES);
  out(
    `per-pair floors in process (${RECORDS} pairs, thread CPU µs per pair): source scan into frames + encode ${floors.sourceScanEncode.toFixed(2)}, destination decode + apply ${floors.destinationDecodeApply.toFixed(2)}`,
  );
  const cores = cpus().length;
  for (const framing of FRAMINGS) {
    const capacity: Capacity[] = [];
    const ackedCapacity: Capacity[] = [];
    const coldCapacity: Capacity[] = [];
    const byWindow = new Map<string, MigrationRun[]>(WINDOWS.map((w) => [String(w), []]));
    for (let i = 0; i < RUNS; i++) {
      capacity.push(await measureCapacity(build, framing));
      ackedCapacity.push(await measureCapacity(build, framing, true));
      coldCapacity.push(await measureCapacity(build, framing, true, 0, COLD_MEASURE_MS));
      for (const w of WINDOWS) byWindow.get(String(w))?.push(runMigration(framing, { window: w }));
    }
    const migration = byWindow.get(String(WINDOWS[0])) as MigrationRun[];
    const capPairs = median(capacity.map((c) => c.pairsPerSecond));
    const ackedPairs = median(ackedCapacity.map((c) => c.pairsPerSecond));
    const migPairs = median(migration.map((m) => m.pairsPerSecond));
    out(
      `${framing.padEnd(8)} switch MIGRATE capacity   ${spread(
        capacity.map((c) => c.pairsPerSecond),
        k,
      )} pairs/s  (${spread(
        capacity.map((c) => c.framesPerSecond),
        k,
      )} frames/s; ${spread(
        capacity.map((c) => c.framesPerCpuSecond),
        k,
      )} frames per switch CPU s; lost ${Math.max(...capacity.map((c) => c.lost))})`,
    );
    out(
      `${''.padEnd(8)} capacity, MIGRATEs acked  ${spread(
        ackedCapacity.map((c) => c.pairsPerSecond),
        k,
      )} pairs/s  (${spread(
        ackedCapacity.map((c) => c.framesPerSecond),
        k,
      )} MIGRATEs/s, as many replies; ${spread(
        ackedCapacity.map((c) => c.framesPerCpuSecond),
        k,
      )} MIGRATEs per switch CPU s; lost ${Math.max(...ackedCapacity.map((c) => c.lost))})`,
    );
    // Where the migration's time goes: CPU µs per pair of each process (the run lasts long
    // enough that its "during" window is the migration), beside the switch's own cost per
    // pair in the capacity measurement (docs/scale.md "Where a pair's time goes").
    const switchPerPair = (c: Capacity) => (1e6 * c.framesPerSecond) / c.framesPerCpuSecond / c.pairsPerSecond;
    const perPair = (runs: MigrationRun[], pick: (m: MigrationRun) => number) =>
      runs.map((m) => (1e6 * pick(m)) / RECORDS);
    const two = (v: number) => v.toFixed(2);
    for (const [window, runs] of byWindow) {
      const src = perPair(runs, (m) => m.cpu.source);
      const dst = perPair(runs, (m) => m.cpu.destination);
      const sw = perPair(runs, (m) => m.cpu.switch);
      const sum = median(src) + median(dst) + median(sw);
      const rate = median(runs.map((m) => m.pairsPerSecond));
      out(
        `${''.padEnd(8)} window ${window.padEnd(4)} (${[...new Set(runs.map((m) => m.window))].join('/')} frames, ${[
          ...new Set(runs.map((m) => m.threads)),
        ].join('/')} threads) ${spread(
          runs.map((m) => m.pairsPerSecond),
          k,
        )} pairs/s (${spread(
          runs.map((m) => m.seconds),
          (v) => `${v.toFixed(2)} s`,
        )}); resends ${spread(runs.map((m) => m.resends))}, socket drops ${spread(
          runs.map((m) => m.socketDrops),
        )}; waits for START ${spread(
          runs.map((m) => m.startWaitMs / 1000),
          (v) => v.toFixed(1),
        )} s, for MIGRATE acks or room ${spread(
          runs.map((m) => m.migrateWaitMs / 1000),
          (v) => v.toFixed(1),
        )} s; CPU µs per pair source ${spread(src, two)}, destination ${spread(dst, two)}, switch ${spread(
          sw,
          two,
        )}; verdicts ${runs.map((m) => m.verdict).join(', ')}`,
      );
      // The machine's bound (docs/scale.md "The machine's bound"): its cores ÷ the CPU the three
      // processes spend per pair in this very migration, beside the switch's capacity.
      out(
        `${''.padEnd(8)}   machine's CPU bound: ${cores} cores ÷ ${two(sum)} µs per pair = ${k((1e6 * cores) / sum)} pairs/s; the migration at ${(
          (100 * rate * sum) / (1e6 * cores)
        ).toFixed(0)} % of it, at ${((100 * rate) / capPairs).toFixed(1)} % of the switch's one-way capacity`,
      );
    }
    out(
      `${''.padEnd(8)} CPU µs per pair migrated   source ${spread(
        perPair(migration, (m) => m.cpu.source),
        two,
      )}, destination ${spread(
        perPair(migration, (m) => m.cpu.destination),
        two,
      )}, switch ${spread(
        perPair(migration, (m) => m.cpu.switch),
        two,
      )} (switch at capacity: ${spread(capacity.map(switchPerPair), two)}; acked ${spread(
        ackedCapacity.map(switchPerPair),
        two,
      )}; acked from cold ${spread(coldCapacity.map(switchPerPair), two)})`,
    );
    // The fixed part: switch CPU seconds beyond the warm acked cost per pair, in a migration and
    // in a fresh switch's first COLD_MEASURE_MS (docs/scale.md "The switch's CPU in a migration").
    const warmPerPair = median(ackedCapacity.map((c) => c.cpuSeconds / c.pairs));
    out(
      `${''.padEnd(8)} switch CPU s beyond warm   migration ${spread(
        migration.map((m) => m.cpu.switch - warmPerPair * RECORDS),
        two,
      )}, fresh switch's first ${COLD_MEASURE_MS / 1000} s ${spread(
        coldCapacity.map((c) => c.cpuSeconds - warmPerPair * c.pairs),
        two,
      )} (the JIT warm-up)`,
    );
    out(
      `${''.padEnd(8)} migration / capacity      ${((100 * migPairs) / capPairs).toFixed(1)} % (goal ≥ 50 %); of the acked capacity ${(
        (100 * migPairs) / ackedPairs
      ).toFixed(1)} %`,
    );
    // What half the one-way capacity would ask of this machine: its cores' CPU per pair at that
    // rate, against the per-pair floors (the servers' in process, the switch's acked and warm).
    const floorSum = floors.sourceScanEncode + floors.destinationDecodeApply + median(ackedCapacity.map(switchPerPair));
    out(
      `${''.padEnd(8)} at 50 % of the capacity   ${k(capPairs / 2)} pairs/s on ${cores} cores leaves ${two(
        (1e6 * cores) / (capPairs / 2),
      )} µs of CPU per pair for source, destination and switch together; the floors: ${two(
        floors.sourceScanEncode,
      )} + ${two(floors.destinationDecodeApply)} + ${two(median(ackedCapacity.map(switchPerPair)))} (switch acked) = ${two(
        floorSum,
      )} µs, a bound of ${k((1e6 * cores) / floorSum)} pairs/s (${(
        (100 * ((1e6 * cores) / floorSum)) / capPairs
      ).toFixed(0)} % of the capacity)`,
    );
    if (framing === 'batched') {
      const cap = migPairs / 2;
      const capped = runMigration(framing, { cap });
      out(
        `${''.padEnd(8)} --migration-rate ${k(cap)}    ${k(capped.pairsPerSecond)} pairs/s measured (${capped.seconds.toFixed(1)} s; the cap holds when ≤ it)`,
      );
    }
    out(`${''.padEnd(8)} (${loadLine()})`);
  }
}

await main();
