// The NetMigrate controller against the compiled NetMigrate program in an in-process switch:
// INIT and TERMINATE arrive as real frames (the switch raises the digest), the controller's
// entries are read back over the control plane, and requests are sent through the switch to
// see where they come out. Also: idempotence, restart, the baselines' shard redirect, and
// host specs.

import assert from 'node:assert/strict';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  type ControllerEvent,
  type HostEntry,
  NetMigrateController,
  parseHostSpec,
} from '../../../cluster/controller/index.js';
import { ensureNetMigrateBuild } from '../../../cluster/netmigrate-build.js';
import { ControlClient } from '../../../runtime/control/client.js';
import { type RunningSwitch, startSwitch } from '../../../runtime/switch.js';
import { parseIpv4, parseMac } from '../../../wire/addresses.js';
import { decodeMessage, encodeMessage } from '../../../wire/codec.js';
import { decodeFrame, FRAME_HEADER_BYTES, writeFrameHeaders } from '../../../wire/frame.js';
import type { MgMessage } from '../../../wire/message.js';
import { Op } from '../../../wire/ops.js';

const ip = (s: string) => parseIpv4(s) as number;
const mac = (s: string) => parseMac(s) as number;

const SOURCE: HostEntry = { name: 'source', ip: ip('10.0.0.1'), mac: mac('02:00:00:00:00:01'), port: 1 };
const DEST: HostEntry = { name: 'destination', ip: ip('10.0.0.2'), mac: mac('02:00:00:00:00:02'), port: 2 };
const CLIENT: HostEntry = { name: 'client', ip: ip('10.0.1.1'), mac: mac('02:00:00:00:01:01'), port: 3 };
const HOSTS = [SOURCE, DEST, CLIENT];
const SRC_DB = 6380;
const DST_DB = 7380;

interface Host {
  socket: Socket;
  frames: Uint8Array[];
}

async function openHost(): Promise<Host> {
  const socket = createSocket('udp4');
  const frames: Uint8Array[] = [];
  socket.on('message', (m) => frames.push(new Uint8Array(m)));
  await new Promise<void>((r) => socket.bind(0, '127.0.0.1', () => r()));
  return { socket, frames };
}

function frame(from: HostEntry, to: HostEntry, msg: MgMessage, udpSrc = 0xbe80, udpDst = 0xbe80): Buffer {
  const buf = new Uint8Array(1600);
  const n = encodeMessage(msg, buf, FRAME_HEADER_BYTES);
  assert.equal(typeof n, 'number');
  const len = writeFrameHeaders(
    buf,
    { dstMac: to.mac, srcMac: from.mac, srcIp: from.ip, dstIp: to.ip, srcPort: udpSrc, dstPort: udpDst },
    n as number,
  );
  return Buffer.from(buf.subarray(0, len));
}

const pairMessage = (op: typeof Op.INIT | typeof Op.TERMINATE, sizeExp = 10, remainExp = 0): MgMessage => ({
  op,
  seq: 1n,
  dbPort: DST_DB,
  srcAddr: SOURCE.ip,
  srcPort: SRC_DB,
  dstAddr: DEST.ip,
  dstPort: DST_DB,
  sizeExp,
  remainExp,
});

const readRequest = (key: number): MgMessage => ({ op: Op.READ, seq: 7n, dbPort: SRC_DB, bitmap: 1, ver: 0, key });

