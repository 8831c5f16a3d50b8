// Loads one side of `p4ts diff`: the packets that left the switch, by port, in order. A side
// is a directory of pcap files (one per port, as `p4ts switch --pcap` writes them:
// port<N>-out.pcap; tcpdump and tofino-model captures named like veth<N>.pcap or <N>.pcap
// work too: the last number in the name is the port), a single pcap file, or a p4ts
// JSON-lines trace (its packetOut events). Errors are values naming the file.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { readPcap } from '../../runtime/ports/pcap-reader.js';
import { err, ok, type Result } from '../../runtime/result.js';
import { parseJsonLines } from '../../runtime/trace/json-lines.js';

export type Direction = 'in' | 'out';

export interface CapturedPacket {
  readonly data: Uint8Array;
  /** Where the packet was read from (file and record number, or trace line's packet id). */
  readonly origin: string;
}

export interface CaptureSide {
  readonly kind: 'pcap-set' | 'pcap' | 'trace';
  readonly description: string;
  readonly ports: ReadonlyMap<number, readonly CapturedPacket[]>;
}

export type CaptureError = 'BAD_CAPTURE';

/** `port3-out.pcap` → {3, out}; `veth6.pcap` → {6, out}; `in`/`out` from `-in`/`_in` suffixes. */
export function portOfFileName(name: string): { port: number; direction: Direction } | undefined {
  const stem = basename(name).replace(/\.(pcap|cap)$/i, '');
  const dir: Direction = /[-_.]in$/i.test(stem) ? 'in' : 'out';
  const nums = stem.replace(/[-_.](in|out)$/i, '').match(/\d+/g);
  if (nums === null) return undefined;
  return { port: Number(nums[nums.length - 1]), direction: dir };
}

function readPcapFile(path: string): Result<CapturedPacket[], CaptureError> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return err('BAD_CAPTURE', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const p = readPcap(bytes);
  if (!p.ok) return err('BAD_CAPTURE', `${path}: ${p.message}`);
  if (p.value.linkType !== 1) return err('BAD_CAPTURE', `${path}: link type ${p.value.linkType} is not Ethernet (1)`);
  return ok(p.value.records.map((r, i) => ({ data: r.data, origin: `${basename(path)} #${i + 1}` })));
}

function readTrace(path: string, text: string): Result<CaptureSide, CaptureError> {
  const { events, badLines } = parseJsonLines(text);
  if (events.length === 0 && badLines.length > 0)
    return err('BAD_CAPTURE', `${path}: line ${badLines[0]} is not a p4ts trace event`);
  const ports = new Map<number, CapturedPacket[]>();
  for (const e of events) {
    if (e.event !== 'packetOut') continue;
    const list = ports.get(e.port) ?? [];
    list.push({ data: Uint8Array.from(Buffer.from(e.frame, 'hex')), origin: `packet ${e.pkt} copy ${e.copy}` });
    ports.set(e.port, list);
  }
  return ok({ kind: 'trace', description: `trace ${path}`, ports });
}

export function loadCaptureSide(path: string, direction: Direction = 'out'): Result<CaptureSide, CaptureError> {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(path);
  } catch {
    return err('BAD_CAPTURE', `${path}: no such file or directory`);
  }
  if (st.isDirectory()) {
    const ports = new Map<number, CapturedPacket[]>();
    const files = readdirSync(path)
      .filter((f) => /\.(pcap|cap)$/i.test(f))
      .sort();
    for (const f of files) {
      const where = portOfFileName(f);
      if (where === undefined || where.direction !== direction) continue;
      const r = readPcapFile(join(path, f));
      if (!r.ok) return r;
      ports.set(where.port, [...(ports.get(where.port) ?? []), ...r.value]);
    }
    if (ports.size === 0 && files.length === 0) return err('BAD_CAPTURE', `${path}: no pcap files`);
    return ok({ kind: 'pcap-set', description: `pcap set ${path}`, ports });
  }
  const head = readFileSync(path);
  if (head[0] === 0x7b /* { */) return readTrace(path, head.toString('utf8'));
  const r = readPcapFile(path);
  if (!r.ok) return r;
  return ok({
    kind: 'pcap',
    description: `pcap ${path}`,
    ports: new Map([[portOfFileName(path)?.port ?? 0, r.value]]),
  });
}
