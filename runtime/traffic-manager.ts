// The traffic manager's configuration and decisions (docs/tna.md §6), shared by every architecture:
// which ports exist (front panel, recirculation, CPU), mirror sessions (egress port, direction,
// truncation), multicast groups (nodes with a replication id and ports). The engine asks it
// where copies go; the control plane changes it. Every change is validated first, so a
// rejected request changes nothing.

import { DevicePorts } from './ports/device-ports.js';
import { describeValue, err, ok, type Result } from './result.js';

/** A port number the ingress never sets: "no unicast port decided" (local port 127 does not exist). */
export const UNSET_EGRESS_PORT = 511;
export const MAX_PORT = 511;
export const MAX_MIRROR_SESSION = 1023;
export const MAX_MULTICAST_GROUP = 0xffff;

export interface PortMap {
  /** Ports backed by a socket (the switch's --port list). */
  readonly frontPanel: ReadonlySet<number>;
  /** Internal ports that send packets back to the ingress parser (68 for pipe 0). */
  readonly recirculation: ReadonlySet<number>;
  readonly cpu: number;
}

export type MirrorDirection = 'ingress' | 'egress' | 'both';

export interface MirrorSession {
  readonly id: number;
  readonly direction: MirrorDirection;
  readonly egressPort: number;
  /** Truncate the mirrored packet (after the mirror header) to this many bytes; 0 = whole packet. */
  readonly maxLen: number;
  /**
   * Copies go to every replica of this multicast group instead of `egressPort`, each with the
   * replica's rid as its egress_rid (bmv2's `mirroring_add_mc`; a P4Runtime clone session
   * with several replicas is one). A group that does not exist when a copy is made makes none.
   */
  readonly multicastGroup?: number;
}

export interface MulticastNode {
  readonly rid: number;
  readonly ports: readonly number[];
  /**
   * Level-1 exclusion id (Tofino's L1 node "xid"): a packet whose level1_exclusion_id equals
   * it makes no copies from this node. Absent: the node is never excluded.
   */
  readonly xid?: number;
}

/** One multicast copy: where it goes, the egress_rid it carries and its node's xid. */
export interface Replica {
  readonly port: number;
  readonly rid: number;
  readonly xid?: number;
}

export type TrafficManagerErrorCode =
  | 'INVALID_PORT'
  | 'INVALID_MIRROR_SESSION'
  | 'DUPLICATE_MIRROR_SESSION'
  | 'NO_SUCH_MIRROR_SESSION'
  | 'INVALID_MULTICAST_GROUP'
  | 'DUPLICATE_MULTICAST_GROUP'
  | 'NO_SUCH_MULTICAST_GROUP';

/** Ports per hardware pipe (a device port's pipe is `port >> 7`) and the pipes a device has. */
export const PORTS_PER_PIPE = 128;
export const MAX_PIPES = 4;

export class TrafficManager {
  readonly ports: PortMap;
  private readonly sessions = new Map<number, MirrorSession>();
  private readonly groups = new Map<number, { nodes: MulticastNode[]; replicas: Replica[] }>();
  private readonly pruneMasks = new Map<number, Set<number>>();
  /**
   * Per port 0..MAX_PORT: 1 a port exists, 2 a recirculation port, 3 a port looped back inside
   * the device (the engine asks twice a packet).
   */
  private readonly portKind = new Uint8Array(MAX_PORT + 1);
  /** Pipes whose ports loop back (tofino-model's `--int-port-loop` mask); 0 = none. */
  private loopedPipes = 0;
  /** Front-panel ports in a MAC loopback mode (BF Runtime's `$LOOPBACK_MODE`). */
  private readonly loopedPorts = new Set<number>();
  /** The front-panel ports' configuration, status and MAC counters (runtime/ports/device-ports.ts). */
  readonly macs: DevicePorts;

  constructor(ports: PortMap) {
    this.ports = ports;
    this.macs = new DevicePorts(ports.frontPanel);
    this.macs.onLoopback = (port, on) => {
      if (on === this.loopedPorts.has(port)) return;
      if (on) this.loopedPorts.add(port);
      else this.loopedPorts.delete(port);
      this.classifyPorts();
    };
    this.classifyPorts();
  }

