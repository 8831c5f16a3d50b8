// THE message table: every diagnostic text of the compiler is reached through `Msg`. Each
// phase keeps its entries in its own `messages.ts` (so phases can grow independently) and this
// file gathers them; codes must stay unique (a test checks it).

import { CheckMessages } from '../check/messages.js';
import { CodegenMessages } from '../codegen/messages.js';
import { MidendMessages } from '../midend/messages.js';
import { ParseMessages } from '../parser/messages.js';
import { PreprocessMessages } from '../preprocess/messages.js';
import { TofinoMessages } from '../targets/tofino/messages.js';
import { ParseDepthMessages } from '../targets/tofino/parse-depth.js';
import { msg } from './diagnostic.js';

/** Messages of the command line and I/O (0xxx). */
export const CliMessages = {
  cannotReadFile: msg(1, 'io', (path: string, reason: string) => `cannot read '${path}': ${reason}`),
};

export const Msg = {
  ...CliMessages,
  ...PreprocessMessages,
  ...ParseMessages,
  ...CheckMessages,
  ...MidendMessages,
  ...CodegenMessages,
  ...TofinoMessages,
  ...ParseDepthMessages,
};

export type MessageName = keyof typeof Msg;
