import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ParseMessages } from '../../../compiler/parser/index.js';
import { parseText, readProgram } from './helpers.js';

/** Parsing must never throw, and never report an internal error: only syntax diagnostics. */
function assertParsesQuietly(text: string): void {
  const { sink } = parseText(text);
  const internal = sink.diagnostics.find((d) => d.code === ParseMessages.internalError.code);
  assert.equal(internal, undefined, internal?.message);
}

const words = [
  'header',
  'struct',
  'control',
  'parser',
  'state',
  'transition',
  'select',
  'apply',
  'table',
  'key',
  'actions',
  'action',
  'entries',
  'const',
  'extern',
  'typedef',
  'type',
  'enum',
  'bit',
  'int',
  'varbit',
  'if',
  'else',
  'switch',
  'default',
  'return',
  'exit',
  'for',
  'in',
  'out',
  'inout',
  'tuple',
  'list',
  'value_set',
  'priority',
  'error',
  'match_kind',
  'package',
  'void',
  'this',
  '_',
  'x',
  'T',
  'H',
  'f',
  '8w1',
  '0xFF',
  '"s"',
  '(',
  ')',
  '{',
  '}',
  '[',
  ']',
  '<',
  '>',
  '>>',
  '=',
  ';',
  ':',
  ',',
  '.',
  '..',
  '...',
  '&&&',
  '@',
  '@name',
  '+',
  '-',
  '*',
  '|+|',
  '++',
  '?',
  '!',
  '~',
  '{#}',
  '\n',
];

describe('no input makes the parser throw', () => {
  it('random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        assertParsesQuietly(Buffer.from(bytes).toString('latin1')),
      ),
      { numRuns: 300 },
    );
  });
  it('random token soup', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 120 }), (tokens) =>
        assertParsesQuietly(tokens.join(' ')),
      ),
      { numRuns: 500 },
    );
  });
  it('token soup after a valid prelude that declares types', () => {
    const prelude = 'header H { bit<8> a; }\nstruct T { H h; }\nextern E<X> { E(); X get(); }\n';
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...words), { maxLength: 80 }), (tokens) =>
        assertParsesQuietly(prelude + tokens.join(' ')),
      ),
      { numRuns: 300 },
    );
  });
  it('every prefix of a real program', () => {
    const text = readProgram('pipeline.p4');
    for (let end = 0; end <= text.length; end += 1) assertParsesQuietly(text.slice(0, end));
  });
});
