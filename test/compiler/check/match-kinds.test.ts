// Match kinds are declared once (p4c issue 5085), yet Tofino programs written for the older SDEs
// include v1model.p4 beside tna.p4, and both architectures have `range` and `selector`: our
// headers declare those two once between them, so such a program checks with no error anywhere
// (the header files included), while a program's own re-declaration is still refused.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runCheck } from './helpers.js';

const program = (includes: string) => `#include <core.p4>
${includes}
header h_t { bit<16> port; bit<8> cls; }
struct headers_t { h_t h; }
control Classify(inout headers_t hdr) {
    action set(bit<8> v) { hdr.h.cls = v; }
    table ports {
        key = { hdr.h.port : range; }
        actions = { set; NoAction; }
        default_action = NoAction();
    }
    apply { ports.apply(); }
}
`;

describe('match kinds shared by architecture headers', () => {
  for (const includes of ['#include <v1model.p4>\n#include <tna.p4>', '#include <tna.p4>\n#include <v1model.p4>']) {
    it(`${includes.replace('\n', ' then ')}: range is one match kind, no error in any file`, () => {
      const run = runCheck(program(includes));
      const errors = run.sink.diagnostics.filter((d) => d.severity === 'error');
      assert.deepEqual(errors, [], run.rendered);
    });
  }
  it('a program declaring range again after v1model.p4 is refused on its own line', () => {
    const run = runCheck(`${program('#include <v1model.p4>')}match_kind { range }\n`);
    assert.deepEqual(
      run.found.filter((d) => d.severity === 'error').map((d) => [d.line, d.name]),
      [[14, 'duplicate']],
      run.rendered,
    );
  });
});
