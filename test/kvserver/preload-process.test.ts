// bin/kvserver's preload and audit commands, as the orchestrator uses them: a server process
// fills its shard with 100,000 records and audits them in one pass over its store, reporting
// the tags of the keys named as touched; a record count it cannot take is refused.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { preloadTag, recordKey } from '../../wire/records.js';

const BIN = fileURLToPath(new URL('../../bin/kvserver.js', import.meta.url));
type Event = Record<string, unknown>;

describe('kvserver preload and audit commands', { timeout: 120_000 }, () => {
  const child = spawn(
    process.execPath,
    [BIN, '--mac', '02:00:00:00:00:02', '--ip', '10.0.0.2', '--shard', '6380', '--control', 'stdio'],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const waiting: { event: string; resolve: (e: Event) => void }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const e = JSON.parse(line) as Event;
    const i = waiting.findIndex((w) => w.event === e.event);
    if (i >= 0) waiting.splice(i, 1)[0]?.resolve(e);
  });
  const ask = (cmd: Event, event: string) =>
    new Promise<Event>((resolve, reject) => {
      const guard = setTimeout(() => reject(new Error(`no ${event} within 60 s (hang guard)`)), 60_000);
      waiting.push({
        event,
        resolve: (e) => {
          clearTimeout(guard);
          resolve(e);
        },
      });
      child.stdin.write(`${JSON.stringify(cmd)}\n`);
    });

  before(async () => {
    await new Promise<Event>((resolve) => waiting.push({ event: 'ready', resolve }));
  });
  after(async () => {
    const exited = new Promise((r) => child.once('exit', r));
    child.stdin.write('{"cmd":"stop"}\n');
    await exited;
  });

  it('preloads 100,000 records and audits them clean, with the touched keys reported as stored', async () => {
    const loaded = await ask({ cmd: 'preload', records: 100_000 }, 'preloaded');
    assert.equal(loaded.records, 100_000);
    assert.equal(loaded.inserted, 100_000);
    const touched = [recordKey(7), recordKey(99_999), recordKey(100_000)];
    const a = await ask({ cmd: 'audit', records: 100_000, touched }, 'audit');
    assert.equal(a.untouchedChecked, 99_998);
    assert.equal(a.missing, 0);
    assert.equal(a.wrong, 0);
    assert.equal(a.unexpected, 0);
    assert.equal(a.storeCount, 100_000);
    assert.deepEqual(a.touchedTags, [preloadTag(7), preloadTag(99_999), null]);
  });

  it('an audit expecting more records than were loaded finds the missing ones', async () => {
    const a = await ask({ cmd: 'audit', records: 100_010, touched: [] }, 'audit');
    assert.equal(a.missing, 10);
  });

  it('refuses a record count that is not an integer in range', async () => {
    const e = await ask({ cmd: 'preload', records: -1 }, 'error');
    assert.match(String(e.message), /records must be an integer/);
  });
});
