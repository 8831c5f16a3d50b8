// `p4ts switch --port`: every port names the host it is cabled to (peer=), since a port
// accepts frames from its configured peer only and never adopts a sender.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePortSpec } from '../../../bin/commands/switch.js';

describe('p4ts switch --port', () => {
  it('takes N=HOST:PORT,peer=HOST:PORT with an optional framing', () => {
    const r = parsePortSpec('3=127.0.0.1:0,peer=127.0.0.1:4000,batched');
    assert.ok(r.ok);
    assert.deepEqual(r.value, [
      3,
      { bind: { address: '127.0.0.1', port: 0 }, framing: 'batched', peer: { address: '127.0.0.1', port: 4000 } },
    ]);
  });

  it('refuses a port without peer= (usage error naming the port)', () => {
    const r = parsePortSpec('10=127.0.0.1:0,single');
    assert.ok(!r.ok);
    assert.equal(r.code, 'USAGE');
    assert.match(r.message, /peer=HOST:PORT is required.*port 10/);
  });

  it('refuses a malformed peer', () => {
    const r = parsePortSpec('1=127.0.0.1:0,peer=nowhere');
    assert.ok(!r.ok);
  });
});
