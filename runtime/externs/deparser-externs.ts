// TNA's deparser externs (docs/tna.md §5-§6): Mirror, Resubmit and Digest. They do not act at
// once: a call records a request that the engine turns into a copy, a re-entry or a message
// once the deparser returns. `mirror_type` / `resubmit_type` / `digest_type` of the gress's
// deparser metadata decide which instance is active, as on Tofino: an instance built with a
// type acts only when the metadata holds that type; a deprecated typeless one whenever it is
// non-zero. One request per gress per pass: a later emit replaces an earlier one.

import { PacketBuilder, type PacketIdentity } from '../packet.js';
import type { FieldValue } from '../tables/match-key.js';
import type { TraceSink } from '../trace/trace-sink.js';

/** What the deparser asked for in this pass; the engine reads and clears it. */
export class DeparserRequests {
  /** Mirror session requested, or -1. */
  mirrorSession = -1;
  readonly mirrorHeader = new PacketBuilder(64);
  resubmit = false;
  readonly resubmitHeader = new PacketBuilder(16);
  /** Tofino 2: Pktgen.emit ran; its bytes are the context of a deparser-triggered generation. */
  pktgenContext = false;
  readonly pktgenHeader = new PacketBuilder(16);

  clear(): void {
    this.mirrorSession = -1;
    this.resubmit = false;
    this.pktgenContext = false;
  }
}

/**
 * Tofino 2's Pktgen extern: `emit(hdr)` in the ingress deparser gives the 16 bytes of context
 * a deparser-triggered application matches and copies after its header (the engine reads them
 * when the deparser metadata's `pktgen` is 1).
 */
export class PktgenEmitter {
  constructor(private readonly req: DeparserRequests) {}

  /** Reserves `bits` for the context; returns their bit offset in `headerBuf`. */
  emitHeader(bits: number): number {
    this.req.pktgenContext = true;
    this.req.pktgenHeader.clear();
    return this.req.pktgenHeader.emit(bits);
  }

  get headerBuf(): Uint8Array {
    return this.req.pktgenHeader.buf;
  }
}

/** The deparser metadata fields the externs consult (both gresses have mirror_type). */
export interface DeparserTypes {
  mirror_type: number;
  digest_type?: number;
  resubmit_type?: number;
}

/** Mirror(mirror_type): `emit(session)` / `emit<T>(session, hdr)`. */
export class Mirror {
  readonly name: string;
  readonly mirrorType: number | undefined;
  /** The deparser metadata of this gress; the engine binds it after `create`. */
  dprsr: DeparserTypes = { mirror_type: 0 };
  private readonly req: DeparserRequests;

  constructor(name: string, mirrorType: number | undefined, requests: DeparserRequests) {
    this.name = name;
    this.mirrorType = mirrorType;
    this.req = requests;
  }

  get active(): boolean {
    const t = this.dprsr.mirror_type;
    return this.mirrorType === undefined ? t !== 0 : t === this.mirrorType;
  }

  /** Mirror.emit(session): the copy carries no mirror header. */
  emit(session: number): void {
    if (!this.active) return;
    this.req.mirrorSession = session;
    this.req.mirrorHeader.clear();
  }

  /**
   * Mirror.emit(session, hdr): reserves `bits` for the header; returns the bit offset to write
   * the header's fields at in `headerBuf`, or -1 when this instance is not active.
   */
  emitHeader(session: number, bits: number): number {
    if (!this.active) return -1;
    this.req.mirrorSession = session;
    this.req.mirrorHeader.clear();
    return this.req.mirrorHeader.emit(bits);
  }

  get headerBuf(): Uint8Array {
    return this.req.mirrorHeader.buf;
  }
}

/**
 * A deparser metadata object whose type fields remember that the pipeline assigned them (the
 * field's container validity bit on Tofino). The value lives in `$<field>` and the flag in
 * `$<field>_written`; the field itself becomes a getter/setter pair shared by every object
 * (plain functions, not closures), so the pipeline's reads and writes stay monomorphic and
 * cheap on the per-packet path.
 */
