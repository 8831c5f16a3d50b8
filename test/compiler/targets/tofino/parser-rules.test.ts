// bf-p4c's parser-write rules (docs/tofino-resources.md "Parser writes"): two checksum
// residuals into one field (4070), a verify result into a field written again on its path
// (4071), a field set in one state and ORed into in a later one on Tofino 1 (4072).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, runTofino, tnaParser } from './helpers.js';

const HEAD = 'pkt.extract(ig_intr_md); pkt.advance(PORT_METADATA_SIZE); pkt.extract(hdr.eth);';

/** start extracts eth and branches on its type to `a` (0x800) or `b` (else); both go on to `d`. */
function branching(start: string, a: string, b: string, d: string, locals = ''): string {
  return `${locals}
    state start { ${HEAD} ${start}
        transition select(hdr.eth.ether_type) { 0x800: sa; default: sb; } }
    state sa { ${a}
        transition sd; }
    state sb { ${b}
        transition sd; }
    state sd { pkt.extract(hdr.d); ${d}
        transition accept; }`;
}

const CK = '    Checksum() ck1;\n    Checksum() ck2;';

describe('parser writes', () => {
  it('verify results into one field on exclusive states are one write per packet', () => {
    expectMarked(tnaParser(branching('ck1.add(hdr.eth);', 'md.ok = ck1.verify();', 'md.ok = ck2.verify();', '', CK)));
  });

  it('a verify result into a field both states on one path write is refused (verify_4 shape)', () => {
    expectMarked(
      tnaParser(
        branching(
          'ck1.add(hdr.eth); md.ok = ck1.verify(); // expect: parser-write/4071',
          '',
          '',
          'ck2.add(hdr.d); md.ok = ck2.verify(); // expect: parser-write/4071',
          CK,
        ),
      ),
    );
  });

  it('a verify result into a field assigned earlier on the path is refused (verify_3 shape: written, then verified)', () => {
    expectMarked(
      tnaParser(
        branching('ck1.add(hdr.eth);', 'md.ok = true;', '', 'md.ok = ck1.verify(); // expect: parser-write/4071', CK),
      ),
    );
  });

  it('a zero written before the verify is the parser’s own initial value, not a second write', () => {
    expectMarked(tnaParser(branching('md.ok = false; ck1.add(hdr.eth);', '', '', 'md.ok = ck1.verify();', CK)));
  });

  it('two residuals deposited into one field are refused; into two fields they are not', () => {
    expectMarked(
      tnaParser(
        branching(
          'ck1.subtract(hdr.eth); ck2.subtract(hdr.eth);',
          '',
          '',
          'ck1.subtract_all_and_deposit(md.x); ck2.subtract_all_and_deposit(md.z);',
          CK,
        ),
      ),
    );
    expectMarked(
      tnaParser(
        branching(
          'ck1.subtract(hdr.eth); ck2.subtract(hdr.eth);',
          '',
          '',
          'ck1.subtract_all_and_deposit(md.x); ck2.subtract_all_and_deposit(md.x); // expect: parser-write/4070',
          CK,
        ),
      ),
    );
  });

  it('residuals deposited into one field from sibling states are one per packet', () => {
    expectMarked(
      tnaParser(
        branching(
          'ck1.subtract(hdr.eth); ck2.subtract(hdr.eth);',
          'ck1.subtract_all_and_deposit(md.x);',
          'ck2.subtract_all_and_deposit(md.x);',
          '',
          CK,
        ),
      ),
    );
  });

  it('Tofino 1: a field set in two states on a path and then ORed into is refused (bf-p4c multi_write_7)', () => {
    expectMarked(tnaParser(branching('md.y = 1;', 'md.y = 2;', '', 'md.y = md.y | 4; // expect: parser-write/4072')));
    // Set once, then ORed into: fine (bf-p4c multi_write_3), also after a zero (multi_write_4).
    expectMarked(tnaParser(branching('md.y = 1;', '', '', 'md.y = md.y | 2;')));
    expectMarked(tnaParser(branching('md.y = 0;', 'md.y = 2;', '', 'md.y = md.y | 4;')));
    // A second constant keeping the first one's bits is itself an OR (bf-p4c multi_write_6).
    expectMarked(tnaParser(branching('md.y = 2;', 'md.y = 2;', '', 'md.y = md.y | 4;')));
    expectMarked(tnaParser(branching('md.y = 2;', 'md.y = 3;', '', 'md.y = md.y | 4;')));
    // Set on the two arms: never twice on one path.
    expectMarked(tnaParser(branching('', 'md.y = 1;', 'md.y = 2;', 'md.y = md.y | 4;')));
  });

  it('an explicit OR of a verify result with the field is no second write (bf-p4c verify_5)', () => {
    expectMarked(
      tnaParser(
        branching(
          'ck1.add(hdr.eth); md.ok = ck1.verify();',
          '',
          '',
          'ck2.add(hdr.d); md.ok = ck2.verify() || md.ok;',
          CK,
        ),
      ),
    );
  });

  it('a verify result into a field of a header extracted in the same state is not refused (bf-p4c verify_2: a warning)', () => {
    expectMarked(tnaParser(branching('', '', '', 'ck1.add(hdr.d); md.ok = true; md.ok = ck1.verify();', CK)));
  });

  it('Tofino 2 is not held to the Tofino 1 write-semantic rule', () => {
    const run = runTofino(tnaParser(branching('md.y = 1;', 'md.y = 2;', '', 'md.y = md.y | 4;')), 'tofino2');
    assert.deepEqual(
      run.found.filter((d) => d.code === 4072),
      [],
    );
  });
});
