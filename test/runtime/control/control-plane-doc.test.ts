// docs/control-plane.md against the server: every method the server answers is in the
// methods table and nothing else is, and every error code a reply can carry is listed.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { METHODS } from '../../../runtime/control/methods.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const doc = readFileSync(join(root, 'docs/control-plane.md'), 'utf8');
const section = (heading: string) => {
  const start = doc.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `no "${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
};

describe('docs/control-plane.md', () => {
  it('lists exactly the methods the server answers', () => {
    // The connection-level methods are handled in server.ts before the METHODS table.
    const server = readFileSync(join(root, 'runtime/control/server.ts'), 'utf8');
    const connectionLevel = [...server.matchAll(/method === '([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1] as string);
    assert.ok(connectionLevel.includes('session.auth'));
    const served = new Set([...Object.keys(METHODS), ...connectionLevel]);
    const documented = new Set(
      [...section('Methods').matchAll(/^\| `([a-zA-Z]+\.[a-zA-Z]+)` \|/gm)].map((m) => m[1] as string),
    );
    assert.deepEqual([...served].filter((m) => !documented.has(m)).sort(), [], 'served but not documented');
    assert.deepEqual([...documented].filter((m) => !served.has(m)).sort(), [], 'documented but not served');
  });

  it('lists every error code a reply can carry', () => {
    const protocol = readFileSync(join(root, 'runtime/control/protocol.ts'), 'utf8');
    const union = protocol.slice(
      protocol.indexOf('export type ControlErrorCode'),
      protocol.indexOf(';', protocol.indexOf('export type ControlErrorCode')),
    );
    // Spec errors of tables and externs: p4info validation rules them out before any request.
    const internal = new Set(['BAD_TABLE_SPEC', 'BAD_REGISTER_SPEC']);
    const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1] as string).filter((c) => !internal.has(c));
    assert.ok(codes.length > 20);
    const errors = section('Errors');
    assert.deepEqual(
      codes.filter((c) => !errors.includes(`\`${c}\``)),
      [],
    );
  });
});
