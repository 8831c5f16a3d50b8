// The device's Ethernet ports as the control plane sees them (BF Runtime's `$PORT` and
// `$PORT_STAT` tables, docs/control-plane.md "Ports"): each port's configuration (speed, FEC,
// enable, MTUs, loopback, direction…), its operational status, and its MAC counters, which the
// engines update as frames enter and leave. A port that is deleted or disabled neither receives
// nor sends; every other setting is kept and read back, and those the emulator has no use for
// (pause frames, PFC, cut-through) change nothing else.

import { err, ok, type Result } from '../result.js';

export type DevicePortErrorCode = 'INVALID_PORT' | 'BAD_PORT_CONFIG' | 'NO_SUCH_PORT' | 'DUPLICATE_PORT';

/** A port's configuration, with BF Runtime's value names for the enumerated fields. */
export interface PortConfig {
  speed: string;
  fec: string;
  enabled: boolean;
  lanes: number;
  autoNegotiation: string;
  txMtu: number;
  rxMtu: number;
  loopback: string;
  direction: string;
  txPfcMap: number;
  rxPfcMap: number;
  txPause: boolean;
  rxPause: boolean;
  cutThrough: boolean;
  rxParserPriorityThreshold: number;
}

/** MAC counters, named as BF Runtime's `$PORT_STAT` fields (without the `$`). */
export const PORT_STAT_NAMES = [
  'FramesReceivedOK',
  'FramesReceivedAll',
  'FramesReceivedwithFCSError',
  'FramesReceivedTooLong',
  'FramesReceivedUnicast',
  'FramesReceivedMulticast',
  'FramesReceivedBroadcast',
  'OctetsReceivedinGoodFrames',
  'OctetsReceived',
  'FramesTransmittedOK',
  'FramesTransmittedAll',
  'FramesTransmittedwithError',
  'FramesTransmittedUnicast',
  'FramesTransmittedMulticast',
  'FramesTransmittedBroadcast',
  'OctetsTransmittedwithouterror',
  'OctetsTransmittedTotal',
] as const;
export type PortStatName = (typeof PORT_STAT_NAMES)[number];
export type PortStats = Record<PortStatName, number>;

/** One change of a port's operational status, queued while notifications are on. */
export interface PortStatusEvent {
  readonly port: number;
  readonly up: boolean;
}

export const SPEEDS: Readonly<Record<string, readonly number[]>> = {
  // The lane counts each speed may run on (Tofino 1 and 2 serdes).
  BF_SPEED_1G: [1],
  BF_SPEED_10G: [1],
  BF_SPEED_25G: [1],
  BF_SPEED_40G: [4, 2],
  BF_SPEED_40G_NB: [4],
  BF_SPEED_40G_R2: [2],
  BF_SPEED_50G: [2, 1],
  BF_SPEED_50G_R1: [1],
  BF_SPEED_100G: [4, 2],
  BF_SPEED_100G_R2: [2],
  BF_SPEED_200G: [4, 8],
  BF_SPEED_200G_R4: [4],
  BF_SPEED_400G: [8],
  BF_SPEED_400G_R8: [8],
};
const FECS = ['BF_FEC_TYP_NONE', 'BF_FEC_TYP_FIRECODE', 'BF_FEC_TYP_REED_SOLOMON', 'BF_FEC_TYP_FC', 'BF_FEC_TYP_RS'];
const AUTONEG = ['PM_AN_DEFAULT', 'PM_AN_FORCE_ENABLE', 'PM_AN_FORCE_DISABLE'];
const LOOPBACKS = [
  'BF_LPBK_NONE',
  'BF_LPBK_MAC_NEAR',
  'BF_LPBK_MAC_FAR',
  'BF_LPBK_PCS_NEAR',
  'BF_LPBK_SERDES_NEAR',
  'BF_LPBK_SERDES_FAR',
  'BF_LPBK_PIPE',
];
const DIRECTIONS = ['PM_PORT_DIR_DEFAULT', 'PM_PORT_DIR_TX_ONLY', 'PM_PORT_DIR_RX_ONLY', 'PM_PORT_DIR_DECOUPLED'];
/** Bytes a MAC adds to a frame's length: the Ethernet FCS (p4ts frames carry none). */
const FCS_BYTES = 4;
/** Shortest frame on the wire before the FCS: a MAC pads shorter ones. */
const MIN_FRAME_BYTES = 60;
export const MIN_MTU = 64;
/** Tofino's largest MTU (BF Runtime refuses more). */
export const MAX_MTU = 10240;
/**
 * A port's MTU until one is set: no limit below p4ts's largest frame (wire/framing.ts, 65535
 * bytes, plus the FCS), so frames that crossed the switch before ports had MTUs still do.
 */
