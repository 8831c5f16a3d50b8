// The contract between generated code (`build/<prog>/pipeline.js`) and the runtime: what the
// compiled module exports, what the runtime hands it (`TnaServices`) and the six TNA blocks it
// returns (`TnaBlocks`). Types only; docs/pipeline-module.md walks through an example, and
// test/runtime/fixtures/ holds a module written by hand in exactly this shape.
//
// The module is the program, the runtime is the same for every program: the runtime builds
// every stateful object from p4info (tables, registers, counters, …) so the control plane
// and generated code share them; generated code takes them from `services` ONCE in `create`
// (by position in the p4info arrays, or by name) and never looks anything up per packet.

import type { Counter } from './externs/counter.js';
import type { Digest, Mirror, PktgenEmitter, Resubmit } from './externs/deparser-externs.js';
import type { DirectCounter, DirectRegister, DirectRegisterAction } from './externs/direct-externs.js';
import type { DirectMeter } from './externs/direct-meter.js';
import type { Hash } from './externs/hash.js';
import type { Lpf, Wred } from './externs/lpf-wred.js';
import type { Meter } from './externs/meter.js';
import type { RegisterArray } from './externs/register.js';
import type { RegisterAction, RegisterApply } from './externs/register-action.js';
import type { RegisterParam } from './externs/register-param.js';
import type { ValueSet } from './externs/value-set.js';
import type { P4Info } from './p4info.js';
import type { PacketBuilder, PacketCursor, PacketIdentity } from './packet.js';
import type { ActionProfile, ActionSelector } from './tables/action-profile.js';
import type { MatchTable } from './tables/table.js';
import type { TraceSink } from './trace/trace-sink.js';

/**
 * What `pipeline.js` exports (ES module):
 *   export const arch = 'tna';          // or 'v1model' (V1ModelPipelineModule, below)
 *   export function create(services) { …; return blocks; }
 *   export const p4info = {…};   // optional: the loader reads p4info.json beside it anyway
 * The loader (switch.ts loadPipeline) assembles a PipelineModule from those exports and the
 * validated p4info.json.
 */
export interface PipelineModule {
  readonly arch: 'tna';
  readonly p4info: P4Info;
  create(services: TnaServices): TnaBlocks;
}

/** A v1model program's module: `arch = 'v1model'`, and `create` returns the v1model blocks. */
export interface V1ModelPipelineModule {
  readonly arch: 'v1model';
  readonly p4info: P4Info;
  create(services: V1ModelServices): V1ModelBlocks;
}

/** A PSA program's module: `arch = 'psa'`, and `create` returns the PSA blocks (docs/psa.md). */
export interface PsaPipelineModule {
  readonly arch: 'psa';
  readonly p4info: P4Info;
  create(services: PsaServices): PsaBlocks;
}

/** What the loader accepts: the switch picks the engine by `arch`. */
export type AnyPipelineModule = PipelineModule | V1ModelPipelineModule | PsaPipelineModule;

// ---- errors -----------------------------------------------------------------------------

/**
 * P4 `error` values are numbers: the index of the member in p4info.errors. core.p4's errors
 * come first, in core.p4's order, so these numbers hold in every program; TNA's and the
 * program's own follow in declaration order.
 */
export const P4Error = {
  NoError: 0,
  PacketTooShort: 1,
  NoMatch: 2,
  StackOutOfBounds: 3,
  HeaderTooShort: 4,
  ParserTimeout: 5,
  ParserInvalidArgument: 6,
} as const;

export const CORE_ERRORS: readonly string[] = Object.keys(P4Error);

/**
 * Tofino's parser_err flags (docs/tna.md §2) for the errors a parser returns. Errors not listed
 * (a `verify` with a program's own error) set NO_MATCH's flag: the hardware has no other.
 */
