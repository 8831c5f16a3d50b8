import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { formatElapsed, formatProgressLine, ProgressDisplay, resolveMode } from '../../cluster/progress.js';
import { CounterSampler, forwardMigrationEvents, type MigrationEvent } from '../../cluster/run-record.js';
import { MigrationEvents } from '../../kvserver/migration/common/progress.js';

/** A stream that keeps what was written, optionally pretending to be a terminal. */
function sink(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  const w = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      chunks.push(chunk.toString());
      cb();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(w, {
    isTTY,
    columns: 160,
    rows: 40,
    cursorTo: () => true,
    clearLine: () => true,
    moveCursor: () => true,
  });
  w.text = () => chunks.join('');
  return w;
}

describe('progress line', () => {
  it('shows elapsed time, phase, groups migrated of total, ops/s and p50/p99 with units', () => {
    const line = formatProgressLine(
      { phase: 'migrating', groupsCompleted: 3, groupsTotal: 12, opsPerSec: 123_456, p50Ms: 0.412, p99Ms: 17.3 },
      83_000,
    );
    assert.equal(line, '01:23 | migrating | groups 3/12 (25%) | 123.5k ops/s | p50 0.41 ms | p99 17.3 ms');
    assert.equal(formatElapsed(3_600_000), '60:00');
  });

  it('before anything is measured it shows dashes, not zeros', () => {
    const line = formatProgressLine(
      { phase: 'load', groupsCompleted: 0, groupsTotal: 0, opsPerSec: null, p50Ms: null, p99Ms: null },
      0,
    );
    assert.match(line, /groups – \| – ops\/s \| p50 – ms \| p99 – ms$/);
  });

  it('is silent under the test runner, a live line on a terminal, plain lines in a pipe', () => {
    const env = process.env.NODE_TEST_CONTEXT;
    try {
      process.env.NODE_TEST_CONTEXT = 'child';
      assert.equal(resolveMode('auto', sink(true)), 'silent');
      delete process.env.NODE_TEST_CONTEXT;
      assert.equal(resolveMode('auto', sink(true)), 'tty');
      assert.equal(resolveMode('auto', sink(false)), 'lines');
    } finally {
      if (env === undefined) delete process.env.NODE_TEST_CONTEXT;
      else process.env.NODE_TEST_CONTEXT = env;
    }
  });

  it('in a pipe it prints a plain line on each phase change and at the end', () => {
    const out = sink(false);
    const p = new ProgressDisplay({ mode: 'lines', stream: out, lineIntervalMs: 60_000 });
    p.update({ phase: 'migrating', groupsTotal: 4 });
    p.update({ groupsCompleted: 2, opsPerSec: 5000 });
    p.log('switch ready');
    p.update({ phase: 'after', groupsCompleted: 4 });
    p.stop();
    p.update({ phase: 'ignored' });
    const lines = out.text().trim().split('\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0] as string, /migrating \| groups 0\/4/);
    assert.equal(lines[1], 'switch ready');
    assert.match(lines[3] as string, /after {5}\| groups 4\/4 \(100%\) \| 5000 ops\/s/);
    assert.ok(!out.text().includes('\r'));
  });

  it('on a terminal it redraws one line in place: redraws add no line, messages go above it', () => {
    const out = sink(true);
    const p = new ProgressDisplay({ mode: 'tty', stream: out });
    p.update({ phase: 'migrating', groupsTotal: 10, groupsCompleted: 1 });
    p.log('first message');
    p.update({ groupsCompleted: 5, opsPerSec: 2000, p50Ms: 1, p99Ms: 9 });
    p.log('second message');
    p.update({ groupsCompleted: 9 });
    p.stop();
    const text = out.text();
    const redraws = text.match(/groups (\d+|–)\/?\d*/g) ?? [];
    assert.ok(redraws.length >= 4, `the line was drawn ${redraws.length} times`);
    // Only the two messages and the final line end with a newline: every other draw overwrote the line.
    const lines = text.split('\n').filter((l) => l !== '');
    assert.equal(lines.length, 3, JSON.stringify(text));
    assert.match(lines[0] as string, /first message$/);
    assert.match(lines[1] as string, /second message$/);
    assert.match(lines[2] as string, /groups 9\/10 \(90%\)/);
    assert.match(text, /migrating \| \[█{10}░{10}\] groups 5\/10 \(50%\) \| 2000 ops\/s/);
  });

  it('silent mode writes nothing at all', () => {
    const out = sink(false);
    const p = new ProgressDisplay({ mode: 'silent', stream: out });
    p.update({ phase: 'migrating' });
    p.log('hello');
    p.stop();
    assert.equal(out.text(), '');
  });
});

describe('run record helpers', () => {
  it('migration events are forwarded with the clock’s time', () => {
    const events = new MigrationEvents();
    const got: MigrationEvent[] = [];
    let now = 100;
    forwardMigrationEvents(
      events,
      (e) => got.push(e),
      () => now++,
    );
    events.emit('started', { protocol: 'netmigrate', sizeExp: 12, remainExp: 0, groupCount: 4096, threads: 4 });
    events.emit('group-started', { group: 7, thread: 1 });
    events.emit('group-completed', { group: 7, thread: 1 });
    events.emit('finished', { protocol: 'netmigrate', durationMs: 5, counters: {} as never });
    assert.deepEqual(got, [
      { kind: 'started', atMs: 100, protocol: 'netmigrate', groupCount: 4096, threads: 4 },
      { kind: 'group-started', atMs: 101, group: 7, thread: 1 },
      { kind: 'group-completed', atMs: 102, group: 7, thread: 1 },
      { kind: 'finished', atMs: 103, durationMs: 5 },
    ]);
  });

  it('counter samples are copies taken at the time, not live references', () => {
    const live = { doubleReads: 1 };
    let now = 0;
    const sampler = new CounterSampler(
      () => live,
      60_000,
      undefined,
      () => (now += 10),
    );
    live.doubleReads = 5;
    sampler.stop();
    assert.deepEqual(
      sampler.samples.map((s) => [s.atMs, s.counters.doubleReads]),
      [
        [10, 1],
        [20, 5],
      ],
    );
  });
});
