// A killed client's writes, read back from its journal (bin/kvclient.ts --journal): each
// write sent becomes a history write with no response, so it may have taken effect at any
// time after it was sent, which is all the checker may assume about a client killed with
// kill -9 (its reads are lost: they constrain nothing).

import { existsSync, readFileSync } from 'node:fs';
import { type HistoryOp, NO_RESPONSE } from '../../client/history.js';

export function journalWrites(path: string): HistoryOp[] {
  if (!existsSync(path)) return [];
  const ops: HistoryOp[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  // The last line is cut short when the kill came mid-append: that write was never sent.
  lines.pop();
  for (const line of lines) {
    const [key, tag, invoke] = line.split(' ');
    if (key === undefined || tag === undefined || invoke === undefined) continue;
    const k = Number(key);
    const t = Number(invoke);
    if (!Number.isInteger(k) || !Number.isFinite(t) || tag === '') continue;
    ops.push({ kind: 'write', key: k, tag, invoke: t, response: NO_RESPONSE });
  }
  return ops;
}
