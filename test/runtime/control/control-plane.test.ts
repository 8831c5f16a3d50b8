import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { ControlClient } from '../../../runtime/control/client.js';
import type { P4Info } from '../../../runtime/p4info.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { ENGINE_FIXTURE } from '../fixtures/engine-fixture-pipeline.js';

// The fixture's p4info plus objects the fixture pipeline does not use, so that every control
// method has something to act on (the pipeline takes its objects by position: appended ones
// change nothing for it).
const P4INFO: P4Info = {
  ...ENGINE_FIXTURE.p4info,
  actions: [
    ...ENGINE_FIXTURE.p4info.actions,
    { id: 0x01000010, name: 'Ingress.set_tag', params: [{ id: 1, name: 'tag', width: 8 }] },
  ],
  tables: [
    ...ENGINE_FIXTURE.p4info.tables,
    {
      id: 0x02000010,
      name: 'Ingress.const_tbl',
      gress: 'ingress',
      keys: [{ id: 1, name: 'hdr.ipv4.dst_addr', width: 32, matchKind: 'lpm' }],
      actions: [{ id: 0x01000010, name: 'Ingress.set_tag' }],
      size: 4,
      constEntries: [{ match: ['10.0.0.0/8'], action: 'Ingress.set_tag', params: [1] }],
      defaultAction: { action: 'Ingress.set_tag', params: [0], isConst: true },
    },
    {
      id: 0x02000011,
      name: 'Ingress.tiny',
      gress: 'ingress',
      keys: [{ id: 1, name: 'hdr.ipv4.protocol', width: 8, matchKind: 'range' }],
      actions: [{ id: 0x01000010, name: 'Ingress.set_tag' }],
      size: 2,
    },
  ],
  registers: [
    ...ENGINE_FIXTURE.p4info.registers,
    { id: 0x40000010, name: 'Ingress.pair', width: 16, signed: false, paired: true, size: 8, initial: 5 },
    { id: 0x40000011, name: 'Ingress.signed8', width: 8, signed: true, paired: false, size: 4 },
  ],
  counters: [{ id: 0x12000001, name: 'Ingress.port_counter', type: 'PACKETS_AND_BYTES', size: 16 }],
  directResources: [
    { id: 0x13000001, name: 'Ingress.forward_hits', kind: 'counter', table: 'Ingress.forward', type: 'PACKETS' },
  ],
  valueSets: [{ id: 0x03000001, name: 'IgParser.tunnel_ports', size: 2, fields: [{ name: 'port', width: 16 }] }],
};

let sw: RunningSwitch;
let client: ControlClient;

before(async () => {
  const r = await startSwitch({ pipeline: { ...ENGINE_FIXTURE, p4info: P4INFO }, ports: { 1: {}, 2: {}, 3: {} } });
  if (!r.ok) throw new Error(r.message);
  sw = r.value;
  const c = await ControlClient.connect({ port: sw.control?.port ?? 0 });
  if (!c.ok) throw new Error(c.message);
  client = c.value;
});

after(async () => {
  await client?.close();
  await sw?.close();
});

async function expectOk(method: string, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const r = await client.call<Record<string, unknown>>(method, params);
  assert.ok(r.ok, `${method} failed: ${r.ok ? '' : `${r.code} ${r.message}`}`);
  return r.value;
}

async function expectError(code: string, method: string, params: Record<string, unknown> = {}): Promise<string> {
  const r = await client.call(method, params);
  assert.equal(r.ok, false, `${method} ${JSON.stringify(params)} should fail with ${code}`);
  assert.equal(r.ok ? '' : r.code, code, r.ok ? '' : r.message);
  return r.ok ? '' : r.message;
}

/** Everything the control plane can change, as JSON, to show refused requests change nothing. */
async function snapshot(): Promise<string> {
  const parts = [];
  for (const t of P4INFO.tables) parts.push(await expectOk('table.dump', { table: t.name }));
  for (const r of P4INFO.registers) parts.push(await expectOk('register.read', { register: r.name }));
  parts.push(await expectOk('counter.read', { counter: 'port_counter' }));
  parts.push(await expectOk('mirror.list'));
  parts.push(await expectOk('multicast.list'));
  return JSON.stringify(parts);
}

