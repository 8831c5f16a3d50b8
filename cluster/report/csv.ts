// intervals.csv: one row per interval, units in the column names, empty cells for values that
// do not exist (no operation completed, or no counter samples), so spreadsheets, pandas and
// gnuplot read it as it is.

import type { IntervalRow } from '../timeline.js';

/** Columns in file order: header name, and how to read the value from a row. */
export const INTERVAL_COLUMNS: readonly [string, (r: IntervalRow) => number | string | null][] = [
  ['interval', (r) => r.index],
  ['t_start_s', (r) => r.startS],
  ['t_end_s', (r) => r.endS],
  ['phase', (r) => r.phase],
  ['ops', (r) => r.ops],
  ['ops_per_s', (r) => r.opsPerSec],
  ['reads', (r) => r.reads],
  ['writes', (r) => r.writes],
  ['deletes', (r) => r.deletes],
  ['p50_ms', (r) => r.p50Ms],
  ['p99_ms', (r) => r.p99Ms],
  ['max_ms', (r) => r.maxMs],
  ['read_p50_ms', (r) => r.readP50Ms],
  ['read_p99_ms', (r) => r.readP99Ms],
  ['write_p50_ms', (r) => r.writeP50Ms],
  ['write_p99_ms', (r) => r.writeP99Ms],
  ['failures', (r) => r.failures],
  ['double_reads', (r) => r.doubleReads],
  ['retries', (r) => r.retries],
  ['timeouts', (r) => r.timeouts],
  ['retry_later', (r) => r.retryLater],
  ['groups_started', (r) => r.groupsStarted],
  ['groups_completed', (r) => r.groupsCompleted],
  ['client_gc_ms', (r) => r.gcPauseMs],
  ['frames_per_datagram_out', (r) => r.framesPerDatagramOut],
  ['frames_per_datagram_in', (r) => r.framesPerDatagramIn],
  ['source_frames_per_datagram_in', (r) => r.sourceFramesPerDatagramIn],
];

function cell(v: number | string | null): string {
  if (v === null) return '';
  if (typeof v === 'string') return /[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  if (Number.isInteger(v)) return String(v);
  // Microsecond precision for ms and s values; trailing zeros trimmed.
  return String(Number(v.toFixed(3)));
}

export function intervalsToCsv(rows: readonly IntervalRow[]): string {
  const lines = [INTERVAL_COLUMNS.map(([name]) => name).join(',')];
  for (const r of rows) lines.push(INTERVAL_COLUMNS.map(([, get]) => cell(get(r))).join(','));
  return `${lines.join('\n')}\n`;
}
