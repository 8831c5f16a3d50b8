// Op codes, reply flags and UDP port plan of the NetMigrate protocol (docs/netmigrate.md §2-§3,
// docs/wire-format.md). Numbers only: the codec and every host share these names.

export const Op = {
  READ: 0x01,
  WRITE: 0x02,
  DELETE: 0x03,
  READ_REPLY: 0x04,
  WRITE_REPLY: 0x05,
  DELETE_REPLY: 0x06,
  MULTI_READ: 0x07,
  MULTI_WRITE: 0x08,
  MULTI_DELETE: 0x09,
  MULTI_READ_REPLY: 0x0a,
  MULTI_WRITE_REPLY: 0x0b,
  MULTI_DELETE_REPLY: 0x0c,
  INIT: 0x10,
  INIT_REPLY: 0x11,
  MIGRATE: 0x12,
  MIGRATE_REPLY: 0x13,
  TERMINATE: 0x14,
  TERMINATE_REPLY: 0x15,
  GROUP_START: 0x16,
  GROUP_START_REPLY: 0x17,
  GROUP_COMPLETE: 0x18,
  GROUP_COMPLETE_REPLY: 0x19,
} as const;
export type OpCode = (typeof Op)[keyof typeof Op];

const opNames = new Map<number, string>(Object.entries(Op).map(([name, code]) => [code, name]));
export function opName(op: number): string {
  return opNames.get(op) ?? `0x${op.toString(16).padStart(2, '0')}`;
}

/** Reply `ver` flag bits (docs/netmigrate.md §3). */
export const Ver = {
  FOUND: 0x01,
  FROM_DESTINATION: 0x02,
  DOUBLE_READ: 0x04,
  RETRY_LATER: 0x08,
  /** Baselines' hints (docs/migration-protocols.md "Baselines"): Fulva's metadata, the retry / redirect flag. */
  FULVA_MCR: 0x10,
  FULVA_SPH: 0x20,
  FULVA_MCR_BEGIN: 0x40,
  BASELINE_RETRY: 0x80,
} as const;

/** UDP port plan (docs/netmigrate.md §2): only the destination port is tested by the switch. */
export const Ports = {
  MG_BASE: 0xbe00,
  MG_MASK: 0xff00,
  CLIENT_BASE: 0xbe00,
  REQUEST_AGENT_BASE: 0xbe40,
  MIGRATION_AGENT_BASE: 0xbe80,
  /** Ports per role (0x40 each). */
  PER_ROLE: 0x40,
} as const;

export function isNetMigratePort(udpDstPort: number): boolean {
  return (udpDstPort & Ports.MG_MASK) === Ports.MG_BASE;
}

export const MG_HEADER_BYTES = 11;
export const KEY_BYTES = 4;
export const DEFAULT_VALUE_BYTES = 64;
/** Key/value slots in MULTI_* packets. */
export const MULTI_SLOTS = 4;

/** Client request ops (what a request agent serves). */
export function isClientRequestOp(op: number): boolean {
  return (op >= Op.READ && op <= Op.DELETE) || (op >= Op.MULTI_READ && op <= Op.MULTI_DELETE);
}

/** Client requests that change the store (write, delete, and their multi-key forms). */
export function isMutatingOp(op: number): boolean {
  return op === Op.WRITE || op === Op.DELETE || op === Op.MULTI_WRITE || op === Op.MULTI_DELETE;
}

/** Replies to client requests. */
export function isClientReplyOp(op: number): boolean {
  return (op >= Op.READ_REPLY && op <= Op.DELETE_REPLY) || (op >= Op.MULTI_READ_REPLY && op <= Op.MULTI_DELETE_REPLY);
}

/** Migration control and data ops and their replies (0x10-0x19). */
export function isMigrationOp(op: number): boolean {
  return op >= Op.INIT && op <= Op.GROUP_COMPLETE_REPLY;
}
