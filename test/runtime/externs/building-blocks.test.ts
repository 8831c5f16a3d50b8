import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import {
  formatFieldMatch,
  parseFieldMatch,
  parseFieldValue,
  parseMatch,
} from '../../../runtime/control/json-values.js';
import {
  DeparserRequests,
  Mirror,
  Resubmit,
  resetResubmitType,
  trackResubmitType,
} from '../../../runtime/externs/deparser-externs.js';
import { DirectCounter, DirectRegister, DirectRegisterAction } from '../../../runtime/externs/direct-externs.js';
import { ParserCounter } from '../../../runtime/externs/parser-counter.js';
import { createRegister } from '../../../runtime/externs/register.js';
import { RegisterAction } from '../../../runtime/externs/register-action.js';
import { ValueSet } from '../../../runtime/externs/value-set.js';
import { newIdentity, PacketBuilder, PacketCursor } from '../../../runtime/packet.js';
import { CollectingTraceSink } from '../../../runtime/trace/trace-sink.js';
import { TrafficManager } from '../../../runtime/traffic-manager.js';

describe('packet cursor and builder', () => {
  test('extract past the end returns -1 and moves nothing (PacketTooShort)', () => {
    const c = new PacketCursor(8);
    c.load(Uint8Array.from([1, 2]), 2, Uint8Array.from([3, 4]));
    assert.equal(c.extract(16), 0);
    assert.equal(c.extract(24), -1);
    assert.equal(c.offset, 16);
    assert.equal(c.lookahead(16), 16);
    assert.equal(c.advance(17), false);
    assert.equal(c.remainingBits, 16);
  });

  test('the cursor grows for a frame larger than its buffer', () => {
    const c = new PacketCursor(4);
    c.load(new Uint8Array(16), 16, new Uint8Array(100));
    assert.equal(c.length, 116);
  });

  test('the builder zeroes emitted bits, grows, and appends the payload', () => {
    const b = new PacketBuilder(2);
    b.buf.fill(0xff);
    assert.equal(b.emit(4), 0);
    assert.equal(b.emit(20), 4);
    assert.equal(b.byteLength, 3);
    assert.deepEqual(b.finish(Uint8Array.from([9]), Uint8Array.from([7])), Uint8Array.from([7, 0, 0, 0, 9]));
  });
});

describe('traffic manager configuration', () => {
  const tm = () => new TrafficManager({ frontPanel: new Set([1, 2]), recirculation: new Set([68]), cpu: 64 });

  test('ports exist when front panel, recirculation or CPU', () => {
    const t = tm();
    assert.deepEqual(
      [1, 2, 3, 64, 68, 511].map((p) => t.portExists(p)),
      [true, true, false, true, true, false],
    );
  });

  test('a rejected session or group changes nothing', () => {
    const t = tm();
    assert.equal(t.addMirrorSession({ id: 1, direction: 'both', egressPort: 5, maxLen: 0 }).ok, false);
    assert.equal(t.addMirrorSession({ id: 1, direction: 'both', egressPort: 1, maxLen: -1 }).ok, false);
    assert.equal(
      t.createMulticastGroup(2, [
        { rid: 1, ports: [1] },
        { rid: 2, ports: [9] },
      ]).ok,
      false,
    );
    assert.deepEqual(t.mirrorSessions(), []);
    assert.deepEqual(t.multicastGroups(), []);
  });

  test('a multicast group lists one replica per node port', () => {
    const t = tm();
    assert.ok(
      t.createMulticastGroup(2, [
        { rid: 1, ports: [1, 2] },
        { rid: 4, ports: [68] },
      ]).ok,
    );
    assert.deepEqual(t.replicas(2), [
      { port: 1, rid: 1 },
      { port: 2, rid: 1 },
      { port: 68, rid: 4 },
    ]);
  });
});