describe('control plane: tables', () => {
  test('table.add, dump, modify, setDefault, delete and clear by P4 names (short names resolve)', async () => {
    const add = await expectOk('table.add', {
      table: 'forward',
      match: { 'hdr.ethernet.dst_addr': '02:00:00:00:00:bb' },
      action: 'set_port',
      params: { port: 2 },
    });
    assert.equal(typeof add.handle, 'number');
    const dump = await expectOk('table.dump', { table: 'Ingress.forward' });
    assert.deepEqual(dump.entries, [
      {
        handle: add.handle,
        match: { 'hdr.ethernet.dst_addr': '0x200000000bb' },
        action: 'Ingress.set_port',
        params: { port: 2 },
      },
    ]);
    await expectOk('table.modify', { table: 'forward', handle: add.handle, action: 'Ingress.set_port', params: [3] });
    await expectOk('table.setDefault', { table: 'forward', action: 'set_mcast', params: { grp: 9 } });
    const d2 = await expectOk('table.dump', { table: 'forward' });
    assert.deepEqual((d2.entries as { params: unknown }[])[0]?.params, { port: 3 });
    assert.deepEqual(d2.defaultAction, { action: 'Ingress.set_mcast', params: { grp: 9 } });
    await expectOk('table.delete', { table: 'forward', match: ['0x0200000000bb'] });
    await expectOk('table.add', {
      table: 'mirror_select',
      match: [{ value: 0, mask: 0 }],
      priority: 3,
      action: 'mirror_i2e',
      params: [7],
    });
    const cleared = await expectOk('table.clear', { table: 'mirror_select' });
    assert.equal(cleared.deleted, 1);
    await expectOk('table.setDefault', { table: 'forward', action: 'drop' });
  });

  test('const entries are dumped and refuse changes; a const default action cannot be replaced', async () => {
    const d = await expectOk('table.dump', { table: 'const_tbl' });
    assert.deepEqual(d.entries, [
      {
        handle: 1,
        match: { 'hdr.ipv4.dst_addr': { value: 0x0a000000, prefixLen: 8 } },
        action: 'Ingress.set_tag',
        params: { tag: 1 },
        const: true,
      },
    ]);
    await expectError('CONST_TABLE', 'table.add', {
      table: 'const_tbl',
      match: ['11.0.0.0/8'],
      action: 'set_tag',
      params: [2],
    });
    await expectError('CONST_DEFAULT_ACTION', 'table.setDefault', {
      table: 'const_tbl',
      action: 'set_tag',
      params: [2],
    });
  });

  test('every table error names its problem and changes nothing', async () => {
    await expectOk('table.add', { table: 'forward', match: [1], action: 'drop' });
    const before = await snapshot();
    const m = await expectError('INVALID_TABLE_NAME', 'table.add', { table: 'nope', match: [1], action: 'drop' });
    assert.match(m, /no table named nope/);
    await expectError('BAD_MATCH_KEY', 'table.add', { table: 'forward', match: ['0x1000000000000'], action: 'drop' });
    await expectError('BAD_MATCH_KEY', 'table.add', { table: 'forward', match: { 'hdr.eth.dst': 1 }, action: 'drop' });
    await expectError('BAD_MATCH_KEY', 'table.add', { table: 'forward', match: [1, 2], action: 'drop' });
    await expectError('DUPLICATE_ENTRY', 'table.add', { table: 'forward', match: [1], action: 'drop' });
    await expectError('BAD_ACTION', 'table.add', { table: 'forward', match: [2], action: 'mirror_i2e', params: [1] });
    await expectError('BAD_ACTION_PARAMS', 'table.add', {
      table: 'forward',
      match: [2],
      action: 'set_port',
      params: [600],
    });
    await expectError('BAD_ACTION_PARAMS', 'table.add', {
      table: 'forward',
      match: [2],
      action: 'set_port',
      params: { prt: 1 },
    });
    await expectError('BAD_PRIORITY', 'table.add', {
      table: 'mirror_select',
      match: [{ value: 0, mask: 0 }],
      action: 'NoAction',
    });
    await expectError('BAD_PRIORITY', 'table.add', { table: 'forward', match: [2], priority: 1, action: 'drop' });
    await expectError('NO_SUCH_ENTRY', 'table.delete', { table: 'forward', match: [99] });
    await expectError('NO_SUCH_ENTRY', 'table.modify', { table: 'forward', handle: 12345, action: 'drop' });
    await expectError('INVALID_PARAMS', 'table.dump', {});
    assert.equal(await snapshot(), before);
    await expectOk('table.delete', { table: 'forward', match: [1] });
  });

  test('a full table refuses more entries (TABLE_FULL)', async () => {
    await expectOk('table.add', {
      table: 'tiny',
      match: [{ low: 0, high: 5 }],
      priority: 1,
      action: 'set_tag',
      params: [1],
    });
    await expectOk('table.add', {
      table: 'tiny',
      match: [{ low: 6, high: 9 }],
      priority: 1,
      action: 'set_tag',
      params: [1],
    });
    await expectError('TABLE_FULL', 'table.add', {
      table: 'tiny',
      match: [{ low: 10, high: 11 }],
      priority: 1,
      action: 'set_tag',
      params: [1],
    });
    await expectOk('table.clear', { table: 'tiny' });
  });
});

