// Every P4 program this project ships (p4/*.p4, p4/examples/*.p4) goes through the whole front
// end cleanly, with its real includes and target macros, and round-trips through the printer.

import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { DiagnosticSink, renderDiagnostics } from '../../../compiler/diagnostics/index.js';
import { parseFile } from '../../../compiler/frontend.js';
import type { Target } from '../../../compiler/preprocess/index.js';
import { roundTrip, shape } from './helpers.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

/** From the file's own name (not its directory's: a checkout may live under any path). */
function targetOf(path: string): Target | undefined {
  const name = basename(path);
  if (name.includes('v1model')) return 'v1model';
  if (name.includes('tna') || name === 'netmigrate.p4') return 'tna';
  return undefined;
}

const programs = [
  ...readdirSync(join(root, 'p4'))
    .filter((f) => f.endsWith('.p4'))
    .map((f) => join(root, 'p4', f)),
  ...readdirSync(join(root, 'p4', 'examples'))
    .filter((f) => f.endsWith('.p4'))
    .map((f) => join(root, 'p4', 'examples', f)),
];

describe('the bundled P4 programs', () => {
  it('include at least the NetMigrate program, a TNA and a v1model example', () => {
    assert.ok(programs.some((p) => p.endsWith('netmigrate.p4')));
    assert.ok(programs.some((p) => p.includes('tna-')));
    assert.ok(programs.some((p) => p.includes('v1model')));
  });

  for (const path of programs) {
    const name = path.slice(root.length + 1);
    it(`${name} preprocesses and parses without a diagnostic, and round-trips`, () => {
      const sink = new DiagnosticSink();
      const target = targetOf(path);
      const unit = parseFile(path, target === undefined ? {} : { target }, sink);
      assert.ok(unit !== undefined);
      assert.equal(renderDiagnostics(sink.diagnostics), '');
      const trip = roundTrip(unit.source.text);
      assert.deepEqual(trip.errors, []);
      assert.equal(trip.after, trip.before);
      assert.equal(shape(unit.program), trip.before);
    });
  }
});
