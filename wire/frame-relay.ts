// A stand-in for the switch: one UDP socket that forwards each frame to the host owning the
// frame's destination MAC. Tests and benchmarks use it to connect hosts before a P4 switch
// exists, and it serves as the "no switch logic" baseline path. Hosts are attached by MAC;
// source MACs of other incoming frames are learned, so a host that spoke first is reachable.

import type { Mac } from './addresses.js';
import { readMac } from './addresses.js';
import type { Framing } from './framing.js';
import { type PeerAddress, UdpPort } from './udp-port.js';

export interface FrameRelayOptions {
  bindAddress?: string;
  port?: number;
  framing?: Framing;
  /** Drop every n-th frame (1-based; 0 = never): a deterministic loss model for tests. */
  dropEvery?: number;
}

export interface RelayCounters {
  forwarded: number;
  unknownDestination: number;
  runts: number;
  dropped: number;
}

export class FrameRelay {
  readonly counters: RelayCounters = { forwarded: 0, unknownDestination: 0, runts: 0, dropped: 0 };
  private readonly hosts = new Map<Mac, PeerAddress>();
  /** MACs attached by hand: never overwritten by learning. */
  private readonly pinned = new Set<Mac>();
  private seen = 0;

  private constructor(
    private port: UdpPort | undefined,
    private readonly dropEvery: number,
  ) {}

  static async start(options: FrameRelayOptions = {}): Promise<FrameRelay> {
    const relay = new FrameRelay(undefined, options.dropEvery ?? 0);
    relay.port = await UdpPort.openOrThrow({
      name: 'relay',
      bindAddress: options.bindAddress,
      bindPort: options.port,
      framing: options.framing ?? 'single',
      // A relay is cabled to every host at once: it takes any sender and addresses by MAC.
      acceptFrom: 'any',
      onFrame: (frame, _port, from) => relay.forward(frame, from),
    });
    return relay;
  }

  get address(): PeerAddress {
    return (this.port as UdpPort).address;
  }

  /** Frames whose destination MAC is `mac` go to `nic`. */
  attach(mac: Mac, nic: PeerAddress): void {
    // One object per host: the port groups a flush's frames by destination object.
    this.hosts.set(mac, { address: nic.address, port: nic.port });
    this.pinned.add(mac);
  }

  private forward(frame: Uint8Array, from: PeerAddress): void {
    if (frame.length < 14) {
      this.counters.runts++;
      return;
    }
    const src = readMac(frame, 6);
    // Learned entries follow the latest NIC that used the MAC (a host restarted on a new port).
    if (!this.pinned.has(src)) {
      const known = this.hosts.get(src);
      if (known === undefined || known.port !== from.port || known.address !== from.address) this.hosts.set(src, from);
    }
    this.seen++;
    if (this.dropEvery > 0 && this.seen % this.dropEvery === 0) {
      this.counters.dropped++;
      return;
    }
    const to = this.hosts.get(readMac(frame, 0));
    if (to === undefined) {
      this.counters.unknownDestination++;
      return;
    }
    this.counters.forwarded++;
    // The frame is a view into the received datagram, which nothing else holds: pass it on.
    (this.port as UdpPort).sendTo(frame, to);
  }

  close(): Promise<void> {
    return this.port?.close() ?? Promise.resolve();
  }
}
