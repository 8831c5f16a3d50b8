// Loads chevrotain once, from the single-file bundle that its npm package ships beside the
// multi-module build. The package entry pulls in several hundred small modules (lodash-es) and
// costs about 0.85 s of a cold `p4ts` start here; the bundle, same version and same code, loads
// in under 0.1 s. The package's `exports` map does not name the bundle, so we locate it from the
// resolved entry point, and fall back to the entry itself if the layout ever changes.

import type * as Chevrotain from 'chevrotain';

async function loadChevrotain(): Promise<typeof Chevrotain> {
  const entry = import.meta.resolve('chevrotain');
  try {
    return (await import(new URL('../chevrotain.mjs', entry).href)) as typeof Chevrotain;
  } catch {
    return (await import(entry)) as typeof Chevrotain;
  }
}

const chevrotain = await loadChevrotain();

export const { createToken, EmbeddedActionsParser, Lexer, tokenMatcher } = chevrotain;