describe('control plane: registers and counters', () => {
  test('register.write then read one index and a range; reset restores the initial value', async () => {
    await expectOk('register.write', { register: 'port_pkts', range: [3, 5], value: 42 });
    const r = await expectOk('register.read', { register: 'port_pkts', range: '2..6' });
    assert.deepEqual(r, { register: 'Ingress.port_pkts', from: 2, values: [0, 42, 42, 42, 0] });
    await expectOk('register.write', { register: 'pair', index: 1, value: [1, '0x10'] });
    assert.deepEqual((await expectOk('register.read', { register: 'pair', index: 1 })).values, [[1, 16]]);
    await expectOk('register.reset', { register: 'pair', index: 1 });
    assert.deepEqual((await expectOk('register.read', { register: 'pair', index: 1 })).values, [[5, 5]]);
    await expectOk('register.write', { register: 'signed8', index: 0, value: -3 });
    assert.deepEqual((await expectOk('register.read', { register: 'signed8', index: 0 })).values, [-3]);
    await expectOk('register.reset', { register: 'port_pkts' });
    await expectOk('register.reset', { register: 'signed8' });
  });

  test('register and counter errors change nothing', async () => {
    const before = await snapshot();
    await expectError('INVALID_REGISTER_NAME', 'register.read', { register: 'nope' });
    await expectError('BAD_INDEX', 'register.read', { register: 'port_pkts', index: 512 });
    await expectError('BAD_INDEX', 'register.read', { register: 'port_pkts', range: [5, 2] });
    await expectError('BAD_INDEX', 'register.write', { register: 'port_pkts', value: 1 });
    await expectError('BAD_VALUE', 'register.write', { register: 'port_pkts', index: 0, value: 2 ** 32 });
    await expectError('BAD_VALUE', 'register.write', { register: 'signed8', index: 0, value: 128 });
    await expectError('BAD_VALUE', 'register.write', { register: 'pair', index: 0, value: 1 });
    await expectError('BAD_VALUE', 'register.write', { register: 'port_pkts', index: 0, value: 'many' });
    await expectError('INVALID_COUNTER_NAME', 'counter.read', { counter: 'nope' });
    await expectError('BAD_INDEX', 'counter.read', { counter: 'port_counter', index: 16 });
    assert.equal(await snapshot(), before);
  });

  test('counter.read of an indexed and a direct counter; counter.reset', async () => {
    const r = await expectOk('counter.read', { counter: 'port_counter', index: 3 });
    assert.deepEqual(r.values, [{ packets: 0, bytes: 0 }]);
    const d = await expectOk('counter.read', { counter: 'forward_hits', handle: 0 });
    assert.deepEqual(d.value, { packets: 0, bytes: 0 });
    await expectOk('counter.reset', { counter: 'port_counter' });
    await expectOk('counter.reset', { counter: 'port_counter', range: [0, 3] });
  });
});

