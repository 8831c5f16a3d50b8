import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parseText, programsDir, readProgram, roundTrip } from './helpers.js';

const programs = readdirSync(programsDir).filter((f) => f.endsWith('.p4'));

describe('our own P4 programs, which together use every construct', () => {
  it('there are programs to check', () => {
    assert.ok(programs.length >= 3);
  });
  for (const name of programs) {
    it(`${name} parses without diagnostics`, () => {
      const { errors, program } = parseText(readProgram(name), name);
      assert.deepEqual(errors, []);
      assert.ok(program.declarations.length > 0);
    });
    it(`${name} round-trips: parse(print(ast)) equals ast without spans`, () => {
      const { before, after, errors } = roundTrip(readProgram(name));
      assert.deepEqual(errors, []);
      assert.equal(after, before);
    });
  }
});
