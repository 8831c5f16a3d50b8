import { describe, it } from 'node:test';
import { expectClean } from './helpers.js';

describe('smoke', () => {
  it('core.p4 checks clean', () => {
    expectClean('#include <core.p4>\n');
  });
  it('v1model.p4 checks clean', () => {
    expectClean('#include <v1model.p4>\n');
  });
  it('tna.p4 checks clean', () => {
    expectClean('#include <tna.p4>\n');
  });
});
