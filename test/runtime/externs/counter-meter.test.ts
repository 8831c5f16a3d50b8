import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Counter } from '../../../runtime/externs/counter.js';
import { GREEN, Meter, RED, YELLOW } from '../../../runtime/externs/meter.js';

describe('Counter', () => {
  test('counts packets and bytes per index', () => {
    const c = new Counter({ name: 'c', size: 4, type: 'PACKETS_AND_BYTES' });
    c.count(1, 100);
    c.count(1, 64);
    c.count(2, 1500, 4);
    assert.deepEqual(c.read(1), { ok: true, value: { packets: 2, bytes: 164 } });
    assert.deepEqual(c.read(2), { ok: true, value: { packets: 1, bytes: 1496 } });
    assert.equal(c.read(4).ok, false);
  });

  // docs/tna-semantics.md, "Counter width": W does not bound the count (Intel's tna_resubmit
  // reads 2 and 3 from a Counter<bit<1>, _>).
  test('a counter with a narrow W still counts past 2^W', () => {
    const c = new Counter({ name: 'c', size: 1, type: 'PACKETS', width: 8 });
    for (let i = 0; i < 300; i++) c.count(0, 1);
    assert.deepEqual(c.read(0), { ok: true, value: { packets: 300, bytes: 0 } });
  });

  test('clearIndex and reset zero the counts', () => {
    const c = new Counter({ name: 'c', size: 2, type: 'BYTES' });
    c.count(0, 10);
    c.count(1, 20);
    c.clearIndex(0);
    assert.deepEqual(c.snapshot().bytes, [0, 20]);
    c.reset();
    assert.deepEqual(c.snapshot().bytes, [0, 0]);
  });
});

describe('Meter (RFC 2698 trTCM)', () => {
  function meter(type: 'BYTES' | 'PACKETS' = 'BYTES') {
    let now = 0;
    const m = new Meter({ name: 'm', size: 4, type, clock: () => now });
    return { m, advance: (us: number) => (now += us) };
  }

  test('an unconfigured index marks GREEN, or the pre-color when color-aware (docs/tna-semantics.md)', () => {
    assert.equal(meter().m.execute(0, 1500, YELLOW), YELLOW);
    assert.equal(meter().m.execute(0, 1500, RED), RED);
    assert.equal(meter().m.execute(0, 1500, GREEN), GREEN);
    assert.equal(meter().m.execute(0, 1500), GREEN);
  });

  test('within CBS green, beyond CBS yellow, beyond PBS red (color-blind)', () => {
    const { m } = meter();
    assert.ok(m.configure(0, { cir: 1000, cbs: 1000, pir: 2000, pbs: 2000 }).ok);
    assert.equal(m.execute(0, 600), GREEN); // Tc 400, Tp 1400
    assert.equal(m.execute(0, 600), YELLOW); // Tc 400 < 600; Tp 800
    assert.equal(m.execute(0, 600), YELLOW); // Tp 200
    assert.equal(m.execute(0, 600), RED); // Tp 200 < 600
  });

  test('tokens refill at CIR and PIR over time, up to the bursts', () => {
    const { m, advance } = meter();
    m.configure(1, { cir: 1_000_000, cbs: 1000, pir: 2_000_000, pbs: 2000 });
    assert.equal(m.execute(1, 1000), GREEN);
    assert.equal(m.execute(1, 1000), YELLOW);
    assert.equal(m.execute(1, 1), RED);
    advance(500); // +500 committed bytes, +1000 peak bytes
    assert.equal(m.execute(1, 500), GREEN);
    advance(10_000_000); // far past full: capped at the bursts
    assert.equal(m.execute(1, 1000), GREEN);
    assert.equal(m.execute(1, 1000), YELLOW);
  });

  test('color-aware: a RED pre-color stays red, YELLOW never becomes green', () => {
    const { m } = meter();
    m.configure(0, { cir: 1000, cbs: 1000, pir: 2000, pbs: 2000 });
    assert.equal(m.execute(0, 10, RED), RED);
    assert.equal(m.execute(0, 10, YELLOW), YELLOW);
    assert.equal(m.execute(0, 10, GREEN), GREEN);
  });

  test('a packet meter counts packets, not bytes', () => {
    const { m } = meter('PACKETS');
    m.configure(0, { cir: 1, cbs: 2, pir: 1, pbs: 3 });
    assert.deepEqual(
      [m.execute(0, 9000), m.execute(0, 9000), m.execute(0, 9000), m.execute(0, 9000)],
      [GREEN, GREEN, YELLOW, RED],
    );
  });

  test('PIR below CIR is refused', () => {
    const r = meter().m.configure(0, { cir: 2000, cbs: 1, pir: 1000, pbs: 1 });
    assert.equal(r.ok ? 'ok' : r.code, 'BAD_METER_CONFIG');
  });
});