async function waitFor<T>(what: string, get: () => T | undefined, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('NetMigrate controller', () => {
  let dir: string;
  let sw: RunningSwitch;
  let cp: ControlClient;
  let controller: NetMigrateController;
  const hosts = new Map<number, Host>();
  const events: ControllerEvent[] = [];

  const send = (port: number, f: Buffer) => {
    const to = sw.ports.get(port);
    assert.ok(to);
    hosts.get(port)?.socket.send(f, to.port, to.address);
  };
  const connect = async () => {
    const c = await ControlClient.connect({ port: sw.control?.port ?? 0 });
    assert.ok(c.ok);
    return c.value;
  };
  const dump = async (table: string) => {
    const r = await cp.call<{
      entries: { match: Record<string, unknown>; action: string; params: Record<string, unknown> }[];
    }>('table.dump', { table });
    assert.ok(r.ok, r.ok ? '' : r.message);
    return r.value.entries;
  };
  const sessions = async () => {
    const r = await cp.call<{ sessions: { id: number; direction: string; egressPort: number }[] }>('mirror.list');
    assert.ok(r.ok);
    return r.value.sessions;
  };
  const nextEvent = (kind: ControllerEvent['kind'], from = events.length) =>
    waitFor(kind, () => events.slice(from).find((e) => e.kind === kind));

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nm-controller-'));
    const built = await ensureNetMigrateBuild({ buildDir: join(dir, 'netmigrate') });
    assert.ok(built.ok, built.ok ? '' : built.message);
    for (const h of HOSTS) hosts.set(h.port, await openHost());
    const ports: Record<number, { peer: { address: string; port: number } }> = {};
    for (const h of HOSTS)
      ports[h.port] = { peer: { address: '127.0.0.1', port: hosts.get(h.port)?.socket.address().port ?? 0 } };
    const s = await startSwitch({ pipeline: built.value.dir, ports });
    assert.ok(s.ok, s.ok ? '' : s.message);
    sw = s.value;
    cp = await connect();
    // A filter cell left over from an earlier run: a controller starting with no migration clears it.
    assert.ok((await cp.call('register.write', { register: 'filter_1.counting_filter', index: 3, value: 5 })).ok);
    const c = await NetMigrateController.start({ control: await connect(), hosts: HOSTS });
    assert.ok(c.ok, c.ok ? '' : c.message);
    controller = c.value;
    controller.onEvent((e) => events.push(e));
  });

  after(async () => {
    await controller?.close();
    await cp?.close();
    await sw?.close();
    for (const h of hosts.values()) h.socket.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('at start every host gets a /32 route to its port, and the walk session goes to the recirculation port', async () => {
    const routes = await dump('NmIngress.ipv4_route');
    assert.equal(routes.length, 3);
    for (const h of HOSTS) {
      const r = routes.find((e) => (e.match['hdr.ipv4.dst_addr'] as { value: number }).value === h.ip);
      assert.deepEqual(r?.params, { port: h.port });
    }
    assert.deepEqual(
      (await sessions()).find((s) => s.id === 1),
      { id: 1, direction: 'egress', egressPort: 68, maxLen: 0 },
    );
  });

  test('a controller starting with no migration in flight clears the filter registers', async () => {
    const r = await cp.call<{ values: number[] }>('register.read', { register: 'filter_1.counting_filter', index: 3 });
    assert.ok(r.ok);
    assert.deepEqual(r.value.values, [0]);
  });

  test('an INIT digest installs the redirect route, the double-read session toward the destination, mirror_fwd and the pair', async () => {
    const from = events.length;
    send(SOURCE.port, frame(SOURCE, DEST, pairMessage(Op.INIT)));
    const e = await nextEvent('init', from);
    assert.deepEqual(e, {
      kind: 'init',
      source: '10.0.0.1:6380',
      destination: '10.0.0.2:7380',
      session: 2,
      repeated: false,
    });
    const pair = await dump('NmIngress.migration_pair');
    assert.equal(pair.length, 1);
    assert.equal(pair[0]?.action, 'NmIngress.set_migration_pair');
    assert.deepEqual(pair[0]?.params, {
      dst_mac: '0x20000000002',
      dst_addr: DEST.ip,
      dst_port: DST_DB,
      size_exp: 10,
      remain_exp: 0,
    });
    assert.deepEqual((await dump('NmIngress.mirror_fwd'))[0]?.params, { session: 2 });
    assert.deepEqual((await dump('NmIngress.redirect_route'))[0]?.params, { port: DEST.port });
    assert.deepEqual(
      (await sessions()).find((s) => s.id === 2),
      { id: 2, direction: 'ingress', egressPort: DEST.port, maxLen: 0 },
    );
    // The INIT itself travels on to the destination, which must acknowledge it.
    await waitFor('INIT at the destination', () =>
      hosts.get(DEST.port)?.frames.find((f) => f[FRAME_HEADER_BYTES] === Op.INIT),
    );
  });

  test('a repeated INIT updates the pair entry in place and keeps its session', async () => {
    const from = events.length;
    send(SOURCE.port, frame(SOURCE, DEST, pairMessage(Op.INIT, 12, 2)));
    const e = await nextEvent('init', from);
    assert.equal((e as { repeated: boolean }).repeated, true);
    const pair = await dump('NmIngress.migration_pair');
    assert.equal(pair.length, 1);
    assert.equal(pair[0]?.params.size_exp, 12);
    assert.equal(pair[0]?.params.remain_exp, 2);
    assert.deepEqual(
      (await sessions()).map((s) => s.id),
      [1, 2],
    );
  });

  test('a restarted controller picks up the migration in flight and leaves its filters alone', async () => {
    assert.ok((await cp.call('register.write', { register: 'filter_2.bloom_filter', index: 9, value: 1 })).ok);
    const again = await NetMigrateController.start({ control: await connect(), hosts: HOSTS, subscribe: false });
    assert.ok(again.ok);
    const states = again.value.pairStates();
    await again.value.close();
    assert.equal(states.length, 1);
    assert.equal(states[0]?.phase, 'migrating');
    assert.equal(states[0]?.session, 2);
    assert.deepEqual(states[0]?.destination, { ip: DEST.ip, dbPort: DST_DB });
    const r = await cp.call<{ values: number[] }>('register.read', { register: 'filter_2.bloom_filter', index: 9 });
    assert.ok(r.ok);
    assert.deepEqual(r.value.values, [1]);
  });

  test('TERMINATE replaces the pair by a shard redirect, removes the double-read session and clears the filters', async () => {
    const from = events.length;
    send(SOURCE.port, frame(SOURCE, DEST, pairMessage(Op.TERMINATE)));
    const e = await nextEvent('terminate', from);
    assert.deepEqual(e, {
      kind: 'terminate',
      source: '10.0.0.1:6380',
      destination: '10.0.0.2:7380',
      filtersCleared: true,
      filtersSaturated: false,
    });
    const pair = await dump('NmIngress.migration_pair');
    assert.equal(pair[0]?.action, 'NmIngress.set_shard_redirect');
    assert.deepEqual(pair[0]?.params, { dst_mac: '0x20000000002', dst_addr: DEST.ip, dst_port: DST_DB });
    assert.deepEqual(await dump('NmIngress.mirror_fwd'), []);
    assert.deepEqual(
      (await sessions()).map((s) => s.id),
      [1],
    );
    const r = await cp.call<{ values: number[] }>('register.read', { register: 'filter_2.bloom_filter', index: 9 });
    assert.ok(r.ok);
    assert.deepEqual(r.value.values, [0]);
  });

  test('after TERMINATE a read addressed to the source shard reaches the destination with its address and dbPort', async () => {
    const dst = hosts.get(DEST.port) as Host;
    const src = hosts.get(SOURCE.port) as Host;
    const before = { dst: dst.frames.length, src: src.frames.length };
    send(CLIENT.port, frame(CLIENT, SOURCE, readRequest(0x01020304), 0xbe00, 0xbe40));
    const got = await waitFor('the read at the destination', () =>
      dst.frames.slice(before.dst).find((f) => f[FRAME_HEADER_BYTES] === Op.READ),
    );
    const f = decodeFrame(got);
    assert.ok(f.ok);
    assert.equal(f.value.dstIp, DEST.ip);
    assert.equal(f.value.dstMac, DEST.mac);
    const m = decodeMessage(got, f.value.payloadOffset, f.value.payloadLength);
    assert.ok(m.ok);
    assert.equal(m.value.dbPort, DST_DB);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(src.frames.length, before.src, 'nothing reaches the retired source');
  });

  test('a TERMINATE without a migration in flight is logged and ignored: nothing changes', async () => {
    const from = events.length;
    const beforePairs = await dump('NmIngress.migration_pair');
    send(SOURCE.port, frame(SOURCE, DEST, pairMessage(Op.TERMINATE)));
    const e = await nextEvent('ignored', from);
    assert.match((e as { reason: string }).reason, /without a migration in flight/);
    assert.deepEqual(await dump('NmIngress.migration_pair'), beforePairs);
  });

  test("a shard redirect (the baselines' route switch) sends a shard to its destination with no filter lookups", async () => {
    const other = { ip: CLIENT.ip, dbPort: 6390 };
    const r = await controller.installShardRedirect(other, { ip: DEST.ip, dbPort: 7390 });
    assert.ok(r.ok);
    const pair = (await dump('NmIngress.migration_pair')).find((e) => e.match['hdr.mg.db_port'] === 6390);
    assert.equal(pair?.action, 'NmIngress.set_shard_redirect');
    assert.equal(pair?.params.dst_port, 7390);
  });

  test('an INIT naming an unknown destination is refused and installs nothing', async () => {
    const d = await controller.handleDigest({
      op: Op.INIT,
      source: { ip: SOURCE.ip, dbPort: 6500 },
      destination: { ip: ip('10.9.9.9'), dbPort: 7500 },
      sizeExp: 4,
      remainExp: 0,
    });
    assert.equal(d.ok, false);
    assert.equal(d.ok ? '' : d.code, 'UNKNOWN_HOST');
    assert.equal((await dump('NmIngress.migration_pair')).filter((e) => e.match['hdr.mg.db_port'] === 6500).length, 0);
  });
});

describe('host specs', () => {
  test('NAME=IPV4,MAC,PORT parses into a host entry', () => {
    assert.deepEqual(parseHostSpec('source=10.0.0.1,02:00:00:00:00:01,1'), {
      ok: true,
      value: { name: 'source', ip: 0x0a000001, mac: 0x020000000001, port: 1 },
    });
  });

  for (const bad of [
    '10.0.0.1,02:00:00:00:00:01,1',
    'x=10.0.0.300,02:00:00:00:00:01,1',
    'x=10.0.0.1,zz,1',
    'x=10.0.0.1,02:00:00:00:00:01,600',
    'x=10.0.0.1,02:00:00:00:00:01',
  ]) {
    test(`a malformed host spec is a message, not a throw: ${bad}`, () => {
      const r = parseHostSpec(bad);
      assert.equal(r.ok, false);
      assert.match(r.ok ? '' : r.message, /NAME=IPV4,MAC,PORT/);
    });
  }
});