export const UNSET_MTU = 0xffff + FCS_BYTES;

function defaultConfig(speed = 'BF_SPEED_100G'): PortConfig {
  return {
    speed,
    fec: 'BF_FEC_TYP_NONE',
    enabled: false,
    lanes: SPEEDS[speed]?.[0] ?? 1,
    autoNegotiation: 'PM_AN_DEFAULT',
    txMtu: UNSET_MTU,
    rxMtu: UNSET_MTU,
    loopback: 'BF_LPBK_NONE',
    direction: 'PM_PORT_DIR_DEFAULT',
    txPfcMap: 0,
    rxPfcMap: 0,
    txPause: false,
    rxPause: false,
    cutThrough: false,
    rxParserPriorityThreshold: 0,
  };
}

const zeroStats = (): PortStats => Object.fromEntries(PORT_STAT_NAMES.map((n) => [n, 0])) as PortStats;

/** Checks a partial configuration's fields (types and value sets); the merged one is checked apart. */
function checkFields(c: Partial<PortConfig>): string | undefined {
  const enumField = (v: unknown, name: string, allowed: readonly string[]) =>
    v === undefined || allowed.includes(v as string)
      ? undefined
      : `${name} ${String(v)} is not one of ${allowed.join(', ')}`;
  const intField = (v: unknown, name: string, lo: number, hi: number) =>
    v === undefined || (Number.isInteger(v) && (v as number) >= lo && (v as number) <= hi)
      ? undefined
      : `${name} ${String(v)} is not an integer in ${lo}..${hi}`;
  const boolField = (v: unknown, name: string) =>
    v === undefined || typeof v === 'boolean' ? undefined : `${name} must be true or false`;
  return (
    enumField(c.speed, 'speed', Object.keys(SPEEDS)) ??
    enumField(c.fec, 'fec', FECS) ??
    enumField(c.autoNegotiation, 'autoNegotiation', AUTONEG) ??
    enumField(c.loopback, 'loopback', LOOPBACKS) ??
    enumField(c.direction, 'direction', DIRECTIONS) ??
    intField(c.lanes, 'lanes', 1, 8) ??
    intField(c.txMtu, 'txMtu', MIN_MTU, MAX_MTU) ??
    intField(c.rxMtu, 'rxMtu', MIN_MTU, MAX_MTU) ??
    intField(c.txPfcMap, 'txPfcMap', 0, 255) ??
    intField(c.rxPfcMap, 'rxPfcMap', 0, 255) ??
    intField(c.rxParserPriorityThreshold, 'rxParserPriorityThreshold', 0, 3) ??
    boolField(c.enabled, 'enabled') ??
    boolField(c.txPause, 'txPause') ??
    boolField(c.rxPause, 'rxPause') ??
    boolField(c.cutThrough, 'cutThrough')
  );
}

interface PortRecord {
  config: PortConfig;
  stats: PortStats;
  /** The operational status last reported (for change notifications). */
  up: boolean;
  /** From the configuration, kept by applied(): enabled and not transmit-only / receive-only. */
  receives: boolean;
  sends: boolean;
}

/** Port numbers are 9 bits: the per-frame lookups index an array of this size. */
const PORT_SPACE = 512;

function newRecord(config: PortConfig, up: boolean): PortRecord {
  return { config, stats: zeroStats(), up, receives: false, sends: false };
}

/**
 * Every MAC port of a device: the ports `macPorts` lists start added and enabled (as a model
 * started with its port map), so programs and tests that never touch the port table run as
 * before; `delete`/`add`/`modify` change that.
 */
export class DevicePorts {
  private readonly records = new Map<number, PortRecord>();
  /**
   * The same records by port number, for the two lookups every frame makes (receive and
   * transmit): a Map lookup per frame, and the configuration read field by field, were a
   * measurable share of a READ's work in process (docs/benchmarks.md, "bench/pipeline").
   */
  private readonly byPort: (PortRecord | undefined)[] = new Array(PORT_SPACE).fill(undefined);
  /** Stats of ports that were deleted are gone; the MAC's counters start at 0 when re-added. */
  private notify = false;
  private readonly events: PortStatusEvent[] = [];
  /** The link state of a port (the packet generator's, `port.setLink`); up unless told. */
  linkUp: (port: number) => boolean = () => true;
  /** Called when a port's loopback mode changes (the traffic manager loops the port back). */
  onLoopback: ((port: number, on: boolean) => void) | undefined;

