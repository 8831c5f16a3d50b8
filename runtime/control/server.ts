// The control-plane server inside the switch process: newline-delimited JSON-RPC 2.0 over TCP,
// bound to 127.0.0.1 by default. Lines are decoded by protocol.ts and run by methods.ts; digest
// subscriptions are per connection (digest.subscribe / digest.unsubscribe) and arrive as
// `digest` notifications. Nothing a client sends can crash the process: malformed lines get a
// parse error, over-long lines LINE_TOO_LONG, a failing handler INTERNAL_ERROR.

import { createServer, type Server, type Socket } from 'node:net';
import type { DigestMessage } from '../externs/deparser-externs.js';
import { err, ok, type Result } from '../result.js';
import { formatFieldValue } from './json-values.js';
import { type ControlTarget, callMethod } from './methods.js';
import { type CResult, resolveName } from './params.js';
import {
  decodeLine,
  encodeMessage,
  errorResponse,
  MAX_LINE_BYTES,
  notification,
  type RpcResponse,
  resultResponse,
} from './protocol.js';

export interface ControlServerOptions {
  readonly target: ControlTarget;
  readonly host?: string;
  readonly port?: number;
  /** Notifications queued beyond this many bytes on a slow connection are dropped (default 8 MiB). */
  readonly maxBufferedBytes?: number;
}

export interface ControlServer {
  readonly address: { address: string; port: number };
  /** Digest notifications dropped because a subscriber did not read fast enough. */
  readonly droppedNotifications: () => number;
  close(): Promise<void>;
}

class Connection {
  private buffer = '';
  private discarding = false;
  private nextSubscription = 1;
  private readonly subscriptions = new Map<number, { filter: Set<string> | undefined; off: () => void }>();

  constructor(
    private readonly socket: Socket,
    private readonly target: ControlTarget,
    private readonly maxBuffered: number,
    private readonly onDropped: () => void,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.dispose());
    socket.on('close', () => this.dispose());
  }

  dispose(): void {
    for (const s of this.subscriptions.values()) s.off();
    this.subscriptions.clear();
  }

  private onData(chunk: string): void {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      const piece = chunk.slice(start, nl);
      start = nl + 1;
      if (this.discarding) {
        this.discarding = false;
        continue;
      }
      const line = this.buffer + piece;
      this.buffer = '';
      this.handleLine(line);
    }
    if (this.discarding) return;
    this.buffer += chunk.slice(start);
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.buffer = '';
      this.discarding = true;
      this.send(errorResponse(null, 'LINE_TOO_LONG', `a line is longer than ${MAX_LINE_BYTES} bytes; it is ignored`));
    }
  }

  private handleLine(raw: string): void {
    const line = raw.trim();
    if (line === '') return;
    const decoded = decodeLine(line);
    const responses: RpcResponse[] = [];
    for (const e of decoded.entries) {
      if (!e.ok) {
        responses.push(errorResponse(e.id, e.code, e.message));
        continue;
      }
      const { method, params, id } = e.request;
      let r: CResult<unknown>;
      try {
        r = this.run(method, params);
      } catch (x) {
        r = err('INTERNAL_ERROR', `internal error in ${method}: ${x instanceof Error ? x.message : String(x)}`);
      }
      if (id === undefined) continue; // a notification: no answer
      responses.push(r.ok ? resultResponse(id, r.value) : errorResponse(id, r.code, r.message));
    }
    if (responses.length === 0) return;
    this.sendText(encodeMessage(decoded.batch ? responses : responses[0]));
  }

  private run(method: string, params: unknown): CResult<unknown> {
    if (method === 'digest.subscribe') return this.subscribe(params);
    if (method === 'digest.unsubscribe') {
      const id = (params as { subscription?: unknown } | undefined)?.subscription;
      const s = typeof id === 'number' ? this.subscriptions.get(id) : undefined;
      if (s === undefined) return err('NO_SUCH_SUBSCRIPTION', `no subscription ${String(id)} on this connection`);
      s.off();
      this.subscriptions.delete(id as number);
      return ok({ subscription: id });
    }
    return callMethod(this.target, method, params);
  }

  private subscribe(params: unknown): CResult<unknown> {
    const names = (params as { digests?: unknown } | undefined)?.digests;
    const known = this.target.state.p4info.digests;
    let filter: Set<string> | undefined;
    if (names !== undefined) {
      if (!Array.isArray(names)) return err('INVALID_PARAMS', '"digests" must be an array of digest names');
      filter = new Set();
      for (const n of names) {
        const r = resolveName(
          String(n),
          known.map((d) => d.name),
          'digest',
          'INVALID_DIGEST_NAME',
        );
        if (!r.ok) return r;
        filter.add(r.value);
      }
    }
    const id = this.nextSubscription++;
    const off = this.target.onDigest((m) => this.deliver(id, filter, m));
    this.subscriptions.set(id, { filter, off });
    return ok({ subscription: id });
  }

  private deliver(subscription: number, filter: Set<string> | undefined, m: DigestMessage): void {
    if (filter !== undefined && !filter.has(m.digest)) return;
    const info = this.target.state.p4info.digests.find((d) => d.name === m.digest);
    const fields: Record<string, unknown> = {};
    m.values.forEach((v, i) => {
      fields[info?.fields[i]?.name ?? `f${i}`] = formatFieldValue(v);
    });
    if (this.socket.writableLength > this.maxBuffered) {
      this.onDropped();
      return;
    }
    this.sendText(notification('digest', { subscription, digest: m.digest, packetId: m.packetId, fields }));
  }

  private send(r: RpcResponse): void {
    this.sendText(encodeMessage(r));
  }

  private sendText(text: string): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(`${text}\n`);
  }
}

export function startControlServer(o: ControlServerOptions): Promise<Result<ControlServer, 'BIND_FAILED'>> {
  const host = o.host ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const connections = new Set<Connection>();
  let dropped = 0;
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const c = new Connection(socket, o.target, o.maxBufferedBytes ?? 8 << 20, () => {
      dropped++;
    });
    connections.add(c);
    socket.on('close', () => {
      sockets.delete(socket);
      connections.delete(c);
    });
  });
  return new Promise((resolve) => {
    const onError = (e: Error) =>
      resolve(err('BIND_FAILED', `control plane cannot listen on ${host}:${o.port ?? 0}: ${e.message}`));
    server.once('error', onError);
    server.listen(o.port ?? 0, host, () => {
      server.off('error', onError);
      // Errors after listening (accept failures) must not take the switch down.
      server.on('error', () => {});
      const a = server.address();
      const address =
        typeof a === 'object' && a !== null ? { address: a.address, port: a.port } : { address: host, port: 0 };
      resolve(
        ok({
          address,
          droppedNotifications: () => dropped,
          close: () =>
            new Promise<void>((done) => {
              for (const c of connections) c.dispose();
              for (const s of sockets) s.destroy();
              server.close(() => done());
            }),
        }),
      );
    });
  });
}
