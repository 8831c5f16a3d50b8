// Where a run's CPU goes: the orchestrator samples every child process's cumulative CPU time
// (user + system, from /proc/<pid>/stat) a few times a second, and the results cut the samples
// at the before/during/after windows, so a comparison can say which process did more work per
// operation during a migration (docs/reproducing-the-paper.md, "why Source-based leads").
// The same sampler keeps each process's peak resident memory (VmHWM, the kernel's high-water
// mark), read again just before the processes stop so the audit's peak is in it.
// Linux only: elsewhere (no /proc) the sampler records nothing and the summary has no CPU.

import { readFileSync } from 'node:fs';
import { wallClockMs } from '../client/history.js';

/** Cumulative CPU milliseconds per process name at one wall-clock moment. */
export interface CpuSample {
  atMs: number;
  cpuMs: Record<string, number>;
  /**
   * The machine's cumulative CPU pressure, ms: time in which some runnable task waited for a
   * CPU (/proc/pressure/cpu, "some"); absent without PSI. A run on a busy machine shows here.
   */
  cpuPressureMs?: number;
}

/** A process's CPU in one window: seconds of CPU, and as % of one core over the window. */
export interface ProcessCpu {
  cpuS: number;
  percentOfCore: number;
}

export interface WindowSpan {
  startMs: number;
  endMs: number;
}

/** Clock ticks per second of /proc's utime and stime (USER_HZ: 100 on every Linux ABI). */
const USER_HZ = 100;

/** user + system CPU of `pid` in ms, or undefined when the process is gone or there is no /proc. */
export function processCpuMs(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  return parseStatCpuMs(text);
}

