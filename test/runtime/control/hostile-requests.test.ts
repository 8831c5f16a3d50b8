// Control-plane requests that would once take the switch down are refused with a coded error,
// and the switch goes on answering (docs/control-plane.md, "Limits"): reads of a huge register,
// huge batches, and batches whose replies add up beyond what one line may carry.

import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MAX_BATCH_ENTRIES, MAX_REPLY_BYTES } from '../../../runtime/control/server.js';
import type { P4Info } from '../../../runtime/p4info.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';

const CELLS = 1 << 20;
const P4INFO: P4Info = {
  ...ENGINE_FIXTURE.p4info,
  registers: [
    ...ENGINE_FIXTURE.p4info.registers,
    { id: 0x40000020, name: 'Ingress.huge', width: 32, signed: false, paired: false, size: CELLS, initial: 0xffffffff },
  ],
};

let sw: RunningSwitch;
let raw: Socket;
let received = '';

/** Waits (bounded) until `n` complete lines arrived; returns them parsed. */
async function lines(n: number): Promise<unknown[]> {
  const deadline = Date.now() + 60_000;
  while (received.split('\n').filter(Boolean).length < n) {
    if (Date.now() > deadline) throw new Error(`only ${received.split('\n').filter(Boolean).length} of ${n} lines`);
    await new Promise((r) => setTimeout(r, 5));
  }
  const got = received.split('\n').filter(Boolean);
  received = '';
  return got.map((l) => JSON.parse(l));
}

const req = (id: number, method: string, params: unknown) => ({ jsonrpc: '2.0', id, method, params });
const codeOf = (m: unknown) => (m as { error?: { data?: { code?: string } } }).error?.data?.code;

before(async () => {
  const r = await startSwitch({ pipeline: { ...ENGINE_FIXTURE, p4info: P4INFO }, ports: { 1: {}, 2: {} } });
  if (!r.ok) throw new Error(r.message);
  sw = r.value;
  raw = connect({ host: '127.0.0.1', port: sw.control?.port ?? 0 });
  raw.setEncoding('utf8');
  raw.on('data', (d: string) => {
    received += d;
  });
  await new Promise((r) => raw.once('connect', r));
});

after(async () => {
  raw?.destroy();
  await sw?.close();
});

describe('control plane under hostile requests', () => {
  test('a read of a million cells is refused (TOO_LARGE); ranges within the limit are answered', async () => {
    const batch = Array.from({ length: 10 }, (_, i) =>
      req(i, 'register.read', { register: 'huge', range: [0, CELLS - 1] }),
    );
    raw.write(`${JSON.stringify(batch)}\n`);
    raw.write(`${JSON.stringify(req(99, 'register.read', { register: 'huge', range: [5, 9] }))}\n`);
    const [answers, small] = await lines(2);
    assert.ok(Array.isArray(answers));
    assert.deepEqual(
      (answers as unknown[]).map(codeOf),
      Array.from({ length: 10 }, () => 'TOO_LARGE'),
    );
    assert.deepEqual(
      (small as { result: { values: number[] } }).result.values,
      [0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff],
    );
  });

  test(`a batch of more than ${MAX_BATCH_ENTRIES} requests is refused whole and runs nothing`, async () => {
    const batch = Array.from({ length: MAX_BATCH_ENTRIES + 1 }, (_, i) =>
      req(i, 'register.write', { register: 'huge', index: 7, value: 1 }),
    );
    raw.write(`${JSON.stringify(batch)}\n`);
    raw.write(`${JSON.stringify(req(2, 'register.read', { register: 'huge', index: 7 }))}\n`);
    const [refused, read] = await lines(2);
    assert.equal(codeOf(refused), 'TOO_LARGE');
    assert.deepEqual((read as { result: { values: number[] } }).result.values, [0xffffffff], 'no write ran');
  });

  test('a batch whose replies pass the reply limit: later requests are refused, not run; the server goes on', async () => {
    // Each read of 65,536 cells of 4294967295 answers with about 720 kB.
    const n = 64;
    const batch = Array.from({ length: n }, (_, i) =>
      req(i, 'register.read', { register: 'huge', range: [(i % 16) * 65536, (i % 16) * 65536 + 65535] }),
    );
    batch.push(req(n, 'register.write', { register: 'huge', index: 3, value: 2 }));
    raw.write(`${JSON.stringify(batch)}\n`);
    raw.write(`${JSON.stringify(req(1000, 'switch.info', {}))}\n`);
    const [answers, info] = await lines(2);
    const codes = (answers as unknown[]).map(codeOf);
    const served = codes.filter((c) => c === undefined).length;
    assert.ok(served >= 1 && served < n, `${served} of ${n} big reads answered before the limit`);
    assert.ok(JSON.stringify(answers).length < MAX_REPLY_BYTES + 2_000_000, 'the reply stays near the limit');
    assert.equal(codes.at(-1), 'TOO_LARGE', 'the write after the limit is refused');
    assert.equal((info as { id: number }).id, 1000, 'the server still answers');
    raw.write(`${JSON.stringify(req(3, 'register.read', { register: 'huge', index: 3 }))}\n`);
    const [cell] = await lines(1);
    assert.deepEqual(
      (cell as { result: { values: number[] } }).result.values,
      [0xffffffff],
      'the refused write did not run',
    );
  });
});
