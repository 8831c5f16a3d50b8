// Header layouts for failure reports and `p4ts diff`: each field's width is the compiler's own
// widthOf, and a field whose width depends on the packet (varbit) is -1, where decoding stops.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bitType, type Field, intType, type Type } from '../../../compiler/check/types.js';
import type * as Ir from '../../../compiler/ir/nodes.js';
import { headerLayoutsOf } from '../../../packet-test/stf/decode.js';

const field = (name: string, type: Type): Field => ({ name, type });
const struct = (kind: 'struct' | 'header', name: string, fields: Field[]): Type => ({ kind, name, fields });

describe('headerLayoutsOf', () => {
  it('gives every header field its width, -1 for a varbit, through structs and stacks', () => {
    const serEnum = { kind: 'serEnum', name: 'E', underlying: bitType(16) } as unknown as Type;
    const newtype = { kind: 'newtype', name: 'N', base: bitType(4) } as unknown as Type;
    const h = struct('header', 'h_t', [
      field('a', bitType(8)),
      field('b', { kind: 'bool' }),
      field('c', serEnum),
      field('d', newtype),
      field('e', intType(3)),
      field('f', struct('struct', 'pair_t', [field('x', bitType(2)), field('y', bitType(6))])),
      field('g', { kind: 'varbit', width: 32 }),
    ]);
    const headers = struct('struct', 'headers_t', [
      field('h', h),
      field('stack', { kind: 'headerStack', element: struct('header', 's_t', [field('v', bitType(12))]), size: 2 }),
    ]);
    const ir = { parsers: [{ params: [{ name: 'hdr', type: headers }] }], controls: [] } as unknown as Ir.Program;
    assert.deepEqual(headerLayoutsOf(ir), {
      'hdr.h': {
        type: 'h_t',
        fields: [
          { name: 'a', width: 8 },
          { name: 'b', width: 1 },
          { name: 'c', width: 16 },
          { name: 'd', width: 4 },
          { name: 'e', width: 3 },
          { name: 'f', width: 8 },
          { name: 'g', width: -1 },
        ],
      },
      'hdr.stack': { type: 's_t', fields: [{ name: 'v', width: 12 }] },
    });
  });
});
