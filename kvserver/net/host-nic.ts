// A host's NIC: one UDP socket on loopback that carries Ethernet frames to and from the
// host's switch port (ARCHITECTURE.md "Packets on the wire"), framed by runtime/ports/framing.
// In 'batched' mode the frames sent during one event-loop turn leave in as few datagrams as fit.

import dgram from 'node:dgram';
import type { Framing } from '../../runtime/ports/framing.js';
import { decodeDatagram, encodeDatagrams } from '../../runtime/ports/framing.js';

export interface UdpAddress {
  address: string;
  port: number;
}

export interface HostNicOptions {
  /** Local address to bind; loopback by default. */
  bindAddress?: string;
  /** Local port; 0 picks a free one. */
  port?: number;
  /** Where frames go (the switch port, or a relay); can be set later with setPeer. */
  peer?: UdpAddress;
  framing?: Framing;
}

export interface NicCounters {
  framesIn: number;
  framesOut: number;
  bytesIn: number;
  bytesOut: number;
  datagramsIn: number;
  datagramsOut: number;
  malformedDatagrams: number;
  /** Frames dropped because no peer is set yet. */
  noPeerDrops: number;
  sendErrors: number;
}

export type FrameHandler = (frame: Uint8Array, from: UdpAddress) => void;

export class HostNic {
  readonly counters: NicCounters = {
    framesIn: 0,
    framesOut: 0,
    bytesIn: 0,
    bytesOut: 0,
    datagramsIn: 0,
    datagramsOut: 0,
    malformedDatagrams: 0,
    noPeerDrops: 0,
    sendErrors: 0,
  };
  private peer: UdpAddress | undefined;
  /** Batched mode: frames waiting for the end of this event-loop turn, per destination. */
  private pending = new Map<string, { to: UdpAddress; frames: Uint8Array[] }>();
  private flushScheduled = false;
  private closed = false;

  private constructor(
    private readonly socket: dgram.Socket,
    readonly framing: Framing,
    readonly address: UdpAddress,
    peer: UdpAddress | undefined,
  ) {
    this.peer = peer;
  }

  /** Binds the socket and delivers every received frame to `onFrame` (a view valid during the call). */
  static open(options: HostNicOptions, onFrame: FrameHandler): Promise<HostNic> {
    const socket = dgram.createSocket('udp4');
    const framing = options.framing ?? 'single';
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(options.port ?? 0, options.bindAddress ?? '127.0.0.1', () => {
        socket.off('error', reject);
        const a = socket.address();
        const nic = new HostNic(socket, framing, { address: a.address, port: a.port }, options.peer);
        socket.on('error', () => {
          nic.counters.sendErrors++;
        });
        socket.on('message', (msg, rinfo) => {
          nic.counters.datagramsIn++;
          const from = { address: rinfo.address, port: rinfo.port };
          const n = decodeDatagram(framing, msg, (frame) => {
            nic.counters.framesIn++;
            nic.counters.bytesIn += frame.length;
            onFrame(frame, from);
          });
          if (n < 0) nic.counters.malformedDatagrams++;
        });
        resolve(nic);
      });
    });
  }

  setPeer(peer: UdpAddress): void {
    this.peer = peer;
  }

  getPeer(): UdpAddress | undefined {
    return this.peer;
  }

  /** Sends one frame to the peer (copied: the caller may reuse its buffer at once). */
  send(frame: Uint8Array): boolean {
    return this.sendTo(frame, this.peer);
  }

  /** Sends one frame to an explicit address (a relay answering the host that sent a frame). */
  sendTo(frame: Uint8Array, to: UdpAddress | undefined): boolean {
    if (this.closed) return false;
    if (to === undefined) {
      this.counters.noPeerDrops++;
      return false;
    }
    this.counters.framesOut++;
    this.counters.bytesOut += frame.length;
    if (this.framing === 'single') {
      this.counters.datagramsOut++;
      this.socket.send(Buffer.from(frame), to.port, to.address, (err) => {
        if (err) this.counters.sendErrors++;
      });
      return true;
    }
    const key = `${to.address}:${to.port}`;
    let queue = this.pending.get(key);
    if (queue === undefined) {
      queue = { to, frames: [] };
      this.pending.set(key, queue);
    }
    queue.frames.push(frame.slice());
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
    return true;
  }

  private flush(): void {
    this.flushScheduled = false;
    const queues = this.pending;
    this.pending = new Map();
    if (this.closed) return;
    for (const { to, frames } of queues.values()) {
      for (const d of encodeDatagrams(this.framing, frames)) {
        this.counters.datagramsOut++;
        this.socket.send(d, to.port, to.address, (err) => {
          if (err) this.counters.sendErrors++;
        });
      }
    }
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}
