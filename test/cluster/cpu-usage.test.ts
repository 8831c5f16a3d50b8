// The per-process CPU of a run (cluster/cpu-usage.ts): reading /proc/<pid>/stat, sampling with
// restarts and deaths, cutting the samples at windows, and the summary's CPU line; the peak
// memory per process (VmHWM) and the summary's memory line.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type CpuSample,
  CpuSampler,
  cpuInWindow,
  cpuPressurePercent,
  groupClients,
  parseCpuPressureMs,
  parseStatCpuMs,
  parseStatusPeakKb,
  processCpuMs,
  processPeakRssKb,
} from '../../cluster/cpu-usage.js';
import { cpuLine, formatRunSummary, memoryLine } from '../../cluster/report/summary-table.js';
import { groupClientPeaks, summarizeRun } from '../../cluster/results.js';
import { syntheticRun } from './fixtures/synthetic-run.js';

describe('per-process CPU', () => {
  it('reads utime + stime from a stat line whose name holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime …
    const line = '4242 (node (a) b) S 1 4242 4242 0 -1 4194560 9000 0 12 0 250 75 0 0 20 0 11 0';
    assert.equal(parseStatCpuMs(line), 3250, '(250 + 75) ticks at 100 Hz');
    assert.equal(parseStatCpuMs('garbage'), undefined);
    assert.equal(parseStatCpuMs('1 (x) S 1 2'), undefined, 'too few fields');
  });

  it('reads this process from /proc where there is one', { skip: !existsSync('/proc/self/stat') }, () => {
    const t0 = processCpuMs(process.pid);
    assert.ok(t0 !== undefined && t0 >= 0);
    let x = 0;
    const end = performance.now() + 60;
    while (performance.now() < end) x += Math.sqrt(x + 1);
    const t1 = processCpuMs(process.pid) as number;
    assert.ok(t1 >= t0, `${t1} < ${t0}`);
    assert.equal(processCpuMs(2 ** 22 + 12345), undefined, 'no such process');
  });

  it('sums a restarted process with its predecessor and keeps a dead one at its last value', () => {
    const cpu = new Map<number, number>([
      [10, 100],
      [11, 40],
    ]);
    let procs = [
      { name: 'controller', pid: 10, alive: true },
      { name: 'switch', pid: 11, alive: true },
    ];
    let t = 0;
    const s = new CpuSampler(
      () => procs,
      1000,
      (pid) => cpu.get(pid),
      () => t,
    );
    s.sample();
    t = 100;
    cpu.set(10, 150);
    procs = [
      { name: 'controller', pid: 10, alive: false },
      { name: 'controller', pid: 12, alive: true },
      { name: 'switch', pid: 11, alive: true },
    ];
    cpu.set(12, 30);
    s.sample();
    const samples = s.stop();
    assert.deepEqual(samples[0]?.cpuMs, { controller: 100, switch: 40 });
    assert.deepEqual(samples[1]?.cpuMs, { controller: 130, switch: 40 }, 'the dead one stays at 100, not 150');
  });

  it('records nothing where no process can be read', () => {
    const s = new CpuSampler(
      () => [{ name: 'switch', pid: 5 }],
      1000,
      () => undefined,
    );
    s.sample();
    assert.deepEqual(s.stop(), []);
  });

  it('cuts at a window by interpolating between samples', () => {
    const samples: CpuSample[] = [
      { atMs: 0, cpuMs: { switch: 0, 'kv-source': 0 } },
      { atMs: 1000, cpuMs: { switch: 100, 'kv-source': 500 } },
      { atMs: 2000, cpuMs: { switch: 300, 'kv-source': 500 } },
    ];
    const w = cpuInWindow(samples, { startMs: 500, endMs: 1500 });
    assert.ok(Math.abs((w.switch?.cpuS ?? 0) - 0.15) < 1e-9);
    assert.ok(Math.abs((w.switch?.percentOfCore ?? 0) - 15) < 1e-9);
    assert.ok(Math.abs((w['kv-source']?.cpuS ?? 0) - 0.25) < 1e-9);
    assert.deepEqual(cpuInWindow(samples, { startMs: 5, endMs: 5 }), {});
  });

  it('property: the windows of a split add up to the whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 2, maxLength: 30 }),
        fc.double({ min: 0.05, max: 0.95, noNaN: true }),
        (steps, cut) => {
          const cumulative = steps.map((_, i) => steps.slice(0, i + 1).reduce((a, b) => a + b, 0));
          const samples = cumulative.map((p, i) => ({ atMs: i * 100, cpuMs: { p } }));
          const end = (steps.length - 1) * 100;
          const mid = end * cut;
          const a = cpuInWindow(samples, { startMs: 0, endMs: mid }).p?.cpuS ?? 0;
          const b = cpuInWindow(samples, { startMs: mid, endMs: end }).p?.cpuS ?? 0;
          const whole = cpuInWindow(samples, { startMs: 0, endMs: end }).p?.cpuS ?? 0;
          assert.ok(Math.abs(a + b - whole) < 1e-9);
        },
      ),
    );
  });

  it('adds the workload clients up as one entry', () => {
    const g = groupClients(
      {
        'client-0': { cpuS: 1, percentOfCore: 10 },
        'client-1': { cpuS: 2, percentOfCore: 20 },
        switch: { cpuS: 3, percentOfCore: 30 },
      },
      10,
    );
    assert.deepEqual(Object.keys(g).sort(), ['clients', 'switch']);
    assert.equal(g.clients?.cpuS, 3);
    assert.equal(g.clients?.percentOfCore, 30);
  });

  it('the summary gives each window its CPU and the switch its CPU per operation', () => {
    const record = syntheticRun({
      protocol: 'netmigrate',
      seconds: 6,
      migrationStartS: 2,
      migrationEndS: 4,
      groups: 4,
      clients: 1,
      rate: { before: 500, during: 500, after: 500 },
      medianMs: { before: 1, during: 1, after: 1 },
    });
    const t0 = record.startedAtMs;
    // The switch works twice as hard during the migration; the client steadily.
    record.cpuSamples = [0, 2, 4, 6, 7].map((s) => ({
      atMs: t0 + s * 1000,
      cpuMs: {
        switch: s <= 2 ? s * 100 : s <= 4 ? 200 + (s - 2) * 200 : 600 + (s - 4) * 100,
        'client-0': s * 50,
      },
    }));
    const { summary } = summarizeRun(record);
    const during = summary.cpu?.during;
    assert.ok(during !== undefined);
    const seconds = summary.windows.during?.seconds ?? 0;
    assert.ok(seconds > 1.5, `during lasts ${seconds} s`);
    assert.ok(Math.abs((during.switch?.percentOfCore ?? 0) - 20) < 1.5, `${during.switch?.percentOfCore}`);
    assert.ok(Math.abs((summary.cpu?.before?.switch?.percentOfCore ?? 0) - 10) < 1.5);
    assert.ok(Math.abs((during.clients?.percentOfCore ?? 0) - 5) < 0.5);
    const line = cpuLine(summary) as string;
    assert.match(line, /^CPU, % of one core, before → during → after: switch 10 → 20 → 10 \(\d+ → \d+ → \d+ µs/);
    assert.match(line, /clients 5 → 5 → 5/);
    assert.ok(formatRunSummary(summary).includes(line));
    delete record.cpuSamples;
    const without = summarizeRun(record).summary;
    assert.equal(without.cpu, undefined);
    assert.equal(cpuLine(without), undefined);
  });
});

