// The mid end (p4c's model): an ordered list of small named passes between the lowered IR
// and the target (Tofino planning, code generation). Each pass is a function from IR to IR
// that reports what it cannot lower; the list is architecture-neutral (TNA and v1model alike).
// `p4ts compile --dump-ir-after PASS` prints the IR as a pass left it (docs/midend.md).

import type { DiagnosticSink } from '../diagnostics/diagnostic.js';
import type * as Ir from '../ir/nodes.js';
import { printIr } from '../ir/print.js';
import { evaluateTargetsFirst } from './evaluate-targets-first.js';
import { inlineControls } from './inline-controls.js';
import { inlineFunctions } from './inline-functions.js';
import { inlineParsers } from './inline-parsers.js';
import { moveInitializers } from './move-initializers.js';
import { plainTableStorage } from './plain-table-storage.js';
import { pruneConstantBranches } from './prune-constant-branches.js';
import { simplifyComparisons } from './simplify-comparisons.js';
import { specializeBlocks } from './specialize-blocks.js';
import { specializeGenericControls } from './specialize-generic-controls.js';
import { splitTuples } from './split-tuples.js';
import { uniqueControlPlaneNames } from './unique-control-plane-names.js';

export interface MidendPass {
  readonly name: string;
  /** One line for `--dump-ir-after` usage and docs. */
  readonly description: string;
  readonly run: (program: Ir.Program, sink: DiagnosticSink) => Ir.Program;
}

/** The passes in the order they run. `lowered` stands for the IR before any of them. */
export const MIDEND_PASSES: readonly MidendPass[] = [
  {
    name: 'moveInitializers',
    description: 'run-time initializers of parser and control locals become assignments where the block starts',
    run: moveInitializers,
  },
  {
    name: 'evaluateTargetsFirst',
    description: "an assignment's run-time target indices are computed into locals before its value",
    run: evaluateTargetsFirst,
  },
  {
    name: 'splitTuples',
    description: 'variables of tuple types become one variable per element',
    run: splitTuples,
  },
  {
    name: 'simplifyComparisons',
    description:
      'a list where a struct is expected becomes a struct initializer; struct == and != compare field by field',
    run: simplifyComparisons,
  },
  {
    name: 'inlineFunctions',
    description: "calls of the program's own functions become their bodies; unused functions go",
    run: inlineFunctions,
  },
  {
    name: 'inlineParsers',
    description: 'sub-parser instances become states of their caller',
    run: inlineParsers,
  },
  {
    name: 'specializeGenericControls',
    description: 'a control instantiated with type arguments becomes a copy with its type variables replaced',
    run: specializeGenericControls,
  },
  {
    name: 'inlineControls',
    description: 'sub-control instances become blocks, tables and actions of their caller',
    run: inlineControls,
  },
  {
    name: 'specializeBlocks',
    description: 'blocks given to the main package with constructor arguments become copies without them',
    run: specializeBlocks,
  },
  {
    name: 'pruneConstantBranches',
    description: 'ifs on constants keep the branch taken; tables only dead branches applied go',
    run: pruneConstantBranches,
  },
  {
    name: 'uniqueControlPlaneNames',
    description: 'no two tables, actions or extern instances the pipeline runs share a control-plane name',
    run: uniqueControlPlaneNames,
  },
  {
    name: 'plainTableStorage',
    description: "TNA's Alpm and Atcam table storage become plain LPM / ternary tables (same lookups)",
    run: plainTableStorage,
  },
];

/** Names `--dump-ir-after` accepts: `lowered` (before the mid end) and every pass. */
export const DUMP_POINTS: readonly string[] = ['lowered', ...MIDEND_PASSES.map((p) => p.name)];

export interface MidendOptions {
  /** Print the IR after this pass (or `lowered`) through `dump`. */
  readonly dumpAfter?: string;
  readonly dump?: (text: string) => void;
}

/** Runs every pass in order; stops after a pass that reported errors. */
export function runMidend(program: Ir.Program, sink: DiagnosticSink, options: MidendOptions = {}): Ir.Program {
  const dump = (point: string, ir: Ir.Program) => {
    if (options.dumpAfter === point) options.dump?.(`// IR after ${point}\n${printIr(ir)}`);
  };
  dump('lowered', program);
  let ir = program;
  for (const pass of MIDEND_PASSES) {
    const before = sink.errorCount;
    ir = pass.run(ir, sink);
    dump(pass.name, ir);
    if (sink.errorCount > before) break;
  }
  return ir;
}
