import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { FAULT_KINDS, faultProblems, formatFault, parseFault } from '../../../cluster/faults/fault-spec.js';

describe('--fault KIND@T[,options]', () => {
  it('parses each kind with its defaults', () => {
    const c = parseFault('controller@2.5');
    assert.ok(c.ok);
    assert.deepEqual(c.value, { kind: 'controller', atS: 2.5, downS: 0.5, againS: undefined, client: 0 });
    const s = parseFault('switch@3');
    assert.ok(s.ok);
    assert.equal(s.value.againS, 1, 'a rolled-back migration starts again 1 s later by default');
    const k = parseFault('cancel@4,again=never');
    assert.ok(k.ok);
    assert.equal(k.value.againS, undefined);
    const cl = parseFault('client@1,id=2,down=0');
    assert.ok(cl.ok);
    assert.equal(cl.value.client, 2);
    assert.equal(cl.value.downS, 0);
  });

  it('refuses unknown kinds, bad times and bad options with a message naming the value', () => {
    for (const bad of [
      '',
      'controller',
      'reboot@2',
      'switch@-1',
      'switch@x',
      'switch@2,down=-1',
      'cancel@1,again=soon',
      'client@1,id=1.5',
      'switch@2,colour=red',
    ]) {
      const r = parseFault(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.message, /--fault/);
    }
  });

  it('formats a fault so that parsing gives it back', () => {
    const fault = fc.record({
      kind: fc.constantFrom(...FAULT_KINDS),
      atS: fc.integer({ min: 0, max: 600 }).map((n) => n / 10),
      downS: fc.integer({ min: 0, max: 50 }).map((n) => n / 10),
      again: fc.option(fc.integer({ min: 0, max: 50 }).map((n) => n / 10)),
      client: fc.nat(7),
    });
    fc.assert(
      fc.property(fault, (f) => {
        const spec = {
          kind: f.kind,
          atS: f.atS,
          downS: f.kind === 'cancel' || f.kind === 'source' ? 0.5 : f.downS,
          againS:
            f.kind === 'cancel' || f.kind === 'switch' || f.kind === 'destination' ? (f.again ?? undefined) : undefined,
          client: f.kind === 'client' ? f.client : 0,
        };
        const back = parseFault(formatFault(spec));
        assert.ok(back.ok, formatFault(spec));
        assert.deepEqual(back.value, spec);
      }),
    );
  });

  it('names a client fault for a client the run does not have, and a fault after the run', () => {
    const f = parseFault('client@1,id=3');
    assert.ok(f.ok);
    assert.deepEqual(faultProblems([f.value], 4, 10), []);
    assert.match(faultProblems([f.value], 2, 10)[0] ?? '', /only 2 clients/);
    assert.match(faultProblems([f.value], 4, 1)[0] ?? '', /not within the 1 s run/);
  });
});
