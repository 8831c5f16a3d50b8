// The migration servers' per-pair work alone, in process (bench/migrate.ts prints it beside
// the real migrations): what a pair costs the source and the destination however its frames
// travel.

import { GuardedStore } from '../kvserver/migration/common/destination-store.js';
import { preload } from '../kvserver/preload.js';
import { KvDict } from '../kvserver/store/dict.js';
import { readU32 } from '../wire/addresses.js';
import { decodeMessage, encodeMessage, maxMigratePairs, NO_PAIRS, payloadBytes } from '../wire/codec.js';
import { FRAME_HEADER_BYTES } from '../wire/frame.js';
import type { MgMessage } from '../wire/message.js';
import { KEY_BYTES, Op } from '../wire/ops.js';
import { threadCpuSeconds } from './machine.js';

/** Thread CPU µs per pair of the servers' per-pair work alone (measureFloors). */
export interface Floors {
  sourceScanEncode: number;
  destinationDecodeApply: number;
}

/**
 * The servers' per-pair floors, in this process: `records` preloaded records scanned into full
 * MIGRATE frames and encoded (the source's per-pair work: KvDict.scanInto, encodeMessage), then
 * those frames decoded and applied through the destination's guard into a fresh store sized as
 * at INIT (decodeMessage, GuardedStore.applySourceFrom). No sockets, channel, timers or acks:
 * what a pair costs however its frames travel. Thread CPU of the second of two passes (the
 * first warms the JIT). Frames and bodies are cut from 64 KiB slabs, as the servers do.
 */
export function measureFloors(records: number, vb: number): Floors {
  const maxPairs = maxMigratePairs(vb);
  const record = KEY_BYTES + vb;
  let slab = new Uint8Array(0);
  let used = 0;
  const cut = (bytes: number) => {
    if (used + bytes > slab.length) {
      slab = new Uint8Array(64 * 1024);
      used = 0;
    }
    used += bytes;
    return slab.subarray(used - bytes, used);
  };
  const src = new KvDict({ valueBytes: vb });
  preload(src, 0, records, vb);
  src.freeze();
  const floors: Floors = { sourceScanEncode: Number.NaN, destinationDecodeApply: Number.NaN };
  for (let pass = 0; pass < 2; pass++) {
    const frames: Uint8Array[] = [];
    let pairs = 0;
    let seq = 1n;
    let t0 = threadCpuSeconds();
    for (let cursor = 0; cursor < src.bucketCount; ) {
      const body = cut(maxPairs * record);
      const r = src.scanInto(cursor, src.bucketCount, maxPairs, body, 0, vb);
      if (r.next === cursor && r.count === 0) throw new Error('a bucket longer than a frame');
      cursor = r.next;
      if (r.count === 0) continue;
      pairs += r.count;
      const msg: MgMessage = {
        op: Op.MIGRATE,
        seq: seq++,
        dbPort: 7380,
        pairs: NO_PAIRS,
        packed: { count: r.count, bytes: body.subarray(0, r.count * record) },
      };
      const frame = cut(FRAME_HEADER_BYTES + payloadBytes(Op.MIGRATE, vb, r.count));
      const n = encodeMessage(msg, frame, FRAME_HEADER_BYTES, vb);
      if (typeof n !== 'number') throw new Error(n.message);
      frames.push(frame);
    }
    floors.sourceScanEncode = (1e6 * (threadCpuSeconds() - t0)) / pairs;
    const dst = new KvDict({ valueBytes: vb });
    const guard = new GuardedStore(dst);
    dst.reserve(2 ** src.sizeExp);
    guard.reserve(2 ** src.sizeExp);
    t0 = threadCpuSeconds();
    for (const frame of frames) {
      const m = decodeMessage(frame, FRAME_HEADER_BYTES, frame.length - FRAME_HEADER_BYTES, vb);
      if (!m.ok || m.value.op !== Op.MIGRATE || m.value.packed === undefined) throw new Error('a frame did not decode');
      const { count, bytes } = m.value.packed;
      const version = m.value.seq;
      for (let i = 0, at = 0; i < count; i++, at += record)
        guard.applySourceFrom(readU32(bytes, at), bytes, at + KEY_BYTES, vb, version);
    }
    floors.destinationDecodeApply = (1e6 * (threadCpuSeconds() - t0)) / pairs;
    if (dst.count !== records) throw new Error(`${dst.count} of ${records} records applied`);
  }
  return floors;
}