  constructor(private readonly macPorts: ReadonlySet<number>) {
    for (const p of macPorts) {
      this.put(p, newRecord({ ...defaultConfig(), enabled: true }, true));
      this.settle(this.records.get(p) as PortRecord);
    }
  }

  private put(port: number, r: PortRecord | undefined): void {
    if (r === undefined) this.records.delete(port);
    else this.records.set(port, r);
    if (port >= 0 && port < PORT_SPACE) this.byPort[port] = r;
  }

  /** The per-frame flags from the configuration. */
  private settle(r: PortRecord): void {
    r.receives = r.config.enabled && r.config.direction !== 'PM_PORT_DIR_TX_ONLY';
    r.sends = r.config.enabled && r.config.direction !== 'PM_PORT_DIR_RX_ONLY';
  }

  /** The record of `port`, by array for every 9-bit port number. */
  private recordOf(port: number): PortRecord | undefined {
    return port >= 0 && port < PORT_SPACE ? this.byPort[port] : this.records.get(port);
  }

  /** Ports that can be added (the device's MAC ports). */
  isMacPort(port: number): boolean {
    return this.macPorts.has(port);
  }

  add(port: number, fields: Partial<PortConfig>): Result<void, DevicePortErrorCode> {
    if (!this.macPorts.has(port)) return err('INVALID_PORT', `port ${port} is not a MAC port of this device`);
    if (this.records.has(port)) return err('DUPLICATE_PORT', `port ${port} is already added`);
    if (fields.speed === undefined) return err('BAD_PORT_CONFIG', `adding port ${port} needs a speed`);
    const config = { ...defaultConfig(fields.speed), ...fields };
    const bad = checkFields(fields) ?? this.checkLanes(config);
    if (bad !== undefined) return err('BAD_PORT_CONFIG', `port ${port}: ${bad}`);
    this.put(port, newRecord(config, false));
    this.applied(port);
    return ok(undefined);
  }

  modify(port: number, fields: Partial<PortConfig>): Result<void, DevicePortErrorCode> {
    const r = this.records.get(port);
    if (r === undefined) return err('NO_SUCH_PORT', `port ${port} is not added`);
    // A new speed without lanes takes the speed's usual lane count.
    const lanes = fields.speed !== undefined && fields.lanes === undefined ? SPEEDS[fields.speed]?.[0] : undefined;
    const config = { ...r.config, ...fields, ...(lanes === undefined ? {} : { lanes }) };
    const bad = checkFields(fields) ?? this.checkLanes(config);
    if (bad !== undefined) return err('BAD_PORT_CONFIG', `port ${port}: ${bad}`);
    r.config = config;
    this.applied(port);
    return ok(undefined);
  }

  /** Deletes one port, or every added port when `port` is undefined. */
  delete(port?: number): Result<number, DevicePortErrorCode> {
    const ports = port === undefined ? [...this.records.keys()] : [port];
    if (port !== undefined && !this.records.has(port)) return err('NO_SUCH_PORT', `port ${port} is not added`);
    for (const p of ports) {
      const r = this.records.get(p) as PortRecord;
      r.config = { ...r.config, enabled: false };
      this.applied(p);
      this.put(p, undefined);
    }
    return ok(ports.length);
  }

  config(port: number): PortConfig | undefined {
    const r = this.records.get(port);
    return r === undefined ? undefined : { ...r.config };
  }

  /** Added ports, in order. */
  list(): number[] {
    return [...this.records.keys()].sort((a, b) => a - b);
  }

  /** Operational status: added, enabled and the link up. */
  isUp(port: number): boolean {
    const r = this.records.get(port);
    return r?.config.enabled === true && this.linkUp(port);
  }

  stats(port: number): PortStats | undefined {
    const r = this.records.get(port);
    return r === undefined ? undefined : { ...r.stats };
  }

