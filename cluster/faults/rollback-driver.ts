// Cancelling a migration with rollback, driven over the processes' control channels
// (docs/faults.md "Migration control"): the source stops migrating, the destination freezes
// and exports what it holds, the source imports it and owns every key again, the controller
// removes the pair (every request reaches the source), the destination forgets the shard.

import type { ChildMailbox, Message } from '../child-mailbox.js';
import type { LiveCluster } from './live-cluster.js';

export interface RollbackReport {
  /** False when there was no migration in flight to cancel (not started, or already finished). */
  cancelled: boolean;
  /** The source's migration state before the cancel. */
  previous: string;
  /** Values and deletes the destination handed back (undefined: it was dead, nothing came back). */
  valuesReturned: number | undefined;
  deletesReturned: number | undefined;
  /** The controller removed the pair entry (undefined: no controller was asked). */
  pairRemoved: boolean | undefined;
}

const LONG_MS = 60_000;

function checked(m: Message, what: string): Message {
  if (m.ok !== true) throw new Error(`${what}: ${String(m.message ?? 'refused')}`);
  return m;
}

/** Waits for the controller's `cancel` event after asking it to cancel the source's pair. */
export async function controllerCancel(l: LiveCluster, controller: ChildMailbox): Promise<boolean> {
  const t = l.topology;
  const done = controller.next(
    (m) => (m.event === 'controller' && m.kind === 'cancel') || m.event === 'error',
    LONG_MS,
    'cancel event',
  );
  controller.send({ cmd: 'cancel', source: { ip: t.source.ip, dbPort: t.sourceDbPort } });
  const e = await done;
  if (e.event === 'error') throw new Error(`controller cancel: ${String(e.message)}`);
  return e.removed === true;
}

/**
 * Rolls the running migration back. `destinationAlive` false: it died, so nothing comes back
 * (what it alone acknowledged is lost, which the checker reports). `controller` undefined:
 * there is none to tell (the switch restarts empty anyway).
 */
export async function rollBack(
  l: LiveCluster,
  o: { destinationAlive: boolean; controller: ChildMailbox | undefined },
): Promise<RollbackReport> {
  const cancel = await l.source.ask({ cmd: 'cancel' }, 'cancel', LONG_MS);
  const previous = String(cancel.previous);
  if (cancel.ok !== true)
    return { cancelled: false, previous, valuesReturned: 0, deletesReturned: 0, pairRemoved: undefined };
  l.migration.state = 'cancelled';
  const state = o.destinationAlive
    ? checked(await l.destination.ask({ cmd: 'rollback-export' }, 'rollback-export', LONG_MS), 'rollback-export').state
    : { values: [], deleted: [] };
  const imported = checked(
    await l.source.ask({ cmd: 'rollback-import', state }, 'rollback-import', LONG_MS),
    'rollback-import',
  );
  const pairRemoved = o.controller === undefined ? undefined : await controllerCancel(l, o.controller);
  if (o.destinationAlive) checked(await l.destination.ask({ cmd: 'reset' }, 'reset', LONG_MS), 'reset');
  return {
    cancelled: true,
    previous,
    valuesReturned: o.destinationAlive ? Number(imported.values) : undefined,
    deletesReturned: o.destinationAlive ? Number(imported.deleted) : undefined,
    pairRemoved,
  };
}
