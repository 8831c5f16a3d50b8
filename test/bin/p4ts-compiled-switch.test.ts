// `p4ts compile` then `p4ts switch` as real processes on loopback: the L2/L3 example
// (p4/examples/tna-l2l3.p4) is compiled to a build directory, served by a switch process,
// given entries with `p4ts ctl`, and frames sent from host sockets come out where the
// program says: L2 forwarding unchanged, L3 routing with a new MAC, TTL - 1 and a correct
// IPv4 checksum, and a corrupted checksum dropped.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Host, mac, p4ts, ROOT, type SwitchProcess, startSwitch } from './helpers.js';

const PROGRAM = join(ROOT, 'p4', 'examples', 'tna-l2l3.p4');

function checksum(h: number[]): number {
  let s = 0;
  for (let i = 0; i < h.length; i += 2) s += ((h[i] as number) << 8) | (h[i + 1] as number);
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return ~s & 0xffff;
}

function ipv4Frame(dst: string, src: string, ipDst: number[], ttl: number, corrupt = false): Buffer {
  const ip = [0x45, 0, 0, 28, 0, 1, 0, 0, ttl, 17, 0, 0, 10, 0, 1, 2, ...ipDst];
  const ck = checksum(ip) ^ (corrupt ? 1 : 0);
  ip[10] = ck >> 8;
  ip[11] = ck & 0xff;
  return Buffer.from([...mac(dst), ...mac(src), 0x08, 0x00, ...ip, 0x30, 0x39, 0x1f, 0x90, 0, 8, 0, 0]);
}

describe('p4ts compile + p4ts switch as child processes', () => {
  let dir: string;
  let build: string;
  let sw: SwitchProcess;
  let hosts: Host[] = [];

  // Shared by the tests: the build and the switch with its entries. The tests only send frames
  // and await the next one on a host, so they pass in any order.
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'p4ts-compiled-'));
    build = join(dir, 'build');
    // Options before the program: -o must not swallow it.
    const c = await p4ts('compile', '-o', build, '--quiet', PROGRAM);
    assert.equal(c.code, 0, c.stderr);
    hosts = await Promise.all([Host.open(), Host.open(), Host.open()]);
    sw = await startSwitch(build, hosts);
    for (const args of [
      [
        'table',
        'add',
        'SwitchIngress.dmac',
        '--match',
        'hdr.ethernet.dst_addr=00:00:00:00:02:02',
        '--action',
        'SwitchIngress.l2_forward',
        '--param',
        'port=2',
      ],
      [
        'table',
        'add',
        'SwitchIngress.dmac',
        '--match',
        'hdr.ethernet.dst_addr=00:00:00:00:00:fe',
        '--action',
        'SwitchIngress.l3_route',
      ],
      [
        'table',
        'add',
        'SwitchIngress.ipv4_lpm',
        '--match',
        'hdr.ipv4.dst_addr=10.0.3.0/24',
        '--action',
        'SwitchIngress.next_hop',
        '--param',
        'port=3',
        '--param',
        'dst_mac=00:00:00:00:03:02',
      ],
    ]) {
      const r = await p4ts('ctl', '--control', sw.control, ...args);
      assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}${r.stdout}`);
    }
  });

  after(async () => {
    await sw?.stop();
    for (const h of hosts) h.close();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  test('p4ts compile wrote pipeline.js, pipeline.d.ts and p4info.json', () => {
    for (const f of ['pipeline.js', 'pipeline.d.ts', 'p4info.json']) assert.ok(existsSync(join(build, f)), f);
  });

  test('an L2 frame to a known MAC leaves on its port unchanged', async () => {
    const port2 = hosts[1] as Host;
    const next = port2.frames.length;
    const f = Buffer.from([...mac('00:00:00:00:02:02'), ...mac('00:00:00:00:01:02'), 0x88, 0xb5, 1, 2, 3, 4]);
    sw.send(hosts, 0, f);
    assert.deepEqual(await port2.frame(next, 'the frame on port 2'), f);
  });

  test('a routed IPv4 frame gets the next hop MAC, the router MAC, TTL - 1 and a correct checksum', async () => {
    const port3 = hosts[2] as Host;
    const next = port3.frames.length;
    sw.send(hosts, 0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 5], 64));
    const out = await port3.frame(next, 'the frame on port 3');
    assert.deepEqual([...out.subarray(0, 12)], [...mac('00:00:00:00:03:02'), ...mac('00:00:00:00:00:fe')]);
    assert.equal(out[14 + 8], 63);
    assert.equal(checksum([...out.subarray(14, 34)]), 0);
  });

  test('a routed frame with a corrupted IPv4 checksum is dropped', async () => {
    const port3 = hosts[2] as Host;
    const next = port3.frames.length;
    sw.send(hosts, 0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 6], 64, true));
    sw.send(hosts, 0, ipv4Frame('00:00:00:00:00:fe', '00:00:00:00:01:02', [10, 0, 3, 7], 64));
    // One socket's frames are handled in order: the first to come out must be the good one.
    const out = await port3.frame(next, 'the good frame');
    assert.equal(out[33], 7, 'the corrupted frame (…3.6) came out');
  });
});
