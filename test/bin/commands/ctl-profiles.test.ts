// `p4ts ctl` command lines for action profiles, selectors and port metadata (bin/commands/
// ctl.ts requestOf): the JSON-RPC method and params each asks for.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { requestOf } from '../../../bin/commands/ctl.js';

function req(args: Record<string, unknown>) {
  const r = requestOf(args);
  return r.ok ? r.value : r.code;
}

describe('p4ts ctl for indirect tables and port metadata', () => {
  test('member add names the profile, the member id, the action and its parameters', () => {
    assert.deepEqual(
      req({ what: 'member', verb: 'add', name: 'prof', member: 3, action: 'set_port', param: ['port=2'] }),
      {
        method: 'actionProfile.addMember',
        params: { profile: 'prof', member: 3, action: 'set_port', params: { port: '2' } },
      },
    );
    assert.equal(req({ what: 'member', verb: 'add', name: 'prof', action: 'a' }), 'USAGE');
  });

  test('group add lists members, ID:off for an inactive one, and the optional max size', () => {
    assert.deepEqual(
      req({ what: 'group', verb: 'add', name: 'sel', group: 7, members: ['1,2', '3:off'], 'max-size': 4 }),
      {
        method: 'actionSelector.addGroup',
        params: { selector: 'sel', group: 7, members: [1, 2, { member: 3, active: false }], maxSize: 4 },
      },
    );
    assert.equal(req({ what: 'group', verb: 'add', name: 'sel', group: 7, members: ['x'] }), 'USAGE');
  });

  test('table add on an indirect table takes --member or --group instead of --action', () => {
    assert.deepEqual(req({ what: 'table', verb: 'add', name: 'ecmp', match: ['k=5'], group: 7 }), {
      method: 'table.add',
      params: { table: 'ecmp', match: { k: '5' }, group: 7 },
    });
  });

  test('port-metadata set takes fields or a raw value', () => {
    assert.deepEqual(req({ what: 'port-metadata', verb: 'set', port: 1, field: ['vlan=100'] }), {
      method: 'portMetadata.set',
      params: { port: 1, fields: { vlan: '100' } },
    });
    assert.deepEqual(req({ what: 'port-metadata', verb: 'get', port: 1 }), {
      method: 'portMetadata.get',
      params: { port: 1 },
    });
  });
});
