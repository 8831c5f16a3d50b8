// The control-plane server inside the switch process: newline-delimited JSON-RPC 2.0 over TCP,
// bound to 127.0.0.1 by default. Lines are decoded by protocol.ts and run by methods.ts; digest
// subscriptions are per connection (digest.subscribe / digest.unsubscribe) and arrive as
// `digest` notifications. Nothing a client sends can crash the process: malformed lines get a
// parse error, over-long lines LINE_TOO_LONG, a failing handler INTERNAL_ERROR.

import { timingSafeEqual } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { IDLE_TIMEOUT_DIGEST } from '../arch/idle-sweep.js';
import type { DigestMessage } from '../externs/deparser-externs.js';
import { err, ok, type Result } from '../result.js';
import { formatFieldValue } from './json-values.js';
import { type ControlTarget, callMethod, programTarget } from './methods.js';
import { asParams, type CResult, resolveName } from './params.js';
import {
  decodeLine,
  encodeMessage,
  errorResponse,
  MAX_LINE_BYTES,
  notification,
  type RpcResponse,
  resultResponse,
} from './protocol.js';

/** Requests in one batch; a longer batch is refused whole (TOO_LARGE), nothing run. */
export const MAX_BATCH_ENTRIES = 1024;
/** Reply bytes one line may produce; the batch's later requests are refused, not run. */
export const MAX_REPLY_BYTES = 16 << 20;
/** Lines read ahead of the one running before the connection stops being read. */
const MAX_PENDING_LINES = 64;
/** A client that lets this many times maxBufferedBytes pile up unread is disconnected. */
const HARD_BUFFER_FACTOR = 4;

const yieldToDataPlane = () => new Promise<void>((resolve) => setImmediate(resolve));

/** One response as text; a result too large to encode becomes a coded error instead. */
function encodeReply(id: string | number | null, r: CResult<unknown>): string {
  if (!r.ok) return encodeMessage(errorResponse(id, r.code, r.message));
  try {
    const text = encodeMessage(resultResponse(id, r.value));
    if (text.length <= MAX_REPLY_BYTES) return text;
  } catch {
    // RangeError: the reply is beyond what a string can hold.
  }
  return encodeMessage(
    errorResponse(id, 'TOO_LARGE', `the reply is larger than ${MAX_REPLY_BYTES} bytes; ask for less`),
  );
}

export interface ControlServerOptions {
  readonly target: ControlTarget;
  readonly host?: string;
  readonly port?: number;
  /** Notifications queued beyond this many bytes on a slow connection are dropped (default 8 MiB). */
  readonly maxBufferedBytes?: number;
  /**
   * A shared secret: every connection must call `session.auth` with it before anything else.
   * Required to listen beyond loopback (startControlServer refuses otherwise).
   */
  readonly token?: string;
  /** At most this many connections at once; more are closed at once (default 64). */
  readonly maxConnections?: number;
}

