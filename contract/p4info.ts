// p4info.json's shape: what the compiler tells the runtime and the control plane about a
// program (P4Runtime's P4Info concepts, as plain JSON): tables, actions, externs with state,
// digests, mirror/resubmit headers, value sets, errors, and the architecture's ports. Every
// object has a stable numeric id and its P4 name; the control plane addresses objects by name,
// generated code by position in these arrays (never by string on the hot path).
//
// Ids follow P4Runtime's prefixes (top byte = object kind): action 0x01, table 0x02, value set
// 0x03, counter 0x12, meter 0x13, digest 0x38, register 0x40 (see P4INFO_ID_PREFIX). The
// compiler assigns them in declaration order; the runtime only checks they are unique.
// This module is part of the contract between compiler and runtime: types and constants only.

/** How a table key field matches. */
export type MatchKind = 'exact' | 'lpm' | 'ternary' | 'range' | 'optional';

/** One key field of a table: its P4 name (the control plane's), width in bits and match kind. */
export interface KeyField {
  readonly name: string;
  readonly width: number;
  readonly matchKind: MatchKind;
}

export const P4INFO_VERSION = 1;

export const P4INFO_ID_PREFIX = {
  action: 0x01,
  table: 0x02,
  valueSet: 0x03,
  actionProfile: 0x11,
  counter: 0x12,
  meter: 0x13,
  digest: 0x38,
  register: 0x40,
} as const;

export interface P4InfoField {
  readonly name: string;
  readonly width: number;
}

export interface P4InfoAction {
  readonly id: number;
  readonly name: string;
  readonly params: readonly (P4InfoField & { readonly id: number })[];
}

export interface P4InfoTableKey extends KeyField {
  readonly id: number;
}

/** An action reference inside a table, with P4's @tableonly / @defaultonly scope. */
export interface P4InfoActionRef {
  readonly id: number;
  readonly name: string;
  readonly scope?: 'TABLE_AND_DEFAULT' | 'TABLE_ONLY' | 'DEFAULT_ONLY';
}

/** Values in JSON form (json-values.ts): numbers or "0x…" strings; params in declaration order. */
export interface P4InfoActionCall {
  readonly action: string;
  readonly params: readonly (number | string)[];
}

export interface P4InfoTable {
  readonly id: number;
  readonly name: string;
  readonly gress: 'ingress' | 'egress';
  readonly keys: readonly P4InfoTableKey[];
  /** In the order of the P4 `actions` list: the action index generated code switches on. */
  readonly actions: readonly P4InfoActionRef[];
  readonly size: number;
  readonly defaultAction?: P4InfoActionCall & { readonly isConst?: boolean };
  /** Matches in JSON form, one per key field (json-values.ts parseFieldMatch). */
  readonly constEntries?: readonly (P4InfoActionCall & {
    readonly match: readonly unknown[];
    readonly priority?: number;
  })[];
  /** Names of direct counters, meters and registers attached to the table. */
  readonly directResources?: readonly string[];
  /**
   * An indirect table's ActionProfile or ActionSelector (by name): its entries then name a
   * member or a group instead of an action.
   */
  readonly implementation?: string;
  /** The `selector` key fields, hashed (in this order) by the selector; not matched. */
  readonly selectorKeys?: readonly P4InfoField[];
  /** P4 `idle_timeout = true`: entries take a TTL and idle ones are reported. */
  readonly idleTimeout?: boolean;
}

/** The type T of `port_metadata_unpack<T>`: its fields, first in the most significant bits. */
export interface P4InfoPortMetadata {
  readonly type: string;
  readonly fields: readonly P4InfoField[];
  /** The target's port metadata size (64 bits on Tofino 1, 192 on Tofino 2); 64 when absent. */
  readonly bits?: number;
}

/** An ActionProfile: members (an action of `actions` with its parameters) entries point at. */
export interface P4InfoActionProfile {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  /** The tables using it (directly or through a selector); they list the same actions. */
  readonly tables: readonly string[];
}

