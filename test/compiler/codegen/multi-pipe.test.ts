// Programs with several Pipelines (test/compiler/codegen/p4/multi-pipe.p4): each pipe has its
// own blocks and state, P4 names start with the pipe's name, and a packet runs the ingress of
// its ingress port's pipe and the egress of its egress port's pipe (hardware pipe = port >> 7).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { hwPipesOf } from '../../../compiler/codegen/arch-tna.js';
import { buildPipelineState } from '../../../runtime/arch/pipeline-state.js';
import { TnaEngine } from '../../../runtime/arch/tna.js';
import { loadPipeline } from '../../../runtime/switch.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';
import { bytesOf, cleanup, compile, ROOT } from './helpers.js';

const PROGRAM = `${ROOT}/test/compiler/codegen/p4/multi-pipe.p4`;
/** Front-panel ports in hardware pipes 0, 1, 2 and 3. */
const PORTS = [1, 2, 129, 130, 257, 385];

after(cleanup);

async function twoPipes() {
  const c = compile(PROGRAM);
  if (c.result?.pipeline === undefined) throw new Error(c.messages);
  const m = await loadPipeline(c.outDir);
  if (!m.ok) throw new Error(m.message);
  if (m.value.arch !== 'tna') throw new Error('not a TNA pipeline');
  const s = buildPipelineState(m.value.p4info);
  if (!s.ok) throw new Error(s.message);
  const tm = new TrafficManager({
    frontPanel: new Set(PORTS),
    recirculation: new Set(m.value.p4info.ports.recirculation),
    cpu: m.value.p4info.ports.cpu,
  });
  const out: { port: number; frame: Uint8Array }[] = [];
  const engine = new TnaEngine({
    module: m.value,
    state: s.value,
    tm,
    output: (port, frame) => out.push({ port, frame: frame.slice() }),
    clockNs: () => 1000,
  });
  const send = (port: number) => {
    const n = out.length;
    engine.receive(port, Uint8Array.from([...bytesOf(2n, 6), ...bytesOf(1n, 6), 0x88, 0xb5, 0, 0, 0, 0, 0]));
    if (out.length === n) return undefined;
    const o = out.at(-1) as { port: number; frame: Uint8Array };
    const b = o.frame;
    return { port: o.port, igCount: new DataView(b.buffer, b.byteOffset).getUint32(14), egPipe: b[18] };
  };
  return { state: s.value, engine, tm, send };
}

describe('several pipes', () => {
  test('p4info lists the pipes, the hardware pipes each serves and pipe-qualified names; four recirculation ports', async () => {
    const { state } = await twoPipes();
    const info = state.p4info;
    assert.deepEqual(info.pipes, [
      { name: 'pipe_a', hwPipes: [0, 2] },
      { name: 'pipe_b', hwPipes: [1, 3] },
    ]);
    assert.deepEqual(
      info.tables.map((t) => t.name),
      ['pipe_a.Ig.fwd', 'pipe_b.Ig.fwd'],
    );
    assert.deepEqual(
      info.registers.map((r) => r.name),
      ['pipe_a.Ig.seen', 'pipe_b.Ig.seen'],
    );
    assert.deepEqual(info.ports, { recirculation: [68, 196, 324, 452], cpu: 320 });
  });

  test('ingress runs in the ingress port’s pipe, egress in the egress port’s pipe, each with its own entries and state', async () => {
    const { state, send } = await twoPipes();
    const fwdA = state.tableByName.get('pipe_a.Ig.fwd');
    const fwdB = state.tableByName.get('pipe_b.Ig.fwd');
    assert.ok(fwdA !== undefined && fwdB !== undefined);
    fwdA.add({ match: [{ kind: 'exact', value: 1 }], action: 'pipe_a.Ig.set_port', params: [130] });
    fwdB.add({ match: [{ kind: 'exact', value: 129 }], action: 'pipe_b.Ig.set_port', params: [2] });
    // Port 1 (pipe 0: pipe_a) to port 130 (pipe 1: pipe_b's egress).
    assert.deepEqual(send(1), { port: 130, igCount: 1, egPipe: 0x0b });
    assert.deepEqual(send(1), { port: 130, igCount: 2, egPipe: 0x0b });
    // Port 129 (pipe 1: pipe_b, whose counter has not moved) to port 2 (pipe 0: pipe_a's egress).
    assert.deepEqual(send(129), { port: 2, igCount: 1, egPipe: 0x0a });
    // pipe_b's table has no entry for port 1's twin in pipe 3: dropped there.
    assert.equal(send(385), undefined);
    // Hardware pipe 2 runs pipe_a: its entries and its counter.
    fwdA.add({ match: [{ kind: 'exact', value: 257 }], action: 'pipe_a.Ig.set_port', params: [385] });
    assert.deepEqual(send(257), { port: 385, igCount: 3, egPipe: 0x0b });
    assert.deepEqual(
      state.registers.map((r) => r.cpRead(0)),
      [
        { ok: true, value: [3] },
        { ok: true, value: [2] },
      ],
    );
  });

  test('an internal port loop (pipes 1 and 3) sends a packet back into the ingress of its egress port’s pipe', async () => {
    const { state, engine, tm, send } = await twoPipes();
    const fwdA = state.tableByName.get('pipe_a.Ig.fwd');
    const fwdB = state.tableByName.get('pipe_b.Ig.fwd');
    assert.ok(fwdA !== undefined && fwdB !== undefined);
    fwdA.add({ match: [{ kind: 'exact', value: 1 }], action: 'pipe_a.Ig.set_port', params: [130] });
    fwdB.add({ match: [{ kind: 'exact', value: 130 }], action: 'pipe_b.Ig.set_port', params: [257] });
    // Without the loop, port 130 is a front-panel port: the packet leaves there.
    assert.deepEqual(send(1), { port: 130, igCount: 1, egPipe: 0x0b });
    assert.equal(tm.setInternalPortLoop(0b1010).ok, true);
    assert.equal(tm.internalPortLoop(), 0b1010);
    // Looped: pipe_a's ingress, pipe_b's egress, back into pipe_b's ingress at 130 (its counter
    // at 1), then out of port 257 (pipe 2) through pipe_a's egress.
    assert.deepEqual(send(1), { port: 257, igCount: 1, egPipe: 0x0a });
    assert.equal((engine.stats as { recirculated: number }).recirculated, 1);
    // A looped port that forwards to itself loops until the re-entry bound drops it.
    fwdB.add({ match: [{ kind: 'exact', value: 131 }], action: 'pipe_b.Ig.set_port', params: [131] });
    fwdA.add({ match: [{ kind: 'exact', value: 2 }], action: 'pipe_a.Ig.set_port', params: [131] });
    assert.equal(send(2), undefined);
    assert.equal((engine.stats as { drops: Record<string, number> }).drops.loop_bound, 1);
    // Masks beyond the four pipes are refused and change nothing; 0 turns the loop off.
    assert.equal(tm.setInternalPortLoop(16).ok, false);
    assert.equal(tm.internalPortLoop(), 0b1010);
    assert.equal(tm.setInternalPortLoop(0).ok, true);
    // pipe_a's counter: the three packets before and this one.
    assert.deepEqual(send(1), { port: 130, igCount: 4, egPipe: 0x0b });
  });

  test('n Pipelines share the four hardware pipes round robin', () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => Array.from({ length: n }, (_, k) => hwPipesOf(k, n))),
      [
        [[0, 1, 2, 3]],
        [
          [0, 2],
          [1, 3],
        ],
        [[0, 3], [1], [2]],
        [[0], [1], [2], [3]],
      ],
    );
  });
});
