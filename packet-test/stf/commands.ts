// The STF packet-test language as data: one command per logical line of a `.stf` file, each
// with the line it came from (for reports). p4c's `tools/stf` grammar plus the bmv2 dialect's
// direct commands and the Tofino dialect's `check_register`; docs/stf.md describes each one.

import type { StfDeviceCommandBody } from './parse-device.js';

/** A table key value as written: `0x0a01`, `0x**01`, `0b1*0`, `v&&&m`, `v/len`, `lo->hi`. */
export type StfKeyValue =
  | { readonly kind: 'value'; readonly text: string }
  | { readonly kind: 'mask'; readonly value: string; readonly mask: string }
  | { readonly kind: 'prefix'; readonly value: string; readonly length: number }
  | { readonly kind: 'range'; readonly low: string; readonly high: string };

export interface StfKey {
  readonly name: string;
  readonly value: StfKeyValue;
}

export interface StfActionCall {
  readonly name: string;
  readonly args: readonly { readonly name: string; readonly value: string }[];
}

/** `==` `!=` `<` `<=` `>` `>=` (the Tofino dialect writes `=` for `==`). */
export type StfCompare = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** An expected packet: nibbles as hex digits, `*` for a don't-care nibble. */
export interface StfExpectedData {
  readonly nibbles: string;
  /** `$`: the packet must end where the data ends (else the data is a prefix). */
  readonly exact: boolean;
}

export type StfCommandBody =
  /**
   * p4ts extension: `program NAME PATH pipes P…`, one of several programs on the device, serving
   * those pipes (docs/multi-pipe.md); every `program` line comes before the other commands.
   */
  | { readonly cmd: 'program'; readonly name: string; readonly path: string; readonly pipes: readonly number[] }
  | { readonly cmd: 'packet'; readonly port: number; readonly data: Uint8Array }
  | { readonly cmd: 'expect'; readonly port: number; readonly data: StfExpectedData | undefined }
  /** p4ts extension: `expect_any PORT,PORT… [HEX…] [$]`: the next packet out of any of these ports. */
  | {
      readonly cmd: 'expect_any';
      readonly ports: readonly number[];
      readonly data: StfExpectedData | undefined;
    }
  | { readonly cmd: 'no_packet' }
  | {
      readonly cmd: 'add';
      readonly table: string;
      readonly priority: number | undefined;
      readonly keys: readonly StfKey[];
      readonly action: StfActionCall;
      readonly id: string | undefined;
    }
  | { readonly cmd: 'setdefault'; readonly table: string; readonly action: StfActionCall }
  /** `remove all`, `remove TABLE all`, `remove ID`, `remove TABLE [PRIORITY] KEY:VALUE…`. */
  | {
      readonly cmd: 'remove';
      readonly table: string | undefined;
      readonly all: boolean;
      readonly id: string | undefined;
      readonly priority: number | undefined;
      readonly keys: readonly StfKey[];
    }
  | { readonly cmd: 'wait' }
  | {
      readonly cmd: 'check_counter';
      readonly counter: string;
      /** A cell index, or `$ID` / an entry id for a direct counter. */
      readonly index: number | { readonly id: string };
      readonly check: {
        readonly kind: 'packets' | 'bytes' | undefined;
        readonly op: StfCompare;
        readonly value: bigint;
      };
    }
  | {
      readonly cmd: 'check_register';
      readonly register: string;
      readonly index: number;
      /** `lo`, `hi` (paired registers) or undefined (the whole cell). */
      readonly field: string | undefined;
      readonly op: StfCompare;
      readonly value: bigint;
    }
  | { readonly cmd: 'mirroring_add'; readonly session: number; readonly port: number }
  | { readonly cmd: 'mirroring_add_mc'; readonly session: number; readonly group: number }
  | { readonly cmd: 'mirroring_delete' | 'mirroring_get'; readonly session: number }
  | { readonly cmd: 'mc_mgrp_create' | 'mc_mgrp_destroy'; readonly group: number }
  | { readonly cmd: 'mc_node_create'; readonly rid: number; readonly ports: readonly number[] }
  | { readonly cmd: 'mc_node_update'; readonly handle: number; readonly ports: readonly number[] }
  | { readonly cmd: 'mc_node_destroy'; readonly handle: number }
  | { readonly cmd: 'mc_node_associate' | 'mc_node_dissociate'; readonly group: number; readonly handle: number }
  | { readonly cmd: 'counter_read'; readonly counter: string; readonly index: number }
  | {
      readonly cmd: 'counter_write';
      readonly counter: string;
      readonly index: number;
      readonly packets: number;
      readonly bytes: number;
    }
  | { readonly cmd: 'counter_reset'; readonly counter: string }
  | { readonly cmd: 'register_read'; readonly register: string; readonly index: number }
  | { readonly cmd: 'register_write'; readonly register: string; readonly index: number; readonly value: bigint }
  | { readonly cmd: 'register_reset'; readonly register: string }
  | { readonly cmd: 'meter_get_rates'; readonly meter: string; readonly index: number }
  | {
      readonly cmd: 'meter_set_rates';
      readonly meter: string;
      /** undefined: every index (`meter_array_set_rates`). */
      readonly index: number | undefined;
      /** bmv2's `rate:burst` pairs, rates in units per microsecond: [committed, peak]. */
      readonly rates: readonly { readonly rate: number; readonly burst: number }[];
    }
  /** Tofino dialect: `tcam_2bit_mode TRUE|FALSE` (an encoding choice; no visible effect). */
  | { readonly cmd: 'tcam_2bit_mode'; readonly on: boolean }
  /**
   * p4ts extension: `port_metadata PORT VALUE` or `port_metadata PORT FIELD:VALUE…`: the
   * port's entry of the port metadata table (BF-RT `$PORT_METADATA`); `port_metadata_delete PORT`.
   */
  | {
      readonly cmd: 'port_metadata';
      readonly port: number;
      readonly value: string | undefined;
      readonly fields: readonly { readonly name: string; readonly value: string }[];
    }
  | { readonly cmd: 'port_metadata_delete'; readonly port: number }
  /**
   * p4ts extension: `expect_digest NAME [FIELD:VALUE…]`: the next digest of that name the
   * program sends has these field values (packet-test/stf/digests.ts).
   */
  | {
      readonly cmd: 'expect_digest';
      readonly digest: string;
      readonly fields: readonly { readonly name: string; readonly value: string }[];
    }
  /**
   * p4ts extension: `int_port_loop PIPES` (a pipe mask, tofino-model's `--int-port-loop`):
   * every port of those pipes loops back into the ingress (docs/multi-pipe.md).
   */
  | { readonly cmd: 'int_port_loop'; readonly pipes: number }
  /**
   * p4ts extensions for dynamic hashing (docs/stf.md): `hash_configure HASH FIELD:ORDER[:START[:LENGTH]]…`,
   * `hash_algorithm HASH NAME [msb] [extend] [reverse] [KEY:VALUE…]`, `hash_reset HASH` and
   * `check_hash HASH FIELD:VALUE… OP VALUE`.
   */
  | {
      readonly cmd: 'hash_configure';
      readonly hash: string;
      readonly slices: readonly { field: string; order: number; start?: number; length?: number }[];
    }
  | {
      readonly cmd: 'hash_algorithm';
      readonly hash: string;
      readonly algorithm: string;
      readonly options: Readonly<Record<string, string | boolean>>;
    }
  | { readonly cmd: 'hash_reset'; readonly hash: string }
  /**
   * p4ts extension: `check_digest DIGEST [FIELD:VALUE…]`: a digest of that name (with those
   * field values) reached the control plane since the digests earlier checks took (docs/stf.md).
   */
  | {
      readonly cmd: 'check_digest';
      readonly digest: string;
      readonly fields: readonly { readonly name: string; readonly value: string }[];
    }
  | {
      readonly cmd: 'check_hash';
      readonly hash: string;
      readonly fields: readonly { readonly name: string; readonly value: string }[];
      readonly op: StfCompare;
      readonly value: bigint;
    }
  /**
   * Tofino dialect: `selector SELECTOR GROUP add|del MEMBER…` (action selector groups);
   * `enable|disable MEMBER…` is a p4ts extension (BF-RT's $ACTION_MEMBER_STATUS).
   */
  | {
      readonly cmd: 'selector';
      readonly profile: string;
      readonly group: number;
      readonly op: 'add' | 'del' | 'enable' | 'disable';
      readonly members: readonly number[];
    };

