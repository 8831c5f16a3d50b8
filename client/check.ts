// Per-key linearizability check of a KV history with unique written values (docs/netmigrate.md
// §9 "Keys and values"). A read of value v is allowed when the write of v started before
// the read ended and no other write or delete certainly happened between that write's end
// and the read's start (started after the write responded, responded before the read
// began). A read of "absent" is allowed under the same rule with a delete or the initial
// empty state as the writer. Operations without a response may take effect at any time
// after they started. This is the reads-from condition of linearizability for a register;
// it does not look for read/read inversions between two reads of concurrent writes.

import type { Key } from '../wire/message.js';
import type { HistoryOp } from './history.js';

export type ViolationReason = 'value-never-written' | 'written-after-read' | 'overwritten-before-read';

export interface Violation {
  key: Key;
  read: Extract<HistoryOp, { kind: 'read' }>;
  reason: ViolationReason;
  /** The write (or delete) the read would have to read from, when there is one. */
  writer?: HistoryOp;
  /** An operation that certainly overwrote it before the read began. */
  overwrittenBy?: HistoryOp;
}

export interface CheckResult {
  ok: boolean;
  keys: number;
  reads: number;
  writes: number;
  violations: Violation[];
}

interface Setter {
  op: HistoryOp | undefined; // undefined: the initial "absent" state
  invoke: number;
  response: number;
}

const INITIAL: Setter = { op: undefined, invoke: Number.NEGATIVE_INFINITY, response: Number.NEGATIVE_INFINITY };

export function checkHistory(ops: readonly HistoryOp[]): CheckResult {
  const byKey = new Map<Key, HistoryOp[]>();
  for (const op of ops) {
    const list = byKey.get(op.key);
    if (list === undefined) byKey.set(op.key, [op]);
    else list.push(op);
  }
  const result: CheckResult = { ok: true, keys: byKey.size, reads: 0, writes: 0, violations: [] };
  for (const [key, list] of byKey) checkKey(key, list, result);
  result.ok = result.violations.length === 0;
  return result;
}

function checkKey(key: Key, list: HistoryOp[], result: CheckResult): void {
  const byTag = new Map<string, Setter>();
  const absentSetters: Setter[] = [INITIAL];
  const completed: Setter[] = [];
  for (const op of list) {
    if (op.kind === 'read') continue;
    result.writes++;
    const s: Setter = { op, invoke: op.invoke, response: op.response };
    if (op.kind === 'write') byTag.set(op.tag, s);
    else absentSetters.push(s);
    if (Number.isFinite(op.response)) completed.push(s);
  }
  // prefixMaxInvoke[i]: latest start among the i setters that responded first.
  completed.sort((a, b) => a.response - b.response);
  const prefixMaxInvoke: number[] = [Number.NEGATIVE_INFINITY];
  const prefixArg: (Setter | undefined)[] = [undefined];
  for (const s of completed) {
    const prev = prefixMaxInvoke[prefixMaxInvoke.length - 1] as number;
    prefixMaxInvoke.push(Math.max(prev, s.invoke));
    prefixArg.push(s.invoke > prev ? s : prefixArg[prefixArg.length - 1]);
  }
  for (const op of list) {
    if (op.kind !== 'read') continue;
    result.reads++;
    // Setters that certainly finished before the read began.
    const n = countBefore(completed, op.invoke);
    const latestStart = prefixMaxInvoke[n] as number;
    const overwriter = prefixArg[n];
    const allowed = (s: Setter) => s.invoke < op.response && !(latestStart > s.response);
    if (op.tag === null) {
      if (absentSetters.some(allowed)) continue;
      const started = absentSetters.filter((s) => s.invoke < op.response);
      result.violations.push({
        key,
        read: op,
        reason: started.length === 0 ? 'written-after-read' : 'overwritten-before-read',
        writer: started[started.length - 1]?.op,
        overwrittenBy: overwriter?.op,
      });
      continue;
    }
    const writer = byTag.get(op.tag);
    if (writer === undefined) {
      result.violations.push({ key, read: op, reason: 'value-never-written' });
    } else if (!(writer.invoke < op.response)) {
      result.violations.push({ key, read: op, reason: 'written-after-read', writer: writer.op });
    } else if (latestStart > writer.response) {
      result.violations.push({
        key,
        read: op,
        reason: 'overwritten-before-read',
        writer: writer.op,
        overwrittenBy: overwriter?.op,
      });
    }
  }
}

/** Number of setters (sorted by response) whose response is strictly before `t`. */
function countBefore(sorted: Setter[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Setter).response < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** One line per violation, for reports and test failures. */
export function formatViolation(v: Violation): string {
  const r = v.read;
  const what = r.tag === null ? 'absent' : r.tag;
  const w = v.writer === undefined ? '' : ` writer [${v.writer.invoke.toFixed(3)}, ${v.writer.response.toFixed(3)}]`;
  const o =
    v.overwrittenBy === undefined
      ? ''
      : ` overwritten by ${v.overwrittenBy.kind} [${v.overwrittenBy.invoke.toFixed(3)}, ${v.overwrittenBy.response.toFixed(3)}]`;
  return `key 0x${v.key.toString(16).padStart(8, '0')}: read of ${what} [${r.invoke.toFixed(3)}, ${r.response.toFixed(3)}] ${v.reason}${w}${o}`;
}
