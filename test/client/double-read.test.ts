// The client's double-read merge end to end: a test relay plays the switch for a shard whose
// groups are all in flight (docs/netmigrate.md §1 table, last row): reads go to the source and, as
// a copy with ver 0x04, to the destination; writes are redirected to the destination. The
// source's copy goes stale as writes land at the destination, so only a client that prefers
// the destination's answer passes the linearizability check.

import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, it } from 'node:test';
import { checkHistory, formatViolation } from '../../client/check.js';
import { start as startClient } from '../../client/driver.js';
import type { KvServer } from '../../kvserver/server.js';
import { start as startServer } from '../../kvserver/server.js';
import { decodeFrame, writeFrameHeaders } from '../../wire/frame.js';
import { Op, Ver } from '../../wire/ops.js';

const CLIENT = { mac: 0x020000000100, ip: 0x0a000100 };
const SOURCE = { mac: 0x020000000010, ip: 0x0a000010, dbPort: 6380 };
const DEST = { mac: 0x020000000020, ip: 0x0a000020, dbPort: 7380 };

/** Forwards frames by destination MAC; while `inFlight`, steers client requests like the switch does. */
class InFlightRelay {
  readonly socket = dgram.createSocket('udp4');
  readonly hosts = new Map<number, { address: string; port: number }>();
  inFlight = false;
  mirrored = 0;

  async start(): Promise<{ address: string; port: number }> {
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', r));
    this.socket.on('message', (buf, rinfo) => this.forward(new Uint8Array(buf), rinfo));
    const a = this.socket.address();
    return { address: a.address, port: a.port };
  }

  private forward(frame: Uint8Array, from: dgram.RemoteInfo): void {
    const f = decodeFrame(frame);
    if (!f.ok) return;
    const h = f.value;
    // Learn on every frame: the loader and the runner are two NICs with one MAC, one after the other.
    this.hosts.set(h.srcMac, { address: from.address, port: from.port });
    const op = frame[h.payloadOffset] as number;
    const toSource = h.dstMac === SOURCE.mac;
    if (this.inFlight && toSource && op === Op.READ) {
      frame[h.payloadOffset + 12] = (frame[h.payloadOffset + 12] as number) | Ver.DOUBLE_READ;
      this.send(frame, h.dstMac);
      this.send(this.toDestination(frame), DEST.mac);
      this.mirrored++;
      return;
    }
    if (this.inFlight && toSource && op === Op.WRITE) {
      this.send(this.toDestination(frame), DEST.mac);
      return;
    }
    this.send(frame, h.dstMac);
  }

  /** The egress rewrite of a redirected or mirrored request: Ethernet dst, IPv4 dst, dbPort. */
  private toDestination(frame: Uint8Array): Uint8Array {
    const copy = frame.slice();
    const h = decodeFrame(copy);
    if (!h.ok) return copy;
    const p = h.value.payloadOffset;
    copy[p + 9] = DEST.dbPort >>> 8;
    copy[p + 10] = DEST.dbPort & 0xff;
    writeFrameHeaders(copy, { ...h.value, dstMac: DEST.mac, dstIp: DEST.ip }, h.value.payloadLength);
    return copy;
  }

  private send(frame: Uint8Array, mac: number): void {
    const to = this.hosts.get(mac);
    if (to !== undefined) this.socket.send(frame, to.port, to.address);
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

describe('double reads through a relay that steers an in-flight shard', () => {
  const relay = new InFlightRelay();
  let source: KvServer;
  let dest: KvServer;

  before(async () => {
    const addr = await relay.start();
    source = await startServer({
      mac: SOURCE.mac,
      ip: SOURCE.ip,
      shards: [{ dbPort: SOURCE.dbPort, role: 'source' }],
      switchAddress: addr,
    });
    dest = await startServer({
      mac: DEST.mac,
      ip: DEST.ip,
      shards: [{ dbPort: DEST.dbPort, role: 'destination' }],
      switchAddress: addr,
    });
    relay.hosts.set(SOURCE.mac, source.address);
    relay.hosts.set(DEST.mac, dest.address);
  });
  after(async () => {
    await source.close();
    await dest.close();
    await relay.close();
  });

  it('the client merges both replies, prefers the destination, and the history is linearizable', async () => {
    const records = 100;
    // Load at the source, then copy every pair to the destination: the groups' data has moved.
    const loader = await startClient({
      clientId: 1,
      ...CLIENT,
      server: SOURCE,
      switchAddress: relayAddress(relay),
      workload: 'A',
      recordCount: records,
      run: false,
    });
    const load = await loader.done;
    assert.equal(load.load?.ops, records);
    const srcStore = source.shards.get(SOURCE.dbPort)?.store;
    const dstStore = dest.shards.get(DEST.dbPort)?.store;
    assert.ok(srcStore && dstStore);
    for (const { key, value } of srcStore.entries()) dstStore.set(key, value);

    relay.inFlight = true;
    const c = await startClient({
      clientId: 2,
      ...CLIENT,
      server: SOURCE,
      switchAddress: relayAddress(relay),
      workload: 'A',
      recordCount: records,
      load: false,
      run: { operations: 1200, window: 8 },
    });
    const r = await c.done;
    assert.equal(r.run?.failures, 0);
    assert.ok(r.counters.doubleReads > 300, `${r.counters.doubleReads} double reads`);
    // Every mirrored read was counted once per request; resent requests are mirrored again.
    assert.ok(r.counters.doubleReads <= relay.mirrored);
    assert.ok(relay.mirrored - r.counters.doubleReads <= r.counters.resends);
    const res = checkHistory([...load.history, ...r.history]);
    assert.ok(res.ok, res.violations.slice(0, 5).map(formatViolation).join('\n'));
    // The source really went stale: some key differs between source and destination.
    let stale = 0;
    for (const { key, value } of dstStore.entries())
      if (Buffer.compare(Buffer.from(value), Buffer.from(srcStore.get(key) ?? [])) !== 0) stale++;
    assert.ok(stale > 0, 'writes reached only the destination');
  });
});

function relayAddress(relay: InFlightRelay): { address: string; port: number } {
  const a = relay.socket.address();
  return { address: a.address, port: a.port };
}
