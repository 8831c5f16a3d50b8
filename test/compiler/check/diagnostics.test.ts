import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectClean, expectDiagnostics, runCheck } from './helpers.js';

const prelude = `#include <core.p4>
header h_t { bit<8> a; bit<16> b; }
`;

describe('diagnostics of the checker', () => {
  it('one mistake gives one diagnostic: uses of a failed expression stay silent', () => {
    expectDiagnostics(
      `${prelude}control C(inout h_t h) {
  apply {
    h.a = (nosuch + 1) * 2 + h.a;
    h.b = nosuch2.field[3:0] ++ 4w0;
  }
}`,
      [
        { line: 5, name: 'not-found' },
        { line: 6, name: 'not-found' },
      ],
    );
  });

  it('every independent error of a run is reported', () => {
    const run = runCheck(`${prelude}control C(inout h_t h, in bool f) {
  apply {
    h.a = f;
    h.b = h.a;
    if (h.a) { h.a = 1; }
  }
}`);
    assert.deepEqual(
      run.found.filter((d) => d.severity === 'error').map((d) => d.line),
      [5, 6, 7],
    );
  });

  it('a duplicate declaration points back at the first one', () => {
    const run = runCheck(`${prelude}const bit<8> K = 1;
const bit<8> K = 2;
`);
    const dup = run.sink.diagnostics.find((d) => d.name === 'duplicate');
    assert.ok(dup !== undefined);
    assert.match(dup.related[0]?.message ?? '', /'K' declared here/);
  });

  it('messages name the types the way P4 writes them', () => {
    const run = runCheck(`${prelude}control C(inout h_t h) { apply { h.a = h.b; } }`);
    assert.equal(run.found[0]?.message, 'cannot assign bit<16> to bit<8>');
  });

  it('a program without main gets a warning, not an error', () => {
    const run = runCheck(prelude);
    assert.deepEqual(
      run.found.map((d) => [d.name, d.severity]),
      [['no-main', 'warning']],
    );
  });

  it('a complete v1model program checks clean and finds main', () => {
    const run = expectClean(`#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; }
struct headers_t { h_t h; }
struct meta_t { bit<8> m; }
parser P(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control V(inout headers_t hdr, inout meta_t meta) { apply {} }
control I(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
  apply { sm.egress_spec = 1; }
}
control E(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply {} }
control K(inout headers_t hdr, inout meta_t meta) { apply {} }
control D(packet_out pkt, in headers_t hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), V(), I(), E(), K(), D()) main;
`);
    assert.equal(run.checked?.main?.name.name, 'main');
  });
});
