// A stand-in for the switch: one UDP socket that forwards each frame to the host owning the
// frame's destination MAC. Tests and benchmarks use it to connect hosts before a P4 switch
// exists, and it serves as the "no switch logic" baseline path. Hosts are attached by MAC;
// source MACs of other incoming frames are learned, so a host that spoke first is reachable.

import type { Framing } from '../../runtime/ports/framing.js';
import type { Mac } from '../protocol/addresses.js';
import { readMac } from '../protocol/addresses.js';
import type { UdpAddress } from './host-nic.js';
import { HostNic } from './host-nic.js';

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
  private readonly hosts = new Map<Mac, UdpAddress>();
  /** MACs attached by hand: never overwritten by learning. */
  private readonly pinned = new Set<Mac>();
  private seen = 0;

  private constructor(
    private nic: HostNic | undefined,
    private readonly dropEvery: number,
  ) {}

  static async start(options: FrameRelayOptions = {}): Promise<FrameRelay> {
    const relay = new FrameRelay(undefined, options.dropEvery ?? 0);
    relay.nic = await HostNic.open(
      { bindAddress: options.bindAddress, port: options.port, framing: options.framing ?? 'single' },
      (frame, from) => relay.forward(frame, from),
    );
    return relay;
  }

  get address(): UdpAddress {
    return (this.nic as HostNic).address;
  }

  /** Frames whose destination MAC is `mac` go to `nic`. */
  attach(mac: Mac, nic: UdpAddress): void {
    this.hosts.set(mac, nic);
    this.pinned.add(mac);
  }

  private forward(frame: Uint8Array, from: UdpAddress): void {
    if (frame.length < 14) {
      this.counters.runts++;
      return;
    }
    const src = readMac(frame, 6);
    // Learned entries follow the latest NIC that used the MAC (a host restarted on a new port).
    if (!this.pinned.has(src)) this.hosts.set(src, from);
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
    (this.nic as HostNic).sendTo(frame, to);
  }

  close(): Promise<void> {
    return this.nic?.close() ?? Promise.resolve();
  }
}
