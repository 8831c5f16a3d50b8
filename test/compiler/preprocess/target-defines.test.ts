import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { P4C_VERSION, targetDefines } from '../../../compiler/preprocess/index.js';
import { run } from './helpers.js';

// A program written the way real TNA programs are: the architecture chosen by the target macro.
const program = {
  '/src/main.p4': [
    '#include <core.p4>',
    '#if __TARGET_TOFINO__ == 2',
    '#include <t2na.p4>',
    '#else',
    '#include <tna.p4>',
    '#endif',
    '#define PACK_VERSION(a, b, c) ((a) * 65536 + (b) * 256 + (c))',
    '#define COMPILER_VERSION PACK_VERSION(__p4c_major__, __p4c_minor__, __p4c_patchlevel__)',
    '#if COMPILER_VERSION >= PACK_VERSION(9, 7, 0)',
    'new_compiler',
    '#endif',
    '',
  ].join('\n'),
  '/inc/core.p4': '#ifndef _CORE_P4_\n#define _CORE_P4_\ncore\n#endif\n',
  '/inc/tna.p4': '#if __TARGET_TOFINO__ != 1\n#error "tna.p4 needs __TARGET_TOFINO__ == 1"\n#endif\ntofino1\n',
  '/inc/t2na.p4': '#if __TARGET_TOFINO__ != 2\n#error "t2na.p4 needs __TARGET_TOFINO__ == 2"\n#endif\ntofino2\n',
};

describe('target defines', () => {
  it('tna predefines __TARGET_TOFINO__ = 1 and the p4c version macros', () => {
    assert.deepEqual(targetDefines('tna'), {
      __TARGET_TOFINO__: '1',
      __p4c__: '1',
      __p4c_major__: String(P4C_VERSION.major),
      __p4c_minor__: String(P4C_VERSION.minor),
      __p4c_patchlevel__: String(P4C_VERSION.patchlevel),
      __p4c_version__: `"${P4C_VERSION.major}.${P4C_VERSION.minor}.${P4C_VERSION.patchlevel}"`,
    });
  });

  it('tofino2 predefines __TARGET_TOFINO__ = 2 and the tofino2 variant', () => {
    const defines = targetDefines('tofino2');
    assert.equal(defines.__TARGET_TOFINO__, '2');
    assert.equal(defines.__TOFINO2_VARIANT__, '1');
    assert.equal(defines.__p4c__, '1');
  });

  it('v1model and psa predefine only __TARGET_BMV2__, as p4c-bm2-ss and p4c-bm2-psa do', () => {
    assert.deepEqual(targetDefines('v1model'), { __TARGET_BMV2__: '1' });
    assert.deepEqual(targetDefines('psa'), { __TARGET_BMV2__: '1' });
    assert.deepEqual(targetDefines(undefined), {});
  });

  it('a TNA program selects tna.p4 for tofino and t2na.p4 for tofino2', () => {
    const tofino = run(program, { includeDirs: ['/inc'], defines: targetDefines('tna') });
    assert.deepEqual(tofino.lines, ['core', 'tofino1', 'new_compiler']);
    assert.deepEqual(tofino.diagnostics, []);
    const tofino2 = run(program, { includeDirs: ['/inc'], defines: targetDefines('tofino2') });
    assert.deepEqual(tofino2.lines, ['core', 'tofino2', 'new_compiler']);
  });

  it('including tna.p4 for the wrong target stops at its #error', () => {
    const r = run(
      { ...program, '/src/main.p4': '#include <tna.p4>\n' },
      { includeDirs: ['/inc'], defines: targetDefines('v1model') },
    );
    assert.deepEqual(r.diagnostics, ['/inc/tna.p4:2:2: error: #error "tna.p4 needs __TARGET_TOFINO__ == 1"']);
  });
});