describe('peak memory per process', () => {
  it('reads VmHWM from a status text, and this process from /proc where there is one', () => {
    const status = 'Name:\tnode\nVmPeak:\t 900000 kB\nVmHWM:\t  123456 kB\nVmRSS:\t  100000 kB\n';
    assert.equal(parseStatusPeakKb(status), 123456);
    assert.equal(parseStatusPeakKb('Name:\tnode\n'), undefined);
    if (existsSync('/proc/self/status')) {
      const kb = processPeakRssKb(process.pid) as number;
      // The kernel's mark is at least what this process holds now.
      assert.ok(kb * 1024 >= process.memoryUsage().rss * 0.9, `${kb} kB`);
      assert.equal(processPeakRssKb(2 ** 22 + 12345), undefined, 'no such process');
    }
  });

  it('keeps each name’s largest process, a dead process’s last mark, and a later reading before the stop', () => {
    const peaks = new Map<number, number>([
      [10, 1000],
      [11, 4000],
      [12, 2048],
    ]);
    const procs = [
      { name: 'kv-source', pid: 10, alive: true },
      { name: 'client-0', pid: 11, alive: true },
      { name: 'client-1', pid: 12, alive: true },
    ];
    const s = new CpuSampler(
      () => procs,
      1000,
      () => 0,
      () => 0,
      (pid) => peaks.get(pid),
    );
    s.sample();
    (procs[1] as { alive: boolean }).alive = false; // client-0 is gone: its 4000 kB stays
    peaks.set(10, 300 * 1024); // the source grows after the last timed sample (the audit)
    s.notePeaks();
    const mb = s.peakRssMb();
    assert.deepEqual(mb, { 'kv-source': 300, 'client-0': 4, 'client-1': 2 });
    assert.deepEqual(groupClientPeaks(mb), { 'kv-source': 300, clients: 4 });
  });

  it('the summary carries the peaks, the clients as their largest, and prints one line', () => {
    const record = syntheticRun({
      protocol: 'netmigrate',
      seconds: 4,
      migrationStartS: 1,
      migrationEndS: 3,
      groups: 4,
      clients: 2,
      rate: { before: 100, during: 100, after: 100 },
      medianMs: { before: 1, during: 1, after: 1 },
    });
    record.peakRssMb = { switch: 88, 'kv-source': 1200, 'kv-destination': 1450, 'client-0': 90, 'client-1': 107 };
    const { summary } = summarizeRun(record);
    assert.deepEqual(summary.peakRssMb, { switch: 88, 'kv-source': 1200, 'kv-destination': 1450, clients: 107 });
    const line = memoryLine(summary) as string;
    assert.equal(line, 'peak memory (RSS, MB): switch 88, kv-source 1,200, kv-destination 1,450, clients 107');
    assert.ok(formatRunSummary(summary).includes(line));
    delete record.peakRssMb;
    assert.equal(memoryLine(summarizeRun(record).summary), undefined);
  });
});

describe('CPU pressure (time some task waited for a CPU)', () => {
  it('reads the "some" total of /proc/pressure/cpu in ms', () => {
    const text =
      'some avg10=68.34 avg60=80.64 avg300=88.07 total=40122723321\nfull avg10=0.00 avg60=0.00 avg300=0.00 total=0\n';
    assert.equal(parseCpuPressureMs(text), 40122723.321);
    assert.equal(parseCpuPressureMs('nothing here'), undefined);
  });

  it("a window's share of waiting time, from the samples around it", () => {
    const samples = [
      { atMs: 0, cpuMs: {}, cpuPressureMs: 100 },
      { atMs: 1000, cpuMs: {}, cpuPressureMs: 350 },
      { atMs: 2000, cpuMs: {}, cpuPressureMs: 1350 },
    ];
    assert.equal(cpuPressurePercent(samples, { startMs: 0, endMs: 1000 }), 25);
    assert.equal(cpuPressurePercent(samples, { startMs: 1000, endMs: 2000 }), 100);
    assert.equal(cpuPressurePercent([{ atMs: 0, cpuMs: {} }], { startMs: 0, endMs: 1000 }), undefined);
  });
});
