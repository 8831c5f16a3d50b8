// What one unit costs in a stage: SRAM and TCAM blocks by key width and size, action data,
// map RAMs, stateful and statistics ALUs, hash bits and groups. Estimates in the shape of
// the real allocator's (docs/tofino-resources.md says where they are approximate).

import { isStructLike, type Type, widthOf } from '../../check/types.js';
import type * as Ir from '../../ir/nodes.js';
import {
  HASH_GROUP_BITS,
  SRAM_WORD_BITS,
  SRAM_WORDS,
  type StageLimits,
  TCAM_ENTRIES,
  TCAM_WIDTH,
} from './target-model.js';
import type { Unit } from './units.js';

export interface StageDemand {
  logicalTables: number;
  gateways: number;
  sramBlocks: number;
  tcamBlocks: number;
  mapRams: number;
  statefulAlus: number;
  statsAlus: number;
  hashBits: number;
  hashGroups: number;
  actionDataBits: number;
}

export function emptyDemand(): StageDemand {
  return {
    logicalTables: 0,
    gateways: 0,
    sramBlocks: 0,
    tcamBlocks: 0,
    mapRams: 0,
    statefulAlus: 0,
    statsAlus: 0,
    hashBits: 0,
    hashGroups: 0,
    actionDataBits: 0,
  };
}

export const DEMAND_KEYS = Object.keys(emptyDemand()) as (keyof StageDemand)[];

export function addDemand(into: StageDemand, d: StageDemand, times = 1): void {
  for (const k of DEMAND_KEYS) into[k] += d[k] * times;
}

/** The first resource that `used + extra` runs out of, if any. */
export function exceeded(used: StageDemand, extra: StageDemand, limits: StageLimits): keyof StageDemand | undefined {
  for (const k of DEMAND_KEYS) if (used[k] + extra[k] > limits[k]) return k;
  return undefined;
}

export const DEMAND_LABELS: Record<keyof StageDemand, string> = {
  logicalTables: 'logical tables',
  gateways: 'gateways',
  sramBlocks: 'SRAM blocks',
  tcamBlocks: 'TCAM blocks',
  mapRams: 'map RAMs',
  statefulAlus: 'stateful ALUs',
  statsAlus: 'statistics ALUs',
  hashBits: 'hash bits',
  hashGroups: 'hash groups',
  actionDataBits: 'action data bus bits',
};

const log2ceil = (n: number): number => (n <= 1 ? 0 : Math.ceil(Math.log2(n)));

/** Bits the table's match RAM or TCAM entries carry beside the key: action choice and immediate data. */
function overheadBits(unit: Unit): { overhead: number; immediate: boolean } {
  const choice = log2ceil(unit.actions.length);
  const immediate = unit.actionDataBits <= 32;
  return { overhead: choice + (immediate ? unit.actionDataBits : 0), immediate };
}

/** The table's size: `size`, at least its const entries; P4's default 512 otherwise. */
export function tableSize(t: Ir.Table): number {
  const declared = t.size === undefined ? (t.entriesConst ? 0 : 512) : Number(t.size);
  return Math.max(declared, t.entries.length, 1);
}

export function keyWidth(t: Ir.Table, ternaryOnly = false): number {
  let bits = 0;
  for (const k of t.keys) {
    if (ternaryOnly && k.matchKind === 'exact') continue;
    const w = widthOf(k.expr.type) ?? 0;
    // Range matches take about twice their width in TCAM (nibble encoding); an estimate.
    bits += k.matchKind === 'range' ? 2 * w : w;
  }
  return bits;
}

export function isTernaryTable(t: Ir.Table): boolean {
  return t.keys.some((k) => k.matchKind !== 'exact' && k.matchKind !== 'selector');
}

/** Bits of an exact key the hash picks a RAM line with: bf-p4c stores them nowhere ("ghost" bits). */
const RAM_LINE_SELECT_BITS = 10;
const VERSION_BITS = 4;
/** Per RAM word: at most 16 match bytes and 64 overhead bits; at most 5 entries per row, 9 per word group. */
const RAM_MATCH_BYTES = 16;
const RAM_OVERHEAD_BITS = 64;
const MAX_ENTRIES_PER_RAM = 5;
const MAX_ENTRIES_PER_GROUP = 9;

