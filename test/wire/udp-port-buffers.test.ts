// The one UDP port's socket buffers (wire/udp-port.ts): every port asks the kernel for
// SOCKET_BUFFER_BYTES of receive and send buffer and reads back what it granted, so that a
// window of MIGRATE frames larger than the system's default receive buffer (212,992 bytes on
// Linux) arrives whole instead of overflowing it (docs/scale.md "The window and the socket
// buffers"). Real sockets on loopback; the kernel's limit (net.core.rmem_max) is read, not assumed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, test } from 'node:test';
import { SOCKET_BUFFER_BYTES, UdpPort } from '../../wire/udp-port.js';

const opened: UdpPort[] = [];
after(async () => {
  await Promise.all(opened.map((p) => p.close()));
});

/** net.core.rmem_max, or undefined where it cannot be read (not Linux). */
function rmemMax(): number | undefined {
  try {
    return Number(readFileSync('/proc/sys/net/core/rmem_max', 'latin1').trim());
  } catch {
    return undefined;
  }
}

async function open(extra: { socketBufferBytes?: number } = {}, onFrame: () => void = () => {}): Promise<UdpPort> {
  const r = await UdpPort.open({ framing: 'batched', onFrame: () => onFrame(), ...extra });
  assert.ok(r.ok);
  opened.push(r.value);
  return r.value;
}

describe('UdpPort socket buffers', () => {
  test('ask for SOCKET_BUFFER_BYTES by default and report what the kernel granted', async () => {
    const p = await open();
    const max = rmemMax();
    assert.ok(p.receiveBufferBytes > 0);
    assert.ok(p.sendBufferBytes > 0);
    // Linux grants min(request, rmem_max) and reports it doubled (its bookkeeping included).
    if (max !== undefined) assert.equal(p.receiveBufferBytes, 2 * Math.min(SOCKET_BUFFER_BYTES, max));
  });

  test('a request beyond what the kernel allows is not an error', async () => {
    const p = await open({ socketBufferBytes: 2 ** 31 - 1 });
    assert.ok(p.receiveBufferBytes > 0);
    const max = rmemMax();
    if (max !== undefined) assert.ok(p.receiveBufferBytes <= 2 * max);
  });

  test('0 keeps the system default', async () => {
    const p = await open({ socketBufferBytes: 0 });
    const dflt = (() => {
      try {
        return Number(readFileSync('/proc/sys/net/core/rmem_default', 'latin1').trim());
      } catch {
        return undefined;
      }
    })();
    if (dflt !== undefined) assert.equal(p.receiveBufferBytes, dflt);
  });

  test('a burst of 256 MIGRATE-sized frames sent in one turn arrives whole', async (t) => {
    const max = rmemMax();
    // 256 frames of 1,500 bytes in datagrams of about 43: some 600 KB with the kernel's
    // bookkeeping, more than the default buffer holds.
    if (max === undefined || max < 1 << 20) {
      t.skip(`net.core.rmem_max ${max} leaves no room for the burst`);
      return;
    }
    let got = 0;
    let wake: () => void = () => {};
    const all = new Promise<void>((r) => {
      wake = r;
    });
    const rx = await open({}, () => {
      if (++got === 256) wake();
    });
    const tx = await open();
    tx.setPeer(rx.address);
    rx.setPeer(tx.address);
    for (let i = 0; i < 256; i++) tx.send(new Uint8Array(1500).fill(i & 0xff));
    // Nothing is read before the sender's turn ends: the whole burst sits in rx's buffer.
    const guard = setTimeout(wake, 5000);
    await all;
    clearTimeout(guard);
    assert.equal(got, 256);
  });
});