describe('control plane: traffic manager, value sets, digests, info', () => {
  test('mirror sessions and multicast groups are added, listed and deleted', async () => {
    await expectOk('mirror.add', { session: 5, egressPort: 68, direction: 'egress' });
    await expectOk('mirror.add', { session: 6, egressPort: 2, maxLen: 64 });
    await expectOk('mirror.add', { session: 8, group: 3 });
    assert.deepEqual((await expectOk('mirror.list')).sessions, [
      { id: 5, direction: 'egress', egressPort: 68, maxLen: 0 },
      { id: 6, direction: 'both', egressPort: 2, maxLen: 64 },
      { id: 8, direction: 'both', egressPort: 0, maxLen: 0, multicastGroup: 3 },
    ]);
    await expectOk('multicast.create', { group: 3, nodes: [{ rid: 1, ports: [1, 2] }] });
    assert.deepEqual((await expectOk('multicast.list')).groups, [{ id: 3, nodes: [{ rid: 1, ports: [1, 2] }] }]);
    const before = await snapshot();
    await expectError('INVALID_PORT', 'mirror.add', { session: 7, egressPort: 9 });
    await expectError('INVALID_MIRROR_SESSION', 'mirror.add', { session: 4000, egressPort: 1 });
    await expectError('INVALID_MIRROR_SESSION', 'mirror.add', { session: 7, egressPort: 1, direction: 'up' });
    await expectError('DUPLICATE_MIRROR_SESSION', 'mirror.add', { session: 5, egressPort: 1 });
    await expectError('INVALID_MULTICAST_GROUP', 'mirror.add', { session: 7, group: 0 });
    await expectError('INVALID_MIRROR_SESSION', 'mirror.add', { session: 7, group: 3, egressPort: 1 });
    await expectError('NO_SUCH_MIRROR_SESSION', 'mirror.delete', { session: 99 });
    await expectError('INVALID_MULTICAST_GROUP', 'multicast.create', { group: 0, nodes: [] });
    await expectError('INVALID_MULTICAST_GROUP', 'multicast.create', { group: 4, nodes: [{ rid: -1, ports: [] }] });
    await expectError('INVALID_PORT', 'multicast.create', { group: 4, nodes: [{ rid: 1, ports: [1, 77] }] });
    await expectError('DUPLICATE_MULTICAST_GROUP', 'multicast.create', { group: 3, nodes: [] });
    await expectError('NO_SUCH_MULTICAST_GROUP', 'multicast.delete', { group: 4 });
    assert.equal(await snapshot(), before);
    await expectOk('mirror.delete', { session: 5 });
    await expectOk('mirror.delete', { session: 6 });
    await expectOk('multicast.delete', { group: 3 });
  });

  test('valueSet.set fills a parser value set; a bad name or member is refused', async () => {
    await expectOk('valueSet.set', {
      valueSet: 'tunnel_ports',
      members: [{ value: 4789 }, { value: '0x1000', mask: '0xf000' }],
    });
    await expectError('INVALID_VALUE_SET_NAME', 'valueSet.set', { valueSet: 'nope', members: [] });
    await expectError('BAD_VALUE_SET', 'valueSet.set', {
      valueSet: 'tunnel_ports',
      members: [{ value: 1 }, { value: 2 }, { value: 3 }],
    });
    await expectError('BAD_VALUE_SET', 'valueSet.set', { valueSet: 'tunnel_ports', members: [{ value: 70000 }] });
  });

  test('switch.info and ports.stats describe the program and its ports', async () => {
    const info = await expectOk('switch.info');
    assert.equal(info.program, 'engine-fixture');
    assert.deepEqual(Object.keys((info.ports as { frontPanel: object }).frontPanel), ['1', '2', '3']);
    const stats = await expectOk('ports.stats');
    assert.deepEqual(Object.keys(stats.ports as object), ['1', '2', '3']);
    assert.equal((stats.engine as { received: number }).received, 0);
  });

  test('digest subscriptions: bad names refused, unknown subscriptions refused', async () => {
    await expectError('INVALID_DIGEST_NAME', 'digest.subscribe', { digests: ['nope'] });
    const s = await expectOk('digest.subscribe', { digests: ['learn'] });
    await expectOk('digest.unsubscribe', { subscription: s.subscription });
    await expectError('NO_SUCH_SUBSCRIPTION', 'digest.unsubscribe', { subscription: s.subscription });
    await expectError('METHOD_NOT_FOUND', 'table.explode');
    await expectError('METHOD_NOT_FOUND', '__proto__');
  });
});

