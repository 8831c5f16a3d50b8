// Diagnostics of the code generator (codes 5000-5999): what it cannot translate yet, and
// architecture shapes it does not recognise. Gathered into the compiler's one message table
// by compiler/diagnostics/messages.ts.

import { msg } from '../diagnostics/diagnostic.js';

export const CodegenMessages = {
  unsupported: msg(5000, 'unsupported', (what: string) => `not supported yet by the code generator: ${what}`),
  noPipeline: msg(
    5001,
    'unsupported',
    (what: string) =>
      `the code generator needs a TNA Switch(Pipeline(...)), a v1model V1Switch(...) or a PSA_Switch(...) main package: ${what}`,
  ),
  badExternArgs: msg(5002, 'type-error', (what: string) => `invalid extern configuration: ${what}`),
  targetMismatch: msg(
    5003,
    'unsupported',
    (target: string) =>
      `not supported yet by the code generator: the ${target} architecture (tna, v1model and psa are generated)`,
  ),
};