describe('register actions', () => {
  test('execute runs the body on one cell, writes back and returns rv', () => {
    const reg = createRegister({ name: 'r', size: 4, width: 8, signed: true });
    assert.ok(reg.ok);
    const cur = newIdentity();
    const sink = new CollectingTraceSink();
    const dec = new RegisterAction(
      'dec',
      reg.value,
      (v) => {
        v.lo = v.lo - 1;
        return v.lo < 0 ? 1 : 0;
      },
      cur,
      sink,
    );
    assert.equal(dec.execute(2), 1);
    assert.equal(reg.value.read(2), -1);
    assert.deepEqual(
      sink.events.map((e) => e.event),
      ['registerRead', 'registerWrite'],
    );
  });

  test('a paired register exposes both halves', () => {
    const reg = createRegister({ name: 'p', size: 2, width: 16, paired: true, initial: 1, initialHi: 2 });
    assert.ok(reg.ok);
    const swap = new RegisterAction(
      'swap',
      reg.value,
      (v) => {
        const t = v.lo;
        v.lo = v.hi;
        v.hi = t;
        return v.lo;
      },
      newIdentity(),
      undefined,
    );
    assert.equal(swap.execute(1), 2);
    assert.deepEqual(reg.value.cpRead(1), { ok: true, value: [2, 1] });
  });

  test('a 64-bit cell is one bigint to the body (dual mode), written back whole', () => {
    const reg = createRegister({ name: 'w', size: 2, width: 64 });
    assert.ok(reg.ok);
    const sink = new CollectingTraceSink();
    const body = (v: { lo: bigint }) => {
      const old = v.lo;
      v.lo = BigInt.asUintN(64, (0xffffn << 48n) | (v.lo + 0x1_0000_0001n));
      return old & 0xffff_ffff_ffffn;
    };
    const bump = new RegisterAction('bump', reg.value, body as never, newIdentity(), sink);
    assert.equal(bump.execute(1) as unknown, 0n);
    assert.equal(reg.value.readBig(1), 0xffff_0001_0000_0001n);
    assert.equal(bump.execute(1) as unknown, 0x0001_0000_0001n);
    assert.equal(reg.value.readBig(1), 0xffff_0002_0000_0002n);
    assert.deepEqual(reg.value.cpRead(1), { ok: true, value: [0xffff_0002_0000_0002n] });
    assert.deepEqual(
      sink.events.map((e) => e.event),
      ['registerRead', 'registerWrite', 'registerRead', 'registerWrite'],
    );
    // A pair of 64-bit halves (Tofino 2's 128-bit word) reaches the body as two bigints.
    const pair = createRegister({ name: 'p64', size: 2, width: 64, paired: true });
    assert.ok(pair.ok);
    const swapWide = (v: { lo: bigint; hi: bigint }) => {
      [v.lo, v.hi] = [v.hi + 1n, v.lo];
      return 0;
    };
    new RegisterAction('x', pair.value, swapWide as never, newIdentity(), undefined).execute(1);
    assert.deepEqual(pair.value.cpRead(1), { ok: true, value: [1n, 0n] });
  });

  test('two actions of one register in the same pass count as a violation', () => {
    const reg = createRegister({ name: 'r', size: 4, width: 32 });
    assert.ok(reg.ok);
    const cur = newIdentity();
    const shared = { lastPass: -1, violations: 0 };
    const a = new RegisterAction('a', reg.value, () => 0, cur, undefined, shared);
    const b = new RegisterAction('b', reg.value, () => 0, cur, undefined, shared);
    cur.pass = 1;
    a.execute(0);
    cur.pass = 2;
    a.execute(0);
    b.execute(0);
    assert.equal(shared.violations, 1);
  });
});

