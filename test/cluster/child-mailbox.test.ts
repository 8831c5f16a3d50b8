import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { ChildMailbox } from '../../cluster/child-mailbox.js';
import type { GroupChild, ProcessGroup } from '../../cluster/process-group.js';

describe('child mailbox', () => {
  it("a command to a child whose stdin just closed is not an uncaught error (the child's exit is reported elsewhere)", async () => {
    const stdin = new Writable({
      write(_chunk, _enc, done) {
        const e = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        done(e);
      },
    });
    const child = {
      name: 'client-0',
      alive: true,
      ready: {},
      onMessage() {},
      process: { stdin },
    } as unknown as GroupChild;
    const group = { signal: new AbortController().signal } as unknown as ProcessGroup;
    const mailbox = new ChildMailbox(child, group);
    assert.equal(mailbox.send({ cmd: 'report' }), true);
    // The failed write's 'error' event fires on a later turn: give it one.
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(stdin.destroyed, true);
    assert.equal(mailbox.send({ cmd: 'report' }), false, 'a destroyed stdin takes no more commands');
  });
});