  // Fills portKind from the port map and the looped pipes.
  private classifyPorts(): void {
    const ports = this.ports;
    for (let p = 0; p <= MAX_PORT; p++) {
      if (ports.recirculation.has(p)) this.portKind[p] = 2;
      else if (p === ports.cpu) this.portKind[p] = 1;
      else if ((this.loopedPipes >> Math.floor(p / PORTS_PER_PIPE)) & 1 || this.loopedPorts.has(p))
        this.portKind[p] = 3;
      else this.portKind[p] = ports.frontPanel.has(p) ? 1 : 0;
    }
  }

  // A typed array answers undefined for an index that is not an integer in range: then the sets decide.
  portExists(port: number): boolean {
    const k = this.portKind[port];
    if (k !== undefined) return k !== 0;
    return this.ports.frontPanel.has(port) || this.ports.recirculation.has(port) || port === this.ports.cpu;
  }

  /**
   * True when a packet sent to `port` comes back to the ingress at that port: a recirculation
   * port, or a port of a pipe set to loop back (setInternalPortLoop).
   */
  isRecirculation(port: number): boolean {
    const k = this.portKind[port];
    if (k !== undefined) return k >= 2;
    return this.ports.recirculation.has(port);
  }

  /** The pipes (a bit each, pipe 0 the least significant) whose ports loop back; 0 for none. */
  internalPortLoop(): number {
    return this.loopedPipes;
  }

  /**
   * Loops back every port of the pipes in `mask` (bit p for pipe p), as tofino-model's
   * `--int-port-loop` does for a 32-queue part's internal pipes (docs/multi-pipe.md): a packet
   * the traffic manager sends to such a port re-enters the ingress at that port, in that pipe.
   * The CPU port and the recirculation ports keep their role. `0` turns looping off.
   */
  setInternalPortLoop(mask: number): Result<void, TrafficManagerErrorCode> {
    if (!Number.isInteger(mask) || mask < 0 || mask >= 1 << MAX_PIPES)
      return err('INVALID_PORT', `pipe mask ${describeValue(mask)} is not in 0..${(1 << MAX_PIPES) - 1}`);
    this.loopedPipes = mask;
    this.classifyPorts();
    return ok(undefined);
  }

  // ---- mirror sessions -------------------------------------------------------------------

  addMirrorSession(s: MirrorSession): Result<void, TrafficManagerErrorCode> {
    if (!Number.isInteger(s.id) || s.id < 0 || s.id > MAX_MIRROR_SESSION)
      return err(
        'INVALID_MIRROR_SESSION',
        `mirror session id ${describeValue(s.id)} is not in 0..${MAX_MIRROR_SESSION}`,
      );
    if (!['ingress', 'egress', 'both'].includes(s.direction))
      return err('INVALID_MIRROR_SESSION', `direction ${describeValue(s.direction)} is not ingress, egress or both`);
    if (!Number.isInteger(s.maxLen) || s.maxLen < 0 || s.maxLen > 0xffff)
      return err('INVALID_MIRROR_SESSION', `maxLen ${describeValue(s.maxLen)} is not in 0..65535`);
    const group = s.multicastGroup;
    if (group !== undefined && (!Number.isInteger(group) || group < 1 || group > MAX_MULTICAST_GROUP))
      return err(
        'INVALID_MULTICAST_GROUP',
        `multicast group ${describeValue(group)} is not in 1..${MAX_MULTICAST_GROUP}`,
      );
    if (group === undefined && !this.portExists(s.egressPort))
      return err('INVALID_PORT', `egress port ${describeValue(s.egressPort)} does not exist on this switch`);
    if (this.sessions.has(s.id)) return err('DUPLICATE_MIRROR_SESSION', `mirror session ${s.id} already exists`);
    this.sessions.set(s.id, {
      id: s.id,
      direction: s.direction,
      egressPort: s.egressPort,
      maxLen: s.maxLen,
      ...(group === undefined ? {} : { multicastGroup: group }),
    });
    return ok(undefined);
  }

  /** Where a mirror copy of session `s` goes: its port (rid 0), or each replica of its multicast group. */
  mirrorTargets(s: MirrorSession): readonly Replica[] {
    if (s.multicastGroup === undefined) return [{ port: s.egressPort, rid: 0 }];
    return this.replicas(s.multicastGroup) ?? [];
  }

  deleteMirrorSession(id: number): Result<void, TrafficManagerErrorCode> {
    if (!this.sessions.delete(id)) return err('NO_SUCH_MIRROR_SESSION', `no mirror session ${describeValue(id)}`);
    return ok(undefined);
  }

