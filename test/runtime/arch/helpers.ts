// Shared by the engine tests: an engine over the hand-written fixture pipeline with front-panel
// ports 1-4, every output frame collected, and small frame builders. Strict mode (the per-pass
// register rule) is on unless a test turns it off.

import { buildPipelineState, type PipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine, type TnaEngineOptions } from '../../../runtime/arch/tna.js';
import type { DigestMessage } from '../../../runtime/externs/deparser-externs.js';
import type { PipelineModule } from '../../../runtime/pipeline-module.js';
import type { TraceSink } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';

export const MAC_A = 0x0200000000aan;
export const MAC_B = 0x0200000000bbn;
export const MAC_C = 0x0200000000ccn;

export interface Harness {
  engine: TnaEngine;
  state: PipelineState;
  tm: TrafficManager;
  out: { port: number; frame: Uint8Array }[];
  digests: DigestMessage[];
}

export function harness(
  options: { trace?: TraceSink; maxReentries?: number; module?: PipelineModule; strict?: boolean } = {},
): Harness {
  const s = buildPipelineState(ENGINE_FIXTURE.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({ frontPanel: new Set([1, 2, 3, 4]), recirculation: new Set([68]), cpu: 64 });
  const out: Harness['out'] = [];
  const digests: DigestMessage[] = [];
  const o: TnaEngineOptions = {
    module: options.module ?? ENGINE_FIXTURE,
    state: s.value,
    tm,
    output: (port, frame) => out.push({ port, frame }),
    onDigest: (m) => digests.push(m),
    clockNs: () => 1000,
    strict: options.strict ?? true,
    ...(options.trace === undefined ? {} : { trace: options.trace }),
    ...(options.maxReentries === undefined ? {} : { maxReentries: options.maxReentries }),
  };
  return { engine: new TnaEngine(o), state: s.value, tm, out, digests };
}

export function mac(v: bigint): number[] {
  return Array.from({ length: 6 }, (_, i) => Number((v >> BigInt(8 * (5 - i))) & 0xffn));
}

/** An Ethernet frame: dst, src, ether type, then `payload`. */
export function frame(
  dst: bigint,
  src: bigint,
  etherType: number,
  payload: number[] = [1, 2, 3, 4, 5, 6, 7, 8],
): Uint8Array {
  return Uint8Array.from([...mac(dst), ...mac(src), etherType >> 8, etherType & 0xff, ...payload]);
}

export function srcOf(f: Uint8Array): bigint {
  let v = 0n;
  for (let i = 6; i < 12; i++) v = (v << 8n) | BigInt(f[i] as number);
  return v;
}

export function table(h: Harness, name: string) {
  const t = h.state.tableByName.get(name);
  if (t === undefined) throw new Error(`no table ${name}`);
  return t;
}

export function forward(h: Harness, dst: bigint, port: number): void {
  const r = table(h, 'Ingress.forward').add({
    match: [{ kind: 'exact', value: dst }],
    action: 'Ingress.set_port',
    params: [port],
  });
  if (!r.ok) throw new Error(r.message);
}