/** An ActionSelector: groups of `profile`'s members, one picked per packet by the hash. */
export interface P4InfoActionSelector {
  readonly id: number;
  readonly name: string;
  readonly profile: string;
  readonly mode: 'FAIR' | 'RESILIENT';
  readonly maxGroupSize: number;
  readonly numGroups: number;
  readonly tables: readonly string[];
  /** The Hash extern over the selector keys. */
  readonly hash?: { readonly name: string; readonly width: number; readonly algorithm: string };
}

export interface P4InfoRegister {
  readonly id: number;
  readonly name: string;
  readonly gress?: 'ingress' | 'egress';
  /** Bits per cell, per half when paired. */
  readonly width: number;
  readonly signed: boolean;
  /** T is a struct of two equal-width fields (Tofino's 64-bit register word): `lo`, `hi`. */
  readonly paired: boolean;
  /** Names of the two halves when paired, in declaration order (e.g. ["lo", "hi"]). */
  readonly halves?: readonly [string, string];
  readonly size: number;
  readonly initial?: number | string;
  readonly initialHi?: number | string;
}

export interface P4InfoCounter {
  readonly id: number;
  readonly name: string;
  readonly type: 'PACKETS' | 'BYTES' | 'PACKETS_AND_BYTES';
  readonly size: number;
  readonly width?: number;
}

export interface P4InfoMeter {
  readonly id: number;
  readonly name: string;
  readonly type: 'PACKETS' | 'BYTES';
  readonly size: number;
}

/** Direct counters, meters and registers: one cell per entry of `table`. */
export interface P4InfoDirectResource {
  readonly id: number;
  readonly name: string;
  readonly kind: 'counter' | 'meter' | 'register';
  /** The table whose entries own the cells; '' for a register no table lists (one cell). */
  readonly table: string;
  readonly type?: 'PACKETS' | 'BYTES' | 'PACKETS_AND_BYTES';
  readonly width?: number;
  readonly signed?: boolean;
  readonly initial?: number | string;
  /** A direct register of a two-field struct: `width` bits per half. */
  readonly paired?: boolean;
  /** A paired register's second half's initial value, when it differs from `initial`. */
  readonly initialHi?: number | string;
}

export interface P4InfoDigest {
  readonly id: number;
  /** The Digest extern instance's name. */
  readonly name: string;
  /** The `digest_type` value that activates it (DigestType_t, 0..7). */
  readonly digestType: number;
  readonly gress: 'ingress';
  /** The fields of T, in order. */
  readonly fields: readonly P4InfoField[];
  /** Multi-pipe programs: the index of the pipe (p4info.pipes) it belongs to. */
  readonly pipe?: number;
}

/** A Mirror extern instance, with the header type its `emit(session, hdr)` prepends. */
export interface P4InfoMirror {
  readonly name: string;
  readonly gress: 'ingress' | 'egress';
  /** The `mirror_type` that activates it; absent for the deprecated `Mirror()`. */
  readonly mirrorType?: number;
  readonly header?: { readonly name: string; readonly fields: readonly P4InfoField[] };
  /** Multi-pipe programs: the index of the pipe (p4info.pipes) it belongs to. */
  readonly pipe?: number;
}

export interface P4InfoResubmit {
  readonly name: string;
  readonly resubmitType?: number;
  readonly header?: { readonly name: string; readonly fields: readonly P4InfoField[] };
  /** Multi-pipe programs: the index of the pipe (p4info.pipes) it belongs to. */
  readonly pipe?: number;
}

export interface P4InfoHash {
  readonly name: string;
  readonly width: number;
  readonly algorithm: string;
  readonly polynomial?: {
    readonly width: number;
    readonly coeff: string;
    readonly reversed: boolean;
    readonly msb: boolean;
    readonly extended: boolean;
    readonly init: string;
    readonly xor: string;
  };
  /**
   * The field list the program hashes, most significant field first, named as in the source
   * (`hdr.ipv4.src_addr`): what a run-time field configuration refers to. Absent when the
   * program hashes no list or several different ones with this Hash.
   */
  readonly fields?: readonly { readonly name: string; readonly width: number }[];
}

