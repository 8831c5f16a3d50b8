// The per-packet trace observer (bmv2's EventObserverIface). Generated code holds the sink in
// a variable that is `undefined` when tracing is off and guards every call:
//   if (tr !== undefined) tr.tableHit(pid, cid, 'ipv4_lpm', e.handle, 'forward');
// so tracing off costs one comparison. Every event leads with the packet id and the copy id
// (0 for the original; mirror, multicast and recirculation copies get their own) as plain
// numbers, so tracing allocates nothing unless the sink itself does. A gress that runs in stage
// order announces each stage (`stage`) before its tables and gateways, as tofino-model logs
// stage by stage; table events that follow carry that stage.

import type { FieldValue } from '../tables/match-key.js';

export type Gress = 'ingress' | 'egress';

export interface TraceSink {
  /** A frame entered the switch (or re-entered it: recirculation, resubmit) on `port`. */
  packetIn(packetId: number, copyId: number, port: number, frame: Uint8Array): void;
  parserState(packetId: number, copyId: number, parser: string, state: string): void;
  /** A header was extracted; `bitOffset` is its position in the parser's input. */
  extract(packetId: number, copyId: number, header: string, bitOffset: number): void;
  /** The packet enters `stage` of `gress` (stage-ordered controls only). */
  stage(packetId: number, copyId: number, gress: Gress, stage: number): void;
  /** A gateway (an if or switch condition) chose `arm` (0: the if's then-branch; a switch's case index; -1: none). */
  gateway(packetId: number, copyId: number, gateway: string, stage: number, arm: number): void;
  tableHit(packetId: number, copyId: number, table: string, entryHandle: number, action: string): void;
  tableMiss(packetId: number, copyId: number, table: string, defaultAction: string): void;
  action(packetId: number, copyId: number, action: string, params: readonly FieldValue[]): void;
  registerRead(packetId: number, copyId: number, register: string, index: number, value: FieldValue): void;
  registerWrite(packetId: number, copyId: number, register: string, index: number, value: FieldValue): void;
  /** A copy was made for a mirror session; `newCopyId` is the copy's id. */
  mirror(packetId: number, copyId: number, gress: Gress, session: number, newCopyId: number): void;
  recirculate(packetId: number, copyId: number, port: number): void;
  resubmit(packetId: number, copyId: number): void;
  digest(packetId: number, copyId: number, digest: string, fields: Readonly<Record<string, FieldValue>>): void;
  drop(packetId: number, copyId: number, gress: Gress, reason: string): void;
  packetOut(packetId: number, copyId: number, port: number, frame: Uint8Array): void;
}

/** The events as data: what json-lines.ts writes and what tests and `p4ts diff` compare. */
export type TraceEvent = { readonly pkt: number; readonly copy: number } & (
  | { readonly event: 'packetIn'; readonly port: number; readonly frame: string }
  | { readonly event: 'parserState'; readonly parser: string; readonly state: string }
  | { readonly event: 'extract'; readonly header: string; readonly bitOffset: number }
  | { readonly event: 'stage'; readonly gress: Gress; readonly stage: number }
  | { readonly event: 'gateway'; readonly gateway: string; readonly stage: number; readonly arm: number }
  | {
      readonly event: 'tableHit';
      readonly table: string;
      readonly entry: number;
      readonly action: string;
      /** Present when the control runs in stage order. */
      readonly stage?: number;
    }
  | { readonly event: 'tableMiss'; readonly table: string; readonly action: string; readonly stage?: number }
  | { readonly event: 'action'; readonly action: string; readonly params: readonly TraceValue[] }
  | {
      readonly event: 'registerRead' | 'registerWrite';
      readonly register: string;
      readonly index: number;
      readonly value: TraceValue;
    }
  | { readonly event: 'mirror'; readonly gress: Gress; readonly session: number; readonly newCopy: number }
  | { readonly event: 'recirculate'; readonly port: number }
  | { readonly event: 'resubmit' }
  | { readonly event: 'digest'; readonly digest: string; readonly fields: Readonly<Record<string, TraceValue>> }
  | { readonly event: 'drop'; readonly gress: Gress; readonly reason: string }
  | { readonly event: 'packetOut'; readonly port: number; readonly frame: string }
);

/** Numbers stay numbers; bigints become "0x…" strings (JSON has no bigint). */
export type TraceValue = number | string;

