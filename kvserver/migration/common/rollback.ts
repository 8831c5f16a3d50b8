// Rolling a cancelled migration back (docs/faults.md "Migration control"): the destination,
// frozen, exports what it holds for the shard (every value, and the keys clients deleted
// there); the source imports it and owns every key again. Meanwhile the source answers no
// request for a group whose scan began. The export is JSON-safe for the control channel.

import type { Key } from '../../../wire/message.js';
import { Op } from '../../../wire/ops.js';
import type { KvDict } from '../../store/dict.js';
import type { IncomingRequest, RequestDecision } from '../strategy.js';
import type { GuardedStore } from './destination-store.js';
import { isSideChannelPort } from './peer.js';
import type { SourceAgent } from './source-agent.js';

/** The destination's state of a shard: values base64, and keys deleted by clients there. */
export interface RollbackState {
  values: [Key, string][];
  deleted: Key[];
}

/** What the destination holds: every value, and each client-deleted key it does not hold. */
export function exportState(store: KvDict, guard: GuardedStore | undefined): RollbackState {
  const values: [Key, string][] = [];
  for (const { key, value } of store.entries()) values.push([key, Buffer.from(value).toString('base64')]);
  const deleted = (guard?.clientTouchedKeys() ?? []).filter((k) => !store.has(k));
  return { values, deleted };
}

/**
 * Applies a destination's export to the source's store. The destination's copy of a key is
 * never older than the source's (every write the source applied after the key's scan was
 * forwarded and acknowledged there before the client got its answer), so it wins.
 */
export function importState(store: KvDict, state: RollbackState): { values: number; deleted: number } {
  for (const [key, b64] of state.values) store.set(key, new Uint8Array(Buffer.from(b64, 'base64')));
  let deleted = 0;
  for (const key of state.deleted) if (store.delete(key)) deleted++;
  return { values: state.values.length, deleted };
}

/** Checks the shape of an export received over the control channel. */
export function isRollbackState(v: unknown): v is RollbackState {
  if (typeof v !== 'object' || v === null) return false;
  const s = v as { values?: unknown; deleted?: unknown };
  return (
    Array.isArray(s.values) &&
    Array.isArray(s.deleted) &&
    s.values.every((e) => Array.isArray(e) && Number.isInteger(e[0]) && typeof e[1] === 'string') &&
    s.deleted.every((k) => Number.isInteger(k))
  );
}

/** The keys a request names (each present slot of a multi-key one). */
function requestKeys(req: IncomingRequest): Key[] {
  const m = req.msg;
  if (m.op === Op.READ || m.op === Op.WRITE || m.op === Op.DELETE) return [m.key];
  return m.keys.filter((_, i) => ((m.bitmap >>> i) & 1) === 1);
}

/**
 * A source in rollback serves the groups whose scan never began (it alone holds them) and
 * drops the rest: their newest state is at the destination until the import; the clients
 * resend or time out (an unanswered write may or may not have happened, as the checker allows).
 */
export function cancellingDecision(agent: SourceAgent, req: IncomingRequest): RequestDecision {
  if (isSideChannelPort(req.frame.dstPort)) return 'handled';
  return requestKeys(req).some((k) => agent.groupStarted(k)) ? 'handled' : 'serve';
}
