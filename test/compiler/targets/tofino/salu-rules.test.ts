import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectMarked, tna } from './helpers.js';

/** A program whose only register action has `body` as its apply body (value: bit<32>, or a pair). */
function withBody(body: string, cell = 'bit<32>'): string {
  return tna(
    `    Register<${cell}, bit<10>>(1024) reg;
    RegisterAction<${cell}, bit<10>, bit<32>>(reg) ra = {
        void apply(inout ${cell} value, out bit<32> rv) {
${body}
        }
    };`,
    `        md.a = ra.execute(hdr.d.h1[9:0]);`,
  );
}

describe('stateful ALU: conditions', () => {
  it('two conditions combined by && fit the two condition units', () => {
    expectMarked(
      withBody(`            if (value > hdr.d.f1 && value - hdr.d.f2 != 3) { value = value + 1; } else { value = 0; }
            rv = value;`),
    );
  });

  it('a third distinct condition is an error', () => {
    expectMarked(
      withBody(`            if (value > hdr.d.f1) { value = value + 1; }
            if (value == 5) { rv = value; }
            if (value < 2) { value = 0; } // expect: salu`),
    );
  });

  it('a condition on a masked value gets a warning (uncertain on Tofino 1); on a product, an error', () => {
    const run = expectMarked(withBody(`            if ((value & hdr.d.f1) == 0) { value = 1; } // expect: salu`));
    assert.equal(run.found[0]?.severity, 'warning');
    const bad = expectMarked(withBody(`            if (value * 3 == 0) { value = 1; } // expect: salu`));
    assert.equal(bad.found[0]?.severity, 'error');
  });
});

describe('stateful ALU: what the input crossbar and the output predicate add', () => {
  it('a concatenation of packet fields is one operand, assembled before the ALU', () => {
    expectMarked(
      withBody(`            value = hdr.d.f1[15:0] ++ hdr.d.f2[15:0];
            rv = value;`),
    );
  });

  it('a concatenation that reads the register cell is still an error', () => {
    expectMarked(withBody(`            value = value[15:0] ++ hdr.d.f1[15:0]; // expect: salu/4023`));
  });

  it('two comparisons combined as the output (cast to bits) are the output predicate', () => {
    expectMarked(withBody(`            rv = (bit<32>)(bit<1>)(hdr.d.f1 > value && hdr.d.f2 < value);`));
  });
});

describe('stateful ALU: updates and operators', () => {
  it('two update values per half (one per condition outcome) fit', () => {
    expectMarked(withBody(`            if (value == 0) { value = hdr.d.f1; } else { value = value - 1; }`));
  });

  it('a third update value of one half is an error', () => {
    expectMarked(
      withBody(`            if (value == 0) { value = hdr.d.f1; } else { value = value - 1; }
            if (hdr.d.f2 == 9) { value = value |+| 7; } // expect: salu`),
    );
  });

  it('a paired register updates each half with its own units', () => {
    expectMarked(
      withBody(
        `            if (value.lo > 10) { value.lo = 0; value.hi = value.hi + 1; } else { value.lo = value.lo + 1; value.hi = 0; }
            rv = value.hi;`,
        'pair_t',
      ),
    );
  });

  it('multiplication is an error', () => {
    expectMarked(withBody(`            value = value * hdr.d.f1; // expect: salu`));
  });

  it('a shift by a constant is fine; by a packet field it is an error', () => {
    expectMarked(withBody(`            value = value << 2;`));
    expectMarked(withBody(`            value = value << hdr.d.b1; // expect: salu`));
  });

  it('min and max work on 16 bits but not 32', () => {
    expectMarked(
      tna(
        `    Register<bit<16>, bit<10>>(1024) reg;
    RegisterAction<bit<16>, bit<10>, bit<16>>(reg) ra = {
        void apply(inout bit<16> value, out bit<16> rv) { value = max(value, hdr.d.h2); rv = value; }
    };`,
        `        md.x = ra.execute(0);`,
      ),
    );
    expectMarked(withBody(`            value = max(value, hdr.d.f1); // expect: salu`));
  });

  it('two packet operands fit; a third is an error', () => {
    expectMarked(withBody(`            if (value > hdr.d.f1) { value = hdr.d.f2; }`));
    expectMarked(
      withBody(
        `            if (value > hdr.d.f1) { value = hdr.d.f2; } else { value = value + md.b; } // expect: salu`,
      ),
    );
  });

  it('four large constants fit the register file; a fifth is an error', () => {
    expectMarked(
      withBody(`            if (value == 1000) { value = 2000; } else { value = value + 3000; }
            rv = value + 4000;`),
    );
    expectMarked(
      withBody(`            if (value == 1000 || value == 5000) { value = 2000; } else { value = value + 3000; }
            rv = value + 4000; // expect: salu`),
    );
  });

  it('writing a packet field inside the ALU is an error', () => {
    expectMarked(withBody(`            hdr.d.f1 = value; // expect: salu`));
  });

  it('one output value is fine; two different ones get a warning', () => {
    expectMarked(withBody(`            if (value == 0) { rv = 1; }`));
    const run = expectMarked(
      withBody(`            if (value == 0) { rv = hdr.d.f1; } else { rv = value; } // expect: salu`),
    );
    assert.equal(run.found[0]?.severity, 'warning');
  });
});
