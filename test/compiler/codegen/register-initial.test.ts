// A register of a two-field struct starts each half at its own initial value
// (`Register<pair, I>(size, {first, second})`, as Intel's tna_register declares test_reg).

import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { cleanup, rig } from './helpers.js';
import { shell } from './stage-shell.js';

after(cleanup);

describe('register initial values', () => {
  for (const [label, init] of [
    ['a list', '{8w5, 8w7}'],
    ['a cast list', '(pair_t){8w5, 8w7}'],
    ['named fields', '{first = 8w5, second = 8w7}'],
  ] as const) {
    test(`a paired register takes {first, second} from ${label}`, async () => {
      const r = await rig(
        shell(`Register<pair_t, bit<4>>(16, ${init}) reg;`, '', 'struct pair_t { bit<8> first; bit<8> second; }'),
        { source: true },
      );
      const reg = r.state.registerByName.get('Ig.reg');
      assert.ok(reg !== undefined);
      for (const i of [0, 15]) assert.deepEqual(reg.cpRead(i), { ok: true, value: [5, 7] });
    });
  }
});