describe('direct externs and value sets', () => {
  test('a direct counter counts per entry handle; a forgotten handle reads zero', () => {
    const c = new DirectCounter('c', 't', 'PACKETS_AND_BYTES');
    c.count(3, 100);
    c.count(3, 60, 10);
    c.count(0, 64);
    assert.deepEqual(c.read(3), { packets: 2, bytes: 150 });
    c.forget(3);
    assert.deepEqual(c.read(3), { packets: 0, bytes: 0 });
    assert.deepEqual(c.read(0), { packets: 1, bytes: 64 });
  });

  test('a direct register action updates the matched entry only', () => {
    const r = new DirectRegister('r', 't', 16, false, 7);
    const inc = new DirectRegisterAction(
      'inc',
      r,
      (v) => {
        v.lo = v.lo + 1;
        return v.lo;
      },
      newIdentity(),
      undefined,
    );
    assert.equal(inc.execute(5), 8);
    assert.equal(inc.execute(5), 9);
    assert.equal(r.read(6), 7);
    r.write(6, 0x1ffff);
    assert.equal(r.read(6), 0xffff);
  });

  test('a paired direct register action updates both halves of the matched entry’s cell', () => {
    const r = new DirectRegister('r', 't', 32, false, 0, true);
    const both = new DirectRegisterAction(
      'both',
      r,
      (v) => {
        const before = v.hi;
        v.lo = v.lo + 1;
        v.hi = v.hi + 100;
        return before;
      },
      newIdentity(),
      undefined,
    );
    assert.deepEqual([both.execute(2), both.execute(2)], [0, 100]);
    assert.deepEqual([r.read(2), r.readHi(2), r.read(3), r.readHi(3)], [2, 200, 0, 0]);
  });

  test('a value set matches a key against any member under its mask', () => {
    const vs = new ValueSet('vs', 2, [16]);
    assert.ok(
      vs.set([
        { value: [4789], mask: [0xffff] },
        { value: [0x1234], mask: [0xff00] },
      ]).ok,
    );
    vs.key[0] = 4789;
    assert.equal(vs.matches(), true);
    vs.key[0] = 0x12ab;
    assert.equal(vs.matches(), true);
    vs.key[0] = 0x1300;
    assert.equal(vs.matches(), false);
    assert.equal(
      vs.set([
        { value: [1], mask: [1] },
        { value: [2], mask: [2] },
        { value: [3], mask: [3] },
      ]).ok,
      false,
    );
    assert.equal(vs.memberList.length, 2);
  });
});

describe('deparser externs', () => {
  test('a typed Mirror acts only when mirror_type holds its type; the last emit wins', () => {
    const req = new DeparserRequests();
    const m1 = new Mirror('m1', 1, req);
    const m2 = new Mirror('m2', 2, req);
    const d = { mirror_type: 1 };
    m1.dprsr = d;
    m2.dprsr = d;
    assert.equal(m2.emitHeader(4, 8), -1);
    assert.equal(req.mirrorSession, -1);
    assert.equal(m1.emitHeader(4, 8), 0);
    m1.emit(5);
    assert.equal(req.mirrorSession, 5);
    assert.equal(req.mirrorHeader.byteLength, 0);
  });

  test('a typeless Resubmit acts whenever resubmit_type is non-zero', () => {
    const req = new DeparserRequests();
    const r = new Resubmit('r', undefined, req);
    r.dprsr = { mirror_type: 0, resubmit_type: 0 };
    r.emit();
    assert.equal(req.resubmit, false);
    r.dprsr = { mirror_type: 0, resubmit_type: 3 };
    r.emit();
    assert.equal(req.resubmit, true);
  });

  test('with the metadata tracked, a Resubmit acts when ingress wrote resubmit_type, even 0 (docs/tna-semantics.md)', () => {
    const req = new DeparserRequests();
    const typeless = new Resubmit('r', undefined, req);
    const typed = new Resubmit('r1', 1, req);
    const d = { mirror_type: 0, resubmit_type: 0 };
    trackResubmitType(d);
    typeless.dprsr = d;
    typed.dprsr = d;
    resetResubmitType(d);
    typeless.emit();
    assert.equal(req.resubmit, false, 'not written: no resubmit');
    d.resubmit_type = 0;
    typeless.emit();
    assert.equal(req.resubmit, true, 'written 0: the typeless instance acts');
    req.clear();
    typed.emit();
    assert.equal(req.resubmit, false, 'a typed instance wants its own type');
    d.resubmit_type = 1;
    typed.emit();
    assert.equal(req.resubmit, true);
    req.clear();
    resetResubmitType(d);
    assert.equal(d.resubmit_type, 0);
    typed.emit();
    typeless.emit();
    assert.equal(req.resubmit, false, 'the next packet starts unwritten');
  });
});