type TrackedTypes = DeparserTypes & {
  $resubmit_type?: number;
  $resubmit_type_written?: boolean;
  $digest_type?: number;
  $digest_type_written?: boolean;
};

function getResubmitType(this: TrackedTypes): number {
  return this.$resubmit_type as number;
}
function setResubmitType(this: TrackedTypes, v: number): void {
  this.$resubmit_type = v;
  this.$resubmit_type_written = true;
}
function getDigestType(this: TrackedTypes): number {
  return this.$digest_type as number;
}
function setDigestType(this: TrackedTypes, v: number): void {
  this.$digest_type = v;
  this.$digest_type_written = true;
}

/**
 * Makes `dprsr.resubmit_type` remember that the pipeline assigned it. Tofino's deparser
 * resubmits only when ingress *wrote* resubmit_type (the field's validity bit), whatever the
 * value: Intel's tna_resubmit resubmits with type 0 from one action and not at all from
 * another that leaves it alone (docs/tna-semantics.md, "Resubmit").
 */
export function trackResubmitType(dprsr: DeparserTypes): void {
  const o = dprsr as TrackedTypes;
  if (o.$resubmit_type_written !== undefined) return;
  o.$resubmit_type = o.resubmit_type ?? 0;
  o.$resubmit_type_written = false;
  Object.defineProperty(o, 'resubmit_type', {
    get: getResubmitType,
    set: setResubmitType,
    enumerable: true,
    configurable: true,
  });
  restoreFastProperties(o);
}

/**
 * Turning a data property into an accessor (defineProperty above) leaves V8 keeping the object
 * in dictionary mode: from then on every read and write of every deparser metadata field
 * (drop_ctl, mirror_type, ...) in the generated code was a hash lookup, about 1,100 machine
 * instructions of a NetMigrate READ's 21,000 (docs/benchmarks.md, "Counting instructions").
 * V8 gives an object fast properties again when a property load that runs often enough to
 * keep type feedback goes through it as a prototype; this makes one (V8 allocates a function's
 * feedback after a few calls: 10 sufficed in Node 20, 64 leave room). Only speed depends on it.
 */
const PROTOTYPE_LOADS = 64;
function restoreFastProperties(o: object): void {
  const probe = Object.create(o) as { drop_ctl?: number };
  const load = (x: { drop_ctl?: number }) => x.drop_ctl;
  for (let i = 0; i < PROTOTYPE_LOADS; i++) load(probe);
}

/** Starts a packet: resubmit_type 0 and not written. */
export function resetResubmitType(dprsr: DeparserTypes): void {
  const o = dprsr as TrackedTypes;
  if (o.$resubmit_type_written === undefined) o.resubmit_type = 0;
  else {
    o.$resubmit_type = 0;
    o.$resubmit_type_written = false;
  }
}

/**
 * Likewise for `dprsr.digest_type`: the deparser makes a digest only when ingress wrote
 * digest_type, 0 included (bf-p4c's digest_tna sends its digest with type 0 from one action;
 * a packet whose action leaves the field alone sends none: docs/tna-semantics.md, "Digest").
 */
export function trackDigestType(dprsr: DeparserTypes): void {
  const o = dprsr as TrackedTypes;
  if (o.$digest_type_written !== undefined) return;
  o.$digest_type = o.digest_type ?? 0;
  o.$digest_type_written = false;
  Object.defineProperty(o, 'digest_type', {
    get: getDigestType,
    set: setDigestType,
    enumerable: true,
    configurable: true,
  });
  restoreFastProperties(o);
}

/** Starts a packet: digest_type 0 and not written. */
export function resetDigestType(dprsr: DeparserTypes): void {
  const o = dprsr as TrackedTypes;
  if (o.$digest_type_written === undefined) o.digest_type = 0;
  else {
    o.$digest_type = 0;
    o.$digest_type_written = false;
  }
}

/** Resubmit(resubmit_type): the packet goes back to the ingress parser once. */
export class Resubmit {
  readonly name: string;
  readonly resubmitType: number | undefined;
  dprsr: DeparserTypes = { mirror_type: 0, resubmit_type: 0 };
  private readonly req: DeparserRequests;

