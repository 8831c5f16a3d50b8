// The one UDP "cable end" of p4ts: a switch port and a host NIC alike are a node:dgram socket
// on loopback exchanging Ethernet frames in the framing of framing.ts ('single' or 'batched').
// A port talks to one configured peer and accepts datagrams only from it; a port without a peer
// sends and accepts nothing until setPeer() names one (it never adopts whoever spoke first). A
// relay (frame-relay.ts) opens its port with `acceptFrom: 'any'` and addresses frames itself.
// When queued frames leave depends on the framing. 'batched': at the end of the event-loop turn
// (setImmediate), so that every datagram that arrived in the same poll phase contributes to
// the batch; sharing datagrams is what lifts a process past ~60k frames/s. A datagram that is
// full leaves at once, whatever the flush policy (it cannot take more frames). 'single': right
// after the callback that sent them (a microtask), since one frame is one datagram whatever
// the timing; waiting for the end of the turn only delayed each frame behind the processing
// of every other datagram read in the same poll phase (up to 32 per socket). 'adaptive' (the
// switch's batched ports): frames sent while handling a datagram that carried one frame leave
// right after that callback, as a relay forwards it; frames from datagrams of several frames
// wait for the end of the turn and merge (docs/benchmarks.md).

import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { isIPv4 } from 'node:net';
import { err, ok, type Result } from '../contract/result.js';
import {
  DatagramSlabs,
  decodeDatagram,
  encodeDatagrams,
  type Framing,
  MAX_DATAGRAM_BYTES,
  MAX_FRAME_BYTES,
} from './framing.js';

/** A loopback UDP endpoint: where a port's socket is bound, or where its peer's is. */
export interface PeerAddress {
  readonly address: string;
  readonly port: number;
}

export interface UdpPortOptions {
  readonly framing: Framing;
  /**
   * Called once per received frame. `frame` is a view into the datagram's own buffer (node
   * gives each datagram a fresh one), so it stays valid after the call; `from` is the sender.
   */
  readonly onFrame: (frame: Uint8Array, port: UdpPort, from: PeerAddress) => void;
  /** Default 127.0.0.1. */
  readonly bindAddress?: string;
  /** Default 0 (the system picks; read `address` after open). */
  readonly bindPort?: number;
  /** Where frames go, and the only sender accepted. Without one, setPeer() must name it. */
  readonly peer?: PeerAddress;
  /**
   * 'peer' (default): datagrams from anyone but the peer are dropped and counted. 'any': every
   * sender is accepted (a relay standing in for a switch, which answers with sendTo).
   */
  readonly acceptFrom?: 'peer' | 'any';
  /**
   * When to flush queued frames: 'immediate' (end of the event-loop turn; the default in
   * 'batched' framing), 'microtask' (after the current callback; the default in 'single'), or
   * 'adaptive': after the current callback when it handles a received datagram of one frame
   * (one request at window 1 has nothing to wait for), else at the end of the turn (frames
   * from batches of several, and sends made outside a datagram's callback, such as timers).
   */
  readonly flush?: FlushPolicy;
  /** Name used in counters and errors (for example the port number). */
  readonly name?: string;
  /**
   * SO_RCVBUF and SO_SNDBUF to ask the kernel for, in bytes (default SOCKET_BUFFER_BYTES; 0
   * keeps the system's default). The kernel may grant less (Linux: at most net.core.rmem_max
   * and wmem_max), which is no error: `receiveBufferBytes` says what it granted.
   */
  readonly socketBufferBytes?: number;
}

export type FlushPolicy = 'immediate' | 'microtask' | 'adaptive';