/**
 * An exact-match table's SRAM as bf-p4c lays it out (docs/tofino-resources.md "Exact-match
 * packing"): the key's 10 line-select bits are not stored; an entry is the rest of the key, 4
 * version bits and the overhead (action choice and immediate data); `entries` entries share
 * one line of `width` RAMs side by side, the cheapest such packing is taken, and the table
 * takes `sets` sets of `width` RAMs of 1,024 lines each.
 */
export function exactMatchLayout(
  t: Ir.Table,
  overhead: number,
  size: number,
): { blocks: number; sets: number; entries: number; width: number } {
  // The key's bytes as the match sees them: whole bytes, and the remainder of each field.
  const bytes: number[] = [];
  for (const k of t.keys) {
    const w = widthOf(k.expr.type) ?? 0;
    for (let b = w; b > 0; b -= 8) bytes.push(Math.min(8, b));
  }
  let ghost = RAM_LINE_SELECT_BITS;
  let matchBytes = bytes.length;
  for (const b of [...bytes].sort((x, y) => x - y))
    if (ghost >= b) {
      ghost -= b;
      matchBytes--;
    }
  const matchBits = Math.max(0, keyWidth(t) - RAM_LINE_SELECT_BITS);
  const entryBits = matchBits + VERSION_BITS + overhead;
  let best = { blocks: Number.POSITIVE_INFINITY, sets: 1, entries: 1, width: 1 };
  for (let entries = 1; entries <= MAX_ENTRIES_PER_GROUP; entries++) {
    const width = Math.max(
      Math.ceil((entries * entryBits) / SRAM_WORD_BITS),
      Math.ceil((entries * matchBytes) / RAM_MATCH_BYTES),
      Math.ceil((entries * overhead) / RAM_OVERHEAD_BITS),
      Math.ceil(entries / MAX_ENTRIES_PER_RAM),
      1,
    );
    const sets = Math.max(1, Math.ceil(size / (SRAM_WORDS * entries)));
    if (sets * width < best.blocks) best = { blocks: sets * width, sets, entries, width };
  }
  return best;
}

/** The match-and-action memory of a table unit (gateways and synthesized tables have none). */
export function tableDemand(unit: Unit): StageDemand {
  const d = emptyDemand();
  // bf-p4c removes a zero-initialisation of parser-zeroed metadata (units.ts): no table.
  if (unit.zeroInit === true) return d;
  if (unit.kind === 'gateway') {
    d.gateways = 1;
    return d;
  }
  d.logicalTables = 1;
  const t = unit.table;
  const { overhead, immediate } = overheadBits(unit);
  if (t !== undefined && t.keys.length > 0) {
    const size = tableSize(t);
    if (isTernaryTable(t)) {
      const wide = Math.max(1, Math.ceil(keyWidth(t) / TCAM_WIDTH));
      d.tcamBlocks = wide * Math.ceil(size / TCAM_ENTRIES);
      if (overhead > 0) {
        const perWord = Math.max(1, Math.floor(SRAM_WORD_BITS / overhead));
        d.sramBlocks += Math.ceil(size / (SRAM_WORDS * perWord));
      }
    } else {
      const layout = exactMatchLayout(t, overhead, size);
      d.sramBlocks += layout.blocks;
      const ways = Math.min(4, layout.sets);
      // Ways share hash groups with other tables on the same key fields, so only bits count.
      d.hashBits += ways * RAM_LINE_SELECT_BITS + log2ceil(Math.ceil(layout.sets / ways)) + log2ceil(layout.entries);
    }
    if (!immediate) {
      const perWord = Math.max(1, Math.floor(SRAM_WORD_BITS / nextPow2(unit.actionDataBits)));
      const wordsWide = Math.ceil(unit.actionDataBits / SRAM_WORD_BITS);
      d.sramBlocks += Math.ceil(size / (SRAM_WORDS * perWord)) * wordsWide;
    }
  }
  d.actionDataBits = unit.actionDataBits;
  for (const h of unit.hashes) {
    d.hashBits += h.bits;
    d.hashGroups += Math.ceil(h.bits / HASH_GROUP_BITS);
  }
  for (const c of unit.counters) {
    const size = instanceSize(c.instance);
    if (c.kind === 'counter') {
      // Packet or byte counters of up to 32 bits: four to a word; both kinds: two.
      const perWord = c.instance.typeArgs.length > 0 && (widthOf(c.instance.typeArgs[0] as Type) ?? 32) > 32 ? 2 : 4;
      const blocks = Math.ceil(size / (SRAM_WORDS * perWord)) + 1;
      d.sramBlocks += blocks;
      d.mapRams += blocks;
      d.statsAlus += 1;
    } else {
      const blocks = Math.ceil(size / SRAM_WORDS) + 1;
      d.sramBlocks += blocks;
      d.mapRams += blocks;
      d.statefulAlus += 1;
    }
  }
  return d;
}