  constructor(name: string, resubmitType: number | undefined, requests: DeparserRequests) {
    this.name = name;
    this.resubmitType = resubmitType;
    this.req = requests;
  }

  /**
   * With the metadata tracked (trackResubmitType): when ingress wrote resubmit_type, any value
   * for a typeless instance (the deparser's `if` on the type chooses), the instance's own type
   * otherwise. Untracked: a non-zero type, or the instance's own.
   */
  get active(): boolean {
    const o = this.dprsr as TrackedTypes;
    const t = o.resubmit_type ?? 0;
    const written = o.$resubmit_type_written;
    if (written === undefined) return this.resubmitType === undefined ? t !== 0 : t === this.resubmitType;
    return written && (this.resubmitType === undefined || t === this.resubmitType);
  }

  emit(): void {
    if (!this.active) return;
    this.req.resubmit = true;
    this.req.resubmitHeader.clear();
  }

  /** Resubmit.emit(hdr): like Mirror.emitHeader; the header replaces the 64 bits of port metadata. */
  emitHeader(bits: number): number {
    if (!this.active) return -1;
    this.req.resubmit = true;
    this.req.resubmitHeader.clear();
    return this.req.resubmitHeader.emit(bits);
  }

  get headerBuf(): Uint8Array {
    return this.req.resubmitHeader.buf;
  }
}

/** A digest as the control plane receives it. */
export interface DigestMessage {
  readonly digest: string;
  readonly digestId: number;
  readonly packetId: number;
  /** Field values in the order of the digest's p4info fields. */
  readonly values: readonly FieldValue[];
  /** `$IDLE_TIMEOUT` messages (arch/idle-sweep.ts): the table; `values` holds the entry handle. */
  readonly table?: string;
  /** With several programs on one device (docs/multi-pipe.md): the program that sent it. */
  readonly program?: string;
}

/** Digest<T>(digest_type): `pack(data)` sends T's fields to the control plane. */
export class Digest {
  readonly name: string;
  readonly id: number;
  readonly digestType: number | undefined;
  readonly fieldNames: readonly string[];
  /** Scratch for T's fields: generated code fills it in field order, then calls pack(). */
  readonly fields: FieldValue[];
  dprsr: DeparserTypes = { mirror_type: 0, digest_type: 0 };
  private readonly deliver: (m: DigestMessage) => void;
  private readonly current: PacketIdentity;
  private readonly trace: TraceSink | undefined;

  constructor(
    spec: { name: string; id: number; digestType?: number; fields: readonly { name: string; width: number }[] },
    deliver: (m: DigestMessage) => void,
    current: PacketIdentity,
    trace: TraceSink | undefined,
  ) {
    this.name = spec.name;
    this.id = spec.id;
    this.digestType = spec.digestType;
    this.fieldNames = spec.fields.map((f) => f.name);
    this.fields = spec.fields.map((f) => (f.width > 32 ? 0n : 0));
    this.deliver = deliver;
    this.current = current;
    this.trace = trace;
  }

  /** Tracked (trackDigestType): when ingress wrote digest_type and the type is this one's; untracked: by value. */
  get active(): boolean {
    const o = this.dprsr as TrackedTypes;
    const t = o.digest_type ?? 0;
    if (o.$digest_type_written === false) return false;
    return this.digestType === undefined ? t !== 0 : t === this.digestType;
  }

  /** Sends `fields` when active; returns whether it did. Digests are rare: this one allocates. */
  pack(): boolean {
    if (!this.active) return false;
    const values = this.fields.slice();
    const cur = this.current;
    if (this.trace !== undefined) {
      const named: Record<string, FieldValue> = {};
      this.fieldNames.forEach((n, i) => {
        named[n] = values[i] as FieldValue;
      });
      this.trace.digest(cur.packetId, cur.copyId, this.name, named);
    }
    this.deliver({ digest: this.name, digestId: this.id, packetId: cur.packetId, values });
    return true;
  }
}
