// STF table-entry values → control-plane matches: each key kind and value form, keys left
// out, names matched exactly or by unique suffix (bmv2 spellings too), and STF priorities.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveStfName, stfMatch, stfPriority } from '../../../packet-test/stf/table-entry.js';
import type { P4InfoTable } from '../../../runtime/p4info.js';

const table: P4InfoTable = {
  id: 1,
  name: 'Ingress.t',
  gress: 'ingress',
  keys: [
    { id: 1, name: 'hdr.h.a', width: 16, matchKind: 'ternary' },
    { id: 2, name: 'hdr.h.b', width: 32, matchKind: 'lpm' },
    { id: 3, name: 'hdr.h.c', width: 8, matchKind: 'range' },
    { id: 4, name: 'meta.opt', width: 8, matchKind: 'optional' },
    { id: 5, name: 'hdr.vlan[0].isValid()', width: 1, matchKind: 'exact' },
  ],
  actions: [{ id: 1, name: 'Ingress.a' }],
  size: 16,
};

const key = (v: string, k = 'a') => stfMatch(table, [{ name: k, value: { kind: 'value', text: v } }]);

describe('STF key values', () => {
  test('keys left out are don’t care (exact: 0, as p4c)', () => {
    const m = stfMatch(table, []);
    assert.ok(m.ok);
    assert.deepEqual(m.value, {
      'hdr.h.a': { value: 0, mask: 0 },
      'hdr.h.b': { value: 0, prefixLen: 0 },
      'hdr.h.c': { low: 0, high: '0xff' },
      'meta.opt': null,
      'hdr.vlan[0].isValid()': 0,
    });
  });
  test('* nibbles and bits make a ternary mask over the digits written', () => {
    const m = key('0x**01');
    assert.ok(m.ok);
    assert.deepEqual(m.value['hdr.h.a'], { value: '0x1', mask: '0xff' });
    const b = key('0b1*0');
    assert.ok(b.ok);
    assert.deepEqual(b.value['hdr.h.a'], { value: '0x4', mask: '0x5' });
  });
  test('lpm: trailing * digits are a prefix; other * patterns are refused', () => {
    const m = key('0x0a01****', 'b');
    assert.ok(m.ok);
    assert.deepEqual(m.value['hdr.h.b'], { value: '0xa010000', prefixLen: 16 });
    assert.equal(key('0x0a**0000', 'b').ok, false);
  });
  test('range: lo->hi, a single value, or all *', () => {
    const r = stfMatch(table, [{ name: 'c', value: { kind: 'range', low: '1', high: '9' } }]);
    assert.ok(r.ok);
    assert.deepEqual(r.value['hdr.h.c'], { low: '1', high: '9' });
    const v = key('5', 'c');
    assert.ok(v.ok);
    assert.deepEqual(v.value['hdr.h.c'], { low: '5', high: '5' });
  });
  test('optional: a value, or all * for don’t care', () => {
    const v = key('7', 'opt');
    assert.ok(v.ok);
    assert.equal(v.value['meta.opt'], '7');
    const w = key('0x**', 'opt');
    assert.ok(w.ok);
    assert.equal(w.value['meta.opt'], null);
  });
  test('optional: some * digits or value&&&mask are a ternary mask (bf-p4c optional-psa)', () => {
    const w = key('0x*2', 'opt');
    assert.ok(w.ok);
    assert.deepEqual(w.value['meta.opt'], { value: '0x2', mask: '0xf' });
    const m = stfMatch(table, [{ name: 'opt', value: { kind: 'mask', value: '0x10', mask: '0xf0' } }]);
    assert.ok(m.ok);
    assert.deepEqual(m.value['meta.opt'], { value: '0x10', mask: '0xf0' });
  });
  test('a form for another kind of key is refused, naming the key', () => {
    const r = stfMatch(table, [{ name: 'a', value: { kind: 'prefix', value: '1', length: 3 } }]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /hdr\.h\.a/);
  });
  test('bmv2 spellings of validity and stack elements', () => {
    for (const name of ['hdr.vlan$0.$valid$', 'vlan$0.valid', 'vlan[0].isValid()']) {
      const r = stfMatch(table, [{ name, value: { kind: 'value', text: '1' } }]);
      assert.ok(r.ok, name);
    }
  });
});