function nextPow2(n: number): number {
  let p = 8;
  while (p < n) p *= 2;
  return p;
}

export function instanceSize(i: Ir.Instance): number {
  const a = i.ctorArgs[0];
  return a?.kind === 'Const' && typeof a.value === 'bigint' ? Number(a.value) : 1;
}

/** A register cell: its width as stored (1, 8, 16, 32, or a pair) and whether it is a pair. */
export interface RegisterCell {
  readonly width: number;
  readonly declared: number | undefined;
  readonly pair: boolean;
  readonly valid: boolean;
}

export function registerCell(t: Type | undefined, tofino2 = false): RegisterCell {
  if (t === undefined) return { width: 32, declared: undefined, pair: false, valid: false };
  if (t.kind === 'newtype') return registerCell(t.base, tofino2);
  if (t.kind === 'bit' || t.kind === 'int') {
    const w = t.width;
    if (w === 1 || w === 8 || w === 16 || w === 32) return { width: w, declared: w, pair: false, valid: true };
    if (w <= 32) return { width: w <= 8 ? 8 : w <= 16 ? 16 : 32, declared: w, pair: false, valid: true };
    // Twice the ALU's width: bf-p4c runs a 64-bit cell in the ALU's dual mode (PIFINA's
    // timestamps); no wider.
    if (w === 64) return { width: 64, declared: 64, pair: false, valid: true };
    // Tofino 2's stateful ALU also reads a whole 128-bit RAM word (its min/max unit's input).
    if (w === 128 && tofino2) return { width: 128, declared: 128, pair: false, valid: true };
    return { width: w, declared: w, pair: false, valid: false };
  }
  if (t.kind === 'bool') return { width: 1, declared: 1, pair: false, valid: true };
  if (isStructLike(t) && t.kind !== 'headerUnion') {
    const ws = t.fields.map((f) => widthOf(f.type));
    if (ws.length === 1 && ws[0] !== undefined) return registerCell(t.fields[0]?.type, tofino2);
    const [a, b] = ws;
    // Tofino 2 pairs 64-bit halves too (a 128-bit word in its dual mode).
    const ok =
      ws.length === 2 && a !== undefined && a === b && (a === 8 || a === 16 || a === 32 || (a === 64 && tofino2));
    return { width: (a ?? 0) + (b ?? 0), declared: (a ?? 0) + (b ?? 0), pair: true, valid: ok };
  }
  return { width: 0, declared: undefined, pair: false, valid: false };
}

/** RAM blocks of a register: its cells packed in 128-bit words, plus the stateful ALU's spare block. */
export function registerBlocks(size: number, cell: RegisterCell): number {
  const perWord = Math.max(1, Math.floor(SRAM_WORD_BITS / Math.max(1, cell.width)));
  return Math.ceil(size / (SRAM_WORDS * perWord)) + 1;
}

export function registerDemand(blocks: number): StageDemand {
  const d = emptyDemand();
  d.sramBlocks = blocks;
  d.mapRams = blocks;
  d.statefulAlus = 1;
  return d;
}