/** utime + stime (fields 14 and 15) of a /proc/<pid>/stat line, in ms; the name may hold spaces and ')'. */
export function parseStatCpuMs(stat: string): number | undefined {
  const close = stat.lastIndexOf(')');
  if (close < 0) return undefined;
  // After "pid (comm)": field 3 (state) is index 0, so utime (14) is index 11, stime (15) index 12.
  const fields = stat.slice(close + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / USER_HZ;
}

/** The `some ... total=µs` line of /proc/pressure/cpu, in ms. */
export function parseCpuPressureMs(text: string): number | undefined {
  const m = /^some\b.*\btotal=(\d+)/m.exec(text);
  return m === null ? undefined : Number(m[1]) / 1000;
}

/** The machine's CPU pressure so far (ms), or undefined without PSI (kernel < 4.20, or not Linux). */
export function machineCpuPressureMs(): number | undefined {
  try {
    return parseCpuPressureMs(readFileSync('/proc/pressure/cpu', 'latin1'));
  } catch {
    return undefined;
  }
}

/** The share of [span] in which some task waited for a CPU, %, from the samples' pressure; undefined without. */
export function cpuPressurePercent(samples: readonly CpuSample[], span: WindowSpan): number | undefined {
  const withPressure = samples.filter((s) => s.cpuPressureMs !== undefined);
  const a = [...withPressure].reverse().find((s) => s.atMs <= span.startMs) ?? withPressure[0];
  const b = [...withPressure].reverse().find((s) => s.atMs <= span.endMs);
  if (a === undefined || b === undefined || b.atMs <= a.atMs) return undefined;
  return (((b.cpuPressureMs as number) - (a.cpuPressureMs as number)) / (b.atMs - a.atMs)) * 100;
}

/** A process's peak resident set (`VmHWM` of /proc/<pid>/status) in kB, or undefined when gone. */
export function processPeakRssKb(pid: number): number | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/status`, 'latin1');
  } catch {
    return undefined;
  }
  return parseStatusPeakKb(text);
}

/** The `VmHWM:   1234 kB` line of a /proc/<pid>/status text. */
export function parseStatusPeakKb(status: string): number | undefined {
  const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
  return m === null ? undefined : Number(m[1]);
}

export interface SampledProcess {
  readonly name: string;
  readonly pid: number;
  readonly alive?: boolean;
}

/**
 * Samples the given processes every `intervalMs` until stopped. A process keeps its last value
 * once gone, and a name's figure is the sum over every process that had it (a restarted
 * controller or server adds to its predecessor's).
 */
export class CpuSampler {
  private readonly samples: CpuSample[] = [];
  /** Last reading per pid, with the name it ran under. */
  private readonly last = new Map<number, { name: string; ms: number }>();
  /** Highest peak seen per pid (the kernel's mark only grows; a gone process keeps its last). */
  private readonly peaks = new Map<number, { name: string; kb: number }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly processes: () => readonly SampledProcess[],
    private readonly intervalMs = 100,
    private readonly read: (pid: number) => number | undefined = processCpuMs,
    // The clock of the run's record (its windows): Date.now() can be stepped while a long
    // compare or grid runs, which put every sample of later runs outside their windows.
    private readonly now: () => number = wallClockMs,
    private readonly readPeak: (pid: number) => number | undefined = processPeakRssKb,
    private readonly readPressure: () => number | undefined = machineCpuPressureMs,
  ) {}

  start(): void {
    if (this.timer !== undefined) return;
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
  }

  /** Takes a last sample and returns them all (empty when /proc could not be read). */
  stop(): CpuSample[] {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.sample();
    return this.samples.some((s) => Object.keys(s.cpuMs).length > 0) ? this.samples : [];
  }

  sample(): void {
    const processes = this.processes();
    // A run that failed before stop(): once every process is gone the sampler stops itself.
    if (this.last.size > 0 && processes.every((p) => p.alive === false) && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    for (const p of processes) {
      if (p.pid <= 0 || p.alive === false) continue;
      const ms = this.read(p.pid);
      if (ms !== undefined) this.last.set(p.pid, { name: p.name, ms });
    }
    this.notePeaks(processes);
    const cpuMs: Record<string, number> = {};
    for (const { name, ms } of this.last.values()) cpuMs[name] = (cpuMs[name] ?? 0) + ms;
    const pressure = this.readPressure();
    this.samples.push({ atMs: this.now(), cpuMs, ...(pressure === undefined ? {} : { cpuPressureMs: pressure }) });
  }

  /**
   * Reads every live process's peak memory (also done at each sample): call it once more just
   * before the processes stop, after the run's last work (the audit).
   */
  notePeaks(processes: readonly SampledProcess[] = this.processes()): void {
    for (const p of processes) {
      if (p.pid <= 0 || p.alive === false) continue;
      const kb = this.readPeak(p.pid);
      if (kb !== undefined && kb >= (this.peaks.get(p.pid)?.kb ?? 0)) this.peaks.set(p.pid, { name: p.name, kb });
    }
  }

  /** Peak resident memory per process name, in MB (a name's largest process); empty without /proc. */
  peakRssMb(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const { name, kb } of this.peaks.values()) out[name] = Math.max(out[name] ?? 0, Math.round(kb / 1024));
    return out;
  }
}

/** Cumulative CPU of `name` at `t`, interpolated between the samples around it (0 before its first). */
function cpuAt(samples: readonly CpuSample[], name: string, t: number): number {
  let before: CpuSample | undefined;
  for (const s of samples) {
    const v = s.cpuMs[name];
    if (v === undefined) continue;
    if (s.atMs >= t) {
      if (before === undefined) return s.atMs === t ? v : 0;
      const b = before.cpuMs[name] as number;
      return b + ((v - b) * (t - before.atMs)) / (s.atMs - before.atMs);
    }
    before = s;
  }
  return before === undefined ? 0 : (before.cpuMs[name] as number);
}

/** Each process's CPU within `span`. A process sampled only after the span began counts from its first sample. */
export function cpuInWindow(samples: readonly CpuSample[], span: WindowSpan): Record<string, ProcessCpu> {
  const out: Record<string, ProcessCpu> = {};
  const seconds = (span.endMs - span.startMs) / 1000;
  if (!(seconds > 0)) return out;
  const names = new Set(samples.flatMap((s) => Object.keys(s.cpuMs)));
  for (const name of [...names].sort()) {
    const cpuS = Math.max(0, cpuAt(samples, name, span.endMs) - cpuAt(samples, name, span.startMs)) / 1000;
    out[name] = { cpuS, percentOfCore: (cpuS / seconds) * 100 };
  }
  return out;
}

/** The workload clients (client-0, client-1, …) as one line of a table. */
export function groupClients(cpu: Record<string, ProcessCpu>, seconds: number): Record<string, ProcessCpu> {
  const out: Record<string, ProcessCpu> = {};
  let clients = 0;
  for (const [name, c] of Object.entries(cpu)) {
    if (/^client-\d+$/.test(name)) clients += c.cpuS;
    else out[name] = c;
  }
  if (clients > 0 || Object.keys(cpu).some((n) => n.startsWith('client-')))
    out.clients = { cpuS: clients, percentOfCore: seconds > 0 ? (clients / seconds) * 100 : 0 };
  return out;
}
