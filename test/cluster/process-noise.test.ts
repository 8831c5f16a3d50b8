import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ProcessStats } from '../../client/process-stats.js';
import { type ServerSample, serverNoise, serversNoise } from '../../cluster/process-noise.js';

const stats = (gcPauseMs: number, framesIn: number, datagramsIn: number, framesOut = 0, datagramsOut = 0) =>
  ({
    gcPauses: 0,
    gcPauseMs,
    gcMajorPauseMs: gcPauseMs / 2,
    framesIn,
    datagramsIn,
    framesOut,
    datagramsOut,
  }) satisfies ProcessStats;

describe("servers' noise figures per window", () => {
  const samples: ServerSample[] = [
    { atMs: 1000, server: 'kv-source', stats: stats(0, 0, 0) },
    { atMs: 2000, server: 'kv-source', stats: stats(5, 160, 10, 320, 10) },
    { atMs: 3000, server: 'kv-source', stats: stats(25, 480, 20, 640, 20) },
    { atMs: 2000, server: 'kv-destination', stats: stats(1, 0, 0) },
  ];

  it('GC pause time and frames per datagram between the samples nearest the window ends', () => {
    assert.deepEqual(serverNoise(samples.slice(0, 3), 1000, 2000), {
      gcPauseMs: 5,
      gcMajorPauseMs: 2.5,
      framesPerDatagramIn: 16,
      framesPerDatagramOut: 32,
    });
    assert.deepEqual(serverNoise(samples.slice(0, 3), 2000, 3500), {
      gcPauseMs: 20,
      gcMajorPauseMs: 10,
      framesPerDatagramIn: 32,
      framesPerDatagramOut: 32,
    });
  });

  it('null where one sample cannot make a difference, or nothing was received', () => {
    assert.deepEqual(serverNoise(samples.slice(3), 0, 5000), {
      gcPauseMs: null,
      gcMajorPauseMs: null,
      framesPerDatagramIn: null,
      framesPerDatagramOut: null,
    });
    const idle = [samples[0] as ServerSample, { atMs: 2000, server: 'kv-source', stats: stats(0, 0, 0) }];
    assert.equal(serverNoise(idle, 1000, 2000).framesPerDatagramIn, null);
  });

  it('one row per server, per window given', () => {
    const out = serversNoise(samples, { before: { startMs: 1000, endMs: 2000 } });
    assert.deepEqual(Object.keys(out), ['kv-destination', 'kv-source']);
    assert.equal(out['kv-source']?.before?.framesPerDatagramIn, 16);
    assert.equal(out['kv-source']?.during, undefined);
  });
});
