// A v1model program compiled with the real compiler, loaded with the switch's own loader and
// run in process through a V1ModelEngine (ports 0-15; mirror sessions and multicast groups
// set on `tm`), collecting outputs and digests. Shared by the v1model code generator tests.

import { buildPipelineState, type PipelineState } from '../../../runtime/arch/pipeline-state.js';
import { V1ModelEngine } from '../../../runtime/arch/v1model.js';
import type { DigestMessage } from '../../../runtime/externs/deparser-externs.js';
import { loadPipeline } from '../../../runtime/switch.js';
import type { TraceSink } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { compile } from './helpers.js';

export interface V1Rig {
  engine: V1ModelEngine;
  state: PipelineState;
  tm: TrafficManager;
  out: { port: number; frame: Uint8Array }[];
  digests: DigestMessage[];
  logs: string[];
  /** Sends `frame` in on `port` and returns what came out (and forgets it). */
  send(port: number, frame: Uint8Array | number[]): { port: number; frame: Uint8Array }[];
}

export async function v1modelRig(
  fileOrSource: string,
  options: { source?: boolean; trace?: TraceSink; maxReentries?: number; maxCopies?: number } = {},
): Promise<V1Rig> {
  const c = compile(fileOrSource, options);
  if (c.result?.pipeline === undefined) throw new Error(`compile failed:\n${c.messages}`);
  const m = await loadPipeline(c.outDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'v1model') throw new Error(`not a v1model program: ${m.value.arch}`);
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({
    frontPanel: new Set(Array.from({ length: 16 }, (_, i) => i)),
    recirculation: new Set(),
    cpu: 510,
  });
  const out: V1Rig['out'] = [];
  const digests: DigestMessage[] = [];
  const logs: string[] = [];
  const engine = new V1ModelEngine({
    module: m.value,
    state: s.value,
    tm,
    output: (port, frame) => out.push({ port, frame: frame.slice() }),
    onDigest: (d) => digests.push(d),
    clockNs: () => 5_000_000,
    seed: 7,
    log: (message) => logs.push(message),
    ...(options.trace === undefined ? {} : { trace: options.trace }),
    ...(options.maxReentries === undefined ? {} : { maxReentries: options.maxReentries }),
    ...(options.maxCopies === undefined ? {} : { maxCopies: options.maxCopies }),
  });
  return {
    engine,
    state: s.value,
    tm,
    out,
    digests,
    logs,
    send(port, frame) {
      engine.receive(port, Uint8Array.from(frame));
      return out.splice(0);
    },
  };
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

export function fromHex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}
