import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { NO_RESPONSE } from '../../../client/history.js';
import { journalWrites } from '../../../cluster/faults/journal.js';

const dir = mkdtempSync(join(tmpdir(), 'p4ts-journal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("a killed client's write journal", () => {
  it('gives every journalled write back as open-ended (it may or may not have happened)', () => {
    const path = join(dir, 'a.journal');
    writeFileSync(path, '17 0:1 1000.5\n42 0:2 1001\n');
    assert.deepEqual(journalWrites(path), [
      { kind: 'write', key: 17, tag: '0:1', invoke: 1000.5, response: NO_RESPONSE },
      { kind: 'write', key: 42, tag: '0:2', invoke: 1001, response: NO_RESPONSE },
    ]);
  });

  it('drops a last line the kill cut short (that write was never sent) and a missing file is no writes', () => {
    const path = join(dir, 'b.journal');
    writeFileSync(path, '17 0:1 1000\n42 0:1');
    assert.deepEqual(
      journalWrites(path).map((w) => w.key),
      [17],
    );
    assert.deepEqual(journalWrites(join(dir, 'none.journal')), []);
  });
});
