// How a frozen dictionary splits into groups and groups into migration threads (docs/netmigrate.md
// §6): group_bits = min(size_exp, MAX), remain_exp = size_exp − group_bits, 2^remain_exp
// buckets per group, and the group id space split evenly (in order) among the threads.

import { groupOfKey } from '../../../wire/key-hash.js';
import type { Key } from '../../../wire/message.js';

export const MAX_GROUP_BITS = 17;

export interface GroupPlan {
  sizeExp: number;
  groupBits: number;
  remainExp: number;
  groupCount: number;
  /** Thread t owns groups [threads[t].first, threads[t].end). */
  threads: { first: number; end: number }[];
}

export function planGroups(sizeExp: number, threadCount: number, maxGroupBits = MAX_GROUP_BITS): GroupPlan {
  const groupBits = Math.min(sizeExp, maxGroupBits);
  const groupCount = 2 ** groupBits;
  const n = Math.max(1, Math.min(threadCount, groupCount, 255));
  const threads: { first: number; end: number }[] = [];
  for (let t = 0; t < n; t++)
    threads.push({ first: Math.floor((t * groupCount) / n), end: Math.floor(((t + 1) * groupCount) / n) });
  return { sizeExp, groupBits, remainExp: sizeExp - groupBits, groupCount, threads };
}

/** Buckets [start, end) of group `g`. */
export function groupBuckets(plan: GroupPlan, g: number): { start: number; end: number } {
  const per = 2 ** plan.remainExp;
  return { start: g * per, end: (g + 1) * per };
}

export function groupOf(plan: GroupPlan, key: Key): number {
  return groupOfKey(key, plan.sizeExp, plan.remainExp);
}

/** The thread that owns group `g`. */
export function threadOfGroup(plan: GroupPlan, g: number): number {
  const t = plan.threads.findIndex((r) => g >= r.first && g < r.end);
  return Math.max(0, t);
}
