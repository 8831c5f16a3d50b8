// The STF parser: every command form as p4c's tools/stf and the bmv2/Tofino dialects write
// it, the format (comments, continuation, hex grouping), and errors that name their line.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { StfCommand } from '../../../packet-test/stf/commands.js';
import { parseStf } from '../../../packet-test/stf/parse.js';

function one(line: string): StfCommand {
  const r = parseStf(line, 't.stf');
  assert.deepEqual(r.errors, []);
  assert.equal(r.commands.length, 1);
  return r.commands[0] as StfCommand;
}

describe('STF packets and expectations', () => {
  test('packet data is hex in any grouping', () => {
    const c = one('packet 3 01 0203 0405');
    assert.equal(c.cmd, 'packet');
    if (c.cmd === 'packet') {
      assert.equal(c.port, 3);
      assert.deepEqual([...c.data], [1, 2, 3, 4, 5]);
    }
  });
  test('expect keeps * nibbles; $ asks for the exact length; no data means any packet', () => {
    assert.deepEqual(one('expect 2 0a** 0B $'), {
      cmd: 'expect',
      port: 2,
      data: { nibbles: '0a**0b', exact: true },
      line: 1,
    });
    assert.deepEqual(one('expect 2 0a**0B$'), {
      cmd: 'expect',
      port: 2,
      data: { nibbles: '0a**0b', exact: true },
      line: 1,
    });
    assert.deepEqual(one('expect 7'), { cmd: 'expect', port: 7, data: undefined, line: 1 });
    assert.deepEqual(one('no_packet'), { cmd: 'no_packet', line: 1 });
  });
  test('p4ts extensions: expect_any PORT,PORT…, port_metadata by value or fields, port_metadata_delete', () => {
    assert.deepEqual(one('expect_any 2,3,5 0a** $'), {
      cmd: 'expect_any',
      ports: [2, 3, 5],
      data: { nibbles: '0a**', exact: true },
      line: 1,
    });
    assert.equal(parseStf('expect_any 2, 3 00', 't.stf').errors.length, 1);
    assert.deepEqual(one('port_metadata 4 0x1234'), {
      cmd: 'port_metadata',
      port: 4,
      value: '0x1234',
      fields: [],
      line: 1,
    });
    assert.deepEqual(one('port_metadata 4 vlan:7 zone:0x10'), {
      cmd: 'port_metadata',
      port: 4,
      value: undefined,
      fields: [
        { name: 'vlan', value: '7' },
        { name: 'zone', value: '0x10' },
      ],
      line: 1,
    });
    assert.equal(parseStf('port_metadata 4', 't.stf').errors.length, 1);
    assert.deepEqual(one('port_metadata_delete 4'), { cmd: 'port_metadata_delete', port: 4, line: 1 });
  });
  test('a packet with an odd number of hex digits or non-hex data is an error on its line', () => {
    const r = parseStf('wait\npacket 0 abc\nexpect 1 xyz\npacket 0 0g', 't.stf');
    assert.deepEqual(
      r.errors.map((e) => e.line),
      [2, 3, 4],
    );
    assert.match(r.errors[0]?.message ?? '', /3 hex digits/);
  });
});

describe('STF table commands', () => {
  test('add with priority, every key form, an action call and an id', () => {
    const c = one('add t 5 a.b:0x**01 c:0x10&&&0xf0 d:0x0a000000/8 e:1->9 f:3 act(x:1, y:0x2) = E1');
    assert.equal(c.cmd, 'add');
    if (c.cmd !== 'add') return;
    assert.equal(c.priority, 5);
    assert.equal(c.id, 'E1');
    assert.deepEqual(c.keys, [
      { name: 'a.b', value: { kind: 'value', text: '0x**01' } },
      { name: 'c', value: { kind: 'mask', value: '0x10', mask: '0xf0' } },
      { name: 'd', value: { kind: 'prefix', value: '0x0a000000', length: 8 } },
      { name: 'e', value: { kind: 'range', low: '1', high: '9' } },
      { name: 'f', value: { kind: 'value', text: '3' } },
    ]);
    assert.deepEqual(c.action, {
      name: 'act',
      args: [
        { name: 'x', value: '1' },
        { name: 'y', value: '0x2' },
      ],
    });
  });
  test('the Tofino dialect: space-separated arguments, an action without (), a trailing ;', () => {
    const a = one('add t k:1 act(x:1 y:2);');
    const b = one('add t k:1 drop');
    assert.equal(a.cmd === 'add' && a.action.args.length, 2);
    assert.equal(b.cmd === 'add' && b.action.name, 'drop');
  });
  test('setdefault, remove in its four forms, wait', () => {
    assert.deepEqual(one('setdefault t a()'), {
      cmd: 'setdefault',
      table: 't',
      action: { name: 'a', args: [] },
      line: 1,
    });
    assert.equal(one('remove all').cmd === 'remove' && (one('remove all') as { all: boolean }).all, true);
    assert.deepEqual(
      ['remove E1', 'remove t all', 'remove t 2 k:1'].map((l) => {
        const c = one(l);
        return c.cmd === 'remove' ? [c.table, c.all, c.id, c.priority, c.keys.length] : [];
      }),
      [
        [undefined, false, 'E1', undefined, 0],
        ['t', true, undefined, undefined, 0],
        ['t', false, undefined, 2, 1],
      ],
    );
    assert.equal(one('WAIT').cmd, 'wait');
  });
});