export interface P4InfoValueSet {
  readonly id: number;
  readonly name: string;
  readonly size: number;
  readonly fields: readonly P4InfoField[];
}

/** The architecture's special ports (TNA §6): which exist depends on the pipes. */
export interface P4InfoPorts {
  /** One per pipe: 68, 196, 324, 452 on Tofino 1. */
  readonly recirculation: readonly number[];
  /** The CPU PCIe port (64 on 2-pipe parts, 320 on 4-pipe parts). */
  readonly cpu: number;
}

export interface P4Info {
  readonly version: number;
  readonly program: string;
  readonly arch: 'tna' | 'v1model' | 'psa';
  readonly ports: P4InfoPorts;
  /** The P4 `error` members in the compiler's numbering: index = the value parsers return. */
  readonly errors: readonly string[];
  readonly tables: readonly P4InfoTable[];
  readonly actions: readonly P4InfoAction[];
  readonly registers: readonly P4InfoRegister[];
  readonly counters: readonly P4InfoCounter[];
  readonly meters: readonly P4InfoMeter[];
  readonly directResources: readonly P4InfoDirectResource[];
  readonly digests: readonly P4InfoDigest[];
  readonly mirrors: readonly P4InfoMirror[];
  readonly resubmits: readonly P4InfoResubmit[];
  readonly hashes: readonly P4InfoHash[];
  readonly valueSets: readonly P4InfoValueSet[];
  /** Absent in programs without indirect tables. */
  readonly actionProfiles?: readonly P4InfoActionProfile[];
  readonly actionSelectors?: readonly P4InfoActionSelector[];
  /**
   * The type T of the program's `port_metadata_unpack<T>` (its fields, first in the most
   * significant bits of the port's 64 bits): the fields the control plane sets per port.
   */
  readonly portMetadata?: P4InfoPortMetadata;
  /** RegisterParam<T> instances: T's width and the initial value (JSON value form). */
  readonly registerParams?: readonly {
    readonly name: string;
    readonly width: number;
    readonly initial: number | string;
  }[];
  /** Lpf<T, I> instances: `width` is T's. */
  readonly lpfs?: readonly {
    readonly name: string;
    readonly size: number;
    readonly width: number;
    /** DirectLpf: the table whose entries each have a cell (`size` is its size + 1). */
    readonly table?: string;
  }[];
  /** Wred<T, I> instances with the values execute returns. */
  readonly wreds?: readonly {
    readonly name: string;
    readonly size: number;
    readonly dropValue: number;
    readonly noDropValue: number;
    /** DirectWred: the table whose entries each have a cell (`size` is its size + 1). */
    readonly table?: string;
  }[];
  /**
   * Programs with several Pipelines (`Switch(pipe0, pipe1, …)`): each pipe's name, in order,
   * and the hardware pipes (port >> 7) whose ports it serves. P4 names of a pipe's objects
   * start with its name. Absent: one pipe serves every port.
   */
  readonly pipes?: readonly {
    readonly name: string;
    readonly hwPipes: readonly number[];
    readonly portMetadata?: P4InfoPortMetadata;
  }[];
}

/** Tofino 1 with one pipe: recirculation port 68, CPU port 64. */
export const TNA_DEFAULT_PORTS: P4InfoPorts = { recirculation: [68], cpu: 64 };

/** PSA's special ports as bmv2's psa_switch numbers them (32-bit port ids; docs/psa.md). */
export const PSA_PORT_RECIRCULATE = 0xfffffffa;
export const PSA_PORT_CPU = 0xfffffffd;
export const PSA_PORTS: P4InfoPorts = { recirculation: [PSA_PORT_RECIRCULATE], cpu: PSA_PORT_CPU };
