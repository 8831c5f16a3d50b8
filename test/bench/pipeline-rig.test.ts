// The pipeline bench's rig: each scenario sends what its name says (a READ in flight leaves as
// the original to the source and a mirror copy to the destination), so the bench cannot time
// a setup that silently drops its GROUP_START, as it once did.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { compileNetMigrate, framesPerRead, makeRig, readFrame, SCENARIOS } from '../../bench/pipeline-rig.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SOURCE_PORT = 2;
const DESTINATION_PORT = 3;

describe('bench/pipeline rig', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'p4ts-rig-'));
    compileNetMigrate(ROOT, dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const s of SCENARIOS)
    test(`in flight ${s.inFlight}, tracing ${s.tracing}: 50 READs go to the source, and in flight also to the destination`, async () => {
      const rig = await makeRig(ROOT, dir, s);
      const [all, src, dst] = [rig.sent(), rig.sentOn(SOURCE_PORT), rig.sentOn(DESTINATION_PORT)];
      for (let k = 0; k < 50; k++) rig.engine.receive(1, readFrame(k * 7919));
      assert.equal(rig.sent() - all, 50 * framesPerRead(s));
      assert.equal(rig.sentOn(SOURCE_PORT) - src, 50);
      assert.equal(rig.sentOn(DESTINATION_PORT) - dst, s.inFlight ? 50 : 0);
    });

  test('a checkout without a built compiler is refused with its path', () => {
    assert.throws(() => compileNetMigrate(join(dir, 'nowhere'), join(dir, 'out')), /nowhere/);
  });
});