describe('ParserCounter load (docs/tna-externs.md)', () => {
  test('max bounds the rotated, masked value; add then wraps in 8 bits', () => {
    const c = new ParserCounter();
    assert.equal(c.load(0x04, 8, 255, 6, 7, 246), true, '0x04 rotated right by 6 is 16, at most 255');
    assert.equal(c.current, 6, '16 + 246 wraps to 6');
    assert.equal(c.load(0x60, 8, 240, 2, 7, -20), true);
    assert.equal(c.current, 4);
    assert.equal(c.load(0xf8, 8, 0x10, 0, 7, -200), false, '0xf8 is above max 0x10 whatever add is');
  });
});

describe('JSON field values and matches', () => {
  test('values parse from numbers, hex, binary, decimal strings, IPv4 and MAC', () => {
    assert.deepEqual(parseFieldValue(5, 8), { ok: true, value: 5 });
    assert.deepEqual(parseFieldValue('0xff', 8), { ok: true, value: 255 });
    assert.deepEqual(parseFieldValue('0b101', 3), { ok: true, value: 5 });
    assert.deepEqual(parseFieldValue('10.0.0.1', 32), { ok: true, value: 0x0a000001 });
    assert.deepEqual(parseFieldValue('02:00:00:00:00:01', 48), { ok: true, value: 0x020000000001n });
    assert.equal(parseFieldValue(256, 8).ok, false);
    assert.equal(parseFieldValue(-1, 8).ok, false);
    assert.equal(parseFieldValue('10.0.0.1', 16).ok, false);
    assert.equal(parseFieldValue(1.5, 8).ok, false);
  });

  test('matches parse in every form and are checked against the key', () => {
    const lpm = { name: 'k', width: 32, matchKind: 'lpm' as const };
    assert.deepEqual(parseFieldMatch('10.0.0.0/8', lpm), {
      ok: true,
      value: { kind: 'lpm', value: 0x0a000000, prefixLength: 8 },
    });
    assert.deepEqual(parseFieldMatch({ value: 1, mask: 3 }, { ...lpm, matchKind: 'ternary' }), {
      ok: true,
      value: { kind: 'ternary', value: 1, mask: 3 },
    });
    assert.deepEqual(parseFieldMatch(null, { ...lpm, matchKind: 'optional' }), {
      ok: true,
      value: { kind: 'optional' },
    });
    const opt = { ...lpm, width: 8, matchKind: 'optional' as const };
    assert.deepEqual(formatFieldMatch({ a: 2, b: 0x0f, prefixLength: -1 }, opt), { value: 2, mask: 15 });
    assert.equal(formatFieldMatch({ a: 2, b: 0xff, prefixLength: -1 }, opt), 2);
    assert.equal(formatFieldMatch({ a: 0, b: 0, prefixLength: -1 }, opt), null);
    assert.equal(parseMatch({ nope: 1 }, [lpm]).ok, false);
    assert.equal(parseMatch([1, 2], [lpm]).ok, false);
  });

  test('parsing arbitrary JSON never throws', () => {
    const key = { name: 'k', width: 48, matchKind: 'ternary' as const };
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        parseFieldValue(v, 48);
        parseFieldMatch(v, key);
        parseMatch(v, [key]);
      }),
    );
  });
});