export interface PortCounters {
  framesIn: number;
  bytesIn: number;
  datagramsIn: number;
  framesOut: number;
  bytesOut: number;
  datagramsOut: number;
  /** Batched datagrams whose length prefixes ran past the end (frames before the fault were delivered). */
  malformedDatagrams: number;
  /** Frames dropped because no peer is configured. */
  dropsNoPeer: number;
  /** Datagrams dropped because they came from someone other than the configured peer. */
  dropsNotFromPeer: number;
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

/**
 * The receive and send buffer every port asks for. A window of MIGRATE frames larger than
 * Linux's default receive buffer (212,992 bytes) overflowed it and was resent (docs/scale.md
 * "The window and the socket buffers"). Linux grants at most net.core.rmem_max (4 MiB on the
 * machine measured) and reports twice what it granted.
 */
export const SOCKET_BUFFER_BYTES = 4 << 20;

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
    dropsNotFromPeer: 0,
    dropsOversize: 0,
    sendErrors: 0,
  };
  private readonly socket: Socket;
  private readonly onFrame: UdpPortOptions['onFrame'];
  private readonly flushPolicy: FlushPolicy;
  private readonly acceptAny: boolean;
  private peerAddr: PeerAddress | undefined;
  /** Frames for the peer, in send order. */
  private pending: Uint8Array[] = [];
  /** Bytes of `pending` in a batched datagram (each frame and its 2-byte length). */
  private pendingBytes = 0;
  /** Frames for explicit destinations (sendTo), grouped by the destination object itself. */
  private pendingTo = new Map<PeerAddress, Uint8Array[]>();
  private flushScheduled = false;
  /** Where batched datagrams are cut from (framing.ts DatagramSlabs). */
  private readonly slabs = new DatagramSlabs();
  private closed = false;
  private sender: PeerAddress = { address: '', port: 0 };
  private readonly deliver = (frame: Uint8Array): void => {
    this.counters.framesIn++;
    this.counters.bytesIn += frame.length;
    this.onFrame(frame, this, this.sender);
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
    this.acceptAny = options.acceptFrom === 'any';
    this.flushPolicy = options.flush ?? (options.framing === 'single' ? 'microtask' : 'immediate');
    this.name = options.name ?? 'port';
    socket.on('message', (msg: Buffer, rinfo: RemoteInfo) => this.receive(msg, rinfo));
    // Send errors also surface here on some platforms; counting them keeps the process alive.
    socket.on('error', () => {
      this.counters.sendErrors++;
    });
  }

  /** Binds the socket; resolves with the open port or a coded error. */
  static open(options: UdpPortOptions): Promise<Result<UdpPort, UdpPortErrorCode>> {
    const socket = createSocket({ type: 'udp4', lookup: literalLookup });
    return new Promise((resolve) => {
      const onError = (e: Error) => {
        socket.close();
        const at = `${options.bindAddress ?? '127.0.0.1'}:${options.bindPort ?? 0}`;
        resolve(err('BIND_FAILED', `cannot bind ${at}: ${e.message}`));
      };
      socket.once('error', onError);
      socket.bind(options.bindPort ?? 0, options.bindAddress ?? '127.0.0.1', () => {
        socket.off('error', onError);
        askBufferSizes(socket, options.socketBufferBytes ?? SOCKET_BUFFER_BYTES);
        resolve(ok(new UdpPort(socket, options)));
      });
    });
  }

  /** open() for callers that treat a failed bind as fatal (hosts: the error carries the reason). */
  static async openOrThrow(options: UdpPortOptions): Promise<UdpPort> {
    const r = await UdpPort.open(options);
    if (!r.ok) throw new Error(r.message);
    return r.value;
  }

  /** The bound local address. */
  get address(): PeerAddress {
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  /**
   * The socket's receive buffer as the kernel reports it (Linux: twice the bytes granted, the
   * other half being its bookkeeping per datagram); 0 when it cannot be read.
   */
  get receiveBufferBytes(): number {
    try {
      return this.socket.getRecvBufferSize();
    } catch {
      return 0;
    }
  }

  /** The socket's send buffer as the kernel reports it; 0 when it cannot be read. */
  get sendBufferBytes(): number {
    try {
      return this.socket.getSendBufferSize();
    } catch {
      return 0;
    }
  }

  get peer(): PeerAddress | undefined {
    return this.peerAddr;
  }

  /** Names the peer: frames go to it, and (unless acceptFrom is 'any') only its datagrams are taken. */
  setPeer(peer: PeerAddress): void {
    this.peerAddr = { address: peer.address, port: peer.port };
  }

  private receive(msg: Buffer, rinfo: RemoteInfo): void {
    this.counters.datagramsIn++;
    if (!this.acceptAny) {
      const p = this.peerAddr;
      if (p === undefined || p.port !== rinfo.port || p.address !== rinfo.address) {
        this.counters.dropsNotFromPeer++;
        return;
      }
      this.sender = p;
    } else if (this.sender.port !== rinfo.port || this.sender.address !== rinfo.address) {
      this.sender = { address: rinfo.address, port: rinfo.port };
    }
    // A plain Uint8Array view: slicing a Buffer per frame builds a Buffer (FastBuffer) each
    // time, and every consumer (the switch's engine above all) then sees one array shape only.
    const bytes = new Uint8Array(msg.buffer, msg.byteOffset, msg.length);
    // One frame: its length prefix spans the rest of the datagram (or 'single' framing).
    receivingLoneFrame =
      this.framing === 'single' ||
      (bytes.length >= 2 && (((bytes[0] as number) << 8) | (bytes[1] as number)) + 2 === bytes.length);
    try {
      if (decodeDatagram(this.framing, bytes, this.deliver) < 0) this.counters.malformedDatagrams++;
    } finally {
      receivingLoneFrame = false;
    }
  }

  /**
   * Queues a frame for the peer. The port takes the frame: the caller must not change it
   * afterwards (it is sent as is in 'single' mode and copied into a datagram at the flush in
   * 'batched' mode). Returns false when the frame was dropped at once (closed, oversize).
   */
  send(frame: Uint8Array): boolean {
    if (!this.admit(frame)) return false;
    if (this.framing === 'batched') {
      // A full datagram leaves at once: waiting for the end of the turn would gain it no
      // frames, and would hold back the next process's work behind the rest of this turn's
      // (a source scanning a window of MIGRATE frames, docs/scale.md "The window and the
      // socket buffers"). What is left still waits for the flush and merges.
      const add = 2 + frame.length;
      if (this.pendingBytes + add > MAX_DATAGRAM_BYTES && this.pending.length > 0) this.sendPendingNow();
      this.pendingBytes += add;
    }
    this.pending.push(frame);
    return true;
  }

  /** Sends the frames queued for the peer now (a full batched datagram), before the flush. */
  private sendPendingNow(): void {
    const frames = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    const peer = this.peerAddr;
    if (peer === undefined) this.counters.dropsNoPeer += frames.length;
    else this.transmit(frames, peer);
  }

  /**
   * Queues a frame for `to` instead of the peer (a relay forwarding by MAC). Frames are grouped
   * per `to` object at the flush, so callers should pass the same object for one destination.
   */
  sendTo(frame: Uint8Array, to: PeerAddress): boolean {
    if (!this.admit(frame)) return false;
    const queue = this.pendingTo.get(to);
    if (queue === undefined) this.pendingTo.set(to, [frame]);
    else queue.push(frame);
    return true;
  }

  private admit(frame: Uint8Array): boolean {
    if (this.closed) return false;
    if (frame.length > MAX_FRAME_BYTES) {
      this.counters.dropsOversize++;
      return false;
    }
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      const policy = this.flushPolicy;
      if (policy === 'microtask' || (policy === 'adaptive' && receivingLoneFrame)) queueMicrotask(this.flushBound);
      else setImmediate(this.flushBound);
    }
    return true;
  }

  /** Sends everything queued now (normally called by the scheduled flush). */
  flush(): void {
    this.flushScheduled = false;
    if (this.pending.length > 0) this.sendPendingNow();
    if (this.pendingTo.size > 0) {
      const queues = this.pendingTo;
      this.pendingTo = new Map();
      for (const [to, frames] of queues) this.transmit(frames, to);
    }
  }

  private transmit(frames: Uint8Array[], to: PeerAddress): void {
    const n = frames.length;
    let bytes = 0;
    for (let i = 0; i < n; i++) bytes += (frames[i] as Uint8Array).length;
    this.counters.bytesOut += bytes;
    this.counters.framesOut += n;
    const datagrams = this.framing === 'single' ? frames : encodeDatagrams(this.framing, frames, this.slabs);
    const last = datagrams.length - 1;
    // A socket completes its sends in order (libuv refuses a synchronous send while any is
    // queued), so a completion callback on the last datagram alone tells close() when all
    // have gone; one per datagram would cost a nextTick each.
    for (let i = 0; i < last; i++) this.socket.send(datagrams[i] as Uint8Array, to.port, to.address);
    this.inFlight++;
    this.socket.send(datagrams[last] as Uint8Array, to.port, to.address, this.onSent);
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

/** Asks for `bytes` of receive and send buffer; a refusal (beyond what the kernel allows) keeps the default. */
function askBufferSizes(socket: Socket, bytes: number): void {
  if (!(bytes > 0)) return;
  try {
    socket.setRecvBufferSize(bytes);
  } catch {
    // The system's default stays: the source sizes its window from what the socket reports.
  }
  try {
    socket.setSendBufferSize(bytes);
  } catch {
    // As above.
  }
}

/** True while a port of this thread runs the callbacks of a received datagram of one frame. */
let receivingLoneFrame = false;

/** IPv4 literals already checked (a process talks to a handful of addresses: loopback ones). */
const knownLiterals = new Set<string>();

/**
 * Address resolution for the port's sends: an IPv4 literal (every address a cabled port is
 * given) answers at once, other names go to dns.lookup. Node's default resolves even a literal
 * through a nextTick and a regular expression on every datagram sent to an address: a tenth
 * of a send's CPU, and the send left the current callback.
 */
function literalLookup(
  hostname: string,
  options: LookupOneOptions | number,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
): void {
  if (knownLiterals.has(hostname)) callback(null, hostname, 4);
  else if (isIPv4(hostname)) {
    if (knownLiterals.size < 64) knownLiterals.add(hostname);
    callback(null, hostname, 4);
  } else dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}