export const PARSER_ERROR_FLAGS: Readonly<Record<string, number>> = {
  NoMatch: 0x0001,
  // The packet ends inside the header: PARTIAL_HDR, and the extractor's source lies past
  // the end, SRC_EXT (bf-p4c's parser_error test expects both; docs/tna-semantics.md).
  PacketTooShort: 0x0022,
  HeaderTooShort: 0x0022,
  CounterRange: 0x0004,
  Timeout: 0x0008,
  ParserTimeout: 0x0010,
  PhvOwner: 0x0080,
  MultiWrite: 0x0100,
};

// ---- intrinsic metadata (field names exactly as in tna.p4; @padding fields omitted) -----

/** Fields wider than 32 bits are bigints (bits.ts). */
export interface IngressIntrinsicMetadata {
  resubmit_flag: number;
  packet_version: number;
  ingress_port: number;
  ingress_mac_tstamp: bigint;
}

export interface IngressIntrinsicMetadataForTM {
  ucast_egress_port: number;
  bypass_egress: number;
  deflect_on_drop: number;
  ingress_cos: number;
  qid: number;
  icos_for_copy_to_cpu: number;
  copy_to_cpu: number;
  packet_color: number;
  disable_ucast_cutthru: number;
  enable_mcast_cutthru: number;
  mcast_grp_a: number;
  mcast_grp_b: number;
  level1_mcast_hash: number;
  level2_mcast_hash: number;
  level1_exclusion_id: number;
  level2_exclusion_id: number;
  rid: number;
}

export interface IntrinsicMetadataFromParser {
  global_tstamp: bigint;
  global_ver: number;
  parser_err: number;
}

export interface IngressIntrinsicMetadataForDeparser {
  drop_ctl: number;
  digest_type: number;
  resubmit_type: number;
  mirror_type: number;
  /** Tofino 2: 1 asks the packet generator's deparser-triggered apps to run. */
  pktgen?: number;
}

export interface EgressIntrinsicMetadata {
  egress_port: number;
  enq_qdepth: number;
  enq_congest_stat: number;
  enq_tstamp: number;
  deq_qdepth: number;
  deq_congest_stat: number;
  app_pool_congest_stat: number;
  deq_timedelta: number;
  egress_rid: number;
  egress_rid_first: number;
  egress_qid: number;
  egress_cos: number;
  deflection_flag: number;
  pkt_length: number;
}

export interface EgressIntrinsicMetadataForDeparser {
  drop_ctl: number;
  mirror_type: number;
  coalesce_flush: number;
  coalesce_length: number;
}

export interface EgressIntrinsicMetadataForOutputPort {
  capture_tstamp_on_tx: number;
  update_delay_on_tx: number;
}

/** Bits of the headers the engine prepends (docs/tna.md §3): the parsers extract them. */
export const INGRESS_INTRINSIC_BITS = 64;
export const PORT_METADATA_BITS = 64;
export const EGRESS_INTRINSIC_BITS = 216;

// ---- services: what the runtime gives generated code ------------------------------------