  /** Sets counters (BF Runtime's entry_mod of `$PORT_STAT`: in practice to 0); unnamed ones stay. */
  setStats(port: number, values: Partial<PortStats>): Result<void, DevicePortErrorCode> {
    const r = this.records.get(port);
    if (r === undefined) return err('NO_SUCH_PORT', `port ${port} is not added`);
    for (const [k, v] of Object.entries(values)) {
      if (!(PORT_STAT_NAMES as readonly string[]).includes(k))
        return err('BAD_PORT_CONFIG', `${k} is not a port counter (${PORT_STAT_NAMES.join(', ')})`);
      if (!Number.isSafeInteger(v) || (v as number) < 0)
        return err('BAD_PORT_CONFIG', `${k} must be a non-negative integer`);
    }
    Object.assign(r.stats, values);
    return ok(undefined);
  }

  /** Clears one port's counters, or every port's. */
  clearStats(port?: number): Result<void, DevicePortErrorCode> {
    if (port !== undefined && !this.records.has(port)) return err('NO_SUCH_PORT', `port ${port} is not added`);
    for (const [p, r] of this.records) if (port === undefined || p === port) r.stats = zeroStats();
    return ok(undefined);
  }

  setStatusNotifications(on: boolean): void {
    this.notify = on;
  }

  /** The status changes queued since the last call (BF Runtime's port status notifications). */
  takeStatusEvents(): PortStatusEvent[] {
    return this.events.splice(0);
  }

  /** Reports a link change made elsewhere (port.setLink), so notifications see it. */
  linkChanged(port: number): void {
    if (this.records.has(port)) this.applied(port);
  }

  /**
   * Data plane: a frame arriving on `port`. False when the port does not receive (deleted,
   * disabled, link down, transmit-only) or the frame is longer than its receive MTU; counted.
   */
  receive(port: number, frame: Uint8Array): boolean {
    const r = this.recordOf(port);
    if (r === undefined) return !this.macPorts.has(port);
    if (!r.receives || !this.linkUp(port)) return false;
    const s = r.stats;
    const octets = Math.max(frame.length, MIN_FRAME_BYTES) + FCS_BYTES;
    s.FramesReceivedAll++;
    s.OctetsReceived += octets;
    if (octets > r.config.rxMtu) {
      s.FramesReceivedTooLong++;
      return false;
    }
    s.FramesReceivedOK++;
    s.OctetsReceivedinGoodFrames += octets;
    const cast = castOf(frame);
    if (cast === 0) s.FramesReceivedUnicast++;
    else if (cast === 1) s.FramesReceivedMulticast++;
    else s.FramesReceivedBroadcast++;
    return true;
  }

  /** Data plane: a frame leaving on `port`; false (not sent) when the port cannot send it. */
  transmit(port: number, frame: Uint8Array): boolean {
    const r = this.recordOf(port);
    if (r === undefined) return !this.macPorts.has(port);
    if (!r.sends || !this.linkUp(port)) return false;
    const s = r.stats;
    const octets = Math.max(frame.length, MIN_FRAME_BYTES) + FCS_BYTES;
    s.FramesTransmittedAll++;
    s.OctetsTransmittedTotal += octets;
    if (octets > r.config.txMtu) {
      s.FramesTransmittedwithError++;
      return false;
    }
    s.FramesTransmittedOK++;
    s.OctetsTransmittedwithouterror += octets;
    // Plain field increments: no key is built per frame on the transmit path.
    const cast = castOf(frame);
    if (cast === 0) s.FramesTransmittedUnicast++;
    else if (cast === 1) s.FramesTransmittedMulticast++;
    else s.FramesTransmittedBroadcast++;
    return true;
  }

  private checkLanes(c: PortConfig): string | undefined {
    const lanes = SPEEDS[c.speed] ?? [];
    return lanes.includes(c.lanes) ? undefined : `${c.speed} runs on ${lanes.join(' or ')} lanes, not ${c.lanes}`;
  }

  /** After a change: loopback to the traffic manager, a status change to the notification queue. */
  private applied(port: number): void {
    const r = this.records.get(port) as PortRecord;
    this.settle(r);
    this.onLoopback?.(port, r.config.enabled && r.config.loopback !== 'BF_LPBK_NONE');
    const up = r.config.enabled && this.linkUp(port);
    if (up !== r.up) {
      r.up = up;
      if (this.notify) this.events.push({ port, up });
    }
  }
}

/** The destination address's kind: group bit set (broadcast when all ones), else unicast. */
/** 0 unicast, 1 multicast, 2 broadcast, by the destination MAC. */
function castOf(frame: Uint8Array): 0 | 1 | 2 {
  const first = frame[0] ?? 0;
  if ((first & 1) === 0) return 0;
  for (let i = 0; i < 6; i++) if (frame[i] !== 0xff) return 1;
  return 2;
}
