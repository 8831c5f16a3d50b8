// `p4ts switch` (the shipped dist/bin/p4ts.js) as a real child process on loopback: a build
// directory holding the engine fixture (p4info.json + a pipeline.js that re-exports the
// hand-written fixture module), entries installed through the control plane (client library and
// `p4ts ctl`), frames sent from host sockets and awaited where they come out. Every test starts
// its own switch, so none depends on another's entries, counters or exit.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { ControlClient, type DigestNotification } from '../../runtime/control/client.js';
import { parseJsonLines } from '../../runtime/trace/json-lines.js';
import { fixtureBuild, guarded, Host, mac, p4ts, type SwitchProcess, startSwitch } from './helpers.js';

const MAC_A = '02:00:00:00:00:aa';
const MAC_B = '02:00:00:00:00:bb';

function frame(dst: string, src: string, etherType: number, payload: number[]): Buffer {
  return Buffer.from([...mac(dst), ...mac(src), etherType >> 8, etherType & 0xff, ...payload]);
}

const ctl = (control: string, ...args: string[]) => p4ts('ctl', '--control', control, ...args);

describe('p4ts switch as a child process', () => {
  let build: string;
  let sw: SwitchProcess;
  let hosts: Host[] = [];
  let client: ControlClient;

  let remove = () => {};
  before(() => {
    ({ dir: build, remove } = fixtureBuild('p4ts-switch-'));
  });
  after(() => remove());

  let out = '';
  let runs = 0;

  beforeEach(async () => {
    hosts = await Promise.all([Host.open(), Host.open(), Host.open()]);
    out = join(build, `run-${++runs}`);
    mkdirSync(out);
    sw = await startSwitch(build, hosts, ['--pcap', out, '--trace', join(out, 'trace.jsonl')]);
    const c = await ControlClient.connect({ port: Number(sw.control.split(':')[1]) });
    if (!c.ok) throw new Error(c.message);
    client = c.value;
  });

  afterEach(async () => {
    await client?.close();
    await sw?.stop();
    for (const h of hosts) h.close();
  });

  test('the switch reports its bound ports and control address', () => {
    assert.deepEqual(Object.keys(sw.ports), ['1', '2', '3']);
    assert.match(sw.control, /^127\.0\.0\.1:\d+$/);
  });

  test('an entry installed through the control plane forwards frames from host 1 to host 2', async () => {
    const add = await client.tableAdd('forward', [MAC_B], 'set_port', { port: 2 });
    assert.ok(add.ok, add.ok ? '' : add.message);
    const f = frame(MAC_B, MAC_A, 0x88b5, [1, 2, 3, 4, 5, 6]);
    sw.send(hosts, 0, f);
    assert.deepEqual(await (hosts[1] as Host).frame(0), f);
  });

  test('`p4ts ctl` takes its options before or after the words: mirror session, ternary entry, dump', async () => {
    // Options first, then the words: --port/--session must not swallow `mirror add`.
    const m = await p4ts(
      'ctl',
      '--session',
      '10',
      '--port',
      '3',
      '--control',
      sw.control,
      'mirror',
      'add',
      '--direction',
      'ingress',
    );
    assert.equal(m.code, 0, m.stderr);
    // Repeatable --match/--param before the table name: they must not swallow it.
    const t = await ctl(
      sw.control,
      'table',
      'add',
      '--match',
      `hdr.ethernet.src_addr=${MAC_A}&&&ff:ff:ff:ff:ff:ff`,
      '--param',
      'session=10',
      'mirror_select',
      '--priority',
      '1',
      '--action',
      'mirror_i2e',
    );
    assert.equal(t.code, 0, t.stderr);
    const f1 = await ctl(
      sw.control,
      'table',
      'add',
      '--match',
      `hdr.ethernet.dst_addr=${MAC_B}`,
      'forward',
      '--action',
      'set_port',
      '--param',
      'port=2',
    );
    assert.equal(f1.code, 0, f1.stderr);
    const d = await ctl(sw.control, 'table', 'dump', 'forward');
    assert.equal(d.code, 0, d.stderr);
    assert.equal((JSON.parse(d.stdout) as { entries: unknown[] }).entries.length, 1);
    const ms = await ctl(sw.control, 'table', 'dump', 'mirror_select');
    assert.equal((JSON.parse(ms.stdout) as { entries: unknown[] }).entries.length, 1);
    const bad = await ctl(sw.control, 'table', 'dump', 'nope');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /INVALID_TABLE_NAME/);
    sw.send(hosts, 0, frame(MAC_B, MAC_A, 0x88b5, [9, 9, 9]));
    const copy = await (hosts[2] as Host).frame(0, 'the mirror copy on host 3');
    assert.equal(copy[11], 2, 'the egress saw the I2E mirror header');
  });

  test('`p4ts ctl` exits 2 with the usage for bad arguments and when no switch answers', async () => {
    const bad = await ctl(sw.control, 'table', 'add', 'forward', '--priority', 'high');
    assert.equal(bad.code, 2, bad.stderr);
    const none = await p4ts('ctl', 'table', 'dump', 'forward', '--control', 'not-an-address');
    assert.equal(none.code, 2, none.stderr);
    assert.doesNotMatch(none.stderr, /at .*\.js:\d+/, 'no stack trace');
  });

  test('a digest reaches a subscribed client', async () => {
    const got: DigestNotification[] = [];
    let arrive = () => {};
    const arrived = new Promise<void>((r) => {
      arrive = r;
    });
    const sub = await client.watchDigests((d) => {
      got.push(d);
      arrive();
    });
    assert.ok(sub.ok);
    sw.send(hosts, 2, frame(MAC_B, '02:00:00:00:00:cc', 0x88b7, [0]));
    await guarded('a digest', arrived);
    assert.deepEqual(got[0]?.fields, { src_addr: '0x200000000cc', ingress_port: 3 });
  });

  test('malformed frames are dropped and counted; the register counts the packets; the switch keeps running', async () => {
    const add = await client.tableAdd('forward', [MAC_B], 'set_port', { port: 2 });
    assert.ok(add.ok);
    sw.send(hosts, 0, Buffer.from([1, 2, 3]));
    sw.send(hosts, 0, frame(MAC_B, MAC_A, 0x0800, [0x45]));
    sw.send(hosts, 0, frame(MAC_B, MAC_A, 0x88b5, [1]));
    sw.send(hosts, 0, frame(MAC_B, MAC_A, 0x88b5, [2]));
    // Frames from one socket are handled in order: once the last is out, the first two were seen.
    await (hosts[1] as Host).frame(1, 'the second good frame on host 2');
    type Stats = { malformedFrames: number; engine: { drops: Record<string, number> } };
    const r = await client.call<Stats>('ports.stats');
    assert.ok(r.ok);
    assert.equal(r.value.malformedFrames, 1);
    assert.equal(r.value.engine.drops.ingress_parser_error, 1);
    const reg = await client.registerRead('port_pkts', 1);
    assert.ok(reg.ok);
    assert.deepEqual(reg.value.values, [2]);
    assert.equal(sw.child.exitCode, null);
  });

  test('SIGTERM closes the switch cleanly: exit 0, pcap files and the trace written', async () => {
    const add = await client.tableAdd('forward', [MAC_B], 'set_port', { port: 2 });
    assert.ok(add.ok);
    sw.send(hosts, 0, frame(MAC_B, MAC_A, 0x88b5, [7]));
    await (hosts[1] as Host).frame(0);
    await client.close();
    assert.equal(await sw.stop(), 0, sw.stderr());
    const files = readdirSync(out);
    assert.ok(files.includes('port1-in.pcap'), files.join(' '));
    assert.ok(files.includes('port2-out.pcap'), files.join(' '));
    const { events, badLines } = parseJsonLines(readFileSync(join(out, 'trace.jsonl'), 'utf8'));
    assert.deepEqual(badLines, []);
    assert.ok(events.some((e) => e.event === 'packetOut' && e.port === 2));
  });
});
