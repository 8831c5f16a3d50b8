// A switch port or a host NIC: one node:dgram socket bound to loopback, exchanging Ethernet
// frames with one peer address in the wire framing of framing.ts ('single' or 'batched').
// Frames sent during one event-loop turn are collected and flushed together (setImmediate by
// default, so every datagram that arrived in the same poll phase contributes to the batch):
// in 'batched' mode they share datagrams, which is what lifts a process past ~60k frames/s.

import { createSocket, type Socket } from 'node:dgram';
import { err, ok, type Result } from '../result.js';
import { decodeDatagram, encodeDatagrams, type Framing, MAX_FRAME_BYTES } from './framing.js';

export interface PeerAddress {
  readonly address: string;
  readonly port: number;
}

export interface UdpPortOptions {
  readonly framing: Framing;
  /** Called once per received frame; `frame` is a view that stays valid after the call. */
  readonly onFrame: (frame: Uint8Array, port: UdpPort) => void;
  /** Default 127.0.0.1. */
  readonly bindAddress?: string;
  /** Default 0 (the system picks; read `address` after open). */
  readonly bindPort?: number;
  /** Where frames go. Without one, the port learns the source of the first datagram it receives. */
  readonly peer?: PeerAddress;
  /** When to flush frames sent in this turn: 'immediate' (default) or 'microtask'. */
  readonly flush?: 'immediate' | 'microtask';
  /** Name used in counters and errors (for example the port number). */
  readonly name?: string;
}

export interface PortCounters {
  framesIn: number;
  bytesIn: number;
  datagramsIn: number;
  framesOut: number;
  bytesOut: number;
  datagramsOut: number;
  /** Batched datagrams whose length prefixes ran past the end (frames before the fault were delivered). */
  malformedDatagrams: number;
  /** Frames dropped because no peer is known yet. */
  dropsNoPeer: number;
  /** Frames dropped because they exceed the 16-bit length a batched datagram can carry. */
  dropsOversize: number;
  /**
   * Send failures: errors the socket reports, and flushes whose last datagram failed (only
   * the last datagram of a flush carries a completion callback: one per datagram costs a
   * nextTick each, and loopback sends do not fail one by one).
   */
  sendErrors: number;
}

export type UdpPortErrorCode = 'BIND_FAILED';

export class UdpPort {
  readonly name: string;
  readonly framing: Framing;
  readonly counters: PortCounters = {
    framesIn: 0,
    bytesIn: 0,
    datagramsIn: 0,
    framesOut: 0,
    bytesOut: 0,
    datagramsOut: 0,
    malformedDatagrams: 0,
    dropsNoPeer: 0,
    dropsOversize: 0,
    sendErrors: 0,
  };
  private readonly socket: Socket;
  private readonly onFrame: UdpPortOptions['onFrame'];
  private readonly useMicrotask: boolean;
  private peerAddr: PeerAddress | undefined;
  private pending: Uint8Array[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly deliver = (frame: Uint8Array): void => {
    this.counters.framesIn++;
    this.counters.bytesIn += frame.length;
    this.onFrame(frame, this);
  };
  private readonly flushBound = (): void => this.flush();
  private inFlight = 0;
  private onDrained: (() => void) | undefined;
  private readonly onSent = (e: Error | null): void => {
    if (e) this.counters.sendErrors++;
    if (--this.inFlight === 0) this.onDrained?.();
  };

  private constructor(socket: Socket, options: UdpPortOptions) {
    this.socket = socket;
    this.framing = options.framing;
    this.onFrame = options.onFrame;
    this.peerAddr = options.peer;
    this.useMicrotask = options.flush === 'microtask';
    this.name = options.name ?? 'port';
    socket.on('message', (msg, rinfo) => {
      this.counters.datagramsIn++;
      if (this.peerAddr === undefined) this.peerAddr = { address: rinfo.address, port: rinfo.port };
      if (decodeDatagram(this.framing, msg, this.deliver) < 0) this.counters.malformedDatagrams++;
    });
    // Send errors also surface here on some platforms; counting them keeps the process alive.
    socket.on('error', () => {
      this.counters.sendErrors++;
    });
  }

  /** Binds the socket; resolves with the open port or a coded error. */
  static open(options: UdpPortOptions): Promise<Result<UdpPort, UdpPortErrorCode>> {
    const socket = createSocket('udp4');
    return new Promise((resolve) => {
      const onError = (e: Error) => {
        socket.close();
        resolve(
          err(
            'BIND_FAILED',
            `cannot bind ${options.bindAddress ?? '127.0.0.1'}:${options.bindPort ?? 0}: ${e.message}`,
          ),
        );
      };
      socket.once('error', onError);
      socket.bind(options.bindPort ?? 0, options.bindAddress ?? '127.0.0.1', () => {
        socket.off('error', onError);
        resolve(ok(new UdpPort(socket, options)));
      });
    });
  }

  /** The bound local address. */
  get address(): PeerAddress {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  get peer(): PeerAddress | undefined {
    return this.peerAddr;
  }

  setPeer(peer: PeerAddress): void {
    this.peerAddr = peer;
  }

  /**
   * Queues a frame for the peer. The port takes the frame: the caller must not change it
   * afterwards (it is sent as is in 'single' mode and copied into a datagram at the flush in
   * 'batched' mode).
   */
  send(frame: Uint8Array): void {
    if (this.closed) return;
    if (frame.length > MAX_FRAME_BYTES) {
      this.counters.dropsOversize++;
      return;
    }
    this.pending.push(frame);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      if (this.useMicrotask) queueMicrotask(this.flushBound);
      else setImmediate(this.flushBound);
    }
  }

  /** Sends everything queued now (normally called by the scheduled flush). */
  flush(): void {
    this.flushScheduled = false;
    const frames = this.pending;
    const n = frames.length;
    if (n === 0) return;
    this.pending = [];
    const peer = this.peerAddr;
    if (peer === undefined) {
      this.counters.dropsNoPeer += n;
      return;
    }
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += (frames[i] as Uint8Array).length;
    this.counters.bytesOut += bytes;
    this.counters.framesOut += n;
    const datagrams = this.framing === 'single' ? frames : encodeDatagrams(this.framing, frames);
    const last = datagrams.length - 1;
    // A socket completes its sends in order (libuv refuses a synchronous send while any is
    // queued), so a completion callback on the last datagram alone tells close() when all
    // have gone; one per datagram would cost a nextTick each.
    for (let i = 0; i < last; i++) this.socket.send(datagrams[i] as Uint8Array, peer.port, peer.address);
    this.inFlight++;
    this.socket.send(datagrams[last] as Uint8Array, peer.port, peer.address, this.onSent);
    this.counters.datagramsOut += datagrams.length;
  }

  /** Flushes what is queued, waits until the socket has sent it, and closes the socket. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.flush();
    this.closed = true;
    return new Promise((resolve) => {
      const shut = () => this.socket.close(() => resolve());
      // Closing with sends still in flight would cancel them.
      if (this.inFlight === 0) shut();
      else this.onDrained = shut;
    });
  }
}