describe('STF checks and direct commands', () => {
  test('check_counter with packets/bytes, every comparison, an entry id, or none', () => {
    const c = one('check_counter c(0x10) bytes >= 22');
    assert.deepEqual(c.cmd === 'check_counter' && [c.index, c.check], [16, { kind: 'bytes', op: '>=', value: 22n }]);
    const d = one('check_counter c($E1) packets = 3');
    assert.deepEqual(d.cmd === 'check_counter' && [d.index, d.check.op], [{ id: 'E1' }, '==']);
    const e = one('check_counter c(4)');
    assert.deepEqual(e.cmd === 'check_counter' && e.check, { kind: undefined, op: '==', value: 0n });
  });
  test('check_register NAME(INDEX) [FIELD] OP VALUE', () => {
    assert.deepEqual(one('check_register ingress.r(3) lo = 0x11'), {
      cmd: 'check_register',
      register: 'ingress.r',
      index: 3,
      field: 'lo',
      op: '==',
      value: 17n,
      line: 1,
    });
  });
  test('bmv2 direct commands', () => {
    const cmds = parseStf(
      [
        'mirroring_add 5 3',
        'mirroring_add_mc 6 1',
        'mirroring_delete 5',
        'mirroring_get 5',
        'mc_mgrp_create 1',
        'mc_node_create 257 6 8',
        'mc_node_update 0 7',
        'mc_node_associate 1 0',
        'mc_node_dissociate 1 0',
        'mc_node_destroy 0',
        'mc_mgrp_destroy 1',
        'counter_read c 1',
        'counter_write c 1 2 3',
        'register_read r 1',
        'register_write r 1 0xff',
        'register_reset r',
        'meter_get_rates m 1',
        'meter_set_rates m 2 0.000005:4 0.00002:5',
        'meter_array_set_rates m 0.000006:7 0.00008:9',
      ].join('\n'),
      't.stf',
    );
    assert.deepEqual(cmds.errors, []);
    assert.equal(cmds.commands.length, 19);
    const node = cmds.commands[5];
    assert.deepEqual(node?.cmd === 'mc_node_create' && node.ports, [6, 8]);
    const rates = cmds.commands[17];
    assert.deepEqual(rates?.cmd === 'meter_set_rates' && rates.rates, [
      { rate: 0.000005, burst: 4 },
      { rate: 0.00002, burst: 5 },
    ]);
  });
});

describe('the STF format', () => {
  test('comments, blank lines and backslash continuation; commands keep their first line', () => {
    const r = parseStf('# header\n\nadd t k:1 a() # why\npacket 0 01 \\\n  02 \\\n  03\nexpect 1 010203', 't.stf');
    assert.deepEqual(r.errors, []);
    assert.deepEqual(
      r.commands.map((c) => [c.cmd, c.line]),
      [
        ['add', 3],
        ['packet', 4],
        ['expect', 7],
      ],
    );
    const p = r.commands[1];
    assert.deepEqual(p?.cmd === 'packet' && [...p.data], [1, 2, 3]);
  });
  test('an unknown command is an error naming its line, and parsing goes on', () => {
    const r = parseStf('wait\nfrobnicate 1 2\nwait\nadd t', 't.stf');
    assert.deepEqual(r.errors, [
      { line: 2, message: "unknown command 'frobnicate'" },
      { line: 4, message: 'add: expected an action name, found the end of the line' },
    ]);
    assert.equal(r.commands.length, 2);
  });
});

describe('STF port and selector-group commands', () => {
  test('BF Runtime field names with or without $, lists, an empty list, refuse', () => {
    const f = parseStf(
      [
        'port_add 28 $SPEED:BF_SPEED_100G port_enable:true n_lanes:4',
        'port_del all',
        'check_port_stat 8 $FramesTransmittedOK >= 1',
        'check_port_status 12 down',
        'selector_group sel 0 max_group_size:4 action_member_id: action_member_status:',
        'check_selector_group sel 0 action_member_id:1,2 action_member_status:1,0',
        'refuse port_mod 28 speed:BF_SPEED_10G',
      ].join('\n'),
      't.stf',
    );
    assert.deepEqual(f.errors, []);
    const c = f.commands;
    assert.deepEqual(c[0], {
      cmd: 'port_add',
      port: 28,
      settings: [
        { name: 'speed', values: ['BF_SPEED_100G'] },
        { name: 'port_enable', values: ['true'] },
        { name: 'n_lanes', values: ['4'] },
      ],
      line: 1,
    });
    assert.deepEqual(c[1], { cmd: 'port_del', port: 'all', line: 2 });
    assert.deepEqual(c[2], {
      cmd: 'check_port_stat',
      port: 8,
      field: 'framestransmittedok',
      op: '>=',
      value: '1',
      line: 3,
    });
    assert.deepEqual(c[3], { cmd: 'check_port_status', port: 12, up: false, line: 4 });
    assert.deepEqual((c[4] as { settings: unknown }).settings, [
      { name: 'max_group_size', values: ['4'] },
      { name: 'action_member_id', values: [] },
      { name: 'action_member_status', values: [] },
    ]);
    assert.deepEqual((c[5] as { settings: unknown }).settings, [
      { name: 'action_member_id', values: ['1', '2'] },
      { name: 'action_member_status', values: ['1', '0'] },
    ]);
    assert.equal((c[6] as { cmd: string; inner: { cmd: string } }).inner.cmd, 'port_mod');
  });

  test('refuse takes only a command that can be refused; bad forms name their line', () => {
    const f = parseStf(
      ['refuse check_port 1 port_up == 1', 'refuse packet 0 00', 'port_del', 'check_port_status 1 sideways'].join('\n'),
      't.stf',
    );
    assert.deepEqual(
      f.errors.map((e) => e.line),
      [1, 2, 3, 4],
    );
  });
});