export interface TnaServices {
  readonly p4info: P4Info;
  /** undefined when tracing is off: guard every call with `if (tr !== undefined)`. */
  readonly trace: TraceSink | undefined;
  /** The packet in the pipeline now; the engine updates its fields before each block. */
  readonly current: PacketIdentity;
  /** One per p4info.tables entry, same order. Apply: `lookup1(v)` or `key[i] = …; lookup()`. */
  readonly tables: readonly MatchTable[];
  /** One per p4info.registers entry, same order. */
  readonly registers: readonly RegisterArray[];
  readonly counters: readonly Counter[];
  readonly meters: readonly Meter[];
  /** One per p4info.directResources entry, same order. */
  readonly directResources: readonly (DirectCounter | DirectRegister | DirectMeter)[];
  readonly valueSets: readonly ValueSet[];
  /**
   * One per p4info.actionProfiles / actionSelectors entry, same order. An indirect table's
   * entry carries `ref`: `profile.member(id)` or `selector.select(group, hash)` gives the
   * member whose `actionId` and `params` run.
   */
  readonly actionProfiles: readonly ActionProfile[];
  readonly actionSelectors: readonly ActionSelector[];
  /** One per p4info.lpfs / wreds entry: `execute(value, index, cur.nowNs)`. */
  readonly lpfs: readonly Lpf[];
  readonly wreds: readonly Wred[];
  /** One per p4info.registerParams entry: register actions read `.value`. */
  readonly registerParams: readonly RegisterParam[];
  /** One per p4info.hashes entry, same order: `feed(v, w)…getFed()`, `add(v, w)…get()`. */
  readonly hashes: readonly Hash[];
  /** One per p4info.digests / mirrors / resubmits entry, same order. */
  readonly digests: readonly Digest[];
  readonly mirrors: readonly Mirror[];
  readonly resubmits: readonly Resubmit[];
  /** Tofino 2's Pktgen extern (the ingress deparser's context for deparser-triggered generation). */
  readonly pktgen?: PktgenEmitter;
  /** A RegisterAction running `apply` on `register` (the one-action-per-pass rule is tracked per register). */
  registerAction(name: string, register: RegisterArray, apply: RegisterApply): RegisterAction;
  directRegisterAction(name: string, register: DirectRegister, apply: RegisterApply): DirectRegisterAction;
  /** Create-time lookups by P4 name (throw when the name is missing: the build is inconsistent). */
  table(name: string): MatchTable;
  register(name: string): RegisterArray;
  counter(name: string): Counter;
  meter(name: string): Meter;
  directCounter(name: string): DirectCounter;
  directRegister(name: string): DirectRegister;
  directMeter(name: string): DirectMeter;
  valueSet(name: string): ValueSet;
  digest(name: string): Digest;
  mirror(name: string): Mirror;
  resubmit(name: string): Resubmit;
}

// ---- blocks: what generated code gives the runtime --------------------------------------

/**
 * The six TNA blocks over objects the module allocated once in `create` (headers, user
 * metadata and the intrinsic metadata structs below, which the engine reads and writes).
 *
 * Parsers receive the cursor positioned at the intrinsic header the engine prepended, must
 * start by invalidating every header and zeroing the user metadata of their gress (Tofino
 * zero-initialises metadata), extract as the P4 parser says, and return an error number
 * (0 on `accept`; `P4Error.PacketTooShort` when `extract` returns -1; `NoMatch` when a select
 * has no case; the verify error; the reject state returns `NoMatch` unless the program set
 * another one). They leave `pkt.offset` where the payload starts. They do not touch the
 * intrinsic `…from_prsr` / `…for_tm` / `…for_dprsr` structs unless the P4 code does: the
 * engine initialises them before each pass.
 *
 * Controls read and write the structs; deparsers emit valid headers in order into `out`
 * and call the Mirror / Resubmit / Digest externs from `services` (which check
 * `mirror_type` / `resubmit_type` / `digest_type` themselves).
 */
export interface TnaBlocks {
  readonly ig_intr_md: IngressIntrinsicMetadata;
  readonly ig_intr_md_for_tm: IngressIntrinsicMetadataForTM;
  readonly ig_intr_md_from_prsr: IntrinsicMetadataFromParser;
  readonly ig_intr_md_for_dprsr: IngressIntrinsicMetadataForDeparser;
  readonly eg_intr_md: EgressIntrinsicMetadata;
  readonly eg_intr_md_from_prsr: IntrinsicMetadataFromParser;
  readonly eg_intr_md_for_dprsr: EgressIntrinsicMetadataForDeparser;
  readonly eg_intr_md_for_oport: EgressIntrinsicMetadataForOutputPort;
  /**
   * Whether the ingress / egress control reads `parser_err`. TNA drops a packet whose parser
   * failed unless the program reads parser_err; then the packet continues with the flag set
   * (headers extracted before the failure stay valid).
   */
  readonly ingressReadsParserErr: boolean;
  readonly egressReadsParserErr: boolean;
  /**
   * Bytes of port metadata after the ingress intrinsic header (PORT_METADATA_SIZE / 8: 8 on
   * Tofino 1, 24 on Tofino 2) and bytes of the egress intrinsic header (27 in tofino1_base.p4,
   * 28 in the Tofino 2 layout). Older modules leave them out: the Tofino 1 sizes.
   */
  readonly portMetadataBytes?: number;
  readonly egressIntrinsicBytes?: number;
  ingressParser(pkt: PacketCursor): number;
  ingress(): void;
  ingressDeparser(out: PacketBuilder): void;
  egressParser(pkt: PacketCursor): number;
  egress(): void;
  egressDeparser(out: PacketBuilder): void;
  /**
   * Tofino 2's ghost thread, when the Pipeline has one: `ghost()` runs the ghost control on the
   * queue update the engine wrote into `gh_intr_md` (ping_pong, qlength, qid, pipe_id).
   */
  readonly gh_intr_md?: GhostIntrinsicMetadata;
  ghost?(): void;
}

