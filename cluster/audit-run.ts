// The end-of-run audit of a live run: every key the histories touched (after a preload, every
// record) is read back from the shard's owner (the destination after a migration, the source
// when it was cancelled, docs/faults.md) and compared with what the histories allow; after a migration, a sample of
// requests addressed to the source shows who answers them now.

import type { HistoryOp } from '../client/history.js';
import { Ver } from '../wire/ops.js';
import { type AuditHost, compareWithHistories, finalStates, probeSourceShard, type SourceProbe } from './audit.js';
import type { ChildMailbox } from './child-mailbox.js';
import type { ExperimentConfig } from './experiment-config.js';
import { auditPreloadedShard } from './preload-audit.js';
import type { DestinationAudit } from './run-record.js';
import type { Topology } from './topology.js';

export interface ShardAudit {
  audit: DestinationAudit;
  sourceProbe: SourceProbe | undefined;
  unanswered: number;
  samples: string[];
}

export async function auditShard(
  auditor: AuditHost,
  guard: <T>(p: Promise<T>) => Promise<T>,
  c: ExperimentConfig,
  t: Topology,
  allOps: readonly HistoryOp[],
  owner: 'source' | 'destination',
  ownerProcess: ChildMailbox,
): Promise<ShardAudit> {
  const states = finalStates(allOps);
  const keys = [...states.keys()];
  // 0x80 is Fulva's "migration finished" flag on the destination's replies, not a retry.
  const retryFlags = Ver.RETRY_LATER | (c.protocol === 'fulva' ? 0 : Ver.BASELINE_RETRY);
  const source = { mac: t.source.mac, ip: t.source.ip, dbPort: t.sourceDbPort };
  const target =
    owner === 'source' ? source : { mac: t.destination.mac, ip: t.destination.ip, dbPort: t.destinationDbPort };
  // After a preload, one pass over the owner's store (docs/scale.md); else one READ per key
  // through the switch.
  const cmp =
    c.load === 'preload'
      ? await guard(auditPreloadedShard(ownerProcess, c.records, states, 30 * 60_000))
      : compareWithHistories(states, await guard(auditor.read(target, keys, { retryFlags })));
  const sourceProbe =
    owner === 'source' ? undefined : await guard(probeSourceShard(auditor, source, keys.slice(0, 200)));
  return {
    audit: {
      keysChecked: cmp.keysChecked,
      keysLost: cmp.keysLost,
      keysWrong: cmp.keysWrong,
      keysUnanswered: cmp.unanswered,
      // A cancelled migration leaves the shard at the source, as it should.
      sourceStillServing: (sourceProbe?.fromSource ?? 0) > 0,
    },
    sourceProbe,
    unanswered: cmp.unanswered,
    samples: cmp.samples,
  };
}
