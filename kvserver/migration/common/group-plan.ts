// How a frozen dictionary splits into groups and groups into migration threads (docs/netmigrate.md
// §6): group_bits = min(size_exp, MAX), remain_exp = size_exp − group_bits, 2^remain_exp
// buckets per group, and the group id space split evenly (in order) among the threads; a
// thread moves its groups in runs of `run` consecutive groups (one transition per run,
// docs/migration-protocols.md "Runs of groups").

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
  /** Groups per GROUP_START/COMPLETE (1..MAX_GROUP_RUN); a thread's last run may be shorter. */
  run: number;
}

/** The most groups one transition may cover: its count byte. */
export const MAX_GROUP_RUN = 255;
/**
 * The most groups 'auto' puts in a run: the switch recirculates a run once per group after
 * the first, and a switch process bounds a packet's recirculations (16 by default:
 * `p4ts switch --max-reentries 32` or more for runs of 32; `netmigrate run` passes 64).
 */
export const AUTO_MAX_GROUP_RUN = 32;
/** 'auto' runs hold about as many groups as a group of a 2^12-group table holds buckets' worth. */
const AUTO_RUN_GROUP_BITS = 12;

/**
 * The most groups 'auto' puts in a run to fill a run with keys (below): 15 recirculations,
 * within a `p4ts switch`'s default bound of 16, so a switch of one's own needs no option for it.
 */
export const AUTO_KEYS_MAX_GROUP_RUN = 16;
/**
 * MIGRATE frames' worth of keys an 'auto' run holds at least: a run's two transitions cost
 * about what two to four MIGRATE frames and their acks cost (a frame each way through three
 * processes), so runs of fewer keys spent most of the migration on transitions
 * (docs/scale.md "Where a pair's time goes").
 */
export const AUTO_RUN_FRAMES = 8;

/**
 * Groups per transition for 'auto': 2^(group bits − 12), 1 to AUTO_MAX_GROUP_RUN (32 at 2^17),
 * so that a run holds as many keys as a group of 2^12 groups, whatever the key count: a
 * migration then sends as many transitions as at 2^12 groups (a transition each way through
 * three processes is what a group cost). Given the keys per group and the pairs per MIGRATE
 * frame (the source passes them while its clients are idle), also enough groups for
 * AUTO_RUN_FRAMES frames of keys (at most AUTO_KEYS_MAX_GROUP_RUN): 200,000 keys in 2^12
 * groups (49 a group) move in runs of 4.
 */
export function autoGroupRun(groupBits: number, keysPerGroup?: number, pairsPerFrame?: number): number {
  const byBits = Math.max(1, Math.min(AUTO_MAX_GROUP_RUN, 2 ** Math.max(0, groupBits - AUTO_RUN_GROUP_BITS)));
  if (keysPerGroup === undefined || pairsPerFrame === undefined) return byBits;
  const wanted = Math.ceil((AUTO_RUN_FRAMES * pairsPerFrame) / Math.max(keysPerGroup, 1e-9));
  const byKeys = Math.max(1, Math.min(AUTO_KEYS_MAX_GROUP_RUN, 2 ** groupBits, wanted));
  return Math.max(byBits, byKeys);
}

/** A group-run option: 'auto' or an integer in 1..255; undefined when it is neither. */
export function parseGroupRun(text: string | number): number | 'auto' | undefined {
  if (text === 'auto') return 'auto';
  const n = Number(text);
  return Number.isInteger(n) && n >= 1 && n <= MAX_GROUP_RUN && String(text).trim() !== '' ? n : undefined;
}

export function planGroups(sizeExp: number, threadCount: number, maxGroupBits = MAX_GROUP_BITS, run = 1): GroupPlan {
  const groupBits = Math.min(sizeExp, maxGroupBits);
  const groupCount = 2 ** groupBits;
  const n = Math.max(1, Math.min(threadCount, groupCount, 255));
  const threads: { first: number; end: number }[] = [];
  for (let t = 0; t < n; t++)
    threads.push({ first: Math.floor((t * groupCount) / n), end: Math.floor(((t + 1) * groupCount) / n) });
  const runLength = Math.max(1, Math.min(MAX_GROUP_RUN, Math.floor(run)));
  return { sizeExp, groupBits, remainExp: sizeExp - groupBits, groupCount, threads, run: runLength };
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
