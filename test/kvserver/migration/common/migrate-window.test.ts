// The source's window of MIGRATE frames (group-mover.ts bufferWindow, source-agent.ts): sized
// from the receive buffer its socket was granted while the clients are idle, the old 64 frames
// while they are busy, an explicit window as given (docs/scale.md "The window and the socket
// buffers").

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  bufferWindow,
  DEFAULT_MIGRATE_WINDOW,
  MAX_AUTO_WINDOW,
  MAX_WINDOW,
  MIN_AUTO_WINDOW,
  migrateFrameBytes,
  parseWindow,
} from '../../../../kvserver/migration/common/group-mover.js';
import { createSourceAgent } from '../../../../kvserver/migration/protocols.js';
import type { MigrationContext } from '../../../../kvserver/migration/strategy.js';
import { fakeContext, tick, value } from '../fixtures/fake-context.js';

const DESTINATION = { mac: 0x020000000010, ip: 0x0a000010, dbPort: 7001 };

/** A source agent over a fake context whose socket reports `buffer` bytes; resolves with its window once INIT is out. */
async function windowOf(
  buffer: number | undefined,
  options: { window?: number; busy?: boolean } = {},
): Promise<number> {
  const { ctx, shard } = fakeContext(7000);
  for (let k = 0; k < 100; k++) shard.store.set(k, value(k));
  const withBuffer: MigrationContext = buffer === undefined ? ctx : { ...ctx, receiveBufferBytes: () => buffer };
  const agent = createSourceAgent('netmigrate', {
    destination: DESTINATION,
    ...(options.window === undefined ? {} : { window: options.window }),
    clientsBusy: () => options.busy === true,
  });
  agent.start(withBuffer);
  await tick();
  await tick();
  const w = agent.counters.migrateWindow;
  agent.abort('test over', withBuffer);
  return w;
}

describe('the MIGRATE window', () => {
  it('holds half the reported receive buffer in full frames, within its bounds', () => {
    const frame = migrateFrameBytes(64);
    assert.equal(bufferWindow(212_992, frame), Math.floor(106_496 / (frame + 2)));
    assert.equal(bufferWindow(8 << 20, frame), MAX_AUTO_WINDOW);
    assert.equal(bufferWindow(4096, frame), MIN_AUTO_WINDOW);
    assert.equal(bufferWindow(0, frame), DEFAULT_MIGRATE_WINDOW);
    assert.equal(bufferWindow(Number.NaN, frame), DEFAULT_MIGRATE_WINDOW);
  });

  it("a source with idle clients takes its window from its socket's receive buffer", async () => {
    const frame = migrateFrameBytes(16);
    assert.equal(await windowOf(300_000), bufferWindow(300_000, frame));
    assert.equal(await windowOf(8 << 20), MAX_AUTO_WINDOW);
    assert.equal(await windowOf(undefined), DEFAULT_MIGRATE_WINDOW);
  });

  it('parses auto and 1..4096, nothing else', () => {
    assert.equal(parseWindow('auto'), 'auto');
    assert.equal(parseWindow('256'), 256);
    assert.equal(parseWindow(MAX_WINDOW), MAX_WINDOW);
    for (const bad of ['0', '4097', '2.5', '', 'x', -3]) assert.equal(parseWindow(bad), undefined, String(bad));
  });

  it('busy clients keep the default window; an explicit window is taken as given', async () => {
    assert.equal(await windowOf(8 << 20, { busy: true }), DEFAULT_MIGRATE_WINDOW);
    assert.equal(await windowOf(8 << 20, { window: 100 }), 100);
  });
});
