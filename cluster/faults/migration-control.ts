// Migration control of a running cluster, modelled on Valkey 9's atomic slot migration
// (docs/faults.md "Migration control"): a loopback TCP server taking one JSON object a line,
// {"cmd":"migrate"|"status"|"cancel"}, and answering one JSON line each; and the client
// `netmigrate migrate|status|cancel` uses. A cancel rolls back through the fault injector's
// queue, so it never overlaps a fault under way.

import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { err, ok, type Result } from '../../runtime/result.js';
import type { FaultInjector } from './fault-injector.js';
import { type LiveCluster, nextMigrationStart } from './live-cluster.js';

/** Longest request line accepted (a command is a few bytes). */
const MAX_LINE = 4096;

export interface MigrationStatus {
  /** 'load' until the workload clients run, then 'run'. */
  phase: 'load' | 'run';
  /** none (never started), running, finished, failed, cancelled (rolled back: the source owns the shard). */
  state: string;
  starts: number;
  groupCount: number;
  groupsCompleted: number;
  pairsMigrated: number;
}

const LOOPBACK = /^(127\.0\.0\.1|localhost|\[?::1\]?):(\d+)$/;

/** Why `address` cannot be migration control's (it listens on loopback only), or undefined. */
export function controlAddressProblem(address: string): string | undefined {
  const m = LOOPBACK.exec(address);
  return m === null || Number(m[2]) > 65535
    ? `--control ${address}: expected a loopback HOST:PORT (127.0.0.1:0 picks a port); migration control has no access control`
    : undefined;
}

export class MigrationControlServer {
  private constructor(
    private readonly server: Server,
    readonly address: string,
  ) {}

  /** Listens on `host:port` (loopback only: migration control has no access control). */
  static async listen(
    address: string,
    cluster: () => LiveCluster | undefined,
    faults: () => FaultInjector | undefined,
  ): Promise<Result<MigrationControlServer, 'BAD_ADDRESS' | 'LISTEN_FAILED'>> {
    const m = LOOPBACK.exec(address);
    if (m === null || Number(m[2]) > 65535) return err('BAD_ADDRESS', controlAddressProblem(address) ?? address);
    const server = createServer((socket) => serve(socket, cluster, faults));
    const listening = await new Promise<Result<string, 'LISTEN_FAILED'>>((resolve) => {
      server.once('error', (e) => resolve(err('LISTEN_FAILED', `--control ${address}: ${e.message}`)));
      server.listen(Number(m[2]), m[1] === 'localhost' ? '127.0.0.1' : (m[1] as string).replace(/[[\]]/g, ''), () => {
        const a = server.address();
        resolve(ok(typeof a === 'object' && a !== null ? `${a.address}:${a.port}` : address));
      });
    });
    if (!listening.ok) return listening;
    return ok(new MigrationControlServer(server, listening.value));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function serve(socket: Socket, cluster: () => LiveCluster | undefined, faults: () => FaultInjector | undefined): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    if (buffered.length > MAX_LINE && !buffered.includes('\n')) {
      socket.end(`${JSON.stringify({ ok: false, code: 'TOO_LARGE', message: 'request line too long' })}\n`);
      return;
    }
    let nl = buffered.indexOf('\n');
    while (nl >= 0) {
      const line = buffered.slice(0, nl);
      buffered = buffered.slice(nl + 1);
      void answer(line, cluster(), faults()).then((reply) => {
        if (!socket.destroyed) socket.write(`${JSON.stringify(reply)}\n`);
      });
      nl = buffered.indexOf('\n');
    }
  });
}

async function status(l: LiveCluster): Promise<MigrationStatus> {
  const r = await l.source.ask({ cmd: 'report' }, 'report', 5000);
  const m = (r.migration ?? {}) as { groupCount?: number; groupsCompleted?: number; pairsMigrated?: number };
  return {
    phase: l.clients.length === 0 ? 'load' : 'run',
    state: l.migration.state,
    starts: l.migration.starts,
    groupCount: m.groupCount ?? 0,
    groupsCompleted: m.groupsCompleted ?? 0,
    pairsMigrated: m.pairsMigrated ?? 0,
  };
}

async function answer(
  line: string,
  l: LiveCluster | undefined,
  faults: FaultInjector | undefined,
): Promise<Record<string, unknown>> {
  let cmd: unknown;
  try {
    cmd = JSON.parse(line);
  } catch {
    return { ok: false, code: 'BAD_REQUEST', message: 'not JSON' };
  }
  const name = typeof cmd === 'object' && cmd !== null ? (cmd as { cmd?: unknown }).cmd : undefined;
  if (l === undefined || faults === undefined)
    return { ok: false, code: 'NOT_READY', message: 'the cluster is still starting' };
  try {
    switch (name) {
      case 'status':
        return { ok: true, ...(await status(l)) };
      case 'migrate': {
        const s = l.migration.state;
        if (s === 'running' || s === 'finished')
          return { ok: false, code: 'BUSY', message: `the migration is ${s}`, ...(await status(l)) };
        if (s === 'failed')
          return { ok: false, code: 'FAILED', message: 'the migration failed: cancel it first (rollback)' };
        const started = nextMigrationStart(l.source, 30_000);
        if (!l.source.send({ cmd: 'migrate' })) {
          started.catch(() => {});
          return { ok: false, code: 'FAILED', message: 'the source is not running' };
        }
        await started;
        return { ok: true, ...(await status(l)) };
      }
      case 'cancel': {
        const s = l.migration.state;
        if (s !== 'running' && s !== 'failed')
          return {
            ok: false,
            code: 'NOT_RUNNING',
            message: `no migration to cancel (it is ${s})`,
            ...(await status(l)),
          };
        const atS = Math.round(faults.secondsIntoRun() * 10) / 10;
        const record = await faults.injectNow({ kind: 'cancel', atS, downS: 0, againS: undefined, client: 0 });
        if (record?.error !== undefined) return { ok: false, code: 'ROLLBACK_FAILED', message: record.error };
        return { ok: true, actions: record?.actions ?? [], ...(await status(l)) };
      }
      default:
        return {
          ok: false,
          code: 'UNKNOWN_COMMAND',
          message: `unknown command ${String(name)} (migrate, status, cancel)`,
        };
    }
  } catch (e) {
    return { ok: false, code: 'FAILED', message: e instanceof Error ? e.message : String(e) };
  }
}

/** Sends one command to a cluster's migration control and returns its reply. */
export function sendMigrationCommand(
  address: string,
  cmd: 'migrate' | 'status' | 'cancel',
  timeoutMs = 120_000,
): Promise<Result<Record<string, unknown>, 'CONNECT_FAILED' | 'NO_REPLY'>> {
  const m = /^(.*):(\d+)$/.exec(address);
  return new Promise((resolve) => {
    if (m === null) {
      resolve(err('CONNECT_FAILED', `--cluster ${address}: expected HOST:PORT`));
      return;
    }
    const socket = createConnection({ host: (m[1] as string).replace(/[[\]]/g, ''), port: Number(m[2]) });
    let buffered = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(err('NO_REPLY', `no reply from ${address} within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ cmd })}\n`));
    socket.on('error', (e) => {
      clearTimeout(timer);
      resolve(err('CONNECT_FAILED', `${address}: ${e.message}`));
    });
    socket.on('data', (chunk: string) => {
      buffered += chunk;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      socket.end();
      try {
        resolve(ok(JSON.parse(buffered.slice(0, nl)) as Record<string, unknown>));
      } catch {
        resolve(err('NO_REPLY', `${address}: a reply that is not JSON`));
      }
    });
  });
}