export function traceValue(v: FieldValue): TraceValue {
  return typeof v === 'bigint' ? `0x${v.toString(16)}` : v;
}

export function hexFrame(frame: Uint8Array): string {
  return Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength).toString('hex');
}

/** Turns each call into a TraceEvent and hands it to `emit`; sinks that store or write events extend it. */
export abstract class EventTraceSink implements TraceSink {
  protected abstract emit(e: TraceEvent): void;
  /** The stage the packet (copy) `stagePkt`/`stageCopy` is in; -1 outside stage-ordered controls. */
  private stageNow = -1;
  private stagePkt = -1;
  private stageCopy = -1;

  private stageOf(pkt: number, copy: number): { stage?: number } {
    return this.stageNow >= 0 && pkt === this.stagePkt && copy === this.stageCopy ? { stage: this.stageNow } : {};
  }

  packetIn(pkt: number, copy: number, port: number, frame: Uint8Array): void {
    this.stageNow = -1;
    this.emit({ pkt, copy, event: 'packetIn', port, frame: hexFrame(frame) });
  }
  parserState(pkt: number, copy: number, parser: string, state: string): void {
    // A parser runs between the controls: whatever follows is in no stage until one is announced.
    this.stageNow = -1;
    this.emit({ pkt, copy, event: 'parserState', parser, state });
  }
  stage(pkt: number, copy: number, gress: Gress, stage: number): void {
    this.stageNow = stage;
    this.stagePkt = pkt;
    this.stageCopy = copy;
    this.emit({ pkt, copy, event: 'stage', gress, stage });
  }
  gateway(pkt: number, copy: number, gateway: string, stage: number, arm: number): void {
    this.emit({ pkt, copy, event: 'gateway', gateway, stage, arm });
  }
  extract(pkt: number, copy: number, header: string, bitOffset: number): void {
    this.emit({ pkt, copy, event: 'extract', header, bitOffset });
  }
  tableHit(pkt: number, copy: number, table: string, entry: number, action: string): void {
    this.emit({ pkt, copy, event: 'tableHit', table, entry, action, ...this.stageOf(pkt, copy) });
  }
  tableMiss(pkt: number, copy: number, table: string, action: string): void {
    this.emit({ pkt, copy, event: 'tableMiss', table, action, ...this.stageOf(pkt, copy) });
  }
  action(pkt: number, copy: number, action: string, params: readonly FieldValue[]): void {
    this.emit({ pkt, copy, event: 'action', action, params: params.map(traceValue) });
  }
  registerRead(pkt: number, copy: number, register: string, index: number, value: FieldValue): void {
    this.emit({ pkt, copy, event: 'registerRead', register, index, value: traceValue(value) });
  }
  registerWrite(pkt: number, copy: number, register: string, index: number, value: FieldValue): void {
    this.emit({ pkt, copy, event: 'registerWrite', register, index, value: traceValue(value) });
  }
  mirror(pkt: number, copy: number, gress: Gress, session: number, newCopy: number): void {
    this.emit({ pkt, copy, event: 'mirror', gress, session, newCopy });
  }
  recirculate(pkt: number, copy: number, port: number): void {
    this.emit({ pkt, copy, event: 'recirculate', port });
  }
  resubmit(pkt: number, copy: number): void {
    this.emit({ pkt, copy, event: 'resubmit' });
  }
  digest(pkt: number, copy: number, digest: string, fields: Readonly<Record<string, FieldValue>>): void {
    const out: Record<string, TraceValue> = {};
    for (const [k, v] of Object.entries(fields)) out[k] = traceValue(v);
    this.emit({ pkt, copy, event: 'digest', digest, fields: out });
  }
  drop(pkt: number, copy: number, gress: Gress, reason: string): void {
    this.emit({ pkt, copy, event: 'drop', gress, reason });
  }
  packetOut(pkt: number, copy: number, port: number, frame: Uint8Array): void {
    this.emit({ pkt, copy, event: 'packetOut', port, frame: hexFrame(frame) });
  }
}

/** Keeps the events in memory (tests, in-process tools, `p4ts test`). */
export class CollectingTraceSink extends EventTraceSink {
  readonly events: TraceEvent[] = [];
  protected emit(e: TraceEvent): void {
    this.events.push(e);
  }
}