describe('control plane: the wire', () => {
  let raw: Socket;
  let received = '';
  const lines = async (n: number): Promise<Record<string, unknown>[]> => {
    const deadline = Date.now() + 5000;
    while (received.split('\n').filter(Boolean).length < n && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 5));
    const got = received.split('\n').filter(Boolean);
    received = '';
    return got.map((l) => JSON.parse(l) as Record<string, unknown>);
  };
  before(async () => {
    raw = connect({ host: '127.0.0.1', port: sw.control?.port ?? 0 });
    raw.setEncoding('utf8');
    raw.on('data', (d: string) => {
      received += d;
    });
    await new Promise((r) => raw.once('connect', r));
  });
  after(() => {
    raw.destroy();
  });

  test('malformed lines get JSON-RPC errors with a data.code; notifications get no answer; batches get arrays', async () => {
    raw.write('{not json\n');
    raw.write('[]\n');
    raw.write('{"jsonrpc":"1.0","id":1,"method":"switch.info"}\n');
    raw.write('{"jsonrpc":"2.0","id":2,"method":"table.dump","params":5}\n');
    raw.write('{"jsonrpc":"2.0","id":3,"method":"table.dump","params":["forward"]}\n');
    raw.write('{"jsonrpc":"2.0","method":"switch.info"}\n');
    raw.write('[{"jsonrpc":"2.0","id":4,"method":"switch.info"},{"jsonrpc":"2.0","id":5,"method":"nope"}]\n');
    const got = await lines(6);
    const codes = got.slice(0, 5).map((m) => (m.error as { data: { code: string } } | undefined)?.data.code);
    assert.deepEqual(codes, ['PARSE_ERROR', 'INVALID_REQUEST', 'INVALID_REQUEST', 'INVALID_REQUEST', 'INVALID_PARAMS']);
    assert.equal((got[0]?.error as { code: number } | undefined)?.code, -32700);
    const batch = got[5] as unknown as Record<string, unknown>[];
    assert.ok(Array.isArray(batch));
    assert.equal(batch[0]?.id, 4);
    assert.equal((batch[1]?.error as { data: { code: string } } | undefined)?.data.code, 'METHOD_NOT_FOUND');
  });

  test('a line longer than the limit is answered with LINE_TOO_LONG and the connection goes on', async () => {
    raw.write(`{"jsonrpc":"2.0","id":1,"method":"${'x'.repeat(1 << 21)}"}\n`);
    raw.write('{"jsonrpc":"2.0","id":9,"method":"mirror.list"}\n');
    const got = await lines(2);
    assert.equal((got[0]?.error as { data: { code: string } } | undefined)?.data.code, 'LINE_TOO_LONG');
    assert.equal(got[1]?.id, 9);
  });

  test('fuzzed lines never crash the server and change nothing', async () => {
    const before = await snapshot();
    const methods = [
      'table.add',
      'table.delete',
      'register.write',
      'mirror.add',
      'multicast.create',
      'counter.reset',
      'table.setDefault',
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.json(),
          fc
            .record({
              jsonrpc: fc.constant('2.0'),
              id: fc.integer(),
              method: fc.constantFrom(...methods),
              params: fc.dictionary(
                fc.constantFrom('table', 'register', 'match', 'action', 'params', 'index', 'value', 'session', 'nodes'),
                fc.oneof(fc.jsonValue(), fc.constant('nope'), fc.constant([{ value: 'x' }])),
              ),
            })
            .map((o) => JSON.stringify(o)),
        ),
        async (line) => {
          raw.write(`${line.replaceAll('\n', ' ')}\n`);
        },
      ),
      { numRuns: 300 },
    );
    raw.write('{"jsonrpc":"2.0","id":"last","method":"switch.info"}\n');
    const deadline = Date.now() + 5000;
    while (!received.includes('"id":"last"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.ok(received.includes('"id":"last"'), 'the server still answers');
    received = '';
    assert.equal(await snapshot(), before);
  });
});