/** `NAME:VALUE` as written (VALUE a number, or true/false). */
export interface StfField {
  readonly name: string;
  readonly value: string;
}

/**
 * p4ts extensions for Tofino's packet generator and what drives it (docs/stf.md, "Packet
 * generator"), named after BF-RT's pktgen tables: `pktgen_app_cfg APP [ACTION] FIELD:VALUE…`,
 * `pktgen_port_cfg PORT FIELD:VALUE…`, `pktgen_pkt_buffer OFFSET HEX…`, `pktgen_port_mask
 * SELECT MASK [pipe:P]`, `check_pktgen APP [pipe:P] FIELD OP VALUE`, `port_down PORT`,
 * `port_up PORT`, `advance_time NANOSECONDS`; and `value_set NAME MEMBER…` (a parser value
 * set's members, each `V[&&&M]` per field, fields joined by `,`).
 */
export type StfPktgenCommand =
  | {
      readonly cmd: 'pktgen_app_cfg';
      readonly app: number;
      readonly action: string | undefined;
      readonly fields: readonly StfField[];
    }
  | { readonly cmd: 'pktgen_port_cfg'; readonly port: number; readonly fields: readonly StfField[] }
  | { readonly cmd: 'pktgen_pkt_buffer'; readonly offset: number; readonly data: Uint8Array }
  | {
      readonly cmd: 'pktgen_port_mask';
      readonly select: number;
      readonly mask: string;
      readonly pipe: number | undefined;
    }
  | {
      readonly cmd: 'check_pktgen';
      readonly app: number;
      readonly pipe: number | undefined;
      readonly field: string;
      readonly op: StfCompare;
      readonly value: bigint;
    }
  | { readonly cmd: 'port_down' | 'port_up'; readonly port: number }
  | { readonly cmd: 'advance_time'; readonly ns: number }
  | {
      readonly cmd: 'value_set';
      readonly name: string;
      readonly members: readonly (readonly { readonly value: string; readonly mask: string | undefined }[])[];
    };

export type StfCommand = (StfCommandBody | StfPktgenCommand | StfDeviceCommandBody) & { readonly line: number };

export interface StfParseError {
  readonly line: number;
  readonly message: string;
}

export interface StfFile {
  readonly file: string;
  readonly commands: readonly StfCommand[];
  readonly errors: readonly StfParseError[];
}