describe('sliced keys', () => {
  const sliced: P4InfoTable = {
    ...table,
    keys: [
      { id: 1, name: 'hdr.f[15:8]', width: 8, matchKind: 'exact' },
      { id: 2, name: 'hdr.f[7:0]', width: 8, matchKind: 'ternary' },
    ],
  };
  test('the whole field’s value gives each slice its bits (Tofino STF tests write keys so)', () => {
    const m = stfMatch(sliced, [{ name: 'f', value: { kind: 'value', text: '0x12*4' } }]);
    assert.ok(m.ok, m.ok ? '' : m.message);
    assert.deepEqual(m.value, { 'hdr.f[15:8]': '0x12', 'hdr.f[7:0]': { value: '0x4', mask: '0xf' } });
  });
  test('don’t-care bits on an exact slice are refused', () => {
    assert.equal(stfMatch(sliced, [{ name: 'f', value: { kind: 'value', text: '0x1*34' } }]).ok, false);
  });
  const lpmSlice: P4InfoTable = {
    ...table,
    name: 'Ingress.v6',
    keys: [{ id: 1, name: 'hdr.ipv6.dst[127:64]', width: 64, matchKind: 'lpm' }],
  };
  const widths = new Map([['v6|hdr.ipv6.dst[127:64]', 128n]]);
  test('an lpm slice takes its part of a /LEN prefix over the whole field (a /32 of a 128-bit field)', () => {
    const r = stfMatch(
      lpmSlice,
      [{ name: 'hdr.ipv6.dst', value: { kind: 'prefix', value: '0x20010db8ffff00000000000000000001', length: 32 } }],
      undefined,
      widths,
    );
    assert.ok(r.ok, r.ok ? '' : r.message);
    assert.deepEqual(r.value['hdr.ipv6.dst[127:64]'], { value: '0x20010db800000000', prefixLen: 32 });
  });
  test('an lpm slice takes a high mask as a prefix; a mask with holes is refused', () => {
    const m = (mask: string) =>
      stfMatch({ ...lpmSlice, keys: [{ id: 1, name: 'hdr.ipv6.dst[94:45]', width: 50, matchKind: 'lpm' }] }, [
        { name: 'hdr.ipv6.dst', value: { kind: 'mask', value: '0x5a308d31319000000000000', mask } },
      ]);
    const ok20 = m('0x7ffff8000000000000000000');
    assert.ok(ok20.ok, ok20.ok ? '' : ok20.message);
    assert.deepEqual(ok20.value['hdr.ipv6.dst[94:45]'], { value: '0x2d1840000000', prefixLen: 20 });
    assert.equal(m('0x7f0ff8000000000000000000').ok, false);
  });
  test('a /LEN on a slice whose field width is unknown is refused, naming the key', () => {
    const r = stfMatch(lpmSlice, [{ name: 'hdr.ipv6.dst', value: { kind: 'prefix', value: '0x2001', length: 16 } }]);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.message, /value\/length/);
  });
});

describe('values the Tofino driver stores masked', () => {
  test('a ternary value with bits outside its mask is stored masked (value & mask)', () => {
    const r = stfMatch(table, [{ name: 'a', value: { kind: 'mask', value: '0x0a0a', mask: '0xff00' } }]);
    assert.ok(r.ok);
    assert.deepEqual(r.value['hdr.h.a'], { value: '0xa00', mask: '0xff00' });
    const s = stfMatch({ ...table, keys: [{ id: 1, name: 'hdr.f[16:7]', width: 10, matchKind: 'ternary' }] }, [
      { name: 'hdr.f', value: { kind: 'mask', value: '0x7300', mask: '0x1f080' } },
    ]);
    assert.ok(s.ok);
    assert.deepEqual(s.value['hdr.f[16:7]'], { value: '0xe0', mask: '0x3e1' });
  });
  test('an lpm value keeps only its prefix bits', () => {
    const r = stfMatch(table, [{ name: 'b', value: { kind: 'prefix', value: '0x0a0a0a0a', length: 16 } }]);
    assert.ok(r.ok);
    assert.deepEqual(r.value['hdr.h.b'], { value: '0xa0a0000', prefixLen: 16 });
  });
});

describe('masked keys', () => {
  test('a key written `field & MASK` takes the whole field in STF: the value is masked', () => {
    const t: P4InfoTable = {
      ...table,
      name: 'Ingress.m',
      keys: [
        { id: 1, name: 'hdr.f', width: 48, matchKind: 'exact' },
        { id: 2, name: 'hdr.g', width: 16, matchKind: 'ternary' },
      ],
    };
    const masks = new Map([
      ['m|hdr.f', 0xff00n],
      ['m|hdr.g', 0x0ff0n],
    ]);
    const r = stfMatch(
      t,
      [
        { name: 'f', value: { kind: 'value', text: '0x123456789abc' } },
        { name: 'g', value: { kind: 'value', text: '0x1234' } },
      ],
      masks,
    );
    assert.ok(r.ok);
    assert.deepEqual(r.value, { 'hdr.f': '0x9a00', 'hdr.g': { value: '0x230', mask: '0xff0' } });
  });
});

describe('STF names and priorities', () => {
  test('exact, then unique .suffix, then unique suffix; ambiguity is an error', () => {
    const names = ['Ingress.fwd', 'Egress.fwd', 'Ingress.acl'];
    assert.deepEqual(resolveStfName('acl', names, 't'), { ok: true, value: 'Ingress.acl' });
    assert.deepEqual(resolveStfName('Ingress.fwd', names, 't'), { ok: true, value: 'Ingress.fwd' });
    assert.equal(resolveStfName('fwd', names, 't').ok, false);
    assert.equal(resolveStfName('nope', names, 't').ok, false);
  });
  test('STF priority p (a larger one wins, 0 allowed) is p + 1 here; tables without priority take none', () => {
    assert.equal(stfPriority(table, 0), 1);
    assert.equal(stfPriority(table, 9999), 10000);
    assert.equal(stfPriority(table, undefined), 1);
    assert.equal(stfPriority({ ...table, keys: [{ id: 1, name: 'k', width: 8, matchKind: 'exact' }] }, 5), undefined);
  });
});