  mirrorSession(id: number): MirrorSession | undefined {
    return this.sessions.get(id);
  }

  mirrorSessions(): MirrorSession[] {
    return [...this.sessions.values()].sort((a, b) => a.id - b.id);
  }

  // ---- multicast -------------------------------------------------------------------------

  createMulticastGroup(id: number, nodes: readonly MulticastNode[]): Result<void, TrafficManagerErrorCode> {
    if (!Number.isInteger(id) || id < 1 || id > MAX_MULTICAST_GROUP)
      return err(
        'INVALID_MULTICAST_GROUP',
        `multicast group id ${describeValue(id)} is not in 1..${MAX_MULTICAST_GROUP}`,
      );
    if (this.groups.has(id)) return err('DUPLICATE_MULTICAST_GROUP', `multicast group ${id} already exists`);
    if (!Array.isArray(nodes)) return err('INVALID_MULTICAST_GROUP', 'nodes must be an array');
    const replicas: Replica[] = [];
    for (const n of nodes) {
      if (n === null || typeof n !== 'object' || !Number.isInteger(n.rid) || n.rid < 0 || n.rid > 0xffff)
        return err('INVALID_MULTICAST_GROUP', `node ${describeValue(n)} needs a rid in 0..65535`);
      if (!Array.isArray(n.ports)) return err('INVALID_MULTICAST_GROUP', `node rid ${n.rid} needs a ports array`);
      for (const p of n.ports) {
        if (!Number.isInteger(p) || !this.portExists(p))
          return err('INVALID_PORT', `port ${describeValue(p)} of node rid ${n.rid} does not exist on this switch`);
        replicas.push(n.xid === undefined ? { port: p, rid: n.rid } : { port: p, rid: n.rid, xid: n.xid });
      }
      if (n.xid !== undefined && (!Number.isInteger(n.xid) || n.xid < 0 || n.xid > 0xffff))
        return err('INVALID_MULTICAST_GROUP', `node rid ${n.rid} has an xid ${describeValue(n.xid)} not in 0..65535`);
    }
    this.groups.set(id, {
      nodes: nodes.map((n) => ({ rid: n.rid, ports: [...n.ports], ...(n.xid === undefined ? {} : { xid: n.xid }) })),
      replicas,
    });
    return ok(undefined);
  }

  deleteMulticastGroup(id: number): Result<void, TrafficManagerErrorCode> {
    if (!this.groups.delete(id)) return err('NO_SUCH_MULTICAST_GROUP', `no multicast group ${describeValue(id)}`);
    return ok(undefined);
  }

  /**
   * Level-2 exclusion (Tofino's "yid" prune masks): the ports a packet with this
   * level2_exclusion_id may not be copied to from a node whose rid equals the packet's rid.
   */
  setL2ExclusionPorts(yid: number, ports: readonly number[]): Result<void, TrafficManagerErrorCode> {
    if (!Number.isInteger(yid) || yid < 0 || yid > 0xffff)
      return err('INVALID_MULTICAST_GROUP', `level-2 exclusion id ${describeValue(yid)} is not in 0..65535`);
    for (const p of ports)
      if (!Number.isInteger(p) || p < 0 || p > MAX_PORT)
        return err('INVALID_PORT', `port ${describeValue(p)} is not in 0..${MAX_PORT}`);
    if (ports.length === 0) this.pruneMasks.delete(yid);
    else this.pruneMasks.set(yid, new Set(ports));
    return ok(undefined);
  }

  /** Whether a copy to `port` from a node with `nodeRid` is pruned for a packet's (rid, yid). */
  isPruned(nodeRid: number, port: number, rid: number, yid: number): boolean {
    return nodeRid === rid && this.pruneMasks.get(yid)?.has(port) === true;
  }

  /** The copies a group makes, or undefined when the group does not exist. */
  replicas(group: number): readonly Replica[] | undefined {
    return this.groups.get(group)?.replicas;
  }

  multicastGroups(): { id: number; nodes: MulticastNode[] }[] {
    return [...this.groups.entries()].sort((a, b) => a[0] - b[0]).map(([id, g]) => ({ id, nodes: g.nodes }));
  }

  /** Back to no sessions and no groups. */
  reset(): void {
    this.sessions.clear();
    this.groups.clear();
    this.pruneMasks.clear();
  }
}
