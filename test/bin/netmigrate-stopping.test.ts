// `netmigrate run` as a user runs it, stopped the hard ways: a KV server killed in the middle
// of the run fails the run with a message naming it, Ctrl-C ends it with 130, and in both
// cases no process of the experiment is left behind. Bad options print the usage and exit 2.

import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ensureNetMigrateBuild } from '../../cluster/netmigrate-build.js';

const NETMIGRATE = fileURLToPath(new URL('../../bin/netmigrate.js', import.meta.url));

interface Proc {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

function start(args: string[]): Proc {
  const child = spawn(process.execPath, [NETMIGRATE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  child.stdout?.resume();
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr: () => stderr, exited };
}

/** Live processes by pid: parent pid and command line (from /proc). */
function processTable(): Map<number, { ppid: number; cmdline: string }> {
  const out = new Map<number, { ppid: number; cmdline: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0').join(' ');
      out.set(Number(name), { ppid: Number(fields[1]), cmdline });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

function descendants(root: number): Map<number, string> {
  const table = processTable();
  const found = new Map<number, string>();
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [pid, p] of table)
      if (frontier.includes(p.ppid) && !found.has(pid)) {
        found.set(pid, p.cmdline);
        next.push(pid);
      }
    frontier = next;
  }
  return found;
}

const alive = (pid: number) =>
  existsSync(`/proc/${pid}`) && !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');

async function waitFor<T>(what: string, get: () => T | undefined, ms: number): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('stopping netmigrate run', { timeout: 180_000 }, () => {
  let dir: string;
  const procs: Proc[] = [];
  const runArgs = (out: string) => [
    'run',
    '--records',
    '1000',
    '--duration',
    '60',
    '--migrate-at',
    '50',
    '--clients',
    '1',
    '--progress',
    'silent',
    '--out',
    join(dir, out),
    '--build',
    join(dir, 'build'),
  ];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-stop-'));
    const b = await ensureNetMigrateBuild({ buildDir: join(dir, 'build') });
    assert.ok(b.ok, b.ok ? '' : b.message);
  });

  after(() => {
    for (const p of procs) if (p.child.exitCode === null) p.child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts a run and waits until its workload client runs; returns the run's process tree. */
  async function runningExperiment(out: string): Promise<{ p: Proc; tree: Map<number, string> }> {
    const p = start(runArgs(out));
    procs.push(p);
    const pid = p.child.pid as number;
    const tree = await waitFor(
      'the workload client',
      () => {
        const d = descendants(pid);
        return [...d.values()].some((c) => c.includes('kvclient') && c.includes('--no-load')) ? d : undefined;
      },
      60_000,
    );
    return { p, tree };
  }

  test('a KV server killed mid-run fails the run with its name and leaves no process behind', async () => {
    const { p, tree } = await runningExperiment('killed');
    const source = [...tree].find(([, c]) => c.includes('kvserver') && c.includes('--role source'));
    assert.ok(source !== undefined, [...tree.values()].join('\n'));
    process.kill(source[0], 'SIGKILL');
    const code = await p.exited;
    assert.equal(code, 3, p.stderr());
    assert.match(p.stderr(), /kv-source/);
    await waitFor('every process of the run to end', () => ([...tree.keys()].some(alive) ? undefined : true), 10_000);
  });

  test('Ctrl-C ends the run with 130 and stops every process of the experiment', async () => {
    const { p, tree } = await runningExperiment('interrupted');
    assert.ok(tree.size >= 5, `expected switch, controller, 2 servers, client…: ${[...tree.values()].join('\n')}`);
    p.child.kill('SIGINT');
    const code = await p.exited;
    assert.equal(code, 130, p.stderr());
    await waitFor('every process of the run to end', () => ([...tree.keys()].some(alive) ? undefined : true), 10_000);
  });

  test('an orchestrator killed with SIGKILL leaves no process behind: every child ends with its parent', async () => {
    const { p, tree } = await runningExperiment('orphans');
    p.child.kill('SIGKILL');
    await p.exited;
    await waitFor('every process of the run to end', () => ([...tree.keys()].some(alive) ? undefined : true), 15_000);
  });

  test('a bad option prints the usage and exits 2', async () => {
    for (const args of [
      ['run', '--protocol', 'paxos'],
      ['run', '--duration', '5', '--migrate-at', '9'],
      ['run', '--capacity', '55'],
      ['run', '--records', 'many'],
      ['run', '--program', '/nonexistent/kv_migration.p4'],
      ['run', '--profile', 'tofino-kv'],
      ['run', '--profile', 'artifact', '--protocol', 'rocksteady'],
      ['run', '--profile', 'artifact', '--workload', 'm'],
      ['run', '--program', 'p4/netmigrate.p4', '--artifact-sizes'],
      ['fly'],
    ]) {
      const p = start(args);
      const code = await p.exited;
      assert.equal(code, 2, `${args.join(' ')}: ${p.stderr()}`);
      assert.match(p.stderr(), /Options:/, `${args.join(' ')} prints the usage`);
    }
  });
});
