import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ProcessGroup } from '../../cluster/process-group.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-pg-'));
const lifeline = fileURLToPath(new URL('../../cluster/child-lifeline.js', import.meta.url));
const processGroupModule = fileURLToPath(new URL('../../cluster/process-group.js', import.meta.url));
const groups: ProcessGroup[] = [];
/** Grandchildren of the parent-script tests: killed here if a failing test left them running. */
const strays: number[] = [];

after(async () => {
  await Promise.all(groups.map((g) => g.shutdown()));
  for (const pid of strays) if (alive(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

function script(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, `import { reportReady, exitWithParent } from ${JSON.stringify(lifeline)};\n${body}\n`);
  return path;
}

function group(options: ConstructorParameters<typeof ProcessGroup>[0] = {}): ProcessGroup {
  const g = new ProcessGroup({ handleSignals: false, shutdownTimeoutMs: 1000, ...options });
  groups.push(g);
  return g;
}

/** Alive and not a zombie (a zombie still answers kill(pid, 0)). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

async function waitUntil(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (cond()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return cond();
}

const server = script(
  'server.mjs',
  `exitWithParent();
setInterval(() => {}, 1000);
process.stderr.write('server up\\n');
reportReady({ port: 4242, role: process.argv[2] ?? 'none' });`,
);

describe('a child that closes its stdin', () => {
  it('a write that meets the closed pipe (EPIPE) does not crash the parent', async () => {
    // The child closes fd 0 while it lives: the parent's next writes fail with EPIPE, as when
    // a client is asked for its report the moment it exits.
    const path = script(
      'closes-stdin.mjs',
      `import { closeSync } from 'node:fs';
setInterval(() => {}, 1000);
closeSync(0);
reportReady({});`,
    );
    const g = group();
    const r = await g.start({ name: 'client-0', args: [path] });
    assert.ok(r.ok, r.ok ? '' : r.message);
    const stdin = r.value.process.stdin;
    assert.ok(stdin !== null);
    const failed = await waitUntil(() => {
      if (!stdin.destroyed) stdin.write('{"cmd":"report"}\n');
      return stdin.destroyed;
    }, 30_000);
    assert.ok(failed, 'the pipe broke');
    await g.shutdown();
  });
});

describe('process group readiness', () => {
  it('a child becomes ready when it reports ready over IPC, with its addresses', async () => {
    const g = group();
    const r = await g.start({ name: 'kv-source', args: [server, 'source'] });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.equal(r.value.ready.port, 4242);
    assert.equal(r.value.ready.role, 'source');
    await g.shutdown();
    assert.equal(alive(r.value.pid), false);
  });

  it('a child without IPC becomes ready with its first stdout JSON line ("listening" as the switch prints it)', async () => {
    const path = script(
      'switch-like.mjs',
      `exitWithParent();
setInterval(() => {}, 1000);
process.stdout.write('not json\\n');
process.stdout.write(JSON.stringify({ event: 'listening', ports: { 1: '127.0.0.1:40001' } }) + '\\n');
setTimeout(() => process.stdout.write(JSON.stringify({ event: 'stats', frames: 3 }) + '\\n'), 50);`,
    );
    const g = group();
    const r = await g.start({ name: 'switch', args: [path], ipc: false });
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(r.value.ready.ports, { 1: '127.0.0.1:40001' });
    const next = await new Promise((resolve) => r.value.onMessage(resolve));
    assert.deepEqual(next, { event: 'stats', frames: 3 });
    await g.shutdown();
  });

  it('a child that never reports ready fails the start within its timeout and the group stops', async () => {
    const silent = script('silent.mjs', `exitWithParent(); setInterval(() => {}, 1000);`);
    const g = group();
    const first = await g.start({ name: 'server', args: [server] });
    assert.ok(first.ok);
    const r = await g.start({ name: 'mute', args: [silent], readyTimeoutMs: 300 });
    assert.equal(r.ok, false);
    assert.equal(r.ok ? '' : r.code, 'NOT_READY');
    assert.match((await g.failure).message, /"mute".*did not report ready within 300 ms/);
    await g.shutdown();
    assert.equal(alive(first.value.pid), false);
  });

  it('a program that does not exist fails to start with a message naming it', async () => {
    const g = group();
    const r = await g.start({ name: 'ghost', command: join(dir, 'no-such-program'), args: [] });
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /ghost/);
    await g.shutdown();
  });
});

describe('process group failure', () => {
  it('a child crash fails the run with its name and last stderr lines, and kills the others', async () => {
    const crasher = script(
      'crasher.mjs',
      `reportReady({});
setTimeout(() => { process.stderr.write('loading shard 3\\n'); process.stderr.write('Error: boom at frame 17\\n'); process.exit(3); }, 100);`,
    );
    const logDir = join(dir, 'logs-crash');
    const g = group({ logDir });
    const a = await g.start({ name: 'kv-dest', args: [server] });
    const b = await g.start({ name: 'client-0', args: [crasher] });
    assert.ok(a.ok && b.ok);
    const failure = await g.failure;
    assert.equal(failure.child, 'client-0');
    assert.equal(failure.code, 3);
    assert.match(failure.message, /child "client-0" \(pid \d+\) exited with code 3/);
    assert.match(failure.message, /Error: boom at frame 17/);
    assert.ok(g.signal.aborted);
    const exits = await g.shutdown();
    assert.equal(exits.length, 2);
    assert.equal(alive(a.value.pid), false);
    assert.match(readFileSync(join(logDir, 'client-0.log'), 'utf8'), /boom at frame 17/);
    assert.match(readFileSync(join(logDir, 'kv-dest.log'), 'utf8'), /server up/);
  });

  it('a child that may exit is not a failure when it exits with code 0', async () => {
    const finisher = script('finisher.mjs', `reportReady({}); setTimeout(() => process.exit(0), 50);`);
    const g = group();
    const r = await g.start({ name: 'client-1', args: [finisher], mayExit: true });
    assert.ok(r.ok);
    assert.deepEqual(await r.value.exited.then((e) => e.code), 0);
    assert.equal(g.failedWith, undefined);
    await g.shutdown();
  });

  it('shutdown is bounded: a child that ignores SIGTERM is killed after the timeout', async () => {
    const stubborn = script(
      'stubborn.mjs',
      `process.on('SIGTERM', () => {}); setInterval(() => {}, 1000); reportReady({});`,
    );
    const g = group({ shutdownTimeoutMs: 300 });
    const r = await g.start({ name: 'stubborn', args: [stubborn] });
    assert.ok(r.ok);
    const exits = await g.shutdown();
    // The bound is what SIGKILL shows: the child ignored SIGTERM, so only the timeout ended it.
    assert.equal(exits[0]?.signal, 'SIGKILL');
    assert.equal(alive(r.value.pid), false);
  });
});

describe('no orphans when the parent goes', () => {
  const parent = join(dir, 'parent.mjs');
  writeFileSync(
    parent,
    `import { ProcessGroup } from ${JSON.stringify(processGroupModule)};
const g = new ProcessGroup({ shutdownTimeoutMs: 1000 });
const child = process.argv[3] ?? ${JSON.stringify(server)};
const a = await g.start({ name: 'ipc-child', args: [child] });
const b = await g.start({ name: 'stdin-child', args: [child], ipc: false });
if (!a.ok || !b.ok) { console.error(a.ok ? '' : a.message, b.ok ? '' : b.message); process.exit(5); }
process.stdout.write(JSON.stringify({ pids: [a.value.pid, b.value.pid] }) + '\\n');
// "exit": leave at once with the children running (an error path that forgot to stop them).
if (process.argv[2] === 'exit') setTimeout(() => process.exit(0), 50);
setInterval(() => {}, 1000);`,
  );

  async function startParent(
    mode = 'wait',
    child = server,
  ): Promise<{ pid: number; children: number[]; exit: Promise<number | null> }> {
    const p = spawn(process.execPath, [parent, mode, child], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exit = new Promise<number | null>((resolve) => p.once('exit', (code) => resolve(code)));
    const line = await new Promise<string>((resolve, reject) => {
      let buf = '';
      p.stdout.on('data', (b: Buffer) => {
        buf += b.toString();
        if (buf.includes('\n')) resolve(buf.slice(0, buf.indexOf('\n')));
      });
      void exit.then((code) => reject(new Error(`parent exited early (${code})`)));
    });
    const children = (JSON.parse(line) as { pids: number[] }).pids;
    strays.push(...children);
    return { pid: p.pid as number, children, exit };
  }

  it('SIGINT to the parent stops every child and the parent exits with 130', async () => {
    const p = await startParent();
    assert.equal(p.children.length, 2);
    assert.ok(p.children.every(alive));
    process.kill(p.pid, 'SIGINT');
    assert.equal(await p.exit, 130);
    assert.ok(await waitUntil(() => !p.children.some(alive), 5000), 'children still alive after SIGINT');
  });

  it('a parent killed with SIGKILL leaves no orphans: children see the IPC channel or stdin close', async () => {
    const p = await startParent();
    process.kill(p.pid, 'SIGKILL');
    await p.exit;
    assert.ok(await waitUntil(() => !p.children.some(alive), 5000), 'children outlived a killed parent');
  });

  it('a parent that exits with children still running kills them on its way out, lifeline or not', async () => {
    // These children do not watch their parent: only the group's exit hook can stop them.
    const oblivious = script('oblivious.mjs', 'setInterval(() => {}, 1000); reportReady({});');
    const p = await startParent('exit', oblivious);
    assert.equal(await p.exit, 0);
    assert.ok(await waitUntil(() => !p.children.some(alive), 5000), 'children outlived process.exit');
  });
});

describe('process group faults: a child killed on purpose and started again', () => {
  it('a kill on purpose does not fail the group, the name can be started again, and its logs are appended', async () => {
    const logDir = join(dir, 'restart-logs');
    const g = group({ logDir });
    const first = await g.start({ name: 'controller', args: [server, 'first'] });
    assert.ok(first.ok, first.ok ? '' : first.message);
    const exit = await g.kill('controller');
    assert.equal(exit?.signal, 'SIGKILL');
    assert.equal(alive(first.value.pid), false);
    assert.equal(g.failedWith, undefined, 'the group did not fail');
    const second = await g.start({ name: 'controller', args: [server, 'second'] });
    assert.ok(second.ok, second.ok ? '' : second.message);
    assert.equal(second.value.ready.role, 'second');
    assert.equal(g.child('controller')?.pid, second.value.pid, 'the live child answers to the name');
    await g.shutdown();
    // Both processes wrote "server up" into the same log.
    const log = readFileSync(join(logDir, 'controller.log'), 'utf8');
    assert.equal(log.match(/server up/g)?.length, 2);
  });

  it('a name still running cannot be started twice, and a death not on purpose still fails the group', async () => {
    const g = group();
    const a = await g.start({ name: 'switch', args: [server] });
    assert.ok(a.ok);
    const twice = await g.start({ name: 'switch', args: [server] });
    assert.equal(twice.ok ? '' : twice.code, 'DUPLICATE_NAME');
    process.kill(a.value.pid, 'SIGKILL');
    const f = await g.failure;
    assert.equal(f.child, 'switch');
    assert.match(f.message, /killed by SIGKILL/);
  });
});
