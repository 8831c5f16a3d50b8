// `p4ts ctl mirror add` (bin/commands/ctl.ts requestOf): a session to a port, or to the
// replicas of a multicast group with --group.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestOf } from '../../../bin/commands/ctl.js';

function req(args: Record<string, unknown>) {
  const r = requestOf(args);
  return r.ok ? r.value : r.code;
}

describe('p4ts ctl mirror add', () => {
  test('--port makes a session to one port', () => {
    assert.deepEqual(req({ what: 'mirror', verb: 'add', session: 3, port: 5, direction: 'ingress' }), {
      method: 'mirror.add',
      params: { session: 3, egressPort: 5, direction: 'ingress', maxLen: 0 },
    });
  });

  test('--group makes a session to a multicast group', () => {
    assert.deepEqual(req({ what: 'mirror', verb: 'add', session: 3, group: 40 }), {
      method: 'mirror.add',
      params: { session: 3, group: 40, direction: 'both', maxLen: 0 },
    });
  });
});