/** Whether `host` names a loopback address (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
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
  private readonly pending: string[] = [];
  private running = false;
  private closed = false;
  private authenticated: boolean;
  private nextSubscription = 1;
  private readonly subscriptions = new Map<number, { filter: Set<string> | undefined; off: () => void }>();

  constructor(
    private readonly socket: Socket,
    private readonly target: ControlTarget,
    private readonly maxBuffered: number,
    private readonly onDropped: () => void,
    private readonly token: string | undefined,
  ) {
    this.authenticated = token === undefined;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', () => this.dispose());
    socket.on('close', () => this.dispose());
  }

  dispose(): void {
    this.closed = true;
    this.pending.length = 0;
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
      this.enqueue(line);
    }
    if (this.discarding) return;
    this.buffer += chunk.slice(start);
    if (this.buffer.length > MAX_LINE_BYTES) {
      this.buffer = '';
      this.discarding = true;
      this.send(errorResponse(null, 'LINE_TOO_LONG', `a line is longer than ${MAX_LINE_BYTES} bytes; it is ignored`));
    }
  }

  /**
   * Lines run one at a time, each batch entry in its own macrotask, so a large batch never
   * holds the event loop (and with it the data plane) for longer than one entry. While lines
   * wait, or while the client has not read what was sent, the socket is paused: a client that
   * never reads its replies stops being read instead of growing the switch.
   */
  private enqueue(line: string): void {
    if (line.trim() === '') return;
    this.pending.push(line);
    if (this.pending.length > MAX_PENDING_LINES) this.socket.pause();
    if (!this.running) void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    this.running = true;
    try {
      for (let line = this.pending.shift(); line !== undefined; line = this.pending.shift()) {
        await this.handleLine(line);
        if (this.closed) return;
        if (this.socket.writableLength > this.maxBuffered) {
          this.socket.pause();
          const drained = await this.waitForDrain();
          if (!drained) return;
        }
      }
      if (!this.closed) this.socket.resume();
    } finally {
      this.running = false;
    }
  }

  /** Resolves true once the client has read enough; false if it disconnected or was cut off. */
  private waitForDrain(): Promise<boolean> {
    if (this.socket.writableLength > this.maxBuffered * HARD_BUFFER_FACTOR) {
      this.socket.destroy();
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        resolve(ok);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      this.socket.once('drain', onDrain);
      this.socket.once('close', onClose);
    });
  }

  private async handleLine(raw: string): Promise<void> {
    const decoded = decodeLine(raw.trim());
    if (decoded.entries.length > MAX_BATCH_ENTRIES) {
      this.send(
        errorResponse(null, 'TOO_LARGE', `a batch of ${decoded.entries.length} requests; at most ${MAX_BATCH_ENTRIES}`),
      );
      return;
    }
    const responses: string[] = [];
    let bytes = 0;
    for (const [i, e] of decoded.entries.entries()) {
      if (i > 0) await yieldToDataPlane();
      if (this.closed) return;
      if (!e.ok) {
        responses.push(encodeMessage(errorResponse(e.id, e.code, e.message)));
        continue;
      }
      const { method, params, id } = e.request;
      if (bytes > MAX_REPLY_BYTES) {
        // Not run at all: a refused request changes nothing.
        if (id !== undefined)
          responses.push(
            encodeMessage(
              errorResponse(id, 'TOO_LARGE', `the batch's replies passed ${MAX_REPLY_BYTES} bytes; ${method} not run`),
            ),
          );
        continue;
      }
      let r: CResult<unknown>;
      try {
        r = this.run(method, params);
      } catch (x) {
        r = err('INTERNAL_ERROR', `internal error in ${method}: ${x instanceof Error ? x.message : String(x)}`);
      }
      if (id === undefined) continue; // a notification: no answer
      const text = encodeReply(id, r);
      bytes += text.length;
      responses.push(text);
    }
    if (responses.length === 0) return;
    this.sendText(decoded.batch ? `[${responses.join(',')}]` : (responses[0] as string));
  }

  private run(method: string, params: unknown): CResult<unknown> {
    if (method === 'session.auth') {
      const given = (params as { token?: unknown } | undefined)?.token;
      if (this.token !== undefined && !sameSecret(String(given), this.token)) return err('UNAUTHORIZED', 'wrong token');
      this.authenticated = true;
      return ok({ authenticated: true });
    }
    if (!this.authenticated) return err('UNAUTHORIZED', 'call session.auth with the switch token first');
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
    const p = asParams(params ?? {});
    if (!p.ok) return p;
    // With several programs a subscription is to one program's digests (its `program`).
    const target = programTarget(this.target, 'digest.subscribe', p.value);
    if (!target.ok) return target;
    const program = this.target.programs !== undefined && this.target.programs.size > 1 ? p.value.program : undefined;
    const names = p.value.digests;
    const known = [...target.value.state.p4info.digests.map((d) => d.name), IDLE_TIMEOUT_DIGEST];
    let filter: Set<string> | undefined;
    if (names !== undefined) {
      if (!Array.isArray(names)) return err('INVALID_PARAMS', '"digests" must be an array of digest names');
      filter = new Set();
      for (const n of names) {
        const r = resolveName(String(n), known, 'digest', 'INVALID_DIGEST_NAME');
        if (!r.ok) return r;
        filter.add(r.value);
      }
    }
    const id = this.nextSubscription++;
    const state = target.value.state;
    const off = this.target.onDigest((m) => {
      if (program === undefined || m.program === program) this.deliver(id, filter, m, state);
    });
    this.subscriptions.set(id, { filter, off });
    return ok({ subscription: id });
  }

  private deliver(
    subscription: number,
    filter: Set<string> | undefined,
    m: DigestMessage,
    state: ControlTarget['state'],
  ): void {
    if (filter !== undefined && !filter.has(m.digest)) return;
    if (m.digest === IDLE_TIMEOUT_DIGEST) {
      const fields = { table: m.table ?? '', handle: m.values[0] ?? 0 };
      this.sendText(notification('digest', { subscription, ...programOf(m), digest: m.digest, packetId: 0, fields }));
      return;
    }
    const info = state.p4info.digests.find((d) => d.name === m.digest);
    const fields: Record<string, unknown> = {};
    m.values.forEach((v, i) => {
      fields[info?.fields[i]?.name ?? `f${i}`] = formatFieldValue(v);
    });
    if (this.socket.writableLength > this.maxBuffered) {
      this.onDropped();
      return;
    }
    this.sendText(
      notification('digest', { subscription, ...programOf(m), digest: m.digest, packetId: m.packetId, fields }),
    );
  }

  private send(r: RpcResponse): void {
    this.sendText(encodeMessage(r));
  }

  private sendText(text: string): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(`${text}\n`);
  }
}

/** A digest notification names its program when several run on the device. */
function programOf(m: DigestMessage): { program?: string } {
  return m.program === undefined ? {} : { program: m.program };
}

/** Compares without an early exit, so the time taken says nothing about the token. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function startControlServer(
  o: ControlServerOptions,
): Promise<Result<ControlServer, 'BIND_FAILED' | 'TOKEN_REQUIRED'>> {
  const host = o.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && (o.token === undefined || o.token.length < 8))
    return Promise.resolve(
      err(
        'TOKEN_REQUIRED',
        `the control plane listens on ${host}, beyond loopback: give a shared token of at least 8 characters`,
      ),
    );
  const maxConnections = o.maxConnections ?? 64;
  const sockets = new Set<Socket>();
  const connections = new Set<Connection>();
  let dropped = 0;
  const server: Server = createServer((socket) => {
    if (sockets.size >= maxConnections) {
      socket.end(
        `${encodeMessage(errorResponse(null, 'TOO_MANY_CONNECTIONS', `at most ${maxConnections} connections`))}\n`,
      );
      return;
    }
    sockets.add(socket);
    const c = new Connection(
      socket,
      o.target,
      o.maxBufferedBytes ?? 8 << 20,
      () => {
        dropped++;
      },
      o.token,
    );
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