/** The traffic manager's queue update a ghost thread reads (t2na's ghost_intrinsic_metadata_t). */
export interface GhostIntrinsicMetadata {
  $valid: boolean;
  ping_pong: number;
  qlength: number;
  qid: number;
  pipe_id: number;
}

// ---- v1model (bmv2 simple_switch; docs/v1model.md) ----------------------------------------

/** v1model's standard_metadata_t as the engine reads and writes it (timestamps are bigints). */
export interface StandardMetadata {
  ingress_port: number;
  egress_spec: number;
  egress_port: number;
  instance_type: number;
  packet_length: number;
  enq_timestamp: number;
  enq_qdepth: number;
  deq_timedelta: number;
  deq_qdepth: number;
  ingress_global_timestamp: bigint;
  egress_global_timestamp: bigint;
  mcast_grp: number;
  egress_rid: number;
  checksum_error: number;
  parser_error: number;
  priority: number;
}

/** bmv2's PktInstanceType values, as standard_metadata.instance_type shows them. */
export const V1InstanceType = {
  NORMAL: 0,
  INGRESS_CLONE: 1,
  EGRESS_CLONE: 2,
  COALESCED: 3,
  RECIRC: 4,
  REPLICATION: 5,
  RESUBMIT: 6,
} as const;

/** A copy of a packet's PHV (hdr, meta, standard_metadata) taken by `snapshot()`. */
export type PhvSnapshot = { readonly __phv: unique symbol };

/**
 * The v1model blocks over one PHV the module allocated in `create`. The parser starts by
 * invalidating every header (metadata is the engine's: `resetMetadata`), extracts, and
 * returns an error number (0 on accept); on an error the headers extracted so far stay
 * valid and `pkt.offset` marks where the payload starts (bmv2 goes on to ingress with
 * standard_metadata.parser_error set). The deparser emits valid headers into `out`.
 */
export interface V1ModelBlocks {
  readonly standard_metadata: StandardMetadata;
  parser(pkt: PacketCursor): number;
  verifyChecksum(): void;
  ingress(): void;
  egress(): void;
  computeChecksum(): void;
  deparser(out: PacketBuilder): void;
  /** Zeroes the user metadata and standard_metadata (a new packet, or a resubmitted one). */
  resetMetadata(): void;
  snapshot(): PhvSnapshot;
  restore(s: PhvSnapshot): void;
  /** Copies the fields of field list `index` from `s` into the PHV (0 and unknown lists: nothing). */
  preserveFieldList(index: number, s: PhvSnapshot): void;
}

/** A field list being hashed or checksummed by v1model's hash / verify_checksum / update_checksum. */
export interface V1FieldList {
  add(value: number, width: number): V1FieldList;
  addBig(value: bigint, width: number): V1FieldList;
  /** Adds the field only when its header is valid (bmv2 leaves out fields of invalid headers). */
  addIf(valid: boolean, value: number, width: number): V1FieldList;
  addBigIf(valid: boolean, value: bigint, width: number): V1FieldList;
  /** Appends the packet's payload (the `_with_payload` checksums). */
  payload(): V1FieldList;
  /** The algorithm's value over the list (HashAlgorithm member name), as an unsigned bigint. */
  compute(algorithm: string): bigint;
}

