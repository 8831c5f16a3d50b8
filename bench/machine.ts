// What every benchmark prints first (the machine and runtime the figures were measured on),
// and the shared ways of summarising repeated runs: a median with its spread, and the
// machine's load beside each figure (on a shared machine a figure means little without it).

import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

export function machineLine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `node ${process.version} · ${cpus().length} × ${cpu.trim()} · ${process.platform}/${process.arch}`;
}

/** The 1/5/15-minute load averages, as `uptime` prints them. */
export function loadLine(): string {
  return `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** "median [min–max]" of repeated runs, each number shown by `show`. */
export function spread(values: readonly number[], show: (v: number) => string = (v) => v.toFixed(0)): string {
  return `${show(median(values))} [${show(Math.min(...values))}–${show(Math.max(...values))}]`;
}

/** Half the min–max range as a share of the median, in percent: "±x %" run to run. */
export function halfRangePercent(values: readonly number[]): number {
  const m = median(values);
  return m === 0 ? 0 : (50 * (Math.max(...values) - Math.min(...values))) / m;
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux; NaN elsewhere). */
export function cpuSecondsOf(pid: number): number {
  const t = cpuTimesOf(pid);
  return t.user + t.system;
}

/**
 * CPU seconds the calling thread has run so far, to the nanosecond (/proc/thread-self/schedstat
 * on Linux; elsewhere the whole process's user + system time). A process's CPU time also
 * counts V8's background threads (the optimising compiler, concurrent GC): a slice measured
 * while they still compile the pipeline charges it their work.
 */
export function threadCpuSeconds(): number {
  if (schedstatReadable) {
    try {
      const s = readFileSync('/proc/thread-self/schedstat', 'latin1');
      return Number(s.slice(0, s.indexOf(' '))) / 1e9;
    } catch {
      schedstatReadable = false;
    }
  }
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
let schedstatReadable = process.platform === 'linux';

/**
 * A process's CPU seconds so far split into user (its own code) and system (the kernel on its
 * behalf: for a forwarder, mostly the sockets' receive and send calls), from /proc; NaN elsewhere.
 */
export function cpuTimesOf(pid: number): { user: number; system: number } {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
    // utime, stime in clock ticks (USER_HZ 100)
    return { user: Number(rest[11]) / 100, system: Number(rest[12]) / 100 };
  } catch {
    return { user: Number.NaN, system: Number.NaN };
  }
}

export function formatRate(perSecond: number): string {
  if (perSecond >= 1e6) return `${(perSecond / 1e6).toFixed(2)} M/s`;
  if (perSecond >= 1e3) return `${(perSecond / 1e3).toFixed(1)} k/s`;
  return `${perSecond.toFixed(0)} /s`;
}
