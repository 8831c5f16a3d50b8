// The control-plane client for tools (`p4ts ctl`), tests and the NetMigrate controller: one TCP
// connection, newline-delimited JSON-RPC 2.0, requests matched to responses by id. Replies come
// back as Results (a refused request is a value with the server's data.code), notifications
// (digests) go to listeners. Typed helpers cover the methods controllers use most.

import { connect, type Socket } from 'node:net';
import { err, ok, type Result } from '../result.js';
import { encodeMessage } from './protocol.js';

/** `code` is the server's data.code, or CONNECTION_CLOSED / TIMEOUT / BAD_RESPONSE from the client. */
export type ControlResult<T = unknown> = Result<T, string>;

export interface DigestNotification {
  readonly subscription: number;
  readonly digest: string;
  readonly packetId: number;
  readonly fields: Readonly<Record<string, number | string>>;
}

export interface ControlClientOptions {
  readonly host?: string;
  readonly port: number;
  /** Per-request timeout in ms (default 10 000). */
  readonly timeoutMs?: number;
  /** The switch's shared token (needed when it listens beyond loopback): sent first. */
  readonly token?: string;
}

export class ControlClient {
  private nextId = 1;
  private buffer = '';
  private closed = false;
  private readonly pending = new Map<number, { resolve: (r: ControlResult) => void; timer: NodeJS.Timeout }>();
  private readonly listeners = new Set<(method: string, params: unknown) => void>();
  private readonly closeListeners = new Set<(byUs: boolean) => void>();
  private closing = false;

  private constructor(
    private readonly socket: Socket,
    private readonly timeoutMs: number,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.shutdown());
    socket.on('close', () => this.shutdown());
  }

  static async connect(o: ControlClientOptions): Promise<Result<ControlClient, 'CONNECT_FAILED'>> {
    const c = await ControlClient.open(o);
    if (!c.ok || o.token === undefined) return c;
    const auth = await c.value.call('session.auth', { token: o.token });
    if (auth.ok) return c;
    await c.value.close();
    return err('CONNECT_FAILED', `the control plane refused the token: ${auth.message}`);
  }

  private static open(o: ControlClientOptions): Promise<Result<ControlClient, 'CONNECT_FAILED'>> {
    const host = o.host ?? '127.0.0.1';
    return new Promise((resolve) => {
      const socket = connect({ host, port: o.port });
      const onError = (e: Error) =>
        resolve(err('CONNECT_FAILED', `cannot reach the control plane at ${host}:${o.port}: ${e.message}`));
      socket.once('error', onError);
      socket.once('connect', () => {
        socket.off('error', onError);
        resolve(ok(new ControlClient(socket, o.timeoutMs ?? 10_000)));
      });
    });
  }

  /** Calls a method; resolves with its result or a coded error, never rejects. */
  call<T = unknown>(method: string, params: Record<string, unknown> = {}): Promise<ControlResult<T>> {
    if (this.closed) return Promise.resolve(err('CONNECTION_CLOSED', 'the control connection is closed'));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve(err('TIMEOUT', `${method} got no answer in ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (r: ControlResult) => void, timer });
      this.socket.write(`${encodeMessage({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  /** Listens to notifications (method, params); returns the function that stops listening. */
  onNotification(listener: (method: string, params: unknown) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Subscribes to digests (all, or those named) and calls `listener` for each; with several
   * programs on the switch, to those of `program`.
   */
  async watchDigests(
    listener: (d: DigestNotification) => void,
    digests?: string[],
    program?: string,
  ): Promise<ControlResult<number>> {
    const r = await this.call<{ subscription: number }>('digest.subscribe', {
      ...(digests === undefined ? {} : { digests }),
      ...(program === undefined ? {} : { program }),
    });
    if (!r.ok) return r;
    const sub = r.value.subscription;
    this.onNotification((method, params) => {
      if (method === 'digest' && (params as DigestNotification).subscription === sub)
        listener(params as DigestNotification);
    });
    return ok(sub);
  }

  tableAdd(table: string, match: unknown, action: string, params: unknown = [], priority?: number) {
    return this.call<{ handle: number }>('table.add', {
      table,
      match,
      action,
      params,
      ...(priority === undefined ? {} : { priority }),
    });
  }

  tableDelete(table: string, match: unknown, priority?: number) {
    return this.call<{ handle: number }>('table.delete', {
      table,
      match,
      ...(priority === undefined ? {} : { priority }),
    });
  }

  tableSetDefault(table: string, action: string, params: unknown = []) {
    return this.call('table.setDefault', { table, action, params });
  }

  registerRead(register: string, index?: number) {
    return this.call<{ values: unknown[] }>('register.read', { register, ...(index === undefined ? {} : { index }) });
  }

  registerReset(register: string) {
    return this.call('register.reset', { register });
  }

  mirrorAdd(session: number, egressPort: number, direction: 'ingress' | 'egress' | 'both' = 'both', maxLen = 0) {
    return this.call('mirror.add', { session, egressPort, direction, maxLen });
  }

  mirrorDelete(session: number) {
    return this.call('mirror.delete', { session });
  }

  /**
   * Calls `listener` once when the connection ends: `byUs` false means the switch closed it or
   * went away (a controller must not go on silently without its switch).
   */
  onClose(listener: (byUs: boolean) => void): () => void {
    this.closeListeners.add(listener);
    return () => this.closeListeners.delete(listener);
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.end();
      this.socket.destroySoon();
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let nl = this.buffer.indexOf('\n');
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + 1);
      this.onLine(line);
      nl = this.buffer.indexOf('\n');
    }
  }

  private onLine(line: string): void {
    let m: Record<string, unknown>;
    try {
      m = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (m === null || typeof m !== 'object') return;
    if (typeof m.method === 'string' && !('id' in m)) {
      for (const l of this.listeners) l(m.method, m.params);
      return;
    }
    const p = typeof m.id === 'number' ? this.pending.get(m.id) : undefined;
    if (p === undefined) return;
    this.pending.delete(m.id as number);
    clearTimeout(p.timer);
    const e = m.error as { message?: unknown; data?: { code?: unknown } } | undefined;
    if (e !== undefined) p.resolve(err(String(e.data?.code ?? 'BAD_RESPONSE'), String(e.message ?? 'error')));
    else p.resolve(ok(m.result));
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.resolve(err('CONNECTION_CLOSED', 'the control connection closed before the answer'));
    }
    this.pending.clear();
    for (const l of this.closeListeners) l(this.closing);
  }
}