/** What v1model's extern functions ask of the engine (the requests act after the block). */
export interface V1ModelRequests {
  clone(type: 0 | 1, session: number, fieldList: number): void;
  resubmit(fieldList: number): void;
  recirculate(fieldList: number): void;
  truncate(length: number): void;
  /** A fresh, empty field list (one per engine, reused). */
  fields(): V1FieldList;
  /** bmv2's hash(): base + (h mod max), max 0 taken as 1. */
  hashResult(h: bigint, base: bigint, max: bigint): bigint;
  random(lo: number, hi: number): number;
  randomBig(lo: bigint, hi: bigint): bigint;
  /** A meter color from the runtime's meter (RED 3) to v1model's (RED 2). */
  color(c: number): number;
  log(message: string, values: readonly (number | bigint | boolean)[]): void;
  /** assert/assume failed: bmv2 stops the switch; the engine drops the packet and counts it. */
  assertionFailed(kind: string, where: string): never;
}

export interface V1ModelServices extends TnaServices {
  readonly v1: V1ModelRequests;
}

// ---- PSA (the Portable Switch Architecture as bmv2's psa_switch runs it; docs/psa.md) ------

/** PSA_PacketPath_t as psa.p4 numbers its members. */
export const PsaPacketPath = {
  NORMAL: 0,
  NORMAL_UNICAST: 1,
  NORMAL_MULTICAST: 2,
  CLONE_I2E: 3,
  CLONE_E2E: 4,
  RESUBMIT: 5,
  RECIRCULATE: 6,
} as const;

/** The roles of the user metadata that travel between passes. */
export type PsaBridgedRole = 'normal' | 'clone_i2e' | 'clone_e2e' | 'resubmit' | 'recirculate';

/** A copy of one role's bridged metadata (`saveBridged`). */
export type PsaBridgedCopy = { readonly __psaBridged: unique symbol };

/**
 * The PSA blocks over objects the module allocated in `create`: the standard metadata the
 * engine fills before a block and reads after it (field names as psa.p4 declares them; ports
 * and sessions are numbers, bools booleans, timestamps bigints, enums member indexes).
 * Parsers start by invalidating their headers and return an error number (0 on accept);
 * deparsers emit into `out`.
 */
export interface PsaBlocks {
  readonly ip_istd: { ingress_port: number; packet_path: number };
  readonly ig_istd: { ingress_port: number; packet_path: number; ingress_timestamp: bigint; parser_error: number };
  readonly ig_ostd: {
    class_of_service: number;
    clone: boolean;
    clone_session_id: number;
    drop: boolean;
    resubmit: boolean;
    multicast_group: number;
    egress_port: number;
  };
  readonly ep_istd: { egress_port: number; packet_path: number };
  readonly eg_istd: {
    class_of_service: number;
    egress_port: number;
    packet_path: number;
    instance: number;
    egress_timestamp: bigint;
    parser_error: number;
  };
  readonly eg_ostd: { clone: boolean; clone_session_id: number; drop: boolean };
  readonly ed_istd: { egress_port: number };
  ingressParser(pkt: PacketCursor): number;
  ingress(): void;
  ingressDeparser(out: PacketBuilder): void;
  egressParser(pkt: PacketCursor): number;
  egress(): void;
  egressDeparser(out: PacketBuilder): void;
  /** Zeroes ingress's user metadata, its standard metadata and the bridged metadata it writes. */
  resetIngress(): void;
  resetEgress(): void;
  saveBridged(role: PsaBridgedRole): PsaBridgedCopy | undefined;
  /** Loads a saved copy into the parser input of `role`, or zeroes it (`undefined`). */
  loadBridged(role: PsaBridgedRole, s: PsaBridgedCopy | undefined): void;
}

/**
 * PSA's services are v1model's: bmv2's field lists and hash algorithms (Hash.get_hash), random
 * numbers and assert/assume (`services.v1`); clone, resubmit and recirculate are not requests
 * in PSA but fields of the output metadata the engine reads after each block.
 */
export type PsaServices = V1ModelServices;
