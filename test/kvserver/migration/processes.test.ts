// The process entry points as the orchestrator will use them: bin/kvserver and bin/kvclient
// spawned as child processes, driven by JSON lines on stdin/stdout, cabled to the fixture
// switch in this process; a NetMigrate migration started by command while the client runs, its
// history checked by the linearizability checker; clean exits. Waits are for events (a report
// showing progress), each with a hang guard.

import assert from 'node:assert/strict';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { checkHistory, formatViolation } from '../../../client/check.js';
import { type HistoryOp, NO_RESPONSE } from '../../../client/history.js';
import { NetMigrateFixtureSwitch } from './fixtures/netmigrate-fixture-switch.js';

const BIN = (name: string) => fileURLToPath(new URL(`../../../bin/${name}.js`, import.meta.url));

interface Proc {
  child: ChildProcessWithoutNullStreams;
  events: Record<string, unknown>[];
  next(pred: (e: Record<string, unknown>) => boolean, timeoutMs?: number): Promise<Record<string, unknown>>;
  send(cmd: Record<string, unknown>): void;
  exited: Promise<number | null>;
}

function run(name: string, args: string[]): Proc {
  const child = spawn(process.execPath, [BIN(name), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const events: Record<string, unknown>[] = [];
  const waiters: { pred: (e: Record<string, unknown>) => boolean; resolve: (e: Record<string, unknown>) => void }[] =
    [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as Record<string, unknown>;
    events.push(e);
    for (const w of [...waiters])
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  // Every exit is awaited with a hang guard: a process that never ends fails the test, naming it.
  const exited = new Promise<number | null>((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`${name} ran for 300 s without exiting (hang guard)`)), 300_000);
    guard.unref();
    child.once('exit', (code) => {
      clearTimeout(guard);
      resolve(code);
    });
  });
  exited.catch(() => {});
  return {
    child,
    events,
    exited,
    send: (cmd) => child.stdin.write(`${JSON.stringify(cmd)}\n`),
    next: (pred, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const hit = events.find(pred);
        if (hit !== undefined) return resolve(hit);
        const t = setTimeout(() => reject(new Error(`${name}: no matching event; stderr: ${stderr}`)), timeoutMs);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(t);
            resolve(e);
          },
        });
      }),
  };
}

const nicOf = (e: Record<string, unknown>) => e.nic as { address: string; port: number };

/** Key answers the client has counted so far (reads found or absent, writes), asked by a `report`. */
async function keyAnswers(p: Proc): Promise<number> {
  const seen = p.events.length;
  p.send({ cmd: 'report' });
  const r = await p.next((e) => e.event === 'report' && p.events.indexOf(e) >= seen);
  const c = r.counters as { readsFound: number; readsAbsent: number; writes: number };
  return c.readsFound + c.readsAbsent + c.writes;
}

/** Asks for reports until the client has answered more than `than` keys (each report is a real round trip). */
async function answeredMoreThan(p: Proc, than: number): Promise<number> {
  const guard = Date.now() + 60_000;
  for (;;) {
    const n = await keyAnswers(p);
    if (n > than) return n;
    if (Date.now() > guard) throw new Error(`the client answered no key beyond ${than} within 60 s (hang guard)`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('kvserver and kvclient processes', () => {
  let sw: NetMigrateFixtureSwitch;
  const procs: Proc[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'kv-procs-'));
  before(async () => {
    sw = await NetMigrateFixtureSwitch.start({ netmigrate: true });
  });
  after(async () => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    await sw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a migration started by command moves the shard while a client process runs: every group, a clean checker verdict, clean exits', async () => {
    const historyFile = join(dir, 'history.json');
    const swAddr = `${sw.address.address}:${sw.address.port}`;
    const dst = run('kvserver', [
      '--mac',
      '02:00:00:00:00:20',
      '--ip',
      '10.0.0.32',
      '--shard',
      '7380',
      '--switch',
      swAddr,
      '--migrate',
      '7380',
      '--role',
      'destination',
    ]);
    const src = run('kvserver', [
      '--mac',
      '02:00:00:00:00:10',
      '--ip',
      '10.0.0.16',
      '--shard',
      '6380',
      '--switch',
      swAddr,
      '--migrate',
      '6380',
      '--role',
      'source',
      '--peer',
      '02:00:00:00:00:20,10.0.0.32,7380',
      '--max-group-bits',
      '6',
    ]);
    procs.push(dst, src);
    sw.attach(0x0a000020, 0x020000000020, nicOf(await dst.next((e) => e.event === 'ready')));
    sw.attach(0x0a000010, 0x020000000010, nicOf(await src.next((e) => e.event === 'ready')));
    const client = run('kvclient', [
      '--mac',
      '02:00:00:00:01:00',
      '--ip',
      '10.0.1.0',
      '--switch',
      swAddr,
      '--server-mac',
      '02:00:00:00:00:10',
      '--server-ip',
      '10.0.0.16',
      '--db-port',
      '6380',
      '--records',
      '800',
      '--duration-ms',
      '60000',
      '--workload',
      'A',
      '--window',
      '8',
      '--timeout-ms',
      '100',
      '--history',
      historyFile,
    ]);
    procs.push(client);
    sw.attach(0x0a000100, 0x020000000100, nicOf(await client.next((e) => e.event === 'ready')));
    // The load (800 writes) is done and the run has begun before the migration starts.
    await answeredMoreThan(client, 800 + 100);
    src.send({ cmd: 'migrate' });
    const finished = await src.next((e) => e.event === 'migration' && (e.type === 'finished' || e.type === 'failed'));
    assert.equal(finished.type, 'finished');
    await dst.next((e) => e.event === 'migration' && e.type === 'finished');
    // Requests keep being answered once the shard lives at the destination.
    await answeredMoreThan(client, await keyAnswers(client));
    client.send({ cmd: 'stop' });
    const results = await client.next((e) => e.event === 'results');
    assert.equal((results.run as { failures: number }).failures, 0);
    assert.equal((results.load as { ops: number }).ops, 800);
    await client.exited;
    const raw = JSON.parse(readFileSync(historyFile, 'utf8')) as (HistoryOp & { response: number | null })[];
    const history = raw.map((op) => ({ ...op, response: op.response ?? NO_RESPONSE }) as HistoryOp);
    const verdict = checkHistory(history);
    assert.deepEqual(verdict.violations.map(formatViolation), []);
    assert.equal(verdict.keys, 800);
    assert.ok(
      verdict.reads > 0 && verdict.writes > 800,
      JSON.stringify({ reads: verdict.reads, writes: verdict.writes }),
    );
    dst.send({ cmd: 'report' });
    const report = await dst.next((e) => e.event === 'report');
    assert.equal((report.migration as { groupsCompleted: number }).groupsCompleted, 64);
    src.send({ cmd: 'stop' });
    dst.child.kill('SIGTERM');
    assert.deepEqual(await Promise.all([src.exited, dst.exited, client.exited]), [0, 0, 0]);
  });

  it('a server exits when its parent closes the control channel, and refuses bad options with exit code 2', async () => {
    const p = run('kvserver', ['--mac', '02:00:00:00:00:30', '--ip', '10.0.0.48', '--shard', '6390']);
    procs.push(p);
    await p.next((e) => e.event === 'ready');
    p.child.stdin.end();
    assert.equal(await p.exited, 0);
    const bad = run('kvserver', ['--mac', 'nonsense', '--ip', '10.0.0.48', '--shard', '6390']);
    procs.push(bad);
    assert.equal(await bad.exited, 2);
  });
});
