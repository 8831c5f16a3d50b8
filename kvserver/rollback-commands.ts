// The KV server's side of cancelling a migration (docs/faults.md "Migration control"), as the
// orchestrator drives it over the control channel: `cancel` (source stops migrating),
// `rollback-export` (destination freezes and hands over its state), `rollback-import` (the
// source applies it and owns every key again), `reset` (the destination forgets the shard
// and waits for a new INIT).

import { DestinationAgent } from './migration/common/destination-agent.js';
import { importState, isRollbackState } from './migration/common/rollback.js';
import { SourceAgent } from './migration/common/source-agent.js';
import type { KvServer } from './server.js';

export interface RollbackTarget {
  readonly server: KvServer;
  readonly shard: number;
  readonly agent: SourceAgent | DestinationAgent | undefined;
  /** A fresh destination agent for `reset`. */
  readonly newDestination?: () => DestinationAgent;
}

export interface RollbackOutcome {
  reply: Record<string, unknown>;
  /** The shard's agent afterwards (a reset installs a new one). */
  agent: SourceAgent | DestinationAgent | undefined;
}

export async function rollbackCommand(cmd: Record<string, unknown>, t: RollbackTarget): Promise<RollbackOutcome> {
  const name = String(cmd.cmd);
  const fail = (message: string): RollbackOutcome => ({
    reply: { event: name, ok: false, message },
    agent: t.agent,
  });
  const ctx = t.server.contextOf(t.shard);
  if (ctx === undefined) return fail(`no shard ${t.shard}`);
  const a = t.agent;
  switch (name) {
    case 'cancel': {
      if (!(a instanceof SourceAgent)) return fail('cancel: not the source of a migration');
      const previous = a.state;
      const started = a.beginCancel();
      return { reply: { event: name, ok: started, previous, state: a.state }, agent: a };
    }
    case 'rollback-export': {
      if (!(a instanceof DestinationAgent)) return fail('rollback-export: not a destination');
      const state = a.freeze(ctx);
      return { reply: { event: name, ok: true, state }, agent: a };
    }
    case 'rollback-import': {
      if (!(a instanceof SourceAgent) || a.state !== 'cancelling')
        return fail('rollback-import: no cancelled migration at this source');
      if (!isRollbackState(cmd.state)) return fail('rollback-import: malformed state');
      const applied = importState(ctx.shard.store, cmd.state);
      a.completeCancel();
      return { reply: { event: name, ok: true, ...applied, state: a.state }, agent: a };
    }
    case 'reset': {
      if (!(a instanceof DestinationAgent) || t.newDestination === undefined) return fail('reset: not a destination');
      a.frozen = true;
      a.abort();
      ctx.shard.store.clear();
      ctx.shard.store.unfreeze();
      const next = t.newDestination();
      await t.server.attachStrategy(t.shard, next);
      return { reply: { event: name, ok: true, keys: ctx.shard.store.count }, agent: next };
    }
    default:
      return fail(`unknown command ${name}`);
  }
}
