// Diagnostics of the mid end (codes 6000-6999): constructs a lowering pass cannot lower.
// Gathered into the compiler's one message table by compiler/diagnostics/messages.ts.

import { msg } from '../diagnostics/diagnostic.js';

export const MidendMessages = {
  cannotInline: msg(6000, 'unsupported', (what: string) => `not supported yet by the mid end: ${what}`),
  controlPlaneName: msg(
    6001,
    'duplicate',
    (name: string, what: string) => `'${name}' is already the control-plane name of another ${what}`,
  ),
};
