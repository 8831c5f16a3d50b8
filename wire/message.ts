// The NetMigrate messages as plain data, one interface per op, discriminated by `op`. Keys
// are the 4 key bytes read big-endian into an unsigned number (so byte order on the wire is
// the number's big-endian form); values are byte arrays of the configured value size.

import type { Op } from './ops.js';

/** A 4-byte key as an unsigned 32-bit number; its wire bytes are its big-endian encoding. */
export type Key = number;

export interface MgHeader {
  op: number;
  /** Request sequence number (64 bits on the wire), echoed in replies. */
  seq: bigint;
  /** Which shard on the addressed server. */
  dbPort: number;
}

export interface ReadRequest extends MgHeader {
  op: typeof Op.READ;
  bitmap: number;
  ver: number;
  key: Key;
}
export interface WriteRequest extends MgHeader {
  op: typeof Op.WRITE;
  bitmap: number;
  key: Key;
  value: Uint8Array;
}
export interface DeleteRequest extends MgHeader {
  op: typeof Op.DELETE;
  bitmap: number;
  key: Key;
}
export interface ReadReply extends MgHeader {
  op: typeof Op.READ_REPLY;
  bitmap: number;
  ver: number;
  /** Value bytes; 0xFF-filled when not found (the artifact's sentinel). */
  value: Uint8Array;
}
export interface WriteReply extends MgHeader {
  op: typeof Op.WRITE_REPLY;
  bitmap: number;
  ver: number;
}
export interface DeleteReply extends MgHeader {
  op: typeof Op.DELETE_REPLY;
  bitmap: number;
  ver: number;
}

/** Multi-key ops always carry 4 slots; `bitmap` bit i says slot i is meaningful. */
export interface MultiReadRequest extends MgHeader {
  op: typeof Op.MULTI_READ;
  bitmap: number;
  vers: number[];
  keys: Key[];
}
export interface MultiWriteRequest extends MgHeader {
  op: typeof Op.MULTI_WRITE;
  bitmap: number;
  keys: Key[];
  values: Uint8Array[];
}
export interface MultiDeleteRequest extends MgHeader {
  op: typeof Op.MULTI_DELETE;
  bitmap: number;
  keys: Key[];
}
export interface MultiReadReply extends MgHeader {
  op: typeof Op.MULTI_READ_REPLY;
  bitmap: number;
  vers: number[];
  values: Uint8Array[];
}
export interface MultiWriteReply extends MgHeader {
  op: typeof Op.MULTI_WRITE_REPLY;
  bitmap: number;
  vers: number[];
}
export interface MultiDeleteReply extends MgHeader {
  op: typeof Op.MULTI_DELETE_REPLY;
  bitmap: number;
  vers: number[];
}

/** INIT and TERMINATE share a body: the migration pair and the dictionary's exponents. */
export interface PairMessage extends MgHeader {
  op: typeof Op.INIT | typeof Op.TERMINATE;
  srcAddr: number;
  srcPort: number;
  dstAddr: number;
  dstPort: number;
  sizeExp: number;
  remainExp: number;
}

/**
 * GROUP_START / GROUP_COMPLETE: group id, then the migration thread that sends it and how many
 * consecutive groups from groupId the transition covers (both p4ts additions; a run of groups
 * is applied by the switch one group a pass, docs/migration-protocols.md "Runs of groups").
 */
export interface GroupMessage extends MgHeader {
  op: typeof Op.GROUP_START | typeof Op.GROUP_COMPLETE;
  groupId: number;
  threadId: number;
  /** Groups groupId .. groupId + groupCount - 1, 1..255; absent means 1. */
  groupCount?: number;
}

export interface KeyValue {
  key: Key;
  value: Uint8Array;
}
/**
 * MIGRATE pairs already in wire order: `count` records of a 4-byte big-endian key and then its
 * value, back to back from the start of `bytes`. A source scans its store straight into such a
 * buffer, so no object and no copy exist per pair before the frame (wire/codec.ts).
 */
export interface PackedPairs {
  readonly count: number;
  readonly bytes: Uint8Array;
}
export interface MigrateMessage extends MgHeader {
  op: typeof Op.MIGRATE;
  /** The pairs as objects; empty when `packed` carries them instead. */
  pairs: KeyValue[];
  packed?: PackedPairs;
}

/** Every reply to a control or data op is the 11-byte header alone. */
export interface ControlReply extends MgHeader {
  op:
    | typeof Op.INIT_REPLY
    | typeof Op.MIGRATE_REPLY
    | typeof Op.TERMINATE_REPLY
    | typeof Op.GROUP_START_REPLY
    | typeof Op.GROUP_COMPLETE_REPLY;
}

export type ClientRequest =
  | ReadRequest
  | WriteRequest
  | DeleteRequest
  | MultiReadRequest
  | MultiWriteRequest
  | MultiDeleteRequest;
export type ClientReply = ReadReply | WriteReply | DeleteReply | MultiReadReply | MultiWriteReply | MultiDeleteReply;
export type MigrationMessage = PairMessage | GroupMessage | MigrateMessage | ControlReply;
export type MgMessage = ClientRequest | ClientReply | MigrationMessage;
