import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, type WriteStream, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { internetChecksum } from '../../../runtime/externs/checksum.js';
import { readPcap } from '../../../runtime/ports/pcap-reader.js';
import { LINKTYPE_ETHERNET, PcapWriter, PortCapture } from '../../../runtime/ports/pcap-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-pcap-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** An Ethernet/IPv4/UDP frame from 10.0.0.1:5000 to 10.0.0.2:7000 with `payload`. */
function udpFrame(payload: Uint8Array): Uint8Array {
  const f = new Uint8Array(14 + 20 + 8 + payload.length);
  const dv = new DataView(f.buffer);
  f.set([0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1], 0);
  dv.setUint16(12, 0x0800);
  f.set([0x45, 0, 0, 0, 0, 1, 0, 0, 64, 17, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2], 14);
  dv.setUint16(16, 20 + 8 + payload.length);
  dv.setUint16(24, internetChecksum(f, 14, 34));
  dv.setUint16(34, 5000);
  dv.setUint16(36, 7000);
  dv.setUint16(38, 8 + payload.length);
  f.set(payload, 42);
  return f;
}

function hasTshark(): boolean {
  try {
    execFileSync('tshark', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('pcap writer', () => {
  test('frames and microsecond timestamps read back unchanged', async () => {
    const path = join(dir, 'a.pcap');
    const w = new PcapWriter(path);
    const frames = [udpFrame(new Uint8Array([1, 2, 3])), udpFrame(new Uint8Array(300).fill(7))];
    w.write(frames[0]!, 1_700_000_000_123_456);
    w.write(frames[1]!, 1_700_000_001_000_001);
    assert.equal(await w.close(), undefined);
    const r = readPcap(readFileSync(path));
    assert.ok(r.ok);
    assert.equal(r.value.linkType, LINKTYPE_ETHERNET);
    assert.equal(r.value.records.length, 2);
    assert.deepEqual(
      r.value.records.map((x) => [x.tsSec, x.tsMicros, x.origLen]),
      [
        [1_700_000_000, 123_456, frames[0]!.length],
        [1_700_000_001, 1, frames[1]!.length],
      ],
    );
    assert.deepEqual(new Uint8Array(r.value.records[1]!.data), frames[1]);
  });

  test('frames wait in a 64 KiB chunk: nothing reaches the file before the chunk fills or close, everything after', async () => {
    const path = join(dir, 'b.pcap');
    const w = new PcapWriter(path);
    // The writer's stream, reached into only to wait until every write it was given is on disk.
    const stream = (w as unknown as { stream: WriteStream }).stream;
    const onDisk = () => new Promise<void>((resolve) => stream.write(Buffer.alloc(0), () => resolve()));
    const recordBytes = 16 + udpFrame(new Uint8Array(1)).length;
    const perChunk = Math.floor((64 * 1024 - 24) / recordBytes);
    for (let i = 0; i < perChunk; i++) w.write(udpFrame(new Uint8Array([i & 0xff])));
    await onDisk();
    assert.equal(statSync(path).size, 0, 'a chunk that has not filled stays in memory');
    for (let i = perChunk; i < 3 * perChunk; i++) w.write(udpFrame(new Uint8Array([i & 0xff])));
    await onDisk();
    const before = statSync(path).size;
    assert.ok(
      before > 0 && before < 24 + 3 * perChunk * recordBytes,
      `full chunks are written as they fill (${before} B)`,
    );
    await w.close();
    const r = readPcap(readFileSync(path));
    assert.ok(r.ok);
    assert.equal(r.value.records.length, 3 * perChunk, 'records span several 64 KiB chunks');
    assert.equal(r.value.records[3 * perChunk - 1]!.data[42], (3 * perChunk - 1) & 0xff);
  });

  test('frames longer than snaplen are cut and keep their original length', async () => {
    const path = join(dir, 'c.pcap');
    const w = new PcapWriter(path, 64);
    w.write(udpFrame(new Uint8Array(100)));
    await w.close();
    const r = readPcap(readFileSync(path));
    assert.ok(r.ok);
    assert.equal(r.value.records[0]!.data.length, 64);
    assert.equal(r.value.records[0]!.origLen, 142);
  });

  test('PortCapture writes one file per port and direction', async () => {
    const cap = new PortCapture(dir);
    cap.write(1, 'in', udpFrame(new Uint8Array([1])));
    cap.write(1, 'out', udpFrame(new Uint8Array([2])));
    cap.write(2, 'out', udpFrame(new Uint8Array([3])));
    cap.write(1, 'in', udpFrame(new Uint8Array([4])));
    assert.deepEqual(await cap.close(), []);
    const count = (name: string) => {
      const r = readPcap(readFileSync(join(dir, name)));
      assert.ok(r.ok);
      return r.value.records.map((x) => x.data[42]);
    };
    assert.deepEqual(count('port1-in.pcap'), [1, 4]);
    assert.deepEqual(count('port1-out.pcap'), [2]);
    assert.deepEqual(count('port2-out.pcap'), [3]);
  });

  test('tshark reads a written file as Ethernet/IPv4/UDP', {
    skip: hasTshark() ? false : 'tshark is not installed',
  }, async () => {
    const path = join(dir, 'tshark.pcap');
    const w = new PcapWriter(path);
    w.write(udpFrame(new TextEncoder().encode('hello')));
    w.write(udpFrame(new TextEncoder().encode('world!')));
    await w.close();
    const out = execFileSync(
      'tshark',
      [
        '-r',
        path,
        '-T',
        'fields',
        '-e',
        'ip.src',
        '-e',
        'ip.dst',
        '-e',
        'udp.dstport',
        '-e',
        'udp.length',
        '-e',
        'ip.checksum.status',
        '-o',
        'ip.check_checksum:TRUE',
      ],
      {
        encoding: 'utf8',
        env: { ...process.env, HOME: dir },
      },
    );
    // ip.checksum.status 1 is Wireshark's "Good" (0 bad, 2 unverified).
    assert.deepEqual(
      out
        .trim()
        .split('\n')
        .map((l) => l.split('\t')),
      [
        ['10.0.0.1', '10.0.0.2', '7000', '13', '1'],
        ['10.0.0.1', '10.0.0.2', '7000', '14', '1'],
      ],
    );
  });
});

describe('pcap reader', () => {
  test('malformed files are coded errors', () => {
    assert.equal(readPcap(new Uint8Array(10)).ok, false);
    assert.equal(readPcap(new Uint8Array(24)).ok, false, 'bad magic');
    const path = join(dir, 'trunc.pcap');
    const good = new Uint8Array(24 + 16 + 4);
    new DataView(good.buffer).setUint32(0, 0xa1b2c3d4, true);
    new DataView(good.buffer).setUint32(32, 10, true); // incl_len 10 but only 4 bytes follow
    writeFileSync(path, good);
    const r = readPcap(readFileSync(path));
    assert.equal(r.ok ? 'ok' : r.code, 'BAD_PCAP');
  });

  test('a big-endian nanosecond file reads with microseconds', () => {
    const b = new Uint8Array(24 + 16 + 2);
    const dv = new DataView(b.buffer);
    dv.setUint32(0, 0xa1b23c4d, false);
    dv.setUint32(20, 1, false);
    dv.setUint32(24, 5, false);
    dv.setUint32(28, 123_456_789, false);
    dv.setUint32(32, 2, false);
    dv.setUint32(36, 2, false);
    const r = readPcap(b);
    assert.ok(r.ok);
    assert.deepEqual([r.value.records[0]!.tsSec, r.value.records[0]!.tsMicros], [5, 123_456]);
  });
});
