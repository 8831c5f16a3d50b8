// The orchestrator's side of a server-side preload (docs/scale.md): the preloaded values
// enter the checked histories as writes that completed before any client started (only for
// the keys clients touched: the others never meet the checker), and the audit asks the
// destination to check its own store against the preload in one pass, returning just the
// touched keys' values for the histories to judge (compareWithHistories).

import type { HistoryOp } from '../client/history.js';
import { newTrafficCounters } from '../client/protocols/protocol.js';
import type { Key } from '../wire/message.js';
import { keyRecord, preloadTag } from '../wire/records.js';
import { compareWithHistories, type FinalState, type KeyRead } from './audit.js';
import type { ChildMailbox, Message } from './child-mailbox.js';
import type { ClientRecord } from './run-record.js';

/**
 * The preload as history: one write per touched preloaded key, invoked and answered at
 * `loadedAtMs` (the preload ended before the first client process was started).
 */
export function preloadHistory(records: number, clientOps: readonly HistoryOp[], loadedAtMs: number): HistoryOp[] {
  const seen = new Set<Key>();
  const out: HistoryOp[] = [];
  for (const op of clientOps) {
    if (seen.has(op.key)) continue;
    seen.add(op.key);
    const r = keyRecord(op.key);
    if (r < records)
      out.push({ kind: 'write', key: op.key, tag: preloadTag(r), invoke: loadedAtMs, response: loadedAtMs });
  }
  return out;
}

/** The preload's stand-in for the loader client: its writes, no requests sent. */
export function preloadClientRecord(clientId: number, history: HistoryOp[]): ClientRecord {
  const zero = { sent: 0, resends: 0, timeouts: 0, failures: 0, doubleReads: 0, retryLater: 0, staleReplies: 0 };
  return {
    clientId,
    results: {
      clientId,
      load: undefined,
      run: undefined,
      counters: {
        ...zero,
        mismatchedReplies: 0,
        badFrames: 0,
        badMessages: 0,
        readsFound: 0,
        readsAbsent: 0,
        writes: 0,
      },
      traffic: newTrafficCounters(),
      history,
    },
  };
}

export interface PreloadAuditOutcome {
  keysChecked: number;
  keysLost: number;
  keysWrong: number;
  unanswered: number;
  samples: string[];
  /** What the destination reported (counts and its own timing). */
  store: {
    untouchedChecked: number;
    missing: number;
    wrong: number;
    unexpected: number;
    storeCount: number;
    ms: number;
  };
}

/**
 * Audits the destination shard: every untouched preloaded record checked there, every touched
 * key's value judged here against the histories' final states.
 */
export async function auditPreloadedShard(
  destination: ChildMailbox,
  records: number,
  states: ReadonlyMap<Key, FinalState>,
  timeoutMs: number,
): Promise<PreloadAuditOutcome> {
  const touched = [...states.keys()];
  const m: Message = await destination.ask({ cmd: 'audit', records, touched }, 'audit', timeoutMs);
  const tags = m.touchedTags as (string | null)[];
  const reads = new Map<Key, KeyRead | undefined>();
  touched.forEach((k, i) => {
    const tag = tags[i];
    reads.set(k, tag === undefined ? undefined : { tag, ver: 0 });
  });
  const cmp = compareWithHistories(states, reads);
  const n = (k: string) => Number(m[k] ?? 0);
  return {
    keysChecked: cmp.keysChecked + n('untouchedChecked'),
    keysLost: cmp.keysLost + n('missing'),
    keysWrong: cmp.keysWrong + n('wrong') + n('unexpected'),
    unanswered: cmp.unanswered,
    samples: [...cmp.samples, ...((m.samples as string[] | undefined) ?? [])].slice(0, 10),
    store: {
      untouchedChecked: n('untouchedChecked'),
      missing: n('missing'),
      wrong: n('wrong'),
      unexpected: n('unexpected'),
      storeCount: n('storeCount'),
      ms: n('ms'),
    },
  };
}
